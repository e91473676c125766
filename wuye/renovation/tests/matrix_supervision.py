"""The supervision part of renovation's API permission matrix (see wuye/core/tests/permission_matrix.py),
merged by the lead into wuye/renovation/tests/matrix.py.

The violation and permit routes carry a second URL kwarg (`vid`, `permit_id`) besides the
renovation's `pk`: KWARGS gives, per route, the extra kwargs from the side (the matrix runner
must add them when it reverses the URL: `reverse(name, kwargs={"pk": obj.pk, **KWARGS[name](side)})`).
"""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, UnitFactory, staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.renovation.choices import RenovationStatus, Severity
from wuye.renovation.models import Patrol, PatrolPhoto, Renovation
from wuye.renovation.services import supervision as services


def _project(side) -> dict:
    return {"project": side.project.pk}


ON_SITE = "renovation_on_site"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, format="PNG")
    return buffer.getvalue()


MATRIX = {
    ("renovation-board", GET): A("renovation.view", query=_project),
    ("renovation-patrols", GET): A("renovation.view", obj=ON_SITE),
    ("renovation-patrols", POST): A("renovation.patrol", obj=ON_SITE),
    ("renovation-patrol-photo", GET): A("renovation.view", obj=ON_SITE),
    ("renovation-violations", GET): A("renovation.view", obj=ON_SITE),
    ("renovation-violations", POST): A("renovation.record_violation", obj=ON_SITE),
    ("renovation-violation-phone", POST): A("renovation.record_violation", obj=ON_SITE),
    ("renovation-violation-sign", POST): A("renovation.record_violation", obj=ON_SITE),
    ("renovation-violation-rectified", POST): A("renovation.record_violation", obj=ON_SITE),
    ("renovation-violation-propose-penalty", POST): A("renovation.record_violation", obj=ON_SITE),
    # the project manager, never the proposer (the world's proposer is another user)
    ("renovation-violation-approve-penalty", POST): A("renovation.approve_penalty", obj=ON_SITE),
    ("renovation-violation-notice", GET): A("renovation.view", obj=ON_SITE),
    ("renovation-hot-work-permits", GET): A("renovation.view", obj=ON_SITE),
    ("renovation-hot-work-permits", POST): A("renovation.issue_permit", obj=ON_SITE),
    ("renovation-hot-work-permit-cancel", POST): A("renovation.issue_permit", obj=ON_SITE),
}

OBJECTS: dict[str, str] = {}

#: the second URL kwarg of the nested routes, from the side
KWARGS = {
    "renovation-patrol-photo": lambda side: {
        "patrol_id": side.renovation_photo.patrol_id,
        "photo_id": side.renovation_photo.pk,
    },
    "renovation-violation-phone": lambda side: {"vid": side.renovation_violation.pk},
    "renovation-violation-rectified": lambda side: {"vid": side.renovation_violation.pk},
    "renovation-violation-propose-penalty": lambda side: {"vid": side.renovation_violation.pk},
    "renovation-violation-notice": lambda side: {"vid": side.renovation_violation.pk},
    "renovation-violation-sign": lambda side: {"vid": side.renovation_violation_phoned.pk},
    "renovation-violation-approve-penalty": lambda side: {"vid": side.renovation_violation_proposed.pk},
    "renovation-hot-work-permit-cancel": lambda side: {"permit_id": side.renovation_permit.pk},
}


def _window() -> dict:
    start = timezone.localtime() + dt.timedelta(days=1)
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=4)).isoformat(),
    }


BODIES = {
    ("renovation-patrols", POST): lambda side, world: {"findings": "施工有序"},
    ("renovation-violations", POST): lambda side, world: {
        "severity": "minor",
        "rule": "施工时间",
        "description": "午休时间施工",
        "action_taken": "口头警告",
    },
    ("renovation-violation-phone", POST): lambda side, world: {"party": "owner", "note": "业主同意整改"},
    ("renovation-violation-sign", POST): lambda side, world: {"party": "owner"},
    ("renovation-violation-rectified", POST): lambda side, world: {"note": "已恢复原状"},
    ("renovation-violation-propose-penalty", POST): lambda side, world: {
        "amount": "200.00",
        "rule": "装修管理协议第8条",
    },
    ("renovation-violation-approve-penalty", POST): lambda side, world: {"approve": True, "comment": "同意"},
    ("renovation-hot-work-permits", POST): lambda side, world: {
        "work": "焊接阳台栏杆",
        "precautions": "灭火器两具，专人看火",
        **_window(),
    },
    ("renovation-hot-work-permit-cancel", POST): lambda side, world: {},
}

UNPROVABLE: dict = {}


def build_side(side, world) -> None:
    """A renovation on site (its own unit, renovating since ten days ago) with a serious violation
    (nothing done yet), one whose owner was phoned, one with a penalty proposed, and a permit."""
    unit = UnitFactory(building=side.building, status="renovating", handover_date=dt.date(2024, 1, 1))
    owner = OwnershipFactory(unit=unit).owner
    assistant = staff(Role.CS_ASSISTANT, side.project)
    guard = staff(Role.SECURITY, side.project)
    engineer = staff(Role.ENGINEER, side.project)
    side.renovation_on_site = Renovation.objects.create(
        project=side.project,
        unit=unit,
        number=f"ZX-M-{side.label}",
        status=RenovationStatus.IN_PROGRESS,
        owner=owner,
        company_name="安居装饰",
        started_at=timezone.now() - dt.timedelta(days=10),
        status_before="vacant",
        created_by=assistant,
    )

    def serious():
        return services.violation_record(
            renovation=side.renovation_on_site,
            acting_user=guard,
            severity=Severity.SERIOUS,
            rule="禁止拆改承重墙",
            description="拆除承重墙",
            rectify_by=timezone.localdate() + dt.timedelta(days=3),
        )

    # a patrol of some days ago with a photo (a 1×1 PNG)
    patrol = Patrol.objects.create(
        renovation=side.renovation_on_site,
        department="security",
        day=timezone.localdate() - dt.timedelta(days=2),
        at=timezone.now() - dt.timedelta(days=2),
        by=guard,
    )
    side.renovation_photo = PatrolPhoto.objects.create(
        patrol=patrol, file=ContentFile(_png(), name="patrol.png")
    )
    side.renovation_violation = serious()
    side.renovation_violation_phoned = serious()
    services.violation_phone(violation=side.renovation_violation_phoned, party="owner", acting_user=assistant)
    side.renovation_violation_proposed = serious()
    services.penalty_propose(
        violation=side.renovation_violation_proposed,
        amount=Decimal("300"),
        rule="装修管理协议第8条",
        acting_user=assistant,
    )
    side.renovation_permit = services.hot_work_permit_issue(
        renovation=side.renovation_on_site,
        acting_user=engineer,
        work="切割管道",
        precautions="灭火器",
        **{key: dt.datetime.fromisoformat(value) for key, value in _window().items()},
    )
