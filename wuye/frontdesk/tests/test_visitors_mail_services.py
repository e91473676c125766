"""The visitor and mail registers' rules (spec 05; seed 000 §14, seed 003): every rule and refusal at
the service level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.tests.factories import UnitFactory
from wuye.frontdesk.choices import MailStatus
from wuye.frontdesk.models import MailItem
from wuye.frontdesk.selectors_visitors_mail import (
    days_waiting,
    management_mail,
    newspaper_round,
    uncollected_mail,
    unit_resident_users,
    visitors_inside,
)
from wuye.frontdesk.services import visitors_mail as services
from wuye.frontdesk.tests.factories_visitors_mail import VALID_ID, FrontDesk
from wuye.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def fd():
    return FrontDesk()


def fields_of(exc_info) -> dict:
    exc = exc_info.value
    return exc.message_dict if isinstance(exc, ValidationError) else exc.fields


# --- visitors ----------------------------------------------------------------------------------------


def test_visitor_registered_after_the_host_confirmed(fd):
    visitor = fd.visitor(mobile="138 1234 5678", plate="京A 12345", people=2, purpose="探亲")
    assert visitor.in_at >= visitor.host_confirmed_at
    assert visitor.registered_by == fd.desk
    assert visitor.mobile == "13812345678"
    assert visitor.plate == "京A12345"
    assert list(visitors_inside()) == [visitor]


def test_gate_may_register_visitors(fd):
    assert fd.visitor(acting_user=fd.guard).registered_by == fd.guard


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"host_confirmation": ""}, "host_confirmation"),
        ({"name": "  "}, "name"),
        ({"host_name": ""}, "host_name"),
        ({"id_number": ""}, "id_number"),
        ({"id_type": "nonsense"}, "id_type"),
        ({"id_number": "110105198506011230"}, "id_number"),  # bad check digit
        ({"mobile": "12345"}, "mobile"),
        ({"people": 0}, "people"),
        ({"name": "张\u202e三"}, "name"),
    ],
)
def test_visitor_refusals_name_the_field(fd, changes, field):
    with pytest.raises(ValidationError) as exc:
        fd.visitor(**changes)
    assert field in exc.value.message_dict


def test_visitor_refusal_names_everything_missing(fd):
    with pytest.raises(ValidationError) as exc:
        fd.visitor(name="", host_name="", host_confirmation="", id_number="")
    assert {"name", "host_name", "host_confirmation", "id_number"} <= set(exc.value.message_dict)
    assert exc.value.message_dict["host_confirmation"] == [
        _("Confirm with the person visited before letting the visitor in.")
    ]


def test_other_documents_are_not_checked_as_resident_ids(fd):
    visitor = fd.visitor(id_type="passport", id_number="e12345678")
    assert visitor.id_number == "E12345678"


def test_resident_id_is_kept_compact(fd):
    spaced = f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}".lower()
    assert fd.visitor(id_number=spaced).id_number == VALID_ID.upper()


def test_host_unit_of_another_project_is_refused(fd):
    other = UnitFactory()
    with pytest.raises(ValidationError) as exc:
        fd.visitor(host_unit=other)
    assert "host_unit" in exc.value.message_dict


def test_visitor_cannot_go_in_before_the_host_confirmed(fd):
    now = timezone.now()
    with pytest.raises(BusinessRuleError) as exc:
        fd.visitor(host_confirmed_at=now - dt.timedelta(minutes=5), in_at=now - dt.timedelta(minutes=10))
    assert exc.value.code == "event_before_previous_step"
    assert exc.value.fields["in_at"] == [_("The visitor cannot go in before the person visited confirmed.")]


def test_future_times_are_refused(fd):
    with pytest.raises(BusinessRuleError) as exc:
        fd.visitor(host_confirmed_at=timezone.now() + dt.timedelta(hours=1))
    assert "host_confirmed_at" in exc.value.fields


@pytest.mark.parametrize("role", ["manager", "engineer", "owner_user"])
def test_visitor_register_needs_the_permission(fd, role):
    with pytest.raises(PermissionDeniedError):
        fd.visitor(acting_user=getattr(fd, role))


def test_visitor_leaves_once(fd):
    visitor = fd.visitor(in_at=timezone.now() - dt.timedelta(hours=1))
    services.visitor_leave(visitor=visitor, acting_user=fd.guard)
    visitor.refresh_from_db()
    assert visitor.out_at is not None and visitor.out_recorded_by == fd.guard
    assert list(visitors_inside()) == []
    with pytest.raises(BusinessRuleError) as exc:
        services.visitor_leave(visitor=visitor, acting_user=fd.desk)
    assert exc.value.code == "visitor_already_left"


def test_time_out_not_before_time_in(fd):
    visitor = fd.visitor()
    with pytest.raises(BusinessRuleError) as exc:
        services.visitor_leave(visitor=visitor, acting_user=fd.desk, at=visitor.in_at - dt.timedelta(hours=1))
    assert exc.value.code == "event_before_previous_step"


def test_visitor_leave_needs_the_permission(fd):
    visitor = fd.visitor()
    with pytest.raises(PermissionDeniedError):
        services.visitor_leave(visitor=visitor, acting_user=fd.manager)


def test_inside_list_is_earliest_first(fd):
    now = timezone.now()
    late = fd.visitor(
        name="晚到", in_at=now - dt.timedelta(minutes=5), host_confirmed_at=now - dt.timedelta(minutes=6)
    )
    early = fd.visitor(
        name="早到", in_at=now - dt.timedelta(hours=3), host_confirmed_at=now - dt.timedelta(hours=3)
    )
    gone = fd.visitor(name="已走")
    services.visitor_leave(visitor=gone, acting_user=fd.desk)
    assert list(visitors_inside()) == [early, late]


# --- ordinary mail -----------------------------------------------------------------------------------


def test_ordinary_mail_logged_in_bulk(fd):
    other = fd.unit_at("2", 3, "301")
    log = services.ordinary_mail_log(
        project=fd.project, day=timezone.localdate(), count=35, units=[fd.unit, other], acting_user=fd.desk
    )
    assert log.count == 35 and log.delivered_by == fd.desk
    assert set(log.units.all()) == {fd.unit, other}
    by_butler = services.ordinary_mail_log(
        project=fd.project, day=timezone.localdate(), count=3, delivered_by=fd.supervisor, acting_user=fd.desk
    )
    assert by_butler.delivered_by == fd.supervisor


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"count": 0}, "count"),
        ({"day": None}, "day"),
        ({"day": dt.date.today() + dt.timedelta(days=3)}, "day"),
        ({"day": dt.date(1900, 1, 1)}, "day"),
    ],
)
def test_ordinary_mail_refusals(fd, changes, field):
    data = {"project": fd.project, "day": timezone.localdate(), "count": 5, "acting_user": fd.desk, **changes}
    with pytest.raises(ValidationError) as exc:
        services.ordinary_mail_log(**data)
    assert field in exc.value.message_dict


def test_ordinary_mail_units_and_deliverer_must_belong_to_the_project(fd):
    with pytest.raises(ValidationError) as exc:
        services.ordinary_mail_log(
            project=fd.project,
            day=timezone.localdate(),
            count=5,
            units=[UnitFactory()],
            delivered_by=fd.owner_user,
            acting_user=fd.desk,
        )
    assert {"units", "delivered_by"} <= set(exc.value.message_dict)


def test_ordinary_mail_needs_the_desk(fd):
    with pytest.raises(PermissionDeniedError):
        services.ordinary_mail_log(
            project=fd.project, day=timezone.localdate(), count=5, acting_user=fd.guard
        )


# --- important mail ----------------------------------------------------------------------------------


def test_mail_logged_one_by_one(fd):
    item = fd.mail(pieces=2)
    assert item.status == MailStatus.WAITING and item.received_by == fd.desk and item.pieces == 2
    assert item.history.count() == 1


def test_mail_for_the_management_office(fd):
    item = fd.mail(unit=None, for_management=True, recipient="", kind="registered")
    assert item.recipient == _("Management office")
    assert list(management_mail()) == [item]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"unit": None}, "unit"),
        ({"for_management": True}, "unit"),
        ({"kind": "pigeon"}, "kind"),
        ({"recipient": ""}, "recipient"),
        ({"pieces": 0}, "pieces"),
    ],
)
def test_mail_receive_refusals(fd, changes, field):
    with pytest.raises(ValidationError) as exc:
        fd.mail(**changes)
    assert field in exc.value.message_dict


def test_mail_unit_of_another_project_is_refused(fd):
    with pytest.raises(ValidationError) as exc:
        fd.mail(unit=UnitFactory())
    assert "unit" in exc.value.message_dict


def test_mail_receive_needs_the_desk(fd):
    with pytest.raises(PermissionDeniedError):
        fd.mail(acting_user=fd.guard)


def test_notify_records_when_and_how_and_tells_the_resident_once(fd):
    item = fd.mail()
    services.mail_notify(item=item, how="电话", acting_user=fd.desk)
    item.refresh_from_db()
    assert item.notified_at is not None and item.notify_note == "电话"
    services.mail_notify(item=item, how="短信", acting_user=fd.desk)  # told again: one message only
    messages = Notification.objects.filter(recipient=fd.owner_user, kind="mail_waiting")
    assert messages.count() == 1
    assert item.recipient in messages.get().title


def test_notify_tells_the_tenant_with_a_login_too(fd):
    from wuye.core.tests.factories import resident_user

    tenant_user = resident_user(tenant=fd.lease.tenant)
    assert set(unit_resident_users(fd.unit.pk)) == {fd.owner_user, tenant_user}
    services.mail_notify(item=fd.mail(), how="电话", acting_user=fd.desk)
    assert Notification.objects.filter(recipient=tenant_user, kind="mail_waiting").count() == 1


def test_notify_for_the_office_sends_no_resident_message(fd):
    item = fd.mail(unit=None, for_management=True)
    services.mail_notify(item=item, how="当面", acting_user=fd.desk)
    assert not Notification.objects.filter(kind="mail_waiting").exists()


def test_notify_refusals(fd):
    item = fd.mail()
    with pytest.raises(ValidationError) as exc:
        services.mail_notify(item=item, how=" ", acting_user=fd.desk)
    assert "how" in exc.value.message_dict
    with pytest.raises(BusinessRuleError) as exc:
        services.mail_notify(
            item=item, how="电话", acting_user=fd.desk, at=item.received_at - dt.timedelta(hours=1)
        )
    assert "at" in exc.value.fields
    with pytest.raises(PermissionDeniedError):
        services.mail_notify(item=item, how="电话", acting_user=fd.guard)
    services.mail_return(item=item, reason="查无此人", acting_user=fd.desk)
    with pytest.raises(BusinessRuleError) as exc:
        services.mail_notify(item=item, how="电话", acting_user=fd.desk)
    assert exc.value.code == "mail_not_waiting"


def test_collect_by_the_recipient_with_a_signature(fd):
    item = fd.mail()
    services.mail_collect(item=item, collector_name="", signed=True, acting_user=fd.desk)
    item.refresh_from_db()
    assert item.status == MailStatus.COLLECTED
    assert item.collector_name == fd.owner.name and item.signed and item.handed_over_by == fd.desk
    assert item.collector_id_number == ""
    assert item.history.count() == 2


def test_collect_without_signature_is_refused(fd):
    item = fd.mail()
    with pytest.raises(BusinessRuleError) as exc:
        services.mail_collect(item=item, collector_name="", signed=False, acting_user=fd.desk)
    assert exc.value.code == "signature_missing" and "signed" in exc.value.fields
    assert MailItem.objects.get(pk=item.pk).status == MailStatus.WAITING


def test_someone_else_collects_with_a_checked_id(fd):
    item = fd.mail()
    with pytest.raises(ValidationError) as exc:
        services.mail_collect(
            item=item, collector_name="李四", signed=False, collector_is_recipient=False, acting_user=fd.desk
        )
    assert {"collector_id_type", "collector_id_number", "signed"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.mail_collect(
            item=item,
            collector_name="李四",
            signed=True,
            collector_is_recipient=False,
            collector_id_type="resident_id",
            collector_id_number="110105198506011230",
            acting_user=fd.desk,
        )
    assert "collector_id_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.mail_collect(
            item=item,
            collector_name="",
            signed=True,
            collector_is_recipient=False,
            collector_id_type="resident_id",
            collector_id_number=VALID_ID,
            acting_user=fd.desk,
        )
    assert "collector_name" in exc.value.message_dict
    services.mail_collect(
        item=item,
        collector_name="李四",
        signed=True,
        collector_is_recipient=False,
        collector_id_type="resident_id",
        collector_id_number=VALID_ID,
        acting_user=fd.desk,
    )
    item.refresh_from_db()
    assert item.collector_id_number == VALID_ID and not item.collector_is_recipient


def test_collect_once_only(fd):
    item = fd.mail()
    services.mail_collect(item=item, collector_name="", signed=True, acting_user=fd.desk)
    with pytest.raises(BusinessRuleError) as exc:
        services.mail_collect(item=item, collector_name="", signed=True, acting_user=fd.desk)
    assert exc.value.code == "mail_not_waiting"
    with pytest.raises(BusinessRuleError):
        services.mail_return(item=item, reason="x", acting_user=fd.desk)


def test_collect_needs_the_desk(fd):
    with pytest.raises(PermissionDeniedError):
        services.mail_collect(item=fd.mail(), collector_name="", signed=True, acting_user=fd.guard)


def test_return_needs_a_reason(fd):
    item = fd.mail()
    with pytest.raises(ValidationError) as exc:
        services.mail_return(item=item, reason="", acting_user=fd.desk)
    assert "reason" in exc.value.message_dict
    services.mail_return(item=item, reason="查无此人", acting_user=fd.desk)
    item.refresh_from_db()
    assert item.status == MailStatus.RETURNED and "查无此人" in item.note and item.returned_at


def test_uncollected_list_oldest_first_with_days_waiting(fd):
    now = timezone.now()
    old = fd.mail(received_at=now - dt.timedelta(days=3))
    new = fd.mail()
    done = fd.mail(received_at=now - dt.timedelta(days=5))
    services.mail_collect(item=done, collector_name="", signed=True, acting_user=fd.desk)
    assert list(uncollected_mail()) == [old, new]
    assert days_waiting(old) == 3 and days_waiting(new) == 0


# --- subscriptions -----------------------------------------------------------------------------------


def test_round_sorted_by_building_floor_and_room(fd):
    high = fd.unit_at("1", 15, "1501")
    low = fd.unit_at("1", 2, "201")
    other_building = fd.unit_at("2", 1, "101")
    a = fd.subscription(unit=high)
    b = fd.subscription(unit=low, kind="magazine", title="读者", copies=2)
    c = fd.subscription(unit=other_building)
    d = fd.subscription()  # building 1, floor 12
    ended = fd.subscription(unit=low, ends_on=timezone.localdate() - dt.timedelta(days=1))
    future = fd.subscription(unit=low, starts_on=timezone.localdate() + dt.timedelta(days=5))
    assert list(newspaper_round()) == [b, d, a, c]
    assert ended not in newspaper_round() and future not in newspaper_round()
    assert future in newspaper_round(day=timezone.localdate() + dt.timedelta(days=5))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"kind": "leaflet"}, "kind"),
        ({"copies": 0}, "copies"),
        ({"starts_on": None}, "starts_on"),
        ({"ends_on": dt.date(2000, 1, 1), "starts_on": dt.date(2020, 1, 1)}, "ends_on"),
    ],
)
def test_subscription_refusals(fd, changes, field):
    with pytest.raises(ValidationError) as exc:
        fd.subscription(**changes)
    assert field in exc.value.message_dict


def test_subscription_unit_of_another_project_and_permission(fd):
    with pytest.raises(ValidationError) as exc:
        fd.subscription(unit=UnitFactory())
    assert "unit" in exc.value.message_dict
    with pytest.raises(PermissionDeniedError):
        fd.subscription(acting_user=fd.guard)


def test_subscription_update(fd):
    sub = fd.subscription()
    services.subscription_update(
        subscription=sub, copies=3, ends_on=timezone.localdate(), acting_user=fd.desk
    )
    sub.refresh_from_db()
    assert sub.copies == 3 and sub.ends_on == timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.subscription_update(
            subscription=sub, ends_on=sub.starts_on - dt.timedelta(days=1), acting_user=fd.desk
        )
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(PermissionDeniedError):
        services.subscription_update(subscription=sub, copies=1, acting_user=fd.guard)
