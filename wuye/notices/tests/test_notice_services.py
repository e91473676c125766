"""Notices (seed 000 §15): every rule at the service level — content and posting places, numbering
continuous per project and year, approval by the project manager and never the drafter, publication
only when approved and within the dates, retirement at the end date and the take-down list,
individual delivery with signature, the archive copy."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.notices import services
from wuye.notices.choices import DEFAULT_POSTING_PLACES, NoticeStatus
from wuye.notices.selectors import posting_places, published_notices, to_take_down
from wuye.notices.tests.factories import Board

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def board():
    return Board()


# --- drafting ------------------------------------------------------------------------------------


def test_a_draft_names_everything_missing(board):
    with pytest.raises(ValidationError) as exc:
        services.notice_create(
            project=board.project,
            title=" ",
            body="",
            starts_on=None,
            ends_on=None,
            acting_user=board.assistant,
        )
    assert set(exc.value.message_dict) == {"title", "body", "starts_on", "ends_on", "posting_places"}


def test_end_date_not_before_start(board):
    with pytest.raises(ValidationError) as exc:
        board.draft(ends_on=board.today - DAY)
    assert exc.value.message_dict["ends_on"] == [_("The end date cannot be before the start date.")]


def test_posting_only_at_the_designated_places(board):
    with pytest.raises(ValidationError) as exc:
        board.draft(posting_places=["电线杆"])
    assert "电线杆" in exc.value.message_dict["posting_places"][0]
    board.project.settings = {"notices": {"posting_places": ["1栋大堂", "2栋大堂"]}}
    board.project.save()
    assert posting_places(board.project) == ["1栋大堂", "2栋大堂"]
    notice = board.draft(posting_places=["2栋大堂", "2栋大堂"])
    assert notice.posting_places == ["2栋大堂"]
    with pytest.raises(ValidationError):
        board.draft(posting_places=[DEFAULT_POSTING_PLACES[0]])  # no longer designated here


def test_a_notice_to_one_customer_names_a_unit_of_the_project(board):
    other = Board()
    with pytest.raises(ValidationError) as exc:
        board.draft(kind="individual", posting_places=[])
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        board.draft(kind="individual", unit=other.unit)
    assert exc.value.message_dict["unit"] == [_("The unit is not in this project.")]
    notice = board.individual()
    assert notice.requires_signature and notice.posting_places == []
    assert notice.issuing_department == "客户服务中心"


def test_only_the_desk_drafts(board):
    with pytest.raises(PermissionDeniedError):
        board.draft(by=board.guard)
    with pytest.raises(PermissionDeniedError):
        board.draft(by=board.manager)


def test_submission_needs_proofreading(board):
    notice = board.draft()
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_submit(notice=notice, acting_user=board.assistant, proofread=False)
    assert exc.value.code == "notice_not_proofread"
    notice = services.notice_submit(notice=notice, acting_user=board.assistant, proofread=True)
    assert notice.status == NoticeStatus.SUBMITTED and notice.submitted_by == board.assistant
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_update(notice=notice, acting_user=board.assistant, title="新标题")
    assert exc.value.code == "notice_not_editable"


# --- approval and numbering ---------------------------------------------------------------------


def test_the_drafter_never_approves(board):
    both = board.both_roles()
    notice = board.draft(by=both)
    services.notice_submit(notice=notice, acting_user=both, proofread=True)
    for call in (
        lambda: services.notice_approve(notice=notice, acting_user=both),
        lambda: services.notice_reject(notice=notice, acting_user=both, reason="x"),
    ):
        with pytest.raises(PermissionDeniedError) as exc:
            call()
        assert exc.value.code == "self_approval_forbidden"
    with pytest.raises(PermissionDeniedError) as exc:  # an assistant is no approver
        services.notice_approve(notice=notice, acting_user=board.assistant2)
    assert exc.value.code == "permission_denied"
    notice = services.notice_approve(notice=notice, acting_user=board.manager)
    assert notice.status == NoticeStatus.APPROVED and notice.approved_by == board.manager


def test_nothing_is_approved_before_it_is_submitted(board):
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_approve(notice=board.draft(), acting_user=board.manager)
    assert exc.value.code == "notice_wrong_status"


def test_numbers_are_continuous_per_project_and_year(board):
    other = Board()
    year = board.today.year
    first = board.approved()
    sent_back = board.submitted()
    services.notice_reject(notice=sent_back, acting_user=board.manager, reason="日期有误")
    never_submitted = board.draft()
    other_first = other.approved()
    second = board.approved()
    assert first.number == f"〔{year}〕第 001 号"
    assert second.number == f"〔{year}〕第 002 号"
    assert other_first.number == f"〔{year}〕第 001 号"
    sent_back.refresh_from_db()
    never_submitted.refresh_from_db()
    assert sent_back.number == never_submitted.number == ""  # no number used, no gap
    with time_machine.travel(dt.datetime(year + 1, 1, 2, 10, tzinfo=timezone.get_current_timezone())):
        board.today = timezone.localdate()
        next_year = board.approved()
    assert next_year.number == f"〔{year + 1}〕第 001 号"


def test_a_sent_back_notice_goes_back_to_draft_when_changed(board):
    notice = board.submitted()
    with pytest.raises(ValidationError) as exc:
        services.notice_reject(notice=notice, acting_user=board.manager, reason=" ")
    assert "reason" in exc.value.message_dict
    notice = services.notice_reject(notice=notice, acting_user=board.manager, reason="落款有误")
    assert notice.status == NoticeStatus.REJECTED and notice.rejection_reason == "落款有误"
    with pytest.raises(BusinessRuleError):
        services.notice_publish(notice=notice, acting_user=board.assistant)
    notice = services.notice_update(notice=notice, acting_user=board.assistant, title="更正后的通知")
    assert notice.status == NoticeStatus.DRAFT and not notice.proofread
    notice = board.approved(notice)
    assert notice.number.endswith("第 001 号")
    statuses = list(notice.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "rejected", "draft", "submitted", "approved"]


def test_submission_and_decision_tell_the_people_concerned(board, django_capture_on_commit_callbacks):
    from wuye.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        notice = board.submitted()
    assert Notification.objects.filter(recipient=board.manager, kind="notice_submitted").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_approve(notice=notice, acting_user=board.manager)
    assert Notification.objects.filter(recipient=board.assistant, kind="notice_approved").exists()


# --- publication ---------------------------------------------------------------------------------


def test_published_only_when_approved(board):
    for notice in (board.draft(), board.submitted()):
        with pytest.raises(BusinessRuleError) as exc:
            services.notice_publish(notice=notice, acting_user=board.assistant)
        assert exc.value.code == "notice_not_approved"
    notice = board.published()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_by == board.assistant
    with pytest.raises(BusinessRuleError):
        services.notice_publish(notice=notice, acting_user=board.assistant)
    with pytest.raises(PermissionDeniedError):
        services.notice_publish(notice=board.approved(), acting_user=board.guard)


def test_published_only_within_its_dates(board):
    later = board.approved(starts_on=board.today + 2 * DAY, ends_on=board.today + 5 * DAY)
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_publish(notice=later, acting_user=board.assistant)
    assert exc.value.code == "notice_not_yet_valid" and "starts_on" in exc.value.fields
    at = timezone.now() + 3 * DAY
    assert services.notice_publish(notice=later, acting_user=board.assistant, now=at).published_at == at
    short = board.approved(ends_on=board.today)
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_publish(notice=short, acting_user=board.assistant, now=timezone.now() + DAY)
    assert exc.value.code == "notice_expired"


def test_approval_refused_after_the_end_date(board):
    notice = board.submitted(ends_on=board.today)
    with time_machine.travel(timezone.now() + DAY):
        with pytest.raises(BusinessRuleError) as exc:
            services.notice_approve(notice=notice, acting_user=board.manager)
    assert exc.value.code == "notice_expired"


def test_the_display_shows_only_published_public_notices_within_their_dates(board):
    shown = board.published()
    board.draft()
    board.submitted()
    board.approved()
    individual = board.individual()
    board.published(individual)
    retired = board.retired()
    assert list(published_notices(board.project)) == [shown]
    assert list(published_notices(board.project, board.today + 30 * DAY)) == []
    assert retired not in published_notices(board.project)
    assert list(published_notices(Board().project)) == []


# --- retirement and take-down -------------------------------------------------------------------


def test_notices_retire_themselves_after_the_end_date(board):
    notice = board.published(ends_on=board.today + DAY)
    assert services.notices_retire_sweep(now=timezone.now() + DAY) == 0  # the end day itself is valid
    assert list(to_take_down()) == []
    assert services.notices_retire_sweep(now=timezone.now() + 2 * DAY) == 1
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RETIRED and notice.retired_by is None and notice.retired_at
    assert list(to_take_down()) == [notice]
    assert services.notices_retire_sweep(now=timezone.now() + 3 * DAY) == 0  # idempotent
    notice = services.notice_taken_down(notice=notice, acting_user=board.assistant)
    assert notice.taken_down_by == board.assistant and list(to_take_down()) == []
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_taken_down(notice=notice, acting_user=board.assistant)
    assert exc.value.code == "notice_already_taken_down"


def test_the_retire_command(board):
    notice = board.published(ends_on=board.today)
    with time_machine.travel(timezone.now() + 2 * DAY):
        call_command("notices_retire")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RETIRED


def test_retiring_early_needs_a_reason_and_only_posted_notices_are_taken_down(board):
    notice = board.published()
    with pytest.raises(ValidationError) as exc:
        services.notice_retire(notice=notice, acting_user=board.assistant)
    assert "reason" in exc.value.message_dict
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_taken_down(notice=notice, acting_user=board.assistant)
    assert exc.value.code == "notice_not_to_take_down"
    notice = services.notice_retire(notice=notice, acting_user=board.assistant, reason="活动取消")
    assert notice.retired_by == board.assistant and list(to_take_down()) == [notice]
    individual = board.published(board.individual())
    services.notice_retire(notice=individual, acting_user=board.assistant, reason="已送达")
    assert list(to_take_down()) == [notice]  # delivered, not posted


# --- delivery, archive ---------------------------------------------------------------------------


def test_a_notice_to_one_customer_is_delivered_and_signed_for(board):
    notice = board.individual()
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_deliver(notice=notice, acting_user=board.assistant, signed_name="张三", signed=True)
    assert exc.value.code == "notice_not_published"
    notice = board.published(notice)
    with pytest.raises(ValidationError) as exc:
        services.notice_deliver(notice=notice, acting_user=board.assistant)
    assert "signed_name" in exc.value.message_dict
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_deliver(notice=notice, acting_user=board.assistant, signed_name="张三", signed=False)
    assert exc.value.code == "signature_missing"
    delivery = services.notice_deliver(
        notice=notice, acting_user=board.assistant, signed_name="张三", signed=True
    )
    assert delivery.recipient_name == "张三" and delivery.signed and delivery.by == board.assistant
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_deliver(
            notice=notice,
            acting_user=board.assistant,
            signed_name="张三",
            signed=True,
            at=timezone.now() + DAY,
        )
    assert exc.value.code == "event_in_future"


def test_a_posted_notice_is_not_delivered(board):
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_deliver(notice=board.published(), acting_user=board.assistant, recipient_name="李四")
    assert exc.value.code == "notice_not_delivered"


def test_the_archivist_files_the_signed_copy_once(board):
    notice = board.individual()
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_archive(notice=notice, acting_user=board.archivist)
    assert exc.value.code == "notice_not_issued"
    notice = board.published(notice)
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_archive(notice=notice, acting_user=board.archivist)
    assert exc.value.code == "notice_not_signed_for"
    services.notice_deliver(notice=notice, acting_user=board.assistant, signed_name="张三", signed=True)
    with pytest.raises(PermissionDeniedError):
        services.notice_archive(notice=notice, acting_user=board.assistant)
    notice = services.notice_archive(notice=notice, acting_user=board.archivist, location="2026-文件盒3")
    assert notice.archive_copy_by == board.archivist and notice.archive_location == "2026-文件盒3"
    with pytest.raises(BusinessRuleError) as exc:
        services.notice_archive(notice=notice, acting_user=board.archivist)
    assert exc.value.code == "notice_already_archived"
