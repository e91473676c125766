"""`manage.py load_demo`, issue 13: a day at the front desk and the notices, made through the
front-desk and notice services — visitors (some still inside), mail waiting and collected, stored
and lent items (one overdue each, one damaged and paid through billing), a shift hand-over
acknowledged and one waiting, release passes and notices in every state — and a second run
changes nothing."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wuye.billing.choices import ChargeSource
from wuye.billing.models import Charge
from wuye.demo.clock import moment
from wuye.estate.models import Project
from wuye.frontdesk.choices import (
    ConsentAnswer,
    LendableState,
    MailStatus,
    PassKind,
    PassStatus,
    ReturnOutcome,
    StorageStatus,
)
from wuye.frontdesk.models import (
    LendableItem,
    Loan,
    MailItem,
    OrdinaryMailLog,
    ReleasePass,
    ShiftEntry,
    ShiftHandover,
    StorageCheck,
    StoredItem,
    Subscription,
    Visitor,
)
from wuye.frontdesk.selectors_passes import flag_passes
from wuye.frontdesk.selectors_shift_custody import LOAN, MAIL, PASS, STORAGE, custody
from wuye.frontdesk.selectors_visitors_mail import visitors_inside
from wuye.frontdesk.services.passes import gate_check
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import published_notices, to_take_down

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def office(first_run, db):
    return Project.objects.get(code="guomao")


def test_visitors_of_today_some_still_inside(demo, office):
    today = timezone.localdate()
    for project in (demo, office):
        visitors = Visitor.objects.filter(project=project)
        inside = visitors_inside(visitors)
        assert inside.count() >= 3
        assert {timezone.localtime(v.in_at).date() for v in inside} == {today}
        assert visitors.filter(in_at__date__lt=today, out_at__isnull=False).exists()  # yesterday's left
        assert not visitors.filter(in_at__gt=timezone.now()).exists()
        for visitor in visitors.exclude(out_at=None):
            assert visitor.host_confirmed_at <= visitor.in_at <= visitor.out_at


def test_mail_received_told_collected_and_waiting(demo):
    today = timezone.localdate()
    mail = MailItem.objects.filter(project=demo)
    waiting = mail.filter(status=MailStatus.WAITING)
    earlier = waiting.filter(received_at__lt=moment(today, 0))
    assert earlier.count() >= 3 and not earlier.filter(notified_at=None).exists()  # uncollected, told
    assert waiting.filter(unit__code="1-1-1201").exists()  # the owner login's parcel
    assert waiting.filter(notified_at=None).exists()  # just in
    collected = mail.filter(status=MailStatus.COLLECTED)
    assert collected.filter(received_at__date=today).exists()
    assert not collected.filter(signed=False).exists()
    by_other = collected.filter(collector_is_recipient=False, for_management=False)
    assert by_other.exists() and not by_other.filter(collector_id_number="").exists()
    assert mail.filter(for_management=True, status=MailStatus.COLLECTED).exists()
    assert mail.filter(status=MailStatus.RETURNED).exclude(returned_at=None).exists()
    assert OrdinaryMailLog.objects.filter(project=demo).count() == 7
    assert Subscription.objects.filter(project=demo).count() >= 10


def test_storage_with_an_overdue_item_and_the_daily_checks(demo):
    now = timezone.now()
    items = StoredItem.objects.filter(project=demo)
    stored = items.filter(status=StorageStatus.STORED)
    overdue = stored.filter(expected_pickup_at__lt=now)
    assert overdue.count() == 1 and overdue.get().contacted_at is not None
    assert stored.filter(expected_pickup_at__gt=now).exists()
    picked = items.filter(status=StorageStatus.PICKED_UP)
    assert picked.count() == 2 and not picked.filter(picker_id_number="").exists()
    checks = StorageCheck.objects.filter(project=demo)
    assert checks.count() == 6
    assert all(check.items_found == check.items_expected for check in checks)  # nothing missing
    assert sum(check.items_expected for check in checks) > 0


def test_lending_overdue_damaged_through_billing_and_lost(demo):
    now = timezone.now()
    items = {i.code: i for i in LendableItem.objects.filter(project=demo)}
    assert {"YS-01", "TC-01", "GJ-01"} <= set(items)
    assert {i.state for i in items.values()} >= {
        LendableState.AVAILABLE,
        LendableState.LENT,
        LendableState.REPAIR,
        LendableState.RETIRED,
    }
    loans = Loan.objects.filter(item__project=demo)
    out = loans.filter(returned_at=None)
    assert out.filter(due_back_at__lt=now).get().item.code == "TC-01"
    assert out.filter(due_back_at__gt=now).exists()
    damaged = loans.get(outcome=ReturnOutcome.DAMAGED)
    assert damaged.compensation == damaged.item.original_price == Decimal("150.00")
    charge = Charge.objects.get(pk=damaged.charge_id)
    assert charge.source == ChargeSource.FRONT_DESK and charge.unit_id == damaged.unit_id
    assert charge.amount == damaged.compensation and charge.allocated == charge.amount  # paid
    lost = loans.get(outcome=ReturnOutcome.LOST)
    assert lost.unit_id is None and lost.walk_in_payment_id is not None
    assert lost.item.state == LendableState.AVAILABLE  # replaced


def test_shift_log_one_acknowledged_one_waiting(demo, office):
    for project in (demo, office):
        handovers = ShiftHandover.objects.filter(project=project)
        waiting = handovers.filter(acknowledged_at=None)
        assert waiting.count() == 1
        acknowledged = handovers.exclude(acknowledged_at=None)
        assert acknowledged.exists()
        assert not acknowledged.filter(acknowledged_by=F("handed_by")).exists()
    entries = ShiftEntry.objects.filter(project=demo)
    open_entries = entries.filter(closed_at=None)
    assert open_entries.exists() and entries.exclude(closed_at=None).exists()
    last = ShiftHandover.objects.get(project=demo, acknowledged_at=None)
    assert set(open_entries.values_list("pk", flat=True)) <= set(last.entries.values_list("pk", flat=True))


def test_release_passes_in_every_state(demo, office):
    today = timezone.localdate()
    passes = ReleasePass.objects.filter(project=demo).select_related("project", "unit")
    assert set(passes.values_list("status", flat=True)) == set(PassStatus.values)
    moving = passes.get(kind=PassKind.MOVING_OUT)
    assert moving.status == PassStatus.USED and moving.valid_on == today
    assert moving.consent_answer == ConsentAnswer.AGREED and moving.released_by.username == "security"
    assert gate_check(moving).code == "pass_used"  # a second release is refused
    valid = passes.get(status=PassStatus.APPROVED)
    assert valid.valid_on == today and gate_check(valid) is None
    assert gate_check(passes.get(status=PassStatus.EXPIRED)).code == "pass_expired"
    cancelled = passes.get(status=PassStatus.CANCELLED)
    assert cancelled.cancel_reason and gate_check(cancelled).code == "pass_cancelled"
    draft = passes.get(status=PassStatus.DRAFT)
    assert draft.consent_answer == ConsentAnswer.UNREACHABLE and draft.valid_on == today
    assert any(p.flagged for p in flag_passes(passes.filter(kind=PassKind.TEMPORARY)))
    numbers = list(passes.order_by("created_at", "id").values_list("number", flat=True))
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert ReleasePass.objects.filter(project=office, status=PassStatus.USED).exists()


def test_the_custody_view_shows_what_the_desk_holds(demo):
    view = custody(demo)
    for kind in (MAIL, STORAGE, LOAN, PASS):
        assert view.counts[kind]["count"] > 0, kind
    for kind in (MAIL, STORAGE, LOAN):
        assert view.counts[kind]["overdue"] > 0, kind


def test_notices_in_every_state(demo, office):
    notices = Notice.objects.filter(project=demo)
    assert set(notices.values_list("status", flat=True)) == set(NoticeStatus.values)
    numbered = notices.exclude(serial=None).order_by("approved_at")
    for year in set(numbered.values_list("year", flat=True)):  # continuous, in the order of approval
        serials = list(numbered.filter(year=year).values_list("serial", flat=True))
        assert serials == list(range(1, len(serials) + 1))
    assert not notices.exclude(approved_by=None).filter(approved_by=F("drafted_by")).exists()
    shown = published_notices(demo)
    assert shown.count() >= 2 and not shown.exclude(kind=NoticeKind.PUBLIC).exists()
    assert to_take_down(notices).count() == 1
    assert notices.filter(status=NoticeStatus.RETIRED).exclude(taken_down_at=None).exists()
    assert notices.exclude(archive_copy_at=None).exists()
    individual = notices.get(kind=NoticeKind.INDIVIDUAL)
    assert individual.status == NoticeStatus.PUBLISHED and individual.requires_signature
    assert individual.deliveries.filter(signed=True).exists()
    assert notices.get(status=NoticeStatus.REJECTED).rejection_reason
    assert notices.get(status=NoticeStatus.APPROVED).starts_on > timezone.localdate()
    assert published_notices(office).exists() and Notice.objects.filter(project=office).count() == 3


def test_a_second_run_adds_nothing(first_run, demo):
    assert "visitors" in first_run and "notices" in first_run
    before = row_counts()
    assert before["frontdesk.ReleasePass"] and before["notices.Notice"]
    assert "already there" in load_demo()
    assert row_counts() == before
