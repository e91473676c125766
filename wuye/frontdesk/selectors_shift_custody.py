"""Reads of the shift log and the custody view (seed 000 §14, spec 05).

The custody view is "the place a new shift looks first": everything the desk holds or has lent right
now — important mail waiting, stored items, lent items, keys out of the cabinet (from the keys module)
and today's valid release passes — each with what is due, overdue first. It reads every register in a
constant number of queries, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core import access
from wuye.core.days import end_of_local_day, local_midnight
from wuye.estate.models import Project
from wuye.frontdesk.choices import (
    MailKind,
    MailStatus,
    PassKind,
    PassStatus,
    StorageCategory,
    StorageStatus,
)
from wuye.frontdesk.models import Loan, MailItem, ReleasePass, ShiftEntry, ShiftHandover, StoredItem
from wuye.keys.choices import OUT_STATES, KeyState
from wuye.keys.models import Key

#: hours a hand-over may wait for the next shift's acknowledgement before it is flagged
DEFAULT_HANDOVER_ACK_HOURS = Decimal("1")


# --- the shift log ------------------------------------------------------------------------------------


def entry_queryset(queryset=None):
    queryset = queryset if queryset is not None else ShiftEntry.objects.all()
    return queryset.select_related("unit", "created_by", "closed_by").annotate(
        handover_count=Count("handovers", distinct=True)
    )


def open_entries(project, queryset=None):
    """The project's open entries, oldest first (the order they are followed up in)."""
    return (
        entry_queryset(queryset).filter(project=project, closed_at__isnull=True).order_by("created_at", "pk")
    )


def handover_queryset(queryset=None):
    queryset = queryset if queryset is not None else ShiftHandover.objects.all()
    return queryset.select_related("project", "handed_by", "acknowledged_by").annotate(
        entry_count=Count("entries", distinct=True)
    )


def handover_ack_hours(project) -> Decimal:
    """The project setting `frontdesk.handover_ack_hours` (default 1 hour; a bad value counts as 1)."""
    raw = (project.settings or {}).get("frontdesk", {}).get("handover_ack_hours", DEFAULT_HANDOVER_ACK_HOURS)
    try:
        hours = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return DEFAULT_HANDOVER_ACK_HOURS
    return hours if hours.is_finite() and hours >= 0 else DEFAULT_HANDOVER_ACK_HOURS


def ack_deadline(handover: ShiftHandover, hours: Decimal | None = None) -> dt.datetime:
    hours = hours if hours is not None else handover_ack_hours(handover.project)
    return handover.handed_at + dt.timedelta(hours=float(hours))


def is_flagged(handover: ShiftHandover, *, now: dt.datetime | None = None, hours=None) -> bool:
    """Unacknowledged past the project's acknowledgement time."""
    now = now or timezone.now()
    return handover.acknowledged_at is None and ack_deadline(handover, hours) < now


def flagged_q(projects, *, now: dt.datetime | None = None) -> Q:
    """Hand-overs of `projects` left unacknowledged past each project's acknowledgement time."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for project in projects:
        cutoff = now - dt.timedelta(hours=float(handover_ack_hours(project)))
        condition |= Q(project_id=project.pk, handed_at__lt=cutoff)
    return Q(acknowledged_at__isnull=True) & condition


def flagged_handovers(project, *, now: dt.datetime | None = None, queryset=None):
    """The project's hand-overs nobody acknowledged within `frontdesk.handover_ack_hours`, oldest first."""
    queryset = queryset if queryset is not None else ShiftHandover.objects.all()
    return queryset.filter(project=project).filter(flagged_q([project], now=now)).order_by("handed_at", "pk")


def awaiting_acknowledgement(project, queryset=None):
    """Every unacknowledged hand-over of the project, oldest first (flagged or not yet)."""
    queryset = queryset if queryset is not None else ShiftHandover.objects.all()
    return queryset.filter(project=project, acknowledged_at__isnull=True).order_by("handed_at", "pk")


# --- the custody view -------------------------------------------------------------------------------

MAIL, STORAGE, LOAN, KEY, PASS = "mail", "storage", "loan", "key", "pass"
KIND_LABELS = {
    MAIL: gettext_lazy("Mail waiting for collection"),
    STORAGE: gettext_lazy("Stored item"),
    LOAN: gettext_lazy("Lent item"),
    KEY: gettext_lazy("Key out of the cabinet"),
    PASS: gettext_lazy("Release pass valid today"),
}
DUE_LABELS = {
    MAIL: gettext_lazy("collect by the end of the day received"),
    STORAGE: gettext_lazy("pick-up expected"),
    LOAN: gettext_lazy("due back"),
    KEY: gettext_lazy("due back"),
    PASS: gettext_lazy("valid until the end of today"),
}


@dataclass
class CustodyRow:
    kind: str
    id: int
    reference: str
    person: str
    unit_id: int | None
    unit_code: str
    since: dt.datetime | None
    due_at: dt.datetime | None
    overdue: bool
    note: str = ""
    #: the record its page shows, when not the row's own (a loan's lendable item)
    target_id: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def due_label(self) -> str:
        return str(DUE_LABELS[self.kind])

    @property
    def overdue_label(self) -> str:
        return _("Overdue") if self.overdue else ""


@dataclass
class Custody:
    project: object
    at: dt.datetime
    rows: list[CustodyRow]
    keys_shown: bool
    keys_in_store: int | None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def overdue_count(self) -> int:
        """Overdue items of every kind shown (the counts stay whole when the rows are filtered)."""
        return sum(count["overdue"] for count in self.counts.values())

    def filtered(self, *, kind: str | None = None, overdue: bool = False) -> list[CustodyRow]:
        return [
            row for row in self.rows if (kind is None or row.kind == kind) and (row.overdue or not overdue)
        ]


def shows_keys(user, project_id: int) -> bool:
    """Keys appear in the custody view for those who may read the key register (keys.view)."""
    return access.has_perm(user, "keys.view", project_id)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _mail_rows(project, now) -> list[CustodyRow]:
    kinds = _labels(MailKind)
    rows = []
    for m in (
        MailItem.objects.filter(project=project, status=MailStatus.WAITING)
        .values(
            "pk",
            "kind",
            "recipient",
            "sender",
            "tracking_number",
            "pieces",
            "received_at",
            "for_management",
            "unit_id",
            "unit__code",
        )
        .order_by()
    ):
        due = end_of_local_day(m["received_at"])
        reference = " ".join(filter(None, [kinds.get(m["kind"], m["kind"]), m["tracking_number"]]))
        if m["pieces"] > 1:
            reference += f" ×{m['pieces']}"
        note = m["sender"]
        if m["for_management"]:
            note = " · ".join(filter(None, [_("For the management office"), note]))
        rows.append(
            CustodyRow(
                MAIL,
                m["pk"],
                reference,
                m["recipient"],
                m["unit_id"],
                m["unit__code"] or "",
                m["received_at"],
                due,
                due < now,
                note,
            )
        )
    return rows


def _storage_rows(project, now) -> list[CustodyRow]:
    categories = _labels(StorageCategory)
    rows = []
    for s in (
        StoredItem.objects.filter(project=project, status=StorageStatus.STORED)
        .values(
            "pk",
            "description",
            "quantity",
            "category",
            "depositor",
            "deposited_at",
            "expected_pickup_at",
            "unit_id",
            "unit__code",
        )
        .order_by()
    ):
        reference = s["description"] + (f" ×{s['quantity']}" if s["quantity"] > 1 else "")
        due = s["expected_pickup_at"]
        rows.append(
            CustodyRow(
                STORAGE,
                s["pk"],
                reference,
                s["depositor"],
                s["unit_id"],
                s["unit__code"] or "",
                s["deposited_at"],
                due,
                due < now,
                categories.get(s["category"], s["category"]),
            )
        )
    return rows


def _loan_rows(project, now) -> list[CustodyRow]:
    rows = []
    for loan in (
        Loan.objects.filter(item__project=project, returned_at__isnull=True)
        .values(
            "pk",
            "item__code",
            "item__name",
            "borrower",
            "lent_at",
            "due_back_at",
            "condition_out",
            "unit_id",
            "unit__code",
            "item_id",
        )
        .order_by()
    ):
        due = loan["due_back_at"]
        rows.append(
            CustodyRow(
                LOAN,
                loan["pk"],
                f"{loan['item__code']} {loan['item__name']}",
                loan["borrower"],
                loan["unit_id"],
                loan["unit__code"] or "",
                loan["lent_at"],
                due,
                due < now,
                loan["condition_out"],
                target_id=loan["item_id"],
            )
        )
    return rows


def _key_rows(project, now) -> list[CustodyRow]:
    states = _labels(KeyState)
    rows = []
    for key in (
        Key.objects.filter(project=project, state__in=OUT_STATES)
        .values(
            "pk",
            "number",
            "state",
            "holder_name",
            "out_since",
            "due_back_at",
            "storage_location",
            "unit_id",
            "unit__code",
        )
        .order_by()
    ):
        due = key["due_back_at"]
        rows.append(
            CustodyRow(
                KEY,
                key["pk"],
                key["number"],
                key["holder_name"],
                key["unit_id"],
                key["unit__code"] or "",
                key["out_since"],
                due,
                due is not None and due < now,
                " · ".join(filter(None, [states.get(key["state"], key["state"]), key["storage_location"]])),
            )
        )
    return rows


def _pass_rows(project, now) -> list[CustodyRow]:
    kinds = _labels(PassKind)
    today = timezone.localdate(now)
    due = local_midnight(today + dt.timedelta(days=1))
    return [
        CustodyRow(
            PASS,
            p["pk"],
            p["number"],
            p["carrier_name"],
            p["unit_id"],
            p["unit__code"] or "",
            p["approved_at"],
            due,
            due < now,
            kinds.get(p["kind"], p["kind"]),
        )
        for p in ReleasePass.objects.filter(project=project, status=PassStatus.APPROVED, valid_on=today)
        .values("pk", "number", "kind", "carrier_name", "approved_at", "unit_id", "unit__code")
        .order_by()
    ]


def _order(row: CustodyRow):
    """Overdue first (longest overdue first), then by what falls due next; nothing due last."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (not row.overdue, row.due_at or far, row.kind, row.id)


def custody(project, *, now: dt.datetime | None = None, include_keys: bool = True) -> Custody:
    """Everything the desk holds or has lent in `project` right now (see the module docstring): six
    queries (five registers and the count of keys in the cabinet), whatever the number of items."""
    now = now or timezone.now()
    rows = _mail_rows(project, now) + _storage_rows(project, now) + _loan_rows(project, now)
    keys_in_store = None
    if include_keys:
        rows += _key_rows(project, now)
        keys_in_store = Key.objects.filter(project=project, state=KeyState.IN_STORE).count()
    rows += _pass_rows(project, now)
    rows.sort(key=_order)
    counts = {kind: {"count": 0, "overdue": 0} for kind in (MAIL, STORAGE, LOAN, KEY, PASS)}
    if not include_keys:
        counts.pop(KEY)
    for row in rows:
        counts[row.kind]["count"] += 1
        counts[row.kind]["overdue"] += row.overdue
    return Custody(
        project=project,
        at=now,
        rows=rows,
        keys_shown=include_keys,
        keys_in_store=keys_in_store,
        counts=counts,
    )


def _count_of(queryset, project_path: str = "project") -> Coalesce:
    """`queryset`'s rows of the outer project, counted in a subquery."""
    rows = (
        queryset.filter(**{project_path: OuterRef("pk")})
        .order_by()
        .values(project_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def overdue_counts(project, *, now: dt.datetime | None = None) -> dict[str, int]:
    """The overdue rows of `custody()` per kind — mail, stored, loans, keys — in one query (the
    workbench's cards)."""
    now = now or timezone.now()
    today_start = local_midnight(timezone.localdate(now))
    row = (
        Project.objects.filter(pk=project.pk)
        .values(
            overdue_mail=_count_of(
                MailItem.objects.filter(status=MailStatus.WAITING, received_at__lt=today_start)
            ),
            overdue_stored=_count_of(
                StoredItem.objects.filter(status=StorageStatus.STORED, expected_pickup_at__lt=now)
            ),
            overdue_loans=_count_of(
                Loan.objects.filter(returned_at__isnull=True, due_back_at__lt=now), "item__project"
            ),
            overdue_keys=_count_of(Key.objects.filter(state__in=OUT_STATES, due_back_at__lt=now)),
        )
        .get()
    )
    return {kind: row[f"overdue_{kind}"] for kind in ("mail", "stored", "loans", "keys")}


def custody_overdue_count(project, *, now: dt.datetime | None = None, include_keys: bool = True) -> int:
    """How many rows of `custody()` are overdue, counted in the database (one query)."""
    counts = overdue_counts(project, now=now)
    return counts["mail"] + counts["stored"] + counts["loans"] + (counts["keys"] if include_keys else 0)
