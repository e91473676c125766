"""Writes of the census (seed 000 §22): open a month, assign and confirm each building's census,
sign off the monthly occupancy report and send its copies, and the daily reminder sweep.

"信息管理每月30日前,按单元、栋落实责任人上楼普查1次,客户助理在每月3日前形成《月度物业动态信息表》,
项目经理签阅后,抄报保安部一份和收费员一份。"
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.selectors import project_staff  # noqa: F401  (re-exported)
from wuye.census import months, selectors
from wuye.census.choices import CENSUS_TRANSITIONS, REPORT_TRANSITIONS, CensusStatus, ReportStatus
from wuye.census.models import BuildingCensus, OccupancyReport
from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.roles import Role
from wuye.estate.models import Building, Project
from wuye.notifications.services import notify
from wuye.servicedesk.models import ButlerArea

#: the departments that get a copy of the signed report: security and the cashier
COPY_ROLES: dict[str, tuple[str, ...]] = {
    "security": (Role.SECURITY_LEAD, Role.SECURITY),
    "cashier": (Role.CASHIER,),
}
#: reminders start this many days before the census is due
REMIND_DAYS_BEFORE = 3


def _move(obj, to: str, table: dict) -> None:
    if to not in table[obj.status]:
        raise BusinessRuleError(
            "status_transition_forbidden",
            _("This step is not allowed in the current state (%(state)s).")
            % {"state": obj.get_status_display()},
        )
    obj.status = to


def _refuse_signed(report: OccupancyReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise BusinessRuleError(
            "report_signed", _("The month's occupancy report is already signed off; its census is closed.")
        )


def _check_not_future(month: dt.date, today: dt.date) -> None:
    if month > months.month_first(today):
        msg = _("The census of a future month cannot be started yet.")
        raise BusinessRuleError("month_in_future", msg, {"month": [msg]})


def _assistant_ok(user, project_id: int) -> bool:
    return user is not None and user.is_active and Role.CS_ASSISTANT in access.roles_in(user, project_id)


@transaction.atomic
def census_month_open(
    *, project: Project, month: dt.date, acting_user=None, today: dt.date | None = None
) -> OccupancyReport:
    """Start a month's census: the report (due by the 3rd of the next month) and one census per
    building (due by the 30th), each assigned to the building's area butler where there is one.
    Idempotent: run again, it adds buildings created since; a signed report is left as it is.
    `acting_user` None: the daily sweep."""
    if acting_user is not None:
        access.require_perm(acting_user, "census.assign", project.pk)
    today = today or timezone.localdate()
    month = months.month_first(month)
    _check_not_future(month, today)
    report, _created = OccupancyReport.objects.get_or_create(
        project=project, month=month, defaults={"due_on": months.report_due(month)}
    )
    report = OccupancyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        return report
    have = set(BuildingCensus.objects.filter(report=report).values_list("building_id", flat=True))
    butlers = {
        area.building_id: area.user
        for area in ButlerArea.objects.filter(project=project).select_related("user")
    }
    for building in Building.objects.filter(project=project).exclude(pk__in=have).order_by("number"):
        butler = butlers.get(building.pk)
        BuildingCensus.objects.create(
            report=report,
            project=project,
            building=building,
            month=month,
            assistant=butler if _assistant_ok(butler, project.pk) else None,
            assigned_by=acting_user,
            due_on=months.census_due(month),
        )
    return report


@transaction.atomic
def census_assign(*, census: BuildingCensus, assistant, acting_user) -> BuildingCensus:
    """Name the building's responsible assistant for the month (the supervisor or project manager;
    seed 000 §22: 项目中心指定客户助理负责). Only while the census is open and the report unsigned."""
    access.require_perm(acting_user, "census.assign", census.project_id)
    census = BuildingCensus.objects.select_for_update().select_related("report").get(pk=census.pk)
    _refuse_signed(census.report)
    if census.status != CensusStatus.OPEN:
        raise BusinessRuleError("census_confirmed", _("This building's census is already confirmed."))
    if not _assistant_ok(assistant, census.project_id):
        msg = _("Choose a customer-service assistant of this project.")
        raise BusinessRuleError("not_an_assistant", msg, {"assistant": [msg]})
    census.assistant, census.assigned_by = assistant, acting_user
    stamp(census, acting_user)
    census.save(update_fields=["assistant", "assigned_by"])
    return census


@transaction.atomic
def census_confirm(
    *, census: BuildingCensus, acting_user, remarks: str = "", now: dt.datetime | None = None
) -> BuildingCensus:
    """The building's assigned assistant confirms its units' statuses after going floor by floor
    (上楼普查, by the 30th — a late confirmation is still taken, the report shows it late). The
    counts by status are recorded as they stand. Refused for anybody else, twice, and once the
    month's report is signed off."""
    access.require_perm(acting_user, "census.confirm", census.project_id)
    census = BuildingCensus.objects.select_for_update().select_related("report", "building").get(pk=census.pk)
    _refuse_signed(census.report)
    assistant = census.assistant
    if assistant is None:
        raise BusinessRuleError(
            "no_assistant_assigned", _("No assistant is assigned to this building's census yet.")
        )
    if assistant.pk != acting_user.pk:
        raise BusinessRuleError(
            "not_assigned_assistant",
            _("Only the assistant assigned to this building (%(name)s) confirms its census.")
            % {"name": assistant.get_full_name() or assistant.username},
        )
    when = event_time(now)
    _move(census, CensusStatus.CONFIRMED, CENSUS_TRANSITIONS)
    census.confirmed_by, census.confirmed_at = acting_user, when
    census.counts = selectors.building_counts_now(census.building)
    census.remarks = (remarks or "").strip()
    stamp(census, acting_user)
    census.save(update_fields=["status", "confirmed_by", "confirmed_at", "counts", "remarks"])
    return census


@transaction.atomic
def report_sign_off(
    *, project: Project, month: dt.date, acting_user, now: dt.datetime | None = None
) -> OccupancyReport:
    """The project manager signs the month's occupancy report (项目经理签阅) once the month is over
    and every building's census is confirmed; its figures are kept as signed and the copies go to
    security and the cashier (`report_distribute`) in the same step."""
    access.require_perm(acting_user, "census.sign_off", project.pk)
    now = now or timezone.now()
    month = months.month_first(month)
    report = OccupancyReport.objects.select_for_update().filter(project=project, month=month).first()
    if report is None:
        raise BusinessRuleError(
            "census_not_started",
            _("The census of %(month)s has not been started.") % {"month": months.month_label(month)},
        )
    _refuse_signed(report)
    censuses = list(BuildingCensus.objects.filter(report=report).select_related("building"))
    open_ = sorted(str(c.building) for c in censuses if c.status != CensusStatus.CONFIRMED)
    if not censuses or open_:
        raise BusinessRuleError(
            "census_not_confirmed",
            _("Every building's census must be confirmed first; still open: %(buildings)s.")
            % {"buildings": "、".join(open_) or "—"},
        )
    if now < months.month_cutoff(month):
        raise BusinessRuleError(
            "month_not_over",
            _("The report counts the units at the month's end: sign it off after the month is over."),
        )
    _move(report, ReportStatus.SIGNED, REPORT_TRANSITIONS)
    report.signed_by, report.signed_at = acting_user, now
    report.figures = selectors.compute_figures(project=project, month=month, now=now)
    stamp(report, acting_user)
    report.save(update_fields=["status", "signed_by", "signed_at", "figures"])
    return report_distribute(report=report, acting_user=acting_user, now=now)


@transaction.atomic
def report_distribute(
    *, report: OccupancyReport, acting_user, now: dt.datetime | None = None
) -> OccupancyReport:
    """Send the signed report's copies to security and the cashier (抄报保安部一份和收费员一份)
    through the notification outbox. Idempotent per recipient (dedupe key per report and user);
    refused before sign-off and when a department has nobody in the project."""
    access.require_perm(acting_user, "census.sign_off", report.project_id)
    report = OccupancyReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if report.status == ReportStatus.DISTRIBUTED:
        return report
    recipients = {dept: project_staff(report.project_id, roles) for dept, roles in COPY_ROLES.items()}
    missing = [dept for dept, users in recipients.items() if not users]
    if missing:
        names = {"security": _("security"), "cashier": _("the cashier")}
        raise BusinessRuleError(
            "no_copy_recipient",
            _("Nobody in this project receives the copy for %(who)s: assign the role first.")
            % {"who": "、".join(str(names[d]) for d in missing)},
        )
    _move(report, ReportStatus.DISTRIBUTED, REPORT_TRANSITIONS)
    label = months.month_label(report.month)
    url = reverse("console:census-report") + f"?month={label}"
    sent = []
    for users in recipients.values():
        for user in users:
            notify(
                recipient=user,
                kind="census_report",
                title=_("Monthly occupancy report %(month)s, %(project)s")
                % {"month": label, "project": report.project.name},
                body=_("The project manager signed off the report; this is your copy."),
                dedupe_key=f"census-report:{report.pk}:{user.pk}",
                url=url,
            )
            sent.append(user.pk)
    report.distributed_at, report.distributed_to = now or timezone.now(), sent
    stamp(report, acting_user)
    report.save(update_fields=["status", "distributed_at", "distributed_to"])
    return report


def census_sweep(*, now: dt.datetime | None = None) -> int:
    """Daily: start this month's census in every active project, remind each assigned assistant
    whose census is due within REMIND_DAYS_BEFORE days or overdue, tell the supervisors about
    buildings without an assistant and the project managers about reports past the 3rd.
    Idempotent: one message per census and stage (dedupe keys). Returns the messages queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for project in Project.objects.filter(is_active=True):
        census_month_open(project=project, month=today, today=today)
    url = reverse("console:census-report")
    censuses = BuildingCensus.objects.filter(
        status=CensusStatus.OPEN, report__status=ReportStatus.DRAFT, project__is_active=True
    ).select_related("building", "project", "assistant")
    for census in censuses.filter(due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE)):
        label = months.month_label(census.month)
        what = {"building": str(census.building), "month": label, "due": census.due_on.isoformat()}
        if census.assistant is None:
            for user in project_staff(census.project_id, (Role.CS_SUPERVISOR,)):
                sent += bool(
                    notify(
                        recipient=user,
                        kind="census_unassigned",
                        title=_("No assistant is assigned to the %(month)s census of %(building)s") % what,
                        dedupe_key=f"census-unassigned:{census.pk}",
                        url=url,
                    )
                )
            continue
        overdue = today > census.due_on
        title = (
            _("The %(month)s census of %(building)s is overdue (due %(due)s)")
            if overdue
            else _("The %(month)s census of %(building)s is due by %(due)s")
        ) % what
        stage = "overdue" if overdue else "due"
        sent += bool(
            notify(
                recipient=census.assistant,
                kind="census_due",
                title=title,
                dedupe_key=f"census-{stage}:{census.pk}:{census.assistant_id}",
                url=url,
            )
        )
    late = OccupancyReport.objects.filter(
        ~Q(status__in=[ReportStatus.SIGNED, ReportStatus.DISTRIBUTED]),
        due_on__lt=today,
        project__is_active=True,
    ).select_related("project")
    for report in late:
        label = months.month_label(report.month)
        for user in project_staff(report.project_id, (Role.PROJECT_MANAGER,)):
            sent += bool(
                notify(
                    recipient=user,
                    kind="census_report_due",
                    title=_("The %(month)s occupancy report of %(project)s is past its due date (%(due)s)")
                    % {"month": label, "project": report.project.name, "due": report.due_on.isoformat()},
                    dedupe_key=f"census-report-overdue:{report.pk}",
                    url=f"{url}?month={label}",
                )
            )
    return sent
