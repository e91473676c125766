"""Every rule and refusal of the supervision of renovations, at the service level (seed 000 §2
step 13, spec 04 "Supervision"): patrols, hot work, violations and their notice, penalties,
hot-work permits, the board and the morning digest of patrol gaps."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext as _

from wuye.accounts.models import RoleAssignment
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.roles import Role
from wuye.notifications.models import Notification
from wuye.renovation.choices import Department, PenaltyStatus, RenovationStatus, Severity
from wuye.renovation.models import HotWorkPermit, Patrol, Violation
from wuye.renovation.pdf_notice import violation_notice_pdf
from wuye.renovation.selectors_board import board, patrol_gaps
from wuye.renovation.services import supervision as services
from wuye.renovation.tests.factories_supervision import Site, local

pytestmark = pytest.mark.django_db

NOW = local(2026, 11, 20, 15, 0)
COPIES_EN = ("Owner's copy", "Renovation company's copy", "Management office archive copy")
CS, ENG, SEC = Department.CUSTOMER_SERVICE, Department.ENGINEERING, Department.SECURITY


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def site():
    return Site()


@pytest.fixture
def reno(site):
    return site.renovation(started_at=local(2026, 11, 10, 9))


def _patrol(site, reno, user=None, **kwargs):
    return services.patrol_record(renovation=reno, acting_user=user or site.engineer, **kwargs)


def _serious(site, reno, **kwargs):
    values = {
        "severity": Severity.SERIOUS,
        "rule": "禁止拆改承重墙",
        "description": "拆除承重墙",
        "rectify_by": dt.date(2026, 11, 25),
    }
    values.update(kwargs)
    return services.violation_record(renovation=reno, acting_user=site.guard, **values)


# --- patrols ----------------------------------------------------------------------------------------


def test_patrol_is_recorded_for_the_acting_users_department(site, reno):
    patrol = _patrol(site, reno, findings="", at=local(2026, 11, 20, 9, 30))
    assert (patrol.department, patrol.day, patrol.by) == (ENG, dt.date(2026, 11, 20), site.engineer)
    assert patrol.all_in_order and not patrol.violations.exists()


def test_second_patrol_of_a_department_on_the_same_day_is_refused_naming_the_first(site, reno):
    first = _patrol(site, reno, at=local(2026, 11, 20, 9))
    with pytest.raises(BusinessRuleError) as exc:
        _patrol(site, reno, user=site.engineering_head, at=local(2026, 11, 20, 14))
    assert exc.value.code == "patrol_already_recorded"
    assert exc.value.fields["existing_patrol"] == [str(first.pk)]
    assert "09:00" in exc.value.message
    # other departments, and the same department another day, are separate patrols
    _patrol(site, reno, user=site.guard, at=local(2026, 11, 20, 10))
    _patrol(site, reno, user=site.cs, at=local(2026, 11, 20, 11))
    _patrol(site, reno, at=local(2026, 11, 19, 9))
    assert Patrol.objects.filter(renovation=reno).count() == 4


@pytest.mark.parametrize(
    "status",
    [
        RenovationStatus.DRAFT,
        RenovationStatus.APPROVED,
        RenovationStatus.ACCEPTED,
        RenovationStatus.CLOSED,
    ],
)
def test_patrol_only_while_the_work_is_on_site(site, status):
    reno = site.renovation(status=status)
    with pytest.raises(BusinessRuleError) as exc:
        _patrol(site, reno)
    assert exc.value.code == "renovation_not_on_site"


def test_patrol_also_while_completion_acceptance_is_awaited(site):
    reno = site.renovation(status=RenovationStatus.COMPLETION_REQUESTED)
    assert _patrol(site, reno).pk


def test_patrol_needs_the_patrol_permission(site, reno):
    with pytest.raises(PermissionDeniedError):
        _patrol(site, reno, user=site.cashier)
    with pytest.raises(PermissionDeniedError):
        _patrol(site, reno, user=site.manager)


def test_patrol_for_a_department_one_does_not_work_for_is_refused(site, reno):
    with pytest.raises(BusinessRuleError) as exc:
        _patrol(site, reno, user=site.guard, department=ENG)
    assert exc.value.code == "not_your_department"


def test_patrol_not_in_order_needs_the_findings(site, reno):
    with pytest.raises(ValidationError) as exc:
        _patrol(site, reno, all_in_order=False)
    assert "findings" in exc.value.message_dict


def test_patrol_cannot_be_in_the_future_or_before_the_work_started(site, reno):
    with pytest.raises(BusinessRuleError) as exc:
        _patrol(site, reno, at=NOW + dt.timedelta(hours=2))
    assert exc.value.code == "event_in_future"
    with pytest.raises(BusinessRuleError) as exc:
        _patrol(site, reno, at=local(2026, 11, 9, 9))
    assert exc.value.code == "event_before_previous_step"


# --- hot work ---------------------------------------------------------------------------------------


def _permit(site, reno, starts_at, ends_at, user=None, **kwargs):
    return services.hot_work_permit_issue(
        renovation=reno,
        acting_user=user or site.engineer,
        work="焊接阳台栏杆",
        starts_at=starts_at,
        ends_at=ends_at,
        precautions="配灭火器两具，专人看火",
        **kwargs,
    )


def test_hot_work_outside_every_permit_window_is_recorded_as_a_serious_violation(
    site, reno, django_capture_on_commit_callbacks
):
    _permit(site, reno, local(2026, 11, 20, 8), local(2026, 11, 20, 12))
    with django_capture_on_commit_callbacks(execute=True):
        patrol = _patrol(site, reno, user=site.guard, at=local(2026, 11, 20, 13), hot_work_seen=True)
    violation = Violation.objects.get(patrol=patrol)
    assert violation.severity == Severity.SERIOUS
    assert violation.number == "WZ2026-0001"
    assert violation.rule == _("Hot work outside the permit window")
    assert (violation.department, violation.found_by) == (SEC, site.guard)
    assert violation.rectify_by == dt.date(2026, 11, 20)
    assert not patrol.all_in_order
    # the customer-service head hears of it
    assert Notification.objects.filter(recipient=site.cs_head, kind="renovation_violation").exists()


def test_hot_work_inside_a_permit_window_is_no_violation(site, reno):
    _permit(site, reno, local(2026, 11, 20, 8), local(2026, 11, 20, 12))
    _patrol(site, reno, user=site.guard, at=local(2026, 11, 20, 10), hot_work_seen=True)
    assert not Violation.objects.exists()


def test_hot_work_under_a_cancelled_permit_is_a_violation(site, reno):
    permit = _permit(site, reno, local(2026, 11, 20, 8), local(2026, 11, 20, 18))
    services.hot_work_permit_cancel(permit=permit, acting_user=site.engineer, at=local(2026, 11, 20, 9))
    with pytest.raises(BusinessRuleError) as exc:
        services.hot_work_permit_cancel(permit=permit, acting_user=site.engineer)
    assert exc.value.code == "permit_cancelled"
    _patrol(site, reno, user=site.guard, at=local(2026, 11, 20, 10), hot_work_seen=True)
    assert Violation.objects.get().severity == Severity.SERIOUS


def test_materials_consent_does_not_cover_hot_work(site, reno):
    _permit(site, reno, local(2026, 11, 20, 8), local(2026, 11, 20, 18), kind="materials")
    _patrol(site, reno, user=site.guard, at=local(2026, 11, 20, 10), hot_work_seen=True)
    assert Violation.objects.count() == 1


def test_permit_is_numbered_and_records_who_approved_it(site, reno):
    permit = _permit(site, reno, local(2026, 11, 21, 8), local(2026, 11, 21, 12), fire_watch="李四")
    assert permit.number == "DH2026-0001" and permit.approved_by == site.engineer
    assert permit.history.count() == 1


def test_permit_window_must_end_after_it_starts_and_list_precautions(site, reno):
    with pytest.raises(ValidationError) as exc:
        _permit(site, reno, local(2026, 11, 21, 12), local(2026, 11, 21, 8))
    assert "ends_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.hot_work_permit_issue(
            renovation=reno,
            acting_user=site.engineer,
            work="焊接",
            starts_at=local(2026, 11, 21, 8),
            ends_at=local(2026, 11, 21, 12),
            precautions="  ",
        )
    assert "precautions" in exc.value.message_dict


def test_permit_may_be_issued_once_approved_but_not_before(site):
    approved = site.renovation(status=RenovationStatus.APPROVED)
    assert _permit(site, approved, local(2026, 11, 21, 8), local(2026, 11, 21, 12)).pk
    draft = site.renovation(status=RenovationStatus.DRAFT)
    with pytest.raises(BusinessRuleError) as exc:
        _permit(site, draft, local(2026, 11, 21, 8), local(2026, 11, 21, 12))
    assert exc.value.code == "renovation_not_on_site"


def test_permit_needs_the_issue_permit_permission(site, reno):
    with pytest.raises(PermissionDeniedError):
        _permit(site, reno, local(2026, 11, 21, 8), local(2026, 11, 21, 12), user=site.guard)
    assert _permit(site, reno, local(2026, 11, 21, 8), local(2026, 11, 21, 12), user=site.security_head)


# --- violations -------------------------------------------------------------------------------------


def test_minor_violation_needs_the_action_taken_and_gets_no_notice_number(site, reno):
    with pytest.raises(ValidationError) as exc:
        services.violation_record(
            renovation=reno,
            acting_user=site.cs,
            severity=Severity.MINOR,
            rule="施工时间",
            description="午休施工",
        )
    assert "action_taken" in exc.value.message_dict
    minor = services.violation_record(
        renovation=reno,
        acting_user=site.cs,
        severity=Severity.MINOR,
        rule="施工时间",
        description="午休时间施工",
        action_taken="口头警告，已停工",
    )
    assert minor.number == "" and minor.rectify_by is None and minor.department == CS


def test_serious_violation_gets_a_notice_number_and_needs_a_rectification_date(site, reno):
    with pytest.raises(ValidationError) as exc:
        _serious(site, reno, rectify_by=None)
    assert "rectify_by" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _serious(site, reno, rectify_by=dt.date(2026, 11, 1))
    assert "rectify_by" in exc.value.message_dict
    first, second = _serious(site, reno), _serious(site, reno)
    assert (first.number, second.number) == ("WZ2026-0001", "WZ2026-0002")


def test_violation_names_a_patrol_of_the_same_renovation_only(site, reno):
    other = site.renovation(started_at=local(2026, 11, 10, 9))
    patrol = _patrol(site, other, user=site.guard)
    with pytest.raises(ValidationError) as exc:
        _serious(site, reno, patrol=patrol)
    assert "patrol" in exc.value.message_dict


def test_violation_only_on_site_and_with_the_permission(site, reno):
    with pytest.raises(PermissionDeniedError):
        services.violation_record(
            renovation=reno,
            acting_user=site.cashier,
            severity=Severity.MINOR,
            rule="x",
            description="y",
            action_taken="z",
        )
    with pytest.raises(BusinessRuleError) as exc:
        _serious(site, site.renovation(status=RenovationStatus.ACCEPTED))
    assert exc.value.code == "renovation_not_on_site"


def test_company_is_phoned_only_after_the_owner(site, reno):
    violation = _serious(site, reno, at=local(2026, 11, 20, 10))
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_phone(violation=violation, party="company", acting_user=site.cs)
    assert exc.value.code == "owner_not_phoned"
    services.violation_phone(
        violation=violation,
        party="owner",
        acting_user=site.cs,
        note="业主表示理解",
        at=local(2026, 11, 20, 11),
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_phone(violation=violation, party="owner", acting_user=site.cs)
    assert exc.value.code == "already_phoned"
    with pytest.raises(BusinessRuleError) as exc:  # not before the owner's call
        services.violation_phone(
            violation=violation, party="company", acting_user=site.cs, at=local(2026, 11, 20, 10, 59)
        )
    assert exc.value.code == "event_before_previous_step"
    services.violation_phone(violation=violation, party="company", acting_user=site.cs)
    violation.refresh_from_db()
    assert violation.owner_phoned_at < violation.company_phoned_at
    assert violation.owner_phone_note == "业主表示理解"


def test_both_parties_sign_after_their_call(site, reno):
    violation = _serious(site, reno)
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_sign(violation=violation, party="owner", acting_user=site.cs)
    assert exc.value.code == "not_phoned"
    services.violation_phone(violation=violation, party="owner", acting_user=site.cs)
    services.violation_sign(violation=violation, party="owner", acting_user=site.cs)
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_sign(violation=violation, party="owner", acting_user=site.cs)
    assert exc.value.code == "already_signed"
    services.violation_phone(violation=violation, party="company", acting_user=site.cs)
    services.violation_sign(violation=violation, party="company", acting_user=site.cs)
    violation.refresh_from_db()
    assert violation.owner_signed_at and violation.company_signed_at
    with pytest.raises(ValidationError):
        services.violation_sign(violation=violation, party="neighbour", acting_user=site.cs)


def test_minor_violation_has_no_calls_or_signatures(site, reno):
    minor = services.violation_record(
        renovation=reno,
        acting_user=site.cs,
        severity=Severity.MINOR,
        rule="施工时间",
        description="午休时间施工",
        action_taken="口头警告",
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_phone(violation=minor, party="owner", acting_user=site.cs)
    assert exc.value.code == "violation_not_serious"


def test_rectified_once_with_a_note(site, reno):
    violation = _serious(site, reno)
    with pytest.raises(ValidationError):
        services.violation_rectified(violation=violation, acting_user=site.guard, note="")
    services.violation_rectified(violation=violation, acting_user=site.guard, note="已恢复承重墙")
    with pytest.raises(BusinessRuleError) as exc:
        services.violation_rectified(violation=violation, acting_user=site.guard, note="again")
    assert exc.value.code == "already_rectified"
    assert violation.history.count() == 2


# --- penalties --------------------------------------------------------------------------------------


def test_penalty_amount_must_be_positive_with_the_clause(site, reno):
    violation = _serious(site, reno)
    with pytest.raises(ValidationError) as exc:
        services.penalty_propose(violation=violation, amount=Decimal("0"), rule="", acting_user=site.cs)
    assert {"amount", "rule"} <= set(exc.value.message_dict)


def test_penalty_only_on_a_serious_violation(site, reno):
    minor = services.violation_record(
        renovation=reno,
        acting_user=site.cs,
        severity=Severity.MINOR,
        rule="施工时间",
        description="午休时间施工",
        action_taken="口头警告",
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.penalty_propose(violation=minor, amount=Decimal("200"), rule="第5条", acting_user=site.cs)
    assert exc.value.code == "violation_not_serious"


def test_approved_penalty_is_filed_in_the_owners_archive(site, reno, django_capture_on_commit_callbacks):
    violation = _serious(site, reno)
    with django_capture_on_commit_callbacks(execute=True):
        services.penalty_propose(
            violation=violation, amount=Decimal("500.00"), rule="协议第8条", acting_user=site.cs
        )
    assert Notification.objects.filter(recipient=site.manager, kind="renovation_penalty").exists()
    services.penalty_decide(violation=violation, approve=True, acting_user=site.manager, comment="同意")
    violation.refresh_from_db()
    assert violation.penalty_status == PenaltyStatus.APPROVED
    assert violation.filed_owner == reno.owner
    assert violation.penalty_decided_by == site.manager
    assert list(reno.owner.renovation_penalties.all()) == [violation]
    # an approved penalty is final
    with pytest.raises(BusinessRuleError) as exc:
        services.penalty_propose(violation=violation, amount=Decimal("1"), rule="x", acting_user=site.cs)
    assert exc.value.code == "penalty_transition_forbidden"


def test_proposer_cannot_approve_their_own_penalty(site, reno):
    both = site.manager
    RoleAssignment.objects.create(user=both, project=site.project, role=Role.CS_SUPERVISOR)
    violation = _serious(site, reno)
    services.penalty_propose(violation=violation, amount=Decimal("300"), rule="协议第8条", acting_user=both)
    with pytest.raises(PermissionDeniedError) as exc:
        services.penalty_decide(violation=violation, approve=True, acting_user=both)
    assert exc.value.code == "self_approval_forbidden"
    violation.refresh_from_db()
    assert violation.penalty_status == PenaltyStatus.PROPOSED and violation.filed_owner is None


def test_only_the_project_manager_decides_a_penalty(site, reno):
    violation = _serious(site, reno)
    services.penalty_propose(
        violation=violation, amount=Decimal("300"), rule="协议第8条", acting_user=site.cs
    )
    for user in (site.cs_head, site.engineering_head):
        with pytest.raises(PermissionDeniedError):
            services.penalty_decide(violation=violation, approve=True, acting_user=user)


def test_rejected_penalty_needs_a_reason_and_may_be_proposed_again(
    site, reno, django_capture_on_commit_callbacks
):
    violation = _serious(site, reno)
    with pytest.raises(BusinessRuleError) as exc:  # nothing proposed yet
        services.penalty_decide(violation=violation, approve=True, acting_user=site.manager)
    assert exc.value.code == "penalty_transition_forbidden"
    services.penalty_propose(
        violation=violation, amount=Decimal("300"), rule="协议第8条", acting_user=site.cs
    )
    with pytest.raises(ValidationError):
        services.penalty_decide(violation=violation, approve=False, acting_user=site.manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.penalty_decide(
            violation=violation, approve=False, acting_user=site.manager, comment="金额过高"
        )
    violation.refresh_from_db()
    assert violation.penalty_status == PenaltyStatus.REJECTED and violation.filed_owner is None
    assert Notification.objects.filter(recipient=site.cs, kind="renovation_penalty").exists()
    services.penalty_propose(
        violation=violation, amount=Decimal("100"), rule="协议第8条", acting_user=site.cs
    )
    violation.refresh_from_db()
    assert violation.penalty_status == PenaltyStatus.PROPOSED and violation.penalty_decided_by is None


# --- the notice -------------------------------------------------------------------------------------


def test_notice_pdf_has_three_copies(site, reno):
    violation = _serious(site, reno)
    violation = services.penalty_propose(
        violation=violation, amount=Decimal("500"), rule="协议第8条", acting_user=site.cs
    )
    content = violation_notice_pdf(violation)
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: run scripts/ensure-poppler.sh")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    pages = [page.replace(" ", "") for page in text.decode().split("\f") if page.strip()]
    assert len(pages) == 3
    with translation.override("zh-hans"):
        title = _("Rectification notice").replace(" ", "")
        copies = [_(copy).replace(" ", "") for copy in COPIES_EN]
    for page, copy in zip(pages, copies, strict=True):
        assert title in page and copy in page
        assert violation.number in page and "500" in page and reno.unit.code in page


# --- the board and the gaps -------------------------------------------------------------------------


def test_board_shows_each_renovation_department_and_day_with_gaps(site, reno, django_assert_num_queries):
    late = site.renovation(started_at=local(2026, 11, 19, 16))
    site.renovation(
        started_at=local(2026, 11, 1, 9), status=RenovationStatus.ACCEPTED, accepted_on=dt.date(2026, 11, 18)
    )
    site.renovation(
        started_at=local(2026, 11, 1, 9), status=RenovationStatus.ACCEPTED, accepted_on=dt.date(2026, 11, 10)
    )
    p1 = _patrol(site, reno, at=local(2026, 11, 20, 9))
    p2 = _patrol(site, late, user=site.guard, at=local(2026, 11, 19, 17))
    with django_assert_num_queries(2):
        result = board(site.project, dt.date(2026, 11, 20), days=3)
    assert result.days == [dt.date(2026, 11, 18), dt.date(2026, 11, 19), dt.date(2026, 11, 20)]
    rows = {row.renovation.pk: row for row in result.rows}
    assert set(rows) == {reno.pk, late.pk}  # accepted on the first day: on site on none of them
    assert rows[reno.pk].cells[2]["patrols"] == {CS: None, ENG: p1.pk, SEC: None}
    assert rows[reno.pk].gaps == 3 * 3 - 1
    assert [cell["on_site"] for cell in rows[late.pk].cells] == [False, True, True]
    assert rows[late.pk].cells[1]["patrols"][SEC] == p2.pk and rows[late.pk].gaps == 6 - 1
    assert result.gaps == 8 + 5
    assert result.gaps_by_department() == {CS: 5, ENG: 4, SEC: 4}


def test_board_query_count_does_not_grow(site, django_assert_num_queries):
    for _index in range(6):
        reno = site.renovation(started_at=local(2026, 11, 1, 9))
        _patrol(site, reno, at=local(2026, 11, 18, 9))
    with django_assert_num_queries(2):
        result = board(site.project, dt.date(2026, 11, 20))
    assert len(result.rows) == 6


def test_gaps_of_a_day_by_project_and_department(site, reno):
    other = Site()
    elsewhere = other.renovation(started_at=local(2026, 11, 10, 9))
    _patrol(site, reno, at=local(2026, 11, 19, 9))
    _patrol(site, reno, user=site.cs, at=local(2026, 11, 19, 9))
    gaps = patrol_gaps(dt.date(2026, 11, 19))
    assert gaps == {
        (site.project.pk, SEC): [reno],
        (other.project.pk, CS): [elsewhere],
        (other.project.pk, ENG): [elsewhere],
        (other.project.pk, SEC): [elsewhere],
    }


def test_gap_digest_goes_to_each_department_head_once(site, reno):
    site.renovation(started_at=local(2026, 11, 10, 9))
    _patrol(site, reno, at=local(2026, 11, 19, 9))  # engineering patrolled one of two
    other = Site()
    other.renovation(started_at=local(2026, 11, 25, 9))  # not yet started on the 19th: no gaps
    assert services.patrol_gaps_digest() == 3  # yesterday = 2026-11-19
    digests = Notification.objects.filter(kind="renovation_patrol_gaps")
    by_head = {n.recipient_id: n for n in digests}
    assert set(by_head) == {site.cs_head.pk, site.engineering_head.pk, site.security_head.pk}
    assert reno.unit.code not in by_head[site.engineering_head.pk].body
    assert reno.unit.code in by_head[site.security_head.pk].body
    assert "2026-11-19" in by_head[site.cs_head.pk].title
    # idempotent, from the command as well
    assert services.patrol_gaps_digest() == 0
    call_command("renovation_patrol_gaps", "--date", "2026-11-19")
    assert digests.count() == 3
    # another day is another digest
    assert services.patrol_gaps_digest(day=dt.date(2026, 11, 18)) == 3


def test_gap_digest_command_with_a_date(site, reno, capsys):
    call_command("renovation_patrol_gaps", "--date", "2026-11-12")
    assert "3 patrol-gap notifications" in capsys.readouterr().out


def test_the_owners_archive_page_shows_the_renovation_and_the_approved_penalty(site, reno, client):
    violation = _serious(site, reno)
    services.penalty_propose(
        violation=violation, amount=Decimal("500.00"), rule="协议第8条", acting_user=site.cs
    )
    client.force_login(site.cs)
    page = client.get(f"/owners/{reno.owner_id}/").content.decode()
    assert 'data-archive-section="renovation"' in page and reno.number in page
    assert "协议第8条" not in page  # only proposed: not filed yet
    services.penalty_decide(violation=violation, approve=True, acting_user=site.manager, comment="同意")
    page = client.get(f"/owners/{reno.owner_id}/").content.decode()
    assert "协议第8条" in page and "500.00" in page


def test_permit_window_is_short_and_in_plausible_years(site, reno):
    start = local(2026, 11, 21, 9)
    with pytest.raises(ValidationError) as exc:
        _permit(site, reno, start, start + dt.timedelta(days=8))
    assert "ends_at" in exc.value.message_dict
    ancient = dt.datetime(305, 10, 29, 13, 51, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as exc:
        _permit(site, reno, ancient, ancient + dt.timedelta(hours=2))
    assert set(exc.value.message_dict) == {"starts_at", "ends_at"}
    assert not HotWorkPermit.objects.filter(renovation=reno).exists()
