"""The completion part of renovation's API permission matrix (format of wuye/keys/tests/matrix.py),
merged by the lead into wuye/renovation/tests/matrix.py.

`workers/{worker_id}/return` carries a second URL kwarg: KWARGS gives it from the side (as in
matrix_supervision.py: `reverse(name, kwargs={"pk": obj.pk, **KWARGS[name](side)})`)."""

import datetime as dt

from django.utils import timezone

from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.renovation.models import Renovation
from wuye.renovation.tests.factories_completion import CompletionSite, worker_id

FEES_READY = "renovation_fees_ready"  # approved, prepared, one worker registered, nothing charged
CHARGED = "renovation_charged"  # fees charged and the deposit held: ready for the permit
PERMITTED = "renovation_permitted"  # the construction permit issued: ready for the entry inspection
STARTED = "renovation_started"  # in progress
REQUESTED = "renovation_requested"  # completion requested
REFUNDABLE = "renovation_refundable"  # accepted, refundable since yesterday
REFUND_SIGNED = "renovation_refund_signed"  # refund prepared by the assistant, every party signed

MATRIX = {
    ("renovation-fees", GET): A("renovation.view", obj=FEES_READY),
    ("renovation-fees", POST): A(("renovation.take_fees", "billing.take_payment"), obj=FEES_READY),
    ("renovation-workers", GET): A("renovation.view", obj=FEES_READY),
    ("renovation-workers", POST): A("renovation.manage", obj=FEES_READY),
    ("renovation-worker-return", POST): A("renovation.manage", obj=FEES_READY),
    ("renovation-permit", GET): A("renovation.view", obj=PERMITTED),
    ("renovation-permit", POST): A("renovation.manage", obj=CHARGED),
    ("renovation-start", POST): A("renovation.inspect", obj=PERMITTED),
    ("renovation-entry-confirmation", GET): A("renovation.view", obj=STARTED),
    ("renovation-complete", POST): A("renovation.manage", obj=STARTED),
    ("renovation-accept", POST): A("renovation.inspect", obj=REQUESTED),
    ("renovation-refund", POST): A("renovation.prepare_refund", obj=REFUNDABLE),
    # the project manager, never the preparer (the world's preparer is the side's CS assistant)
    ("renovation-refund-decide", POST): A("renovation.approve_refund", obj=REFUND_SIGNED),
    ("renovation-refund-memo", GET): A("renovation.view", obj=REFUND_SIGNED),
}

OBJECTS: dict[str, str] = {}

KWARGS = {
    "renovation-worker-return": lambda side: {"worker_id": side.renovation_worker.pk},
}

BODIES = {
    ("renovation-fees", POST): lambda side, world: {"method": "cash"},
    ("renovation-workers", POST): lambda side, world: {"name": "赵瓦工", "id_number": worker_id(900)},
    ("renovation-worker-return", POST): lambda side, world: {},
    ("renovation-permit", POST): lambda side, world: {},
    ("renovation-start", POST): lambda side, world: {
        "water_reading": "1.00",
        "electricity_reading": "2.00",
        "water_test_passed": True,
        "inspected_with": "王建国",
    },
    ("renovation-complete", POST): lambda side, world: {
        "agreed_at": (timezone.now() + dt.timedelta(days=1)).isoformat()
    },
    ("renovation-accept", POST): lambda side, world: {
        "engineering_inspector": side.renovation_site.engineer.pk,
        "security_inspector": side.renovation_site.guard.pk,
        "passed": True,
    },
    ("renovation-refund", POST): lambda side, world: {},
    ("renovation-refund-decide", POST): lambda side, world: {"approve": True},
}

UNPROVABLE: dict = {}


def build_side(side, world) -> None:
    """The side's project gets the renovation fee standard and a renovation at each stage of the
    completion part, reached through the services (the refundable one's day moved to yesterday)."""
    site = CompletionSite(project=side.project, building=side.building)
    side.renovation_site = site
    ready = site.approved(prepared=True)
    side.renovation_worker = site.worker(ready)
    setattr(side, FEES_READY, ready)
    setattr(side, CHARGED, site.charged())
    setattr(side, PERMITTED, site.permitted())
    setattr(side, STARTED, site.started())
    setattr(side, REQUESTED, site.requested())
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    refundable = site.accepted()
    Renovation.objects.filter(pk=refundable.pk).update(refundable_on=yesterday)
    refundable.refresh_from_db()
    setattr(side, REFUNDABLE, refundable)
    signed = site.accepted()
    Renovation.objects.filter(pk=signed.pk).update(refundable_on=yesterday)
    signed.refresh_from_db()
    signed = site.refund_requested(signed)
    site.sign_refund(signed)
    setattr(side, REFUND_SIGNED, signed)
