"""Release pass services (seed 000 §4, seed 001): every rule and refusal."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.core.tests.factories import UnitFactory, staff
from wuye.frontdesk.choices import PassStatus
from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.selectors_passes import (
    consent_party_needed,
    daily_passes,
    flag_one,
    pass_for_gate,
)
from wuye.frontdesk.services import passes as services
from wuye.frontdesk.tasks import release_passes_expire
from wuye.frontdesk.tests.factories_passes import ITEMS, Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return Desk()


def _refused(call, code):
    with pytest.raises(BusinessRuleError) as exc:
        call()
    assert exc.value.code == code, exc.value.message
    return exc.value


# --- preparing a pass -------------------------------------------------------------------------------


def test_create_numbers_continuously_per_project_and_year(desk):
    year = timezone.localdate().year
    first, second = desk.new(), desk.new()
    assert first.number == f"FX{year}-0001"
    assert second.number == f"FX{year}-0002"
    assert first.status == PassStatus.DRAFT
    assert first.valid_on == timezone.localdate()
    assert [(i.name, i.quantity) for i in first.items.all()] == [("双人床", 1), ("纸箱", 12)]
    other = Desk()
    assert other.new().number == f"FX{year}-0001"  # another project counts on its own
    # a cancelled pass keeps its number: no gaps
    services.pass_cancel(release_pass=first, reason="填错", acting_user=desk.assistant)
    assert desk.new().number == f"FX{year}-0003"


def test_numbering_restarts_with_the_year(desk):
    with time_machine.travel(dt.datetime(2026, 12, 31, 10, tzinfo=timezone.get_current_timezone())):
        assert desk.new().number == "FX2026-0001"
    with time_machine.travel(dt.datetime(2027, 1, 2, 10, tzinfo=timezone.get_current_timezone())):
        assert desk.new().number == "FX2027-0001"


def test_create_needs_at_least_one_item_and_valid_quantities(desk):
    with pytest.raises(ValidationError) as exc:
        desk.new(items=[])
    assert "items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        desk.new(items=[{"name": "", "quantity": "", "note": ""}])  # only an empty line
    assert "items" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        desk.new(items=[{"name": "桌子", "quantity": 0}, {"name": "", "quantity": 2}])
    assert len(exc.value.message_dict["items"]) == 2


def test_create_refuses_bad_input_naming_each_field(desk):
    with pytest.raises(ValidationError) as exc:
        services.pass_create(
            unit=desk.unit,
            kind="nonsense",
            carrier_kind="alien",
            carrier_name=" ",
            items=ITEMS,
            valid_on=timezone.localdate() - dt.timedelta(days=1),
            carrier_id_number="110101199001011234",
            acting_user=desk.assistant,
        )
    assert {"kind", "carrier_kind", "carrier_name", "valid_on", "carrier_id_type"} <= set(
        exc.value.message_dict
    )


def test_a_company_employee_names_the_company(desk):
    with pytest.raises(ValidationError) as exc:
        desk.new(carrier_kind="employee", company="")
    assert "company" in exc.value.message_dict


def test_valid_on_a_later_day(desk):
    later = timezone.localdate() + dt.timedelta(days=2)
    assert desk.new(valid_on=later).valid_on == later


def test_the_owner_carrying_must_be_an_owner_of_the_unit(desk):
    _refused(lambda: desk.new(carrier_kind="owner", carrier_name="冒充者"), "carrier_not_owner")
    assert desk.new(carrier_kind="owner").consent_party == ""


def test_only_the_desk_prepares_passes(desk):
    with pytest.raises(PermissionDeniedError):
        services.pass_create(
            unit=desk.unit,
            kind="temporary",
            carrier_kind="tenant",
            carrier_name="x",
            items=ITEMS,
            acting_user=desk.guard,
        )
    with pytest.raises(PermissionDeniedError):  # a role in another project gives nothing here
        services.pass_create(
            unit=desk.unit,
            kind="temporary",
            carrier_kind="tenant",
            carrier_name="x",
            items=ITEMS,
            acting_user=staff(Role.CS_ASSISTANT, Desk().project),
        )


# --- moving out and the settlement ---------------------------------------------------------------------


def test_moving_out_is_refused_with_arrears_listed(desk):
    desk.owe("120.00")
    error = _refused(lambda: desk.new(kind="moving_out"), "not_settled")
    assert "arrears" in error.fields
    assert "维修费" in error.fields["arrears"][0]
    assert "120" in error.message
    assert not ReleasePass.objects.exists()
    desk.new(kind="temporary")  # temporary carrying does not need the settlement


def test_moving_out_lists_unread_meters(desk):
    from wuye.billing import services as billing

    billing.meter_install(
        unit=desk.unit,
        meter_type="water",
        installed_on=timezone.localdate() - dt.timedelta(days=30),
        acting_user=staff(Role.ENGINEER, desk.project),
    )
    error = _refused(lambda: desk.new(kind="moving_out"), "not_settled")
    assert "meter_readings" in error.fields


def test_moving_out_after_paying(desk):
    desk.owe("120.00")
    desk.pay("120.00")
    release_pass = desk.new(kind="moving_out")
    assert release_pass.kind == "moving_out"


def test_the_issue_rechecks_the_settlement(desk):
    release_pass = desk.new(kind="moving_out")
    desk.agree(release_pass)
    desk.owe("50.00")  # a charge arrived meanwhile
    _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor
        ),
        "not_settled",
    )
    desk.pay("50.00")
    services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor)


# --- consent ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carrier", "party"),
    [
        ("owner", ""),
        ("tenant", "owner"),
        ("family", "owner"),
        ("child", "owner"),
        ("nanny", "owner"),
        ("worker", "owner"),
        ("employee", "company"),
    ],
)
def test_whose_consent(carrier, party):
    assert consent_party_needed(carrier) == party


def test_consent_is_recorded_with_time_number_name_answer(desk):
    release_pass = desk.new(carrier_kind="tenant", kind="moving_out")
    called = timezone.now() - dt.timedelta(minutes=5)
    services.pass_consent(
        release_pass=release_pass,
        phone="13800001111",
        name=desk.owner.name,
        answer="agreed",
        note="业主同意租户搬出",
        called_at=called,
        acting_user=desk.assistant,
    )
    release_pass.refresh_from_db()
    assert release_pass.consent_party == "owner"
    assert release_pass.consent_phone == "13800001111"
    assert release_pass.consent_called_at == called
    assert release_pass.consent_answer == "agreed"
    assert release_pass.consent_by == desk.assistant


def test_consent_refusals(desk):
    owner_pass = desk.new(carrier_kind="owner")
    _refused(lambda: desk.agree(owner_pass), "consent_not_needed")
    release_pass = desk.new()
    with pytest.raises(ValidationError) as exc:
        services.pass_consent(
            release_pass=release_pass, phone="", name="", answer="maybe", acting_user=desk.assistant
        )
    assert {"phone", "answer"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:  # an answer needs who gave it
        services.pass_consent(
            release_pass=release_pass, phone="1", name="", answer="agreed", acting_user=desk.assistant
        )
    assert "name" in exc.value.message_dict
    with pytest.raises(BusinessRuleError) as future:
        services.pass_consent(
            release_pass=release_pass,
            phone="1",
            name="x",
            answer="agreed",
            called_at=timezone.now() + dt.timedelta(hours=1),
            acting_user=desk.assistant,
        )
    assert future.value.code == "event_in_future"
    with pytest.raises(PermissionDeniedError):
        services.pass_consent(
            release_pass=release_pass, phone="1", name="x", answer="agreed", acting_user=desk.guard
        )
    desk.issued()  # an issued pass takes no more calls
    issued = ReleasePass.objects.filter(status="approved").get()
    _refused(lambda: desk.agree(issued), "pass_wrong_status")


@pytest.mark.parametrize(
    ("answer", "code"), [("unreachable", "consent_unreachable"), ("refused", "consent_refused")]
)
def test_an_unreachable_or_refusing_owner_blocks_the_issue(desk, answer, code):
    release_pass = desk.new(carrier_kind="nanny")
    desk.agree(release_pass, answer=answer)
    error = _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor
        ),
        code,
    )
    assert "consent" in error.fields
    desk.agree(release_pass, answer="agreed")  # called again later: reached, agreed
    services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor)
    release_pass.refresh_from_db()
    assert release_pass.status == PassStatus.APPROVED
    assert release_pass.history.count() >= 4  # every call is kept in the history


def test_a_company_employee_needs_the_company_consent(desk):
    release_pass = desk.new(carrier_kind="employee")
    assert release_pass.consent_party == "company"
    _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor
        ),
        "consent_missing",
    )


# --- the three signatures and the issue ------------------------------------------------------------------


def test_issue_names_every_missing_signature(desk):
    release_pass = desk.new(carrier_kind="worker")
    error = _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=False, acting_user=desk.supervisor
        ),
        "consent_missing",
    )
    assert {"consent", "carrier_signed"} <= set(error.fields)


def test_the_owner_carrying_signs_as_carrier_and_owner(desk):
    release_pass = desk.new(carrier_kind="owner")
    _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=False, acting_user=desk.supervisor
        ),
        "carrier_signature_missing",
    )
    services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.assistant)
    release_pass.refresh_from_db()
    assert release_pass.status == PassStatus.APPROVED
    assert release_pass.approved_by == desk.assistant  # the handler is the one who issues
    assert release_pass.carrier_signed and release_pass.owner_signed
    assert release_pass.approved_at is not None


def test_issue_needs_the_permission_and_a_draft(desk):
    release_pass = desk.new(carrier_kind="owner")
    with pytest.raises(PermissionDeniedError):
        services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.guard)
    services.pass_approve(release_pass=release_pass, carrier_signed=True, acting_user=desk.manager)
    _refused(
        lambda: services.pass_approve(
            release_pass=release_pass, carrier_signed=True, acting_user=desk.manager
        ),
        "pass_wrong_status",
    )


def test_a_pass_of_a_past_day_is_not_issued(desk):
    release_pass = desk.new(carrier_kind="owner")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        _refused(
            lambda: services.pass_approve(
                release_pass=release_pass, carrier_signed=True, acting_user=desk.supervisor
            ),
            "pass_day_past",
        )


# --- cancelling ----------------------------------------------------------------------------------------------


def test_cancel_needs_a_reason_and_keeps_the_pass(desk):
    release_pass = desk.issued(carrier_kind="owner")
    with pytest.raises(ValidationError):
        services.pass_cancel(release_pass=release_pass, reason=" ", acting_user=desk.assistant)
    with pytest.raises(PermissionDeniedError):
        services.pass_cancel(release_pass=release_pass, reason="x", acting_user=desk.guard)
    services.pass_cancel(release_pass=release_pass, reason="业主改期", acting_user=desk.assistant)
    release_pass.refresh_from_db()
    assert release_pass.status == PassStatus.CANCELLED
    assert release_pass.cancel_reason == "业主改期" and release_pass.cancelled_by == desk.assistant
    _refused(
        lambda: services.pass_cancel(release_pass=release_pass, reason="x", acting_user=desk.assistant),
        "pass_wrong_status",
    )
    _refused(
        lambda: services.pass_release(release_pass=release_pass, items_checked=True, acting_user=desk.guard),
        "pass_cancelled",
    )


# --- the gate ----------------------------------------------------------------------------------------------------


def test_release_once_then_refused_naming_when_and_by_whom(desk):
    release_pass = desk.issued(carrier_kind="owner")
    _refused(
        lambda: services.pass_release(release_pass=release_pass, items_checked=False, acting_user=desk.guard),
        "items_not_checked",
    )
    services.pass_release(
        release_pass=release_pass, items_checked=True, note="核对无误", acting_user=desk.guard
    )
    release_pass.refresh_from_db()
    assert release_pass.status == PassStatus.USED
    assert release_pass.released_by == desk.guard and release_pass.gate_note == "核对无误"
    error = _refused(
        lambda: services.pass_release(release_pass=release_pass, items_checked=True, acting_user=desk.guard),
        "pass_used",
    )
    assert str(desk.guard) in error.message
    assert f"{timezone.localtime(release_pass.released_at):%H:%M}" in error.message


def test_only_the_gate_releases(desk):
    release_pass = desk.issued(carrier_kind="owner")
    with pytest.raises(PermissionDeniedError):
        services.pass_release(release_pass=release_pass, items_checked=True, acting_user=desk.assistant)


def test_a_draft_is_not_released(desk):
    release_pass = desk.new(carrier_kind="owner")
    _refused(
        lambda: services.pass_release(release_pass=release_pass, items_checked=True, acting_user=desk.guard),
        "pass_not_issued",
    )


def test_a_pass_for_a_later_day_is_not_released_today(desk):
    release_pass = desk.issued(carrier_kind="owner", valid_on=timezone.localdate() + dt.timedelta(days=1))
    _refused(
        lambda: services.pass_release(release_pass=release_pass, items_checked=True, acting_user=desk.guard),
        "pass_not_yet_valid",
    )


def test_an_expired_pass_is_refused_before_and_after_the_sweep(desk):
    release_pass = desk.issued(carrier_kind="owner")
    draft = desk.new(carrier_kind="owner")
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with time_machine.travel(tomorrow):
        _refused(
            lambda: services.pass_release(
                release_pass=release_pass, items_checked=True, acting_user=desk.guard
            ),
            "pass_expired",
        )
        assert services.passes_expire_sweep() == 2
        assert services.passes_expire_sweep() == 0  # idempotent
        release_pass.refresh_from_db()
        draft.refresh_from_db()
        assert release_pass.status == PassStatus.EXPIRED and release_pass.expired_at is not None
        assert draft.status == PassStatus.CANCELLED and draft.cancel_reason
        _refused(
            lambda: services.pass_release(
                release_pass=release_pass, items_checked=True, acting_user=desk.guard
            ),
            "pass_expired",
        )


def test_sweep_by_task_and_command_leaves_today_alone(desk):
    today_pass = desk.issued(carrier_kind="owner")
    with time_machine.travel(timezone.now() - dt.timedelta(days=2)):
        old = desk.issued(carrier_kind="owner")
    assert release_passes_expire() == 1
    old.refresh_from_db()
    today_pass.refresh_from_db()
    assert old.status == PassStatus.EXPIRED and today_pass.status == PassStatus.APPROVED
    call_command("release_passes_expire")


def test_the_gate_finds_a_pass_by_number_only_in_its_projects(desk):
    release_pass = desk.issued(carrier_kind="owner")
    assert pass_for_gate(f" {release_pass.number.lower()} ", {desk.project.pk}) == release_pass
    _refused(lambda: pass_for_gate(release_pass.number, {Desk().project.pk}), "pass_unknown")
    _refused(lambda: pass_for_gate("FX1999-9999", None), "pass_unknown")
    other = Desk()
    other.issued(carrier_kind="owner")  # the same number in another project
    _refused(lambda: pass_for_gate(release_pass.number, None), "pass_ambiguous")
    assert pass_for_gate(release_pass.number, None, desk.project.pk) == release_pass


# --- the flag and the daily list ---------------------------------------------------------------------------------


def test_three_temporary_passes_in_seven_days_flag_the_unit(desk):
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=8)):
        desk.new()  # outside the window
    with time_machine.travel(now - dt.timedelta(days=5)):
        desk.new()
    second = desk.new()
    assert not flag_one(second).flagged
    cancelled = desk.new()
    services.pass_cancel(release_pass=cancelled, reason="x", acting_user=desk.assistant)
    assert not flag_one(second).flagged  # a cancelled pass does not count
    third = desk.new()
    assert flag_one(third).flagged and third.temporary_count == 3
    moving = desk.new(kind="moving_out")
    assert flag_one(moving).flagged  # the unit is flagged, whatever the pass
    other_unit = UnitFactory(building=desk.building)
    assert not flag_one(desk.new(unit=other_unit)).flagged


def test_the_flag_follows_the_project_setting():
    desk = Desk(temporary_pass_flag={"count": 2, "days": 3})
    desk.new()
    assert flag_one(desk.new()).flagged


def test_daily_list_accounts_for_every_pass(desk):
    used = desk.issued(carrier_kind="owner")
    services.pass_release(release_pass=used, items_checked=True, acting_user=desk.guard)
    desk.issued(carrier_kind="owner")  # still valid
    cancelled = desk.new()
    services.pass_cancel(release_pass=cancelled, reason="x", acting_user=desk.assistant)
    desk.new()  # being prepared
    desk.new(valid_on=timezone.localdate() + dt.timedelta(days=1))  # another day
    report = daily_passes(desk.project, timezone.localdate())
    assert report.total == 4
    assert report.counts == {"used": 1, "approved": 1, "cancelled": 1, "draft": 1}
    assert [s for s, _label, _n in report.summary()] == ["used", "approved", "expired", "cancelled", "draft"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        services.passes_expire_sweep()
    report = daily_passes(desk.project, timezone.localdate())
    assert report.counts == {"used": 1, "expired": 1, "cancelled": 2}
