"""Completion part of renovation (issue 12): fees, workers' passes, the permit, the entry inspection,
completion acceptance, the refundable notice and the deposit refund — every rule and refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import F as models_F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing.choices import ChargeSource, DepositPurpose
from wuye.billing.models import Charge, Deposit, DepositRefund, FeeItem, Tariff
from wuye.billing.services.charges import charge_create
from wuye.billing.services.deposits import deposit_held
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.estate.models import Unit
from wuye.notifications.models import Notification
from wuye.renovation.choices import (
    FEE_ITEM_CODES,
    FeeKind,
    PenaltyStatus,
    RenovationStatus,
    Severity,
    SignOffParty,
)
from wuye.renovation.models import CompletionInspection, RenovationFee, Violation
from wuye.renovation.services import completion
from wuye.renovation.services import fees as fee_services
from wuye.renovation.services.completion import add_months
from wuye.renovation.tests.factories_completion import CompletionSite, worker_id

pytestmark = pytest.mark.django_db
S = RenovationStatus
D = Decimal
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def site():
    return CompletionSite()


def refusal(code, call, *args, **kwargs) -> BusinessRuleError:
    with pytest.raises(BusinessRuleError) as exc:
        call(*args, **kwargs)
    assert exc.value.code == code, exc.value.message
    return exc.value


def after_refundable(renovation):
    """The clock on the refundable day (10:00 Shanghai)."""
    day = renovation.refundable_on
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH), tick=False)


# --- fees -------------------------------------------------------------------------------------------


def test_quote_reads_the_fee_standard(site):
    renovation = site.approved(prepared=True)
    site.worker(renovation)
    site.worker(renovation)
    lines = {line.kind: line for line in fee_services.fees_quote(renovation)}
    assert [(k, lines[k].quantity, lines[k].rate, lines[k].amount) for k in FeeKind.values] == [
        ("deposit", D(1), D("2000.00"), D("2000.00")),
        ("management", D("100.00"), D("3.00"), D("300.00")),  # per m² of the unit
        ("debris", D(1), D("300.00"), D("300.00")),
        ("pass", D(2), D("20.00"), D("40.00")),  # per registered worker
    ]


def test_quote_names_a_missing_fee_item_tariff_and_the_passes(site):
    renovation = site.approved(prepared=True)
    Tariff.objects.filter(fee_item__code=FEE_ITEM_CODES[FeeKind.DEBRIS]).delete()
    FeeItem.objects.filter(project=site.project, code=FEE_ITEM_CODES[FeeKind.DEBRIS]).delete()
    Tariff.objects.filter(fee_item__code=FEE_ITEM_CODES[FeeKind.MANAGEMENT]).update(
        effective_from=dt.date(2099, 1, 1)
    )
    error = refusal("renovation_fees_incomplete", fee_services.fees_quote, renovation)
    assert set(error.fields) == {"debris", "management", "pass"}
    assert FEE_ITEM_CODES[FeeKind.DEBRIS] in error.fields["debris"][0]
    assert error.fields["pass"] == [
        _("Worker passes: register the workers first (passes are charged per worker).")
    ]


def test_fees_charged_through_billing_and_the_deposit_held(site):
    renovation = site.charged()
    fees = {fee.kind: fee for fee in renovation.fees.all()}
    assert set(fees) == set(FeeKind.values)
    assert fees["deposit"].charge is None and fees["deposit"].amount == D("2000.00")
    charges = Charge.objects.filter(unit=renovation.unit, source=ChargeSource.RENOVATION)
    assert sorted(c.amount for c in charges) == [D("40.00"), D("300.00"), D("300.00")]
    assert all(c.allocated == c.amount for c in charges)  # paid at the window at once
    deposit = renovation.deposit
    assert deposit.purpose == DepositPurpose.RENOVATION and deposit_held(deposit) == D("2000.00")
    assert deposit.reference == renovation.number and renovation.fees_charged_at is not None
    # once only
    refusal(
        "renovation_fees_charged",
        fee_services.fees_charge,
        renovation=renovation,
        method="cash",
        acting_user=site.cashier,
    )
    assert RenovationFee.objects.filter(renovation=renovation).count() == 4


def test_fees_only_for_an_approved_renovation_by_the_cashier(site):
    draft = site.draft(complete=True)
    refusal(
        "renovation_not_approved",
        fee_services.fees_charge,
        renovation=draft,
        method="cash",
        acting_user=site.cashier,
    )
    approved = site.approved(prepared=True)
    site.worker(approved)
    with pytest.raises(PermissionDeniedError):
        fee_services.fees_charge(renovation=approved, method="cash", acting_user=site.assistant)
    # a non-cash payment needs the transaction reference (billing's rule)
    with pytest.raises(ValidationError):
        fee_services.fees_charge(renovation=approved, method="wechat", acting_user=site.cashier)
    assert not Deposit.objects.filter(unit=approved.unit).exists()


# --- workers ---------------------------------------------------------------------------------------


def test_worker_passes_are_numbered_and_ids_checked(site):
    renovation = site.approved(prepared=True)
    year = timezone.localdate().year
    first = site.worker(renovation)
    second = site.worker(renovation)
    assert (first.pass_number, second.pass_number) == (f"CR{year}-0001", f"CR{year}-0002")
    assert first.valid_until == renovation.planned_end
    with pytest.raises(ValidationError) as exc:
        site.worker(renovation, id_number="110105199003011234")  # wrong check digit
    assert "id_number" in exc.value.message_dict
    error = refusal("worker_registered", site.worker, renovation, id_number=first.id_number)
    assert first.pass_number in error.message
    passport = site.worker(renovation, id_type="passport", id_number="E12345678")
    assert passport.id_number == "E12345678"
    returned = completion.worker_return(worker=first, acting_user=site.assistant)
    assert returned.returned_at is not None
    refusal("pass_returned", completion.worker_return, worker=first, acting_user=site.assistant)


def test_workers_not_before_approval_and_only_by_customer_service(site):
    draft = site.draft()
    refusal("renovation_wrong_stage", site.worker, draft)
    approved = site.approved(prepared=True)
    with pytest.raises(PermissionDeniedError):
        completion.worker_register(
            renovation=approved, name="张三", id_number=worker_id(1), acting_user=site.guard
        )


# --- the permit --------------------------------------------------------------------------------------


def test_permit_names_everything_missing(site):
    renovation = site.approved(fire_work=True)  # not prepared, no fees
    error = refusal(
        "permit_not_ready", completion.permit_issue, renovation=renovation, acting_user=site.assistant
    )
    assert set(error.fields) == {
        "fire_approval",
        "owner_confirmed_at",
        "agreement_signed_at",
        "briefing_at",
        "fees",
        "deposit",
    }


def test_permit_issued_once_with_its_number(site):
    renovation = site.permitted()
    assert renovation.permit_number == f"XK{timezone.localdate().year}-0001"
    assert renovation.permit_issued_at is not None
    refusal("permit_issued", completion.permit_issue, renovation=renovation, acting_user=site.assistant)


def test_permit_needs_the_deposit_held(site):
    renovation = site.charged()
    Deposit.objects.filter(pk=renovation.deposit_id).update(closed_at=timezone.now())
    renovation.refresh_from_db()
    error = refusal(
        "permit_not_ready", completion.permit_issue, renovation=renovation, acting_user=site.assistant
    )
    assert set(error.fields) == {"deposit"}


# --- the entry inspection -------------------------------------------------------------------------------


def test_start_needs_the_permit_readings_and_a_passed_water_test(site):
    charged = site.charged()
    refusal("permit_missing", site.start, charged)
    renovation = site.permitted()
    with pytest.raises(ValidationError) as exc:
        site.start(renovation, water_reading=None, inspected_with="", water_test_passed=None)
    assert set(exc.value.message_dict) == {"water_reading", "inspected_with", "water_test_passed"}
    refusal("water_test_failed", site.start, renovation, water_test_passed=False)
    renovation.refresh_from_db()
    assert renovation.status == S.APPROVED and renovation.unit.status == "vacant"


def test_start_makes_the_unit_renovating_and_tells_the_departments(site, django_capture_on_commit_callbacks):
    renovation = site.permitted()
    with django_capture_on_commit_callbacks(execute=True):
        renovation = site.start(renovation)
    unit = Unit.objects.get(pk=renovation.unit_id)
    assert (renovation.status, renovation.status_before, unit.status) == (
        S.IN_PROGRESS,
        "vacant",
        "renovating",
    )
    assert renovation.water_reading == D("12.30") and renovation.water_test_passed is True
    assert renovation.entry_inspected_by == site.assistant and renovation.started_at is not None
    assert unit.status_changes.filter(source="renovation", to_status="renovating").exists()
    told = set(Notification.objects.filter(kind="renovation_entry").values_list("recipient_id", flat=True))
    departments = {
        site.assistant,
        site.supervisor,
        site.engineer,
        site.engineering_lead,
        site.guard,
        site.security_lead,
    }
    assert {u.pk for u in departments} <= told
    assert site.cashier.pk not in told


# --- completion ---------------------------------------------------------------------------------------------


def test_complete_with_an_agreed_time(site, django_capture_on_commit_callbacks):
    renovation = site.started()
    refusal(
        "agreed_time_before_request",
        completion.renovation_complete,
        renovation=renovation,
        acting_user=site.assistant,
        agreed_at=timezone.now() - dt.timedelta(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        renovation = completion.renovation_complete(
            renovation=renovation, acting_user=site.assistant, agreed_at=timezone.now() + dt.timedelta(days=2)
        )
    assert renovation.status == S.COMPLETION_REQUESTED and renovation.completion_agreed_at is not None
    told = set(
        Notification.objects.filter(kind="renovation_completion").values_list("recipient_id", flat=True)
    )
    assert told == {site.engineering_lead.pk, site.security_lead.pk}
    refusal(
        "renovation_transition_forbidden",
        completion.renovation_complete,
        renovation=renovation,
        acting_user=site.assistant,
        agreed_at=timezone.now() + dt.timedelta(days=2),
    )


def test_accept_checks_the_inspectors_and_explains_failures(site):
    renovation = site.requested()
    error = refusal(
        "inspector_department",
        completion.renovation_accept,
        renovation=renovation,
        acting_user=site.engineer,
        engineering_inspector=site.guard,
        security_inspector=site.guard,
        passed=True,
    )
    assert "engineering_inspector" in error.fields
    refusal("failures_required", site.accept, renovation, passed=False)
    site.accept(renovation, passed=False, failures="卫生间防水层破损，需重做闭水试验")
    renovation.refresh_from_db()
    assert renovation.status == S.COMPLETION_REQUESTED and renovation.accepted_on is None
    # re-inspected: passed
    site.accept(renovation)
    renovation.refresh_from_db()
    assert renovation.status == S.ACCEPTED
    assert list(
        CompletionInspection.objects.filter(renovation=renovation).values_list("passed", flat=True)
    ) == [
        False,
        True,
    ]
    assert not renovation.workers.filter(returned_at__isnull=True).exists()
    assert Unit.objects.get(pk=renovation.unit_id).status == "vacant"  # back to its status before


def test_accept_needs_the_inspect_permission(site):
    renovation = site.requested()
    with pytest.raises(PermissionDeniedError):
        completion.renovation_accept(
            renovation=renovation,
            acting_user=site.cashier,
            engineering_inspector=site.engineer,
            security_inspector=site.guard,
            passed=True,
        )


def test_three_calendar_months_with_month_end_clamping():
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 8, 31), 3) == dt.date(2026, 11, 30)
    assert add_months(dt.date(2026, 10, 15), 3) == dt.date(2027, 1, 15)


def test_accepted_on_2026_11_30_is_refundable_on_2027_02_28(site):
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=SH), tick=False):
        renovation = site.requested()
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, tzinfo=SH), tick=False):
        site.accept(renovation, at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=SH))  # the paper's time, late
    renovation.refresh_from_db()
    assert (renovation.accepted_on, renovation.refundable_on) == (dt.date(2026, 11, 30), dt.date(2027, 2, 28))


# --- refundable notice ------------------------------------------------------------------------------------


def test_refundable_notice_once_on_the_day(site, django_capture_on_commit_callbacks):
    renovation = site.accepted()
    day = renovation.refundable_on
    with django_capture_on_commit_callbacks(execute=True):
        assert completion.refundable_sweep(today=day - dt.timedelta(days=1)) == 0
        assert completion.refundable_sweep(today=day) == 1
        assert completion.refundable_sweep(today=day) == 0
        out = StringIO()
        call_command("renovation_refundable", f"--date={day.isoformat()}", stdout=out)
    assert out.getvalue().startswith("0 ")
    told = set(
        Notification.objects.filter(kind="renovation_refundable").values_list("recipient_id", flat=True)
    )
    assert told == {site.owner_user.pk, site.assistant.pk, site.supervisor.pk}
    renovation.refresh_from_db()
    assert renovation.refundable_notified_at is not None


# --- the deposit refund -----------------------------------------------------------------------------------


def test_refund_before_the_refundable_day_names_the_date(site):
    renovation = site.accepted()
    error = refusal("refund_not_yet", site.refund_requested, renovation)
    assert renovation.refundable_on.isoformat() in error.message
    assert error.fields == {"refundable_on": [error.message]}
    assert not DepositRefund.objects.exists()


def _penalty(renovation, site, amount="500.00"):
    return Violation.objects.create(
        renovation=renovation,
        number="WZ2026-0001",
        severity=Severity.SERIOUS,
        found_at=timezone.now(),
        found_by=site.guard,
        department="security",
        rule="擅自拆改承重墙",
        description="拆除承重墙",
        penalty_status=PenaltyStatus.APPROVED,
        penalty_amount=D(amount),
        penalty_rule="装修管理协议第七条",
        filed_owner=renovation.owner,
    )


def test_deductions_itemised_penalties_unpaid_charges_and_damage(site):
    renovation = site.accepted()
    _penalty(renovation, site)
    Violation.objects.create(  # a proposed penalty is not deducted
        renovation=renovation,
        severity=Severity.MINOR,
        found_at=timezone.now(),
        found_by=site.guard,
        department="security",
        rule="噪音",
        description="午休施工",
        penalty_status=PenaltyStatus.PROPOSED,
        penalty_amount=D("100.00"),
    )
    with after_refundable(renovation):
        water = charge_create(
            unit=renovation.unit,
            fee_item=site.books.water,
            amount="86.40",
            description="水费",
            acting_user=site.manager,
            source=ChargeSource.METER,
        )
        renovation = site.refund_requested(
            renovation, damages=[{"reason": "电梯轿厢划伤", "amount": "200"}], comment="验收无其他问题"
        )
    refund = renovation.refund
    assert renovation.status == S.REFUND_REQUESTED
    reasons = [(d["reason"], d["amount"], d.get("charge")) for d in refund.deductions]
    assert reasons == [
        (
            _("Penalty %(notice)s: %(rule)s") % {"notice": "WZ2026-0001", "rule": "装修管理协议第七条"},
            "500.00",
            None,
        ),
        (reasons[1][0], "86.40", water.pk),
        (_("Damage: %(what)s") % {"what": "电梯轿厢划伤"}, "200.00", None),
    ]
    assert refund.deduction_total == D("786.40") and refund.refund_amount == D("1213.60")
    assert refund.requested_by == site.assistant


def test_company_collects_only_with_the_owner_consent(site):
    renovation = site.accepted()
    with after_refundable(renovation):
        refusal("collect_consent_required", site.refund_requested, renovation, collected_by_company=True)
        renovation = site.refund_requested(
            renovation, collected_by_company=True, collect_consent="业主电话同意由装修公司代领（2027-02-20）"
        )
    assert renovation.collect_consent.startswith("业主电话同意")


def test_refund_prepared_by_customer_service_only(site):
    renovation = site.accepted()
    with after_refundable(renovation), pytest.raises(PermissionDeniedError):
        completion.renovation_refund_prepare(renovation=renovation, acting_user=site.cashier)


def test_approval_needs_every_signature_named(site):
    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation)
        site.sign_refund(renovation, skip=(SignOffParty.OWNER, SignOffParty.SECURITY))
        error = refusal(
            "refund_not_signed",
            completion.renovation_refund_decide,
            renovation=renovation,
            approve=True,
            acting_user=site.manager,
        )
    assert set(error.fields) == {"owner", "security"}
    assert str(SignOffParty.OWNER.label) in error.message


def test_the_project_manager_approves_and_the_renovation_closes(site):
    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation, damages=[{"reason": "楼道墙面污损", "amount": "300"}])
        site.sign_refund(renovation)
        with pytest.raises(PermissionDeniedError):
            completion.renovation_refund_decide(
                renovation=renovation, approve=True, acting_user=site.supervisor
            )
        renovation = completion.renovation_refund_decide(
            renovation=renovation, approve=True, acting_user=site.manager, comment="同意"
        )
    assert renovation.status == S.CLOSED
    refund = DepositRefund.objects.get(pk=renovation.refund_id)
    assert refund.status == "approved" and refund.refund_amount == D("1700.00")
    assert Deposit.objects.get(pk=renovation.deposit_id).closed_at is not None
    assert deposit_held(renovation.deposit) == 0


def test_deductions_beyond_the_deposit_become_a_shortfall_charge(site):
    renovation = site.accepted()
    _penalty(renovation, site, amount="1800.00")
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation, damages=[{"reason": "消防喷淋损坏", "amount": "700"}])
        assert renovation.refund.refund_amount == 0
        site.sign_refund(renovation)
        renovation = completion.renovation_refund_decide(
            renovation=renovation, approve=True, acting_user=site.manager
        )
    refund = DepositRefund.objects.get(pk=renovation.refund_id)
    assert refund.shortfall_charge.amount == D("500.00") and refund.refund_amount == 0


def test_a_project_manager_cannot_approve_a_refund_they_prepared(site):
    both = site.staff(Role.CS_SUPERVISOR)
    from wuye.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, project=site.project, role=Role.PROJECT_MANAGER)
    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = completion.renovation_refund_prepare(renovation=renovation, acting_user=both)
        site.sign_refund(renovation)
        with pytest.raises(PermissionDeniedError) as exc:
            completion.renovation_refund_decide(renovation=renovation, approve=True, acting_user=both)
    assert exc.value.code == "self_approval_forbidden"
    renovation.refresh_from_db()
    assert renovation.status == S.REFUND_REQUESTED


def test_a_rejected_refund_goes_back_and_is_prepared_again(site):
    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation)
        refusal(
            "reason_required",
            completion.renovation_refund_decide,
            renovation=renovation,
            approve=False,
            acting_user=site.manager,
        )
        renovation = completion.renovation_refund_decide(
            renovation=renovation, approve=False, acting_user=site.manager, comment="漏算了水费"
        )
        assert renovation.status == S.ACCEPTED
        assert DepositRefund.objects.get(pk=renovation.refund_id).status == "rejected"
        renovation = site.refund_requested(renovation, damages=[{"reason": "水费", "amount": "50"}])
    assert renovation.status == S.REFUND_REQUESTED
    assert DepositRefund.objects.get(pk=renovation.refund_id).deduction_total == D("50.00")


def test_a_worker_registered_after_the_fees_pays_the_pass_then(site):
    renovation = site.charged(workers=2)
    pass_fee = renovation.fees.get(kind="pass", worker__isnull=True)
    assert pass_fee.quantity == 2
    late = site.worker(renovation)
    row = renovation.fees.get(worker=late)
    assert (row.kind, row.quantity, row.amount) == ("pass", 1, pass_fee.rate)
    assert row.charge.amount == pass_fee.rate and row.charge.unit_id == renovation.unit_id
    assert row.charge.source == "renovation" and late.pass_number in row.charge.description
    # before the fees nothing is charged per worker: fees_charge counts them all
    other = site.approved(prepared=True)
    early = site.worker(other)
    assert not other.fees.filter(worker=early).exists()


def test_a_rejected_refund_is_signed_again(site):
    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation)
        site.sign_refund(renovation)
        assert renovation.sign_offs.filter(stage="refund").exists()
        completion.renovation_refund_decide(
            renovation=renovation, approve=False, acting_user=site.manager, comment="漏算了水费"
        )
        assert not renovation.sign_offs.filter(stage="refund").exists()


def test_billing_refuses_to_decide_a_renovation_deposit_refund(site):
    from wuye.billing.services.deposits import deposit_refund_decide

    renovation = site.accepted()
    with after_refundable(renovation):
        renovation = site.refund_requested(renovation)
    error = refusal(
        "renovation_deposit_via_procedure",
        deposit_refund_decide,
        refund=renovation.refund,
        approve=True,
        acting_user=site.manager,
    )
    assert "refund" in error.fields
    renovation.refresh_from_db()
    assert renovation.status == S.REFUND_REQUESTED


def test_prepaid_credit_settles_part_of_the_fees_and_the_rest_is_paid(site):
    from wuye.billing.models import Payment
    from wuye.billing.services.payments import payment_create

    renovation = site.approved(prepared=True)
    site.worker(renovation)
    site.worker(renovation)
    # the unit has no open charge: this becomes prepayment credit that the first new charge consumes
    assert not Charge.objects.filter(unit=renovation.unit, allocated__lt=models_F("amount")).exists()
    payment_create(
        unit=renovation.unit,
        method="cash",
        amount="300.00",
        idempotency_key="prepaid-1",
        acting_user=site.cashier,
    )
    renovation = fee_services.fees_charge(renovation=renovation, method="cash", acting_user=site.cashier)
    charges = Charge.objects.filter(unit=renovation.unit, source=ChargeSource.RENOVATION)
    assert all(c.allocated == c.amount for c in charges)
    fees_payment = Payment.objects.get(idempotency_key=f"renovation:{renovation.pk}:fees")
    assert fees_payment.amount == sum((c.amount for c in charges), D("0")) - D("300.00")
