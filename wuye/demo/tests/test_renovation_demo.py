"""`manage.py load_demo`, issue 12: the residential project's renovations in every stage, made
through the renovation services — units on site are renovating, deposits held equal billing's
deposit ledger, patrols, violations and permits are there, and a second run changes nothing."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from wuye.billing.models import Deposit, FeeItem, Tariff
from wuye.billing.selectors import ledger_check
from wuye.billing.services.deposits import deposit_held
from wuye.estate.choices import OccupancyStatus, StatusChangeSource
from wuye.estate.models import Project, Unit
from wuye.renovation.choices import (
    FEE_ITEM_CODES,
    ON_SITE_STATUSES,
    Department,
    FeeKind,
    PenaltyStatus,
    RenovationStatus,
    Severity,
    SignOffStage,
)
from wuye.renovation.models import HotWorkPermit, Patrol, Renovation, Violation
from wuye.renovation.selectors import is_approval_late, late_approvals
from wuye.renovation.selectors_board import board
from wuye.renovation.services import application as app

pytestmark = pytest.mark.django_db

S = RenovationStatus
U = OccupancyStatus


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """Load the demo once for the module and roll it back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(first_run, db):
    return Project.objects.get(code="cuihu")


def renovations(project):
    return Renovation.objects.filter(project=project).select_related("unit", "deposit", "refund")


def test_every_stage_is_there(demo):
    by_status = Counter(renovations(demo).values_list("status", flat=True))
    assert set(by_status) == set(S.values)
    assert by_status[S.IN_PROGRESS] >= 5 and by_status[S.DRAFT] >= 2 and by_status[S.ACCEPTED] >= 2
    today = timezone.localdate()
    for draft in renovations(demo).filter(status=S.DRAFT):  # documents still missing
        assert app.file_missing(draft, on=today)
    assert any(
        "qualification" in app.file_missing(d, on=today) and d.documents.filter(expires_on__lt=today).exists()
        for d in renovations(demo).filter(status=S.DRAFT)
    )
    submitted = renovations(demo).get(status=S.SUBMITTED)  # waiting for engineering, due
    assert submitted.decided_at is None and submitted.approval_due_at > submitted.file_complete_at
    assert submitted.sign_offs.filter(stage=SignOffStage.APPROVAL, party="cs_head").exists()
    approved = renovations(demo).get(status=S.APPROVED)  # decided late, preparing the entry
    assert is_approval_late(approved) is True
    assert approved.id in {row["id"] for row in late_approvals(demo)}
    assert app.entry_missing(approved) and approved.deposit_id and not approved.permit_number
    rejected = renovations(demo).get(status=S.REJECTED)
    assert rejected.decision_note and rejected.decided_by.username == "engineering_lead"
    assert is_approval_late(rejected) is False
    # numbers are continuous and follow the dates of the applications
    numbers = list(renovations(demo).order_by("created_at", "id").values_list("number", flat=True))
    assert numbers == sorted(numbers)


def test_renovating_units_are_the_units_on_site(demo):
    """A started renovation's unit is renovating (through the status service); every renovating
    unit of the demo has one; an accepted renovation gave the unit its status back."""
    on_site = renovations(demo).filter(status__in=ON_SITE_STATUSES)
    assert set(Unit.objects.filter(status=U.RENOVATING).values_list("id", flat=True)) == set(
        on_site.values_list("unit_id", flat=True)
    )
    for renovation in on_site:
        assert renovation.permit_number and renovation.water_test_passed
        start = renovation.unit.status_changes.get(source=StatusChangeSource.RENOVATION)
        assert (start.from_status, start.to_status) == (renovation.status_before, U.RENOVATING)
        assert start.at == renovation.started_at
    assert {r.status_before for r in on_site} == {U.VACANT, U.OWNER_OCCUPIED}
    for renovation in renovations(demo).filter(status__in=[S.ACCEPTED, S.REFUND_REQUESTED, S.CLOSED]):
        changes = list(
            renovation.unit.status_changes.filter(source=StatusChangeSource.RENOVATION).order_by("at")
        )
        assert [(c.from_status, c.to_status) for c in changes] == [
            (renovation.status_before, U.RENOVATING),
            (U.RENOVATING, renovation.status_before),
        ]
        assert renovation.unit.status == renovation.status_before
        assert timezone.localtime(changes[1].at).date() == renovation.accepted_on
        assert not renovation.workers.filter(returned_at__isnull=True).exists()  # passes returned
    not_started = renovations(demo).filter(
        status__in=[S.DRAFT, S.SUBMITTED, S.REJECTED, S.APPROVED, S.WITHDRAWN]
    )
    assert U.RENOVATING not in set(not_started.values_list("unit__status", flat=True))
    assert not Unit.objects.filter(status=U.RENOVATING).exclude(project=demo).exists()


def test_daily_patrols_of_the_last_week_with_a_few_gaps(demo):
    today = timezone.localdate()
    week = board(demo, today, days=7)
    on_site = renovations(demo).filter(status__in=ON_SITE_STATUSES)
    assert {row.renovation.pk for row in week.rows} == set(on_site.values_list("pk", flat=True))
    past = [
        (department, patrol)
        for row in week.rows
        for cell in row.cells
        if cell["on_site"] and cell["day"] < today
        for department, patrol in cell["patrols"].items()
    ]
    gaps = [department for department, patrol in past if patrol is None]
    assert past and 1 <= len(gaps) <= len(past) // 10  # patrolled every day, but for a few rounds
    assert {department for department, patrol in past if patrol is not None} == set(Department.values)
    patrols = Patrol.objects.filter(renovation__project=demo)
    assert set(patrols.values_list("by__username", "department")) == {
        ("cs_assistant", Department.CUSTOMER_SERVICE),
        ("engineer", Department.ENGINEERING),
        ("security", Department.SECURITY),
    }
    assert not patrols.filter(at__gt=timezone.now()).exists()


def test_violations_penalties_and_a_hot_work_permit(demo):
    violations = Violation.objects.filter(renovation__project=demo)
    minor = violations.filter(severity=Severity.MINOR)
    assert minor.count() >= 2 and not minor.filter(action_taken="").exists()
    serious = violations.filter(severity=Severity.SERIOUS)
    assert all(v.number.startswith("WZ") and v.rectify_by for v in serious)
    proposed = serious.get(penalty_status=PenaltyStatus.PROPOSED)
    assert proposed.penalty_amount > 0 and proposed.owner_phoned_at is not None
    approved = serious.get(penalty_status=PenaltyStatus.APPROVED)
    assert approved.penalty_decided_by.username == "project_manager"
    assert approved.penalty_proposed_by_id != approved.penalty_decided_by_id
    assert approved.filed_owner_id == approved.renovation.owner_id
    assert approved.owner_signed_at and approved.company_signed_at and approved.rectified_at
    assert approved.patrol is not None and approved.patrol.hot_work_seen  # hot work with no permit
    permit = HotWorkPermit.objects.get(renovation__project=demo)
    in_window = Patrol.objects.filter(
        renovation=permit.renovation, hot_work_seen=True, at__gte=permit.starts_at, at__lt=permit.ends_at
    )
    assert in_window.exists() and not violations.filter(patrol__in=in_window).exists()


def test_deposits_held_equal_the_ledger(demo):
    """The renovation deposits are billing's deposits taken by the procedure: held while the
    renovation runs, refunded less the deduction when it closed; the fees are charged and paid."""
    items = {i.code: i for i in FeeItem.objects.filter(project=demo, code__in=FEE_ITEM_CODES.values())}
    assert set(items) == set(FEE_ITEM_CODES.values())
    assert not items[FEE_ITEM_CODES[FeeKind.MANAGEMENT]].billed_in_runs
    assert Tariff.objects.get(fee_item=items[FEE_ITEM_CODES[FeeKind.DEPOSIT]]).rate == Decimal("3000.00")
    with_deposit = renovations(demo).exclude(deposit=None)
    assert set(
        Deposit.objects.filter(project=demo, purpose="renovation").values_list("id", flat=True)
    ) == set(with_deposit.values_list("deposit_id", flat=True))
    held = Decimal(0)
    for renovation in with_deposit:
        deposit = renovation.deposit
        assert deposit.amount == Decimal("3000.00") and deposit.unit_id == renovation.unit_id
        assert renovation.fees.count() == len(FeeKind)
        for fee in renovation.fees.exclude(charge=None).select_related("charge"):
            assert fee.charge.allocated == fee.charge.amount == fee.amount  # paid at the window
        assert ledger_check(renovation.unit)
        if renovation.status == S.CLOSED:
            assert deposit_held(deposit) == 0 and deposit.closed_at is not None
        else:
            assert deposit_held(deposit) == deposit.amount and deposit.closed_at is None
            held += deposit.amount
    assert held == sum(
        (deposit_held(d) for d in Deposit.objects.filter(project=demo, purpose="renovation")), Decimal(0)
    )
    closed = renovations(demo).get(status=S.CLOSED)
    assert closed.refund.status == "approved" and closed.refund.deduction_total > 0
    assert closed.refund.refund_amount == closed.deposit.amount - closed.refund.deduction_total
    waiting = renovations(demo).get(status=S.REFUND_REQUESTED)
    assert waiting.refund.status == "requested"
    assert app.missing_sign_offs(waiting, SignOffStage.REFUND).keys() == {"centre_head"}
    for renovation in renovations(demo).filter(status__in=[S.DRAFT, S.SUBMITTED, S.REJECTED, S.WITHDRAWN]):
        assert renovation.deposit_id is None and not renovation.fees.exists()


def test_accepted_refundable_and_not_yet(demo):
    today = timezone.localdate()
    accepted = renovations(demo).filter(status=S.ACCEPTED)
    refundable = accepted.filter(refundable_on__lte=today)
    assert refundable.exists() and all(r.refundable_notified_at for r in refundable)
    assert accepted.filter(refundable_on__gt=today).exists()
    assert accepted.filter(inspections__passed=False).exists()  # inspected twice: failed, then passed
    assert renovations(demo).get(status=S.COMPLETION_REQUESTED).completion_agreed_at > timezone.now()


def test_a_second_run_adds_nothing(first_run, demo):
    assert "renovations" in first_run
    before = row_counts()
    assert before["renovation.Renovation"] and before["renovation.Patrol"]
    assert "already there" in load_demo()
    assert row_counts() == before
