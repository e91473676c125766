"""The visitors_mail part of the front desk's API permission matrix (merged by the lead into the
front desk's tests/matrix.py; format of wuye/core/tests/permission_matrix.py)."""

import datetime as dt

from django.utils import timezone

from wuye.core.fakes import make_resident_id
from wuye.core.tests.permission_matrix import GET, PATCH, POST, A
from wuye.frontdesk.services import visitors_mail as services


def _project(side) -> dict:
    return {"project": side.project.pk}


VIEW = "frontdesk.view"
VISITORS = "frontdesk.visitors"
DESK = "frontdesk.desk"

MATRIX = {
    ("visitor-list", GET): A(VIEW),
    ("visitor-list", POST): A(VISITORS),
    ("visitor-detail", GET): A(VIEW),
    ("visitor-leave", POST): A(VISITORS),
    ("mail-list", GET): A(VIEW),
    ("mail-list", POST): A(DESK),
    ("mail-detail", GET): A(VIEW),
    ("mail-notify", POST): A(DESK),
    ("mail-collect", POST): A(DESK),
    ("mail-return", POST): A(DESK),
    ("mail-uncollected", GET): A(VIEW, query=_project),
    ("ordinary-mail-list", GET): A(VIEW),
    ("ordinary-mail-list", POST): A(DESK),
    ("ordinary-mail-detail", GET): A(VIEW),
    ("subscription-list", GET): A(VIEW),
    ("subscription-list", POST): A(DESK),
    ("subscription-detail", GET): A(VIEW),
    ("subscription-detail", PATCH): A(DESK),
    ("subscription-round", GET): A(VIEW, query=_project),
}

OBJECTS = {
    "visitor": "fd_visitor",
    "mail": "fd_mail",
    "ordinary-mail": "fd_ordinary_mail",
    "subscription": "fd_subscription",
}

BODIES = {
    ("visitor-list", POST): lambda side, world: {
        "project": side.project.pk,
        "name": "来访者",
        "id_type": "resident_id",
        "id_number": make_resident_id(dt.date(1990, 1, 1), 7),
        "host_unit": side.unit.pk,
        "host_name": side.owner.name,
        "host_confirmation": "phone",
    },
    ("visitor-leave", POST): lambda side, world: {},
    ("mail-list", POST): lambda side, world: {
        "project": side.project.pk,
        "kind": "parcel",
        "unit": side.unit.pk,
        "recipient": side.owner.name,
    },
    ("mail-notify", POST): lambda side, world: {"how": "电话"},
    ("mail-collect", POST): lambda side, world: {"signed": True},
    ("mail-return", POST): lambda side, world: {"reason": "查无此人"},
    ("ordinary-mail-list", POST): lambda side, world: {
        "project": side.project.pk,
        "day": timezone.localdate().isoformat(),
        "count": 20,
        "units": [side.unit.pk],
    },
    ("subscription-list", POST): lambda side, world: {
        "project": side.project.pk,
        "unit": side.unit.pk,
        "kind": "newspaper",
        "title": "人民日报",
        "starts_on": timezone.localdate().isoformat(),
    },
    ("subscription-detail", PATCH): lambda side, world: {"copies": 2},
}


def build_side(side, world) -> None:
    """A visitor still inside, a parcel waiting at the desk, a day's ordinary mail, a subscription."""
    desk = side.user  # the project's customer-service assistant
    side.fd_visitor = services.visitor_register(
        project=side.project,
        name="访客",
        id_type="passport",
        id_number="E1234567",
        host_unit=side.unit,
        host_name=side.owner.name,
        host_confirmation="intercom",
        acting_user=desk,
    )
    side.fd_mail = services.mail_receive(
        project=side.project, kind="parcel", unit=side.unit, recipient=side.owner.name, acting_user=desk
    )
    side.fd_ordinary_mail = services.ordinary_mail_log(
        project=side.project, day=timezone.localdate(), count=10, acting_user=desk
    )
    side.fd_subscription = services.subscription_register(
        project=side.project,
        unit=side.unit,
        kind="newspaper",
        title="北京晚报",
        starts_on=timezone.localdate(),
        acting_user=desk,
    )
