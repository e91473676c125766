"""Reads of the release passes (放行条, seed 000 §4, seed 001): what keeps a moving-out pass from
being issued (billing's settlement), whose consent a pass needs, the temporary-carrying flag, the
daily list in which every pass of a day is accounted for, and the passes the desk and the gate have
to deal with today."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.billing import selectors as billing
from wuye.core.errors import BusinessRuleError
from wuye.frontdesk.choices import CarrierKind, ConsentAnswer, ConsentParty, PassKind, PassStatus
from wuye.frontdesk.models import ReleasePass

#: seed 000 §4: frequent temporary carrying is flagged (project setting frontdesk.temporary_pass_flag)
DEFAULT_TEMPORARY_FLAG = {"count": 3, "days": 7}


def pass_detail_queryset(queryset: QuerySet | None = None) -> QuerySet:
    queryset = queryset if queryset is not None else ReleasePass.objects.all()
    return queryset.select_related(
        "project",
        "unit",
        "created_by",
        "approved_by",
        "released_by",
        "cancelled_by",
        "consent_by",
    ).prefetch_related("items")


# --- settlement -----------------------------------------------------------------------------------


def settlement_outstanding(unit, as_of: dt.date) -> dict[str, list[str]]:
    """What is not clear up to `as_of` for a moving-out pass (billing's settlement, in words; see
    wuye.billing.selectors.settlement_outstanding). Empty when the unit is settled."""
    return billing.settlement_outstanding(unit, as_of)


# --- consent --------------------------------------------------------------------------------------


def consent_party_needed(carrier_kind: str) -> str:
    """Whose consent by phone a pass needs (seed 000 §4 step 5): a company employee carrying goods —
    the company's responsible person; anyone who is not the owner (a tenant moving out, a relative, a
    nanny, a worker) — the owner; the owner carrying their own goods — nobody ("")."""
    if carrier_kind == CarrierKind.OWNER:
        return ""
    if carrier_kind == CarrierKind.EMPLOYEE:
        return ConsentParty.COMPANY
    return ConsentParty.OWNER


def consent_state(release_pass: ReleasePass) -> str:
    """`not_needed`, `missing` (nobody called yet), or the last call's answer."""
    if not consent_party_needed(release_pass.carrier_kind):
        return "not_needed"
    return release_pass.consent_answer or "missing"


def consent_given(release_pass: ReleasePass) -> bool:
    return consent_state(release_pass) in ("not_needed", ConsentAnswer.AGREED)


# --- the temporary-carrying flag -------------------------------------------------------------------


def temporary_flag_setting(project) -> tuple[int, int]:
    """(count, days) of the project setting frontdesk.temporary_pass_flag (default 3 in 7 days)."""
    raw = (project.settings or {}).get("frontdesk", {}).get("temporary_pass_flag") or {}
    try:
        count = int(raw.get("count", DEFAULT_TEMPORARY_FLAG["count"]))
        days = int(raw.get("days", DEFAULT_TEMPORARY_FLAG["days"]))
    except (TypeError, ValueError, AttributeError):
        count, days = DEFAULT_TEMPORARY_FLAG["count"], DEFAULT_TEMPORARY_FLAG["days"]
    return max(count, 1), max(days, 1)


def flag_passes(passes: Iterable[ReleasePass]) -> list[ReleasePass]:
    """Set `temporary_count` and `flagged` on each pass: the unit's temporary passes (not cancelled)
    valid in the `days` days up to the pass's day, and whether they reach the project's `count`
    (seed 000 §4: frequent, unusual temporary carrying is flagged for attention). One query for all."""
    passes = list(passes)
    if not passes:
        return passes
    settings = {p.project_id: temporary_flag_setting(p.project) for p in passes}
    longest = max(days for _count, days in settings.values())
    first = min(p.valid_on for p in passes) - dt.timedelta(days=longest - 1)
    last = max(p.valid_on for p in passes)
    days_by_unit: dict[int, list[dt.date]] = defaultdict(list)
    rows = (
        ReleasePass.objects.filter(
            unit_id__in={p.unit_id for p in passes},
            kind=PassKind.TEMPORARY,
            valid_on__range=(first, last),
        )
        .exclude(status=PassStatus.CANCELLED)
        .values_list("unit_id", "valid_on")
    )
    for unit_id, valid_on in rows:
        days_by_unit[unit_id].append(valid_on)
    for p in passes:
        count, days = settings[p.project_id]
        since = p.valid_on - dt.timedelta(days=days - 1)
        temporary_count = sum(1 for day in days_by_unit[p.unit_id] if since <= day <= p.valid_on)
        setattr(p, "temporary_count", temporary_count)  # noqa: B010  (computed, not a model field)
        setattr(p, "flagged", temporary_count >= count)  # noqa: B010
    return passes


def flag_one(release_pass: ReleasePass) -> ReleasePass:
    flag_passes([release_pass])
    return release_pass


# --- the gate --------------------------------------------------------------------------------------


def normalise_number(number: str) -> str:
    return (number or "").strip().upper()


def pass_for_gate(number: str, project_ids: set[int] | None, project_id: int | None = None) -> ReleasePass:
    """The pass with `number` in the projects the guard releases goods for (`project_ids`; None:
    every project), narrowed to `project_id` when given. An unknown number, or one of a project the
    guard does not work for, is the same refusal: `pass_unknown` (nobody learns what exists
    elsewhere). The same number in two of the guard's projects asks for the project."""
    number = normalise_number(number)
    queryset = pass_detail_queryset().filter(number=number)
    if project_ids is not None:
        queryset = queryset.filter(project_id__in=project_ids)
    if project_id is not None:
        queryset = queryset.filter(project_id=project_id)
    found = list(queryset[:2])
    if not found:
        msg = _("There is no release pass %(number)s.") % {"number": number or "—"}
        raise BusinessRuleError("pass_unknown", msg, {"number": [msg]})
    if len(found) > 1:
        msg = _("Pass %(number)s exists in several of your projects; say which project.") % {"number": number}
        raise BusinessRuleError("pass_ambiguous", msg, {"project": [msg]})
    return found[0]


# --- lists -----------------------------------------------------------------------------------------


def awaiting_issue_q(today: dt.date) -> Q:
    """Passes being prepared for today or later: waiting for the consent call, the signatures or the
    issue (the desk's work)."""
    return Q(status=PassStatus.DRAFT, valid_on__gte=today)


def valid_today_q(today: dt.date) -> Q:
    """Issued passes the gate may release today."""
    return Q(status=PassStatus.APPROVED, valid_on=today)


def passes_awaiting_issue(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    return queryset.filter(awaiting_issue_q(today or timezone.localdate()))


def passes_valid_today(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    return queryset.filter(valid_today_q(today or timezone.localdate()))


#: the daily list's rows, in the order the paper lists them: what happened to each pass of the day
DAILY_ORDER = (
    PassStatus.USED,
    PassStatus.APPROVED,
    PassStatus.EXPIRED,
    PassStatus.CANCELLED,
    PassStatus.DRAFT,
)


@dataclass
class DailyPasses:
    """Every pass valid on `day` in `project`, with how each ended (seed 001: passes are never lost —
    used, expired, cancelled, or still valid on the day itself)."""

    project: object
    day: dt.date
    passes: list[ReleasePass] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.passes)

    @property
    def flagged(self) -> int:
        return sum(1 for p in self.passes if getattr(p, "flagged", False))

    def summary(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every status, in the paper's order."""
        return [(status, str(PassStatus(status).label), self.counts.get(status, 0)) for status in DAILY_ORDER]


def daily_passes(project, day: dt.date, queryset: QuerySet | None = None) -> DailyPasses:
    queryset = queryset if queryset is not None else ReleasePass.objects.all()
    passes = list(
        pass_detail_queryset(queryset.filter(project=project, valid_on=day)).order_by("number", "pk")
    )
    flag_passes(passes)
    counts: dict[str, int] = {}
    for p in passes:
        counts[p.status] = counts.get(p.status, 0) + 1
    return DailyPasses(project=project, day=day, passes=passes, counts=counts)
