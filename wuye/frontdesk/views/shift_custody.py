"""The shift_custody part of the front desk console: the custody page (the desk's home: everything the
desk holds or has lent right now, overdue first, with its Excel) and the shift log (open entries, the
forms that write and close them, the hand-over and its acknowledgement, hand-overs left
unacknowledged); the workbench card of both."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from wuye.core import access, workbench
from wuye.core.console import staff_project
from wuye.core.forms import attempt, attempt_or_message
from wuye.core.masking import shown_mobile
from wuye.core.navigation import NavItem
from wuye.core.tables import Column, ListTable
from wuye.core.workbench import BAD, Card, Figure
from wuye.frontdesk.forms_shift_custody import RENAME, EntryCloseForm, EntryWriteForm, HandoverForm
from wuye.frontdesk.models import ShiftEntry, ShiftHandover
from wuye.frontdesk.selectors_shift_custody import (
    KIND_LABELS,
    awaiting_acknowledgement,
    custody,
    custody_overdue_count,
    entry_queryset,
    flagged_handovers,
    handover_ack_hours,
    handover_queryset,
    is_flagged,
    shows_keys,
)
from wuye.frontdesk.services import shift_custody as services

VIEW, WRITE = "frontdesk.view", "frontdesk.shift_log"
#: ?state= of the shift log's entries
OPEN, CLOSED = "open", "closed"
#: ?show= of the hand-over list
FLAGGED, UNACKNOWLEDGED = "flagged", "unacknowledged"

# --- the custody page ---------------------------------------------------------------------------------

CUSTODY_COLUMNS = [
    Column("kind", gettext_lazy("Kind"), "kind_label", sort=True),
    Column("reference", pgettext_lazy("custody", "Item"), sort=True),
    Column("unit", gettext_lazy("Unit"), "unit_code", sort=True),
    Column("person", gettext_lazy("Person"), sort=True),
    Column("since", gettext_lazy("Since"), sort=True),
    Column("due_label", gettext_lazy("What is due"), page=False),
    Column("due", gettext_lazy("Due at"), "due_at", sort=True),
    Column("overdue", gettext_lazy("Overdue"), "overdue_label", sort=True),
    Column("note", gettext_lazy("Note")),
]


#: the page of each kind of custody row
ROW_PAGES = {
    "mail": "console:frontdesk-mail-detail",
    "storage": "console:frontdesk-stored-item",
    "loan": "console:frontdesk-lendable-item",
    "key": "console:key-detail",
    "pass": "console:frontdesk-pass-detail",
}


@login_required
def custody_page(request):
    """The place a new shift looks first (spec 05): ?kind= one register, ?overdue=1 only what is late."""
    project = staff_project(request, VIEW)
    result = custody(project, include_keys=shows_keys(request.user, project.pk))
    kind = request.GET.get("kind") if request.GET.get("kind") in KIND_LABELS else None
    overdue = request.GET.get("overdue") == "1"
    filters = []
    if kind:
        filters.append((str(_("Kind")), str(KIND_LABELS[kind])))
    if overdue:
        filters.append((str(_("Overdue")), str(_("Yes"))))
    table = ListTable(
        request,
        result.filtered(kind=kind, overdue=overdue),
        CUSTODY_COLUMNS,
        title=_("In the desk's custody"),
        filters=filters,
        per_page=500,
        file_stem=f"{_('In the desk custody')}-{project.code}",
    )
    if table.export_requested:
        return table.export_response()
    for row in table.page:
        row.url = reverse(ROW_PAGES[row.kind], args=[row.target_id or row.id])
    context = {
        "title": _("In the desk's custody"),
        "page": table.page,
        "table": table,
        "custody": result,
        "kinds": [(key, label, result.counts.get(key)) for key, label in KIND_LABELS.items()],
        "kind": kind,
        "overdue": overdue,
        "flagged": flagged_handovers(project).count(),
        "can_log": access.has_perm(request.user, WRITE, project.pk),
    }
    return render(request, "frontdesk/shift_custody_custody.html", context)


# --- the shift log ------------------------------------------------------------------------------------


def _entries(request, project):
    entries = entry_queryset(ShiftEntry.objects.visible_to(request.user).filter(project=project))
    state = request.GET.get("state") or OPEN
    if state == OPEN:
        return entries.filter(closed_at__isnull=True).order_by("created_at", "pk"), state
    if state == CLOSED:
        return entries.filter(closed_at__isnull=False).order_by("-closed_at", "-pk"), state
    return entries.order_by("-created_at", "-pk"), "all"


def _shift_log(request, project, *, write_form=None, handover_form=None, failed_close=None, status=200):
    """The shift log page; a refused post comes back on its own form (`failed_close`: (entry id, form))."""
    user = request.user
    can_write = access.has_perm(user, WRITE, project.pk)
    entries, state = _entries(request, project)
    entry_columns = [
        Column("created_at", gettext_lazy("Written at"), sort="created_at"),
        Column("kind", gettext_lazy("Kind"), "get_kind_display", sort="kind"),
        Column("text", gettext_lazy("Message or point to follow up")),
        Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
        Column("from_name", pgettext_lazy("shift log", "From"), sort="from_name"),
        Column(
            "contact",
            pgettext_lazy("shift log", "Contact"),
            lambda e: shown_mobile(user, e.project_id, e.contact),
        ),
        Column("created_by", gettext_lazy("Written by"), "created_by"),
        Column("handovers", pgettext_lazy("shift log", "Handed over"), "handover_count"),
        Column("outcome", gettext_lazy("Outcome")),
    ]

    def prepare(rows):
        for entry in rows:
            entry.shown_contact = shown_mobile(user, entry.project_id, entry.contact)
            if failed_close is not None and failed_close[0] == entry.pk:
                entry.close_form = failed_close[1]
            elif can_write and entry.closed_at is None:
                entry.close_form = EntryCloseForm(prefix=f"close-{entry.pk}")
        return rows

    table = ListTable(
        request, entries, entry_columns, title=_("Shift log"), prepare=prepare, file_stem=_("Shift log")
    )
    if table.export_requested:
        return table.export_response()
    hours = handover_ack_hours(project)
    now = timezone.now()
    awaiting = list(
        handover_queryset(awaiting_acknowledgement(project, ShiftHandover.objects.visible_to(user)))
    )
    for handover in awaiting:
        handover.flagged = is_flagged(handover, now=now, hours=hours)
        handover.own = handover.handed_by_id == user.pk
    recent = handover_queryset(ShiftHandover.objects.visible_to(user).filter(project=project)).filter(
        acknowledged_at__isnull=False
    )[:5]
    if can_write:
        write_form = write_form or EntryWriteForm(project=project, user=user, prefix="entry")
        handover_form = handover_form or HandoverForm(prefix="handover")
    context = {
        "title": _("Shift log"),
        "page": table.page,
        "table": table,
        "state": state,
        "can_write": can_write,
        "write_form": write_form if can_write else None,
        "handover_form": handover_form if can_write else None,
        "open_count": ShiftEntry.objects.filter(project=project, closed_at__isnull=True).count(),
        "awaiting": awaiting,
        "recent": recent,
        "ack_hours": hours,
        "shift_labels": [_("Day shift"), _("Night shift"), _("Morning shift"), _("Evening shift")],
    }
    return render(request, "frontdesk/shift_custody_log.html", context, status=status)


@login_required
def shift_log(request):
    return _shift_log(request, staff_project(request, VIEW))


def _writer_project(request):
    project = staff_project(request, VIEW)
    if not access.has_perm(request.user, WRITE, project.pk):
        raise PermissionDenied
    return project


@login_required
@require_POST
def shift_entry_write(request):
    project = _writer_project(request)
    form = EntryWriteForm(request.POST, project=project, user=request.user, prefix="entry")
    if form.is_valid():
        entry = attempt(
            form,
            lambda: services.shift_entry_write(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **RENAME,
        )
        if entry is not None:
            messages.success(request, _("The entry is in the shift log."))
            return redirect("console:frontdesk-shift-log")
    return _shift_log(request, project, write_form=form, status=400)


@login_required
@require_POST
def shift_entry_close(request, pk):
    project = _writer_project(request)
    entry = get_object_or_404(ShiftEntry.objects.visible_to(request.user).filter(project=project), pk=pk)
    form = EntryCloseForm(request.POST, prefix=f"close-{entry.pk}")
    if form.is_valid():
        done = attempt(
            form,
            lambda: services.shift_entry_close(
                entry=entry, acting_user=request.user, **form.service_kwargs()
            ),
        )
        if done is not None:
            messages.success(request, _("The entry is closed."))
            return redirect("console:frontdesk-shift-log")
    return _shift_log(request, project, failed_close=(entry.pk, form), status=400)


@login_required
@require_POST
def shift_handover_create(request):
    project = _writer_project(request)
    form = HandoverForm(request.POST, prefix="handover")
    if form.is_valid():
        handover = attempt(
            form,
            lambda: services.shift_handover(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
        )
        if handover is not None:
            messages.success(
                request,
                _("The shift is handed over with %(count)s open entries; the next shift acknowledges it.")
                % {"count": handover.entries.count()},
            )
            return redirect("console:frontdesk-shift-handover-detail", pk=handover.pk)
    return _shift_log(request, project, handover_form=form, status=400)


# --- hand-overs ---------------------------------------------------------------------------------------

HANDOVER_COLUMNS = [
    Column("handed_at", pgettext_lazy("shift log", "Handed over at"), sort="handed_at"),
    Column("shift", gettext_lazy("Shift"), sort="shift"),
    Column("handed_by", pgettext_lazy("shift log", "Handed over by"), "handed_by"),
    Column("entry_count", gettext_lazy("Open entries handed over"), sort="entry_count"),
    Column("acknowledged_at", gettext_lazy("Acknowledged at"), sort="acknowledged_at"),
    Column("acknowledged_by", gettext_lazy("Acknowledged by"), "acknowledged_by"),
    Column("summary", gettext_lazy("Summary of the shift"), page=False),
]


@login_required
def shift_handovers(request):
    """Every hand-over; ?show=flagged: those unacknowledged past `frontdesk.handover_ack_hours`,
    ?show=unacknowledged: every one not yet acknowledged."""
    project = staff_project(request, VIEW)
    visible = ShiftHandover.objects.visible_to(request.user)
    show = request.GET.get("show")
    if show == FLAGGED:
        handovers, title = (
            flagged_handovers(project, queryset=visible),
            _("Hand-overs not acknowledged in time"),
        )
    elif show == UNACKNOWLEDGED:
        handovers, title = (
            awaiting_acknowledgement(project, visible),
            _("Hand-overs waiting for acknowledgement"),
        )
    else:
        handovers, title = (
            visible.filter(project=project).order_by("-handed_at", "-pk"),
            _("Shift hand-overs"),
        )
    hours = handover_ack_hours(project)
    now = timezone.now()

    def prepare(rows):
        for row in rows:
            row.flagged = is_flagged(row, now=now, hours=hours)
        return rows

    table = ListTable(request, handover_queryset(handovers), HANDOVER_COLUMNS, title=title, prepare=prepare)
    if table.export_requested:
        return table.export_response()
    context = {"title": title, "page": table.page, "table": table, "show": show, "ack_hours": hours}
    return render(request, "frontdesk/shift_custody_handovers.html", context)


def _handover(request, pk):
    project = staff_project(request, VIEW)
    queryset = handover_queryset(ShiftHandover.objects.visible_to(request.user).filter(project=project))
    return project, get_object_or_404(queryset, pk=pk)


@login_required
def shift_handover_detail(request, pk):
    project, handover = _handover(request, pk)
    user = request.user
    entries = list(
        handover.entries.select_related("unit", "created_by", "closed_by").order_by("created_at", "pk")
    )
    for entry in entries:
        entry.shown_contact = shown_mobile(user, entry.project_id, entry.contact)
    context = {
        "handover": handover,
        "entries": entries,
        "flagged": is_flagged(handover),
        "can_acknowledge": access.has_perm(user, WRITE, project.pk)
        and handover.acknowledged_at is None
        and handover.handed_by_id != user.pk,
    }
    return render(request, "frontdesk/shift_custody_handover.html", context)


@login_required
@require_POST
def shift_handover_acknowledge(request, pk):
    project, handover = _handover(request, pk)
    if not access.has_perm(request.user, WRITE, project.pk):
        raise PermissionDenied
    done = attempt_or_message(
        request, lambda: services.shift_acknowledge(handover=handover, acting_user=request.user)
    )
    if done is not None:
        messages.success(
            request, _("You acknowledged the hand-over of the %(shift)s.") % {"shift": handover.shift}
        )
    return redirect("console:frontdesk-shift-handover-detail", pk=handover.pk)


# --- the workbench card -------------------------------------------------------------------------------


def desk_cards(user, project, now) -> list[Card]:
    """Hand-overs nobody acknowledged in time, and overdue items in the desk's custody, for whoever
    may open the desk's pages; each figure opens exactly those rows."""
    if user.is_resident or not access.has_perm(user, VIEW, project.pk):
        return []
    figures: list[Figure] = []
    flagged = flagged_handovers(project, now=now).count()
    if flagged:
        url = f"{reverse('console:frontdesk-shift-handovers')}?{urlencode({'show': FLAGGED})}"
        figures.append(Figure(label=_("Hand-overs not acknowledged"), value=flagged, url=url, tone=BAD))
    overdue = custody_overdue_count(project, now=now, include_keys=shows_keys(user, project.pk))
    if overdue:
        url = f"{reverse('console:frontdesk-custody')}?{urlencode({'overdue': 1})}"
        figures.append(
            Figure(label=_("Overdue items in the desk's custody"), value=overdue, url=url, tone=BAD)
        )
    return [Card(key="frontdesk-shift-custody", title=_("Shift log and custody"), figures=figures)]


def register_workbench() -> None:
    workbench.register("frontdesk-shift-custody", order=43, provider=desk_cards)


urlpatterns: list = [
    path("frontdesk/custody/", custody_page, name="frontdesk-custody"),
    path("frontdesk/shift-log/", shift_log, name="frontdesk-shift-log"),
    path("frontdesk/shift-log/entries/", shift_entry_write, name="frontdesk-shift-entry-write"),
    path(
        "frontdesk/shift-log/entries/<int:pk>/close/", shift_entry_close, name="frontdesk-shift-entry-close"
    ),
    path("frontdesk/shift-log/handover/", shift_handover_create, name="frontdesk-shift-handover"),
    path("frontdesk/shift-handovers/", shift_handovers, name="frontdesk-shift-handovers"),
    path(
        "frontdesk/shift-handovers/<int:pk>/", shift_handover_detail, name="frontdesk-shift-handover-detail"
    ),
    path(
        "frontdesk/shift-handovers/<int:pk>/acknowledge/",
        shift_handover_acknowledge,
        name="frontdesk-shift-handover-acknowledge",
    ),
]

NAV: tuple = (
    NavItem(
        "frontdesk",
        gettext_lazy("In the desk's custody"),
        "console:frontdesk-custody",
        perm=VIEW,
        weight=40,
    ),
    NavItem(
        "frontdesk",
        gettext_lazy("Shift log"),
        "console:frontdesk-shift-log",
        perm=VIEW,
        weight=49,
        active_prefixes=("/frontdesk/shift-handovers/",),
    ),
)
