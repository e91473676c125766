"""The release passes in the console (放行条, seed 000 §4, seed 001): the list with filters and Excel,
the new-pass form, a pass's page with the consent call, the issue, cancelling and printing, the
daily list (every pass of a day accounted for, with Excel), and the gate's phone-sized page where
the guard types or scans the number, checks the items and releases the goods once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from wuye.core import access, workbench
from wuye.core.console import staff_project
from wuye.core.errors import BusinessRuleError
from wuye.core.forms import attempt
from wuye.core.masking import shown_id_number, shown_mobile
from wuye.core.navigation import NavItem
from wuye.core.tables import Column, ListTable, form_filters
from wuye.core.workbench import WARN, Card, Figure
from wuye.estate.models import Owner, Ownership
from wuye.frontdesk import forms_passes as forms
from wuye.frontdesk.choices import ConsentAnswer, ConsentParty, PassStatus
from wuye.frontdesk.models import ReleasePass
from wuye.frontdesk.selectors_passes import (
    awaiting_issue_q,
    consent_party_needed,
    daily_passes,
    flag_one,
    flag_passes,
    pass_detail_queryset,
    pass_for_gate,
    passes_awaiting_issue,
    passes_valid_today,
    valid_today_q,
)
from wuye.frontdesk.services import passes as services

VIEW = "frontdesk.view"
PREPARE = "frontdesk.prepare_pass"
ISSUE = "frontdesk.issue_pass"
RELEASE = "frontdesk.release_pass"


# --- the list --------------------------------------------------------------------------------------------


def _items(p) -> str:
    return "、".join(f"{item.name}×{item.quantity}" for item in p.items.all())


COLUMNS = [
    Column("number", pgettext_lazy("release pass", "Number"), sort="number"),
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("kind", gettext_lazy("Reason"), "get_kind_display", sort="kind"),
    Column("valid_on", gettext_lazy("Valid on"), sort="valid_on"),
    Column("carrier", gettext_lazy("Carrier"), lambda p: f"{p.get_carrier_kind_display()} {p.carrier_name}"),
    Column("items", gettext_lazy("Items"), _items, css="hide-sm"),
    Column("status", gettext_lazy("Status"), "get_status_display", sort="status"),
    Column(
        "flagged",
        gettext_lazy("Flagged"),
        lambda p: _("Frequent temporary carrying") if getattr(p, "flagged", False) else "",
    ),
]

#: ?todo=desk: passes waiting for the consent call or the issue today; ?todo=gate: valid today
TODO_DESK, TODO_GATE = "desk", "gate"


def _scoped(request, project):
    return pass_detail_queryset(ReleasePass.objects.visible_to(request.user).filter(project=project))


def _filtered(request, project, form):
    passes = _scoped(request, project)
    todo = request.GET.get("todo")
    if todo == TODO_DESK:
        passes = passes_awaiting_issue(passes)
    elif todo == TODO_GATE:
        passes = passes_valid_today(passes)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("number"):
            passes = passes.filter(number__icontains=data["number"].strip())
        if data.get("unit"):
            passes = passes.filter(unit__code=data["unit"].strip())
        if data.get("status"):
            passes = passes.filter(status=data["status"])
        if data.get("kind"):
            passes = passes.filter(kind=data["kind"])
        if data.get("valid_from"):
            passes = passes.filter(valid_on__gte=data["valid_from"])
        if data.get("valid_to"):
            passes = passes.filter(valid_on__lte=data["valid_to"])
        if data.get("flagged"):  # the flag is computed, not stored: over the latest 2000 matching
            flagged = [p.pk for p in flag_passes(passes.order_by("-valid_on")[:2000]) if p.flagged]
            passes = passes.filter(pk__in=flagged)
    return passes.order_by("-valid_on", "-number")


@login_required
def pass_list(request):
    project = staff_project(request, VIEW)
    form = forms.PassFilterForm(request.GET or None)
    passes = _filtered(request, project, form)
    table = ListTable(
        request,
        passes,
        COLUMNS,
        title=_("Release passes"),
        filters=form_filters(form),
        prepare=flag_passes,
        file_stem="release-passes",
    )
    if table.export_requested:
        return table.export_response()
    context = {
        "title": _("Release passes"),
        "page": table.page,
        "table": table,
        "filter_form": form,
        "can_prepare": access.has_perm(request.user, PREPARE, project.pk),
        "todo": request.GET.get("todo", ""),
    }
    return render(request, "frontdesk/passes_list.html", context)


# --- a new pass ----------------------------------------------------------------------------------------------


@login_required
def pass_new(request):
    project = staff_project(request, VIEW)
    if not access.has_perm(request.user, PREPARE, project.pk):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = forms.PassForm(request.POST, project=project, user=request.user)
        if form.is_valid():
            created = attempt(
                form,
                lambda: services.pass_create(acting_user=request.user, **form.service_kwargs()),
                **forms.RENAME,
            )
            if created is not None:
                messages.success(
                    request, _("Pass %(number)s is being prepared.") % {"number": created.number}
                )
                return redirect("console:frontdesk-pass-detail", pk=created.pk)
        status = 400
    else:
        form = forms.PassForm(project=project, user=request.user, initial={"valid_on": timezone.localdate()})
    return render(request, "frontdesk/passes_new.html", {"form": form}, status=status)


# --- a pass's page and its actions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    perms: tuple[str, ...]
    shown: Callable  # (release_pass) -> bool
    form: Callable  # (data, release_pass) -> Form
    run: Callable  # (release_pass, user, kwargs) -> None
    done: str
    css: str = ""


def _consent_form(data, release_pass):
    initial = {}
    if consent_party_needed(release_pass.carrier_kind) == ConsentParty.OWNER:
        owners = list(_unit_owners(release_pass.unit_id))
        if len(owners) == 1:
            initial = {"phone": owners[0].mobile, "name": owners[0].name}
    return forms.ConsentForm(data, prefix="consent", initial=initial)


def _unit_owners(unit_id: int):
    owners = Ownership.objects.active().filter(unit_id=unit_id).values("owner_id")
    return Owner.objects.filter(pk__in=owners).order_by("name", "pk")


ACTIONS = [
    Action(
        "consent",
        gettext_lazy("Record the consent call"),
        (PREPARE,),
        lambda p: p.status == PassStatus.DRAFT and bool(consent_party_needed(p.carrier_kind)),
        _consent_form,
        lambda p, u, kw: services.pass_consent(release_pass=p, acting_user=u, **kw),
        gettext_lazy("The consent call is recorded."),
    ),
    Action(
        "approve",
        gettext_lazy("Issue the pass"),
        (ISSUE,),
        lambda p: p.status == PassStatus.DRAFT,
        lambda data, p: forms.ApproveForm(data, prefix="approve"),
        lambda p, u, kw: services.pass_approve(release_pass=p, acting_user=u, **kw),
        gettext_lazy("The pass is issued; print it for the signatures and the gate."),
    ),
    Action(
        "cancel",
        gettext_lazy("Cancel the pass"),
        (PREPARE, ISSUE),
        lambda p: p.status in (PassStatus.DRAFT, PassStatus.APPROVED),
        lambda data, p: forms.CancelForm(data, prefix="cancel"),
        lambda p, u, kw: services.pass_cancel(release_pass=p, acting_user=u, **kw),
        gettext_lazy("The pass is cancelled."),
        css="secondary",
    ),
]
ACTIONS_BY_NAME = {a.name: a for a in ACTIONS}


def fetch_pass(request, pk) -> ReleasePass:
    project = staff_project(request, VIEW)
    return get_object_or_404(_scoped(request, project), pk=pk)


def _render(request, release_pass, *, bound=None, status=200):
    user = request.user
    flag_one(release_pass)
    actions = []
    for spec in ACTIONS:
        failed = bound is not None and bound[0] == spec.name
        allowed = any(access.has_perm(user, perm, release_pass.project_id) for perm in spec.perms)
        if not allowed or not (failed or spec.shown(release_pass)):
            continue
        actions.append(
            {
                "name": spec.name,
                "label": spec.label,
                "form": bound[1] if failed else spec.form(None, release_pass),
                "open": failed,
                "css": spec.css,
            }
        )
    if actions and not any(a["open"] for a in actions):
        actions[0]["open"] = True
    context = {
        "p": release_pass,
        "items": list(release_pass.items.all()),
        "carrier_id_number": shown_id_number(user, release_pass.project_id, release_pass.carrier_id_number),
        "carrier_mobile": shown_mobile(user, release_pass.project_id, release_pass.carrier_mobile),
        "consent_needed": consent_party_needed(release_pass.carrier_kind),
        "consent_blocked": release_pass.consent_answer in (ConsentAnswer.REFUSED, ConsentAnswer.UNREACHABLE),
        "actions": actions,
        "history": release_pass.history.select_related("history_user").order_by("history_date")[:50],
    }
    return render(request, "frontdesk/passes_detail.html", context, status=status)


@login_required
def pass_detail(request, pk):
    return _render(request, fetch_pass(request, pk))


@login_required
@require_POST
def pass_action(request, pk, action):
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    release_pass = fetch_pass(request, pk)
    if not any(access.has_perm(request.user, perm, release_pass.project_id) for perm in spec.perms):
        raise PermissionDenied
    form = spec.form(request.POST, release_pass)
    if form.is_valid():
        done = attempt(form, lambda: spec.run(release_pass, request.user, form.service_kwargs()) or True)
        if done:
            messages.success(request, f"{release_pass.number}: {spec.done}")
            return redirect("console:frontdesk-pass-detail", pk=release_pass.pk)
    release_pass = fetch_pass(request, pk)  # the refused service rolled back; show the pass as stored
    return _render(request, release_pass, bound=(spec.name, form), status=400)


@login_required
def pass_pdf(request, pk):
    from wuye.frontdesk.pdf_passes import release_pass_pdf

    release_pass = flag_one(fetch_pass(request, pk))
    response = HttpResponse(
        release_pass_pdf(release_pass, viewer=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="release-pass-{release_pass.number}.pdf"'
    return response


# --- the daily list ------------------------------------------------------------------------------------------


@login_required
def pass_daily(request):
    project = staff_project(request, VIEW)
    form = forms.DayForm(request.GET or None)
    day = form.day_or_today()
    report = daily_passes(project, day, ReleasePass.objects.visible_to(request.user))
    if request.GET.get("export") == "xlsx":
        from wuye.frontdesk.excel_passes import daily_file_name, daily_workbook

        response = HttpResponse(
            daily_workbook(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{daily_file_name(report)}"'
        return response
    context = {
        "report": report,
        "form": form,
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "export_url": f"{reverse('console:frontdesk-passes-daily')}?{urlencode({'day': day.isoformat(), 'export': 'xlsx'})}",
    }
    return render(request, "frontdesk/passes_daily.html", context)


# --- the gate ---------------------------------------------------------------------------------------------------


def _gate_project(request):
    project = staff_project(request, VIEW)
    if not access.has_perm(request.user, RELEASE, project.pk):
        raise PermissionDenied
    return project


def _gate(request, project, *, number="", release_form=None, refusal="", released=None, status=200):
    release_pass = None
    if number and not refusal:
        try:
            release_pass = pass_for_gate(number, {project.pk})
        except BusinessRuleError as exc:
            refusal, status = exc.message, 400 if status == 200 else status
        else:
            problem = services.gate_check(release_pass)
            if problem is not None:
                refusal = problem.message
    if release_pass is not None and release_form is None and not refusal:
        release_form = forms.GateReleaseForm(initial={"number": release_pass.number}, prefix="release")
    context = {
        "lookup_form": forms.GateLookupForm(initial={"number": "" if released else number}),
        "p": flag_one(release_pass) if release_pass is not None else None,
        "items": list(release_pass.items.all()) if release_pass is not None else [],
        "release_form": release_form if not refusal else None,
        "refusal": refusal,
        "released": released,
    }
    return render(request, "frontdesk/passes_gate.html", context, status=status)


@login_required
def gate(request):
    project = _gate_project(request)
    lookup = forms.GateLookupForm(request.GET or None)
    number = lookup.cleaned_data["number"] if lookup.is_valid() else ""
    return _gate(request, project, number=number)


@login_required
@require_POST
def gate_release(request):
    project = _gate_project(request)
    form = forms.GateReleaseForm(request.POST, prefix="release")
    if not form.is_valid():
        return _gate(request, project, status=400)
    number = form.cleaned_data["number"]
    try:
        release_pass = pass_for_gate(number, {project.pk})
    except BusinessRuleError as exc:
        return _gate(request, project, number=number, refusal=exc.message, status=400)
    try:
        services.pass_release(
            release_pass=release_pass,
            items_checked=form.cleaned_data["items_checked"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
    except BusinessRuleError as exc:
        if exc.code == "items_not_checked":
            form.add_error("items_checked", exc.message)
            return _gate(request, project, number=number, release_form=form, status=400)
        return _gate(request, project, number=number, refusal=exc.message, status=400)
    release_pass.refresh_from_db()
    return _gate(request, project, number=number, released=release_pass)


# --- navigation and the workbench ----------------------------------------------------------------------------

urlpatterns: list = [
    path("frontdesk/passes/", pass_list, name="frontdesk-passes"),
    path("frontdesk/passes/new/", pass_new, name="frontdesk-pass-new"),
    path("frontdesk/passes/daily/", pass_daily, name="frontdesk-passes-daily"),
    path("frontdesk/passes/<int:pk>/", pass_detail, name="frontdesk-pass-detail"),
    path("frontdesk/passes/<int:pk>/pass.pdf", pass_pdf, name="frontdesk-pass-pdf"),
    path("frontdesk/passes/<int:pk>/<slug:action>/", pass_action, name="frontdesk-pass-action"),
    path("gate/", gate, name="frontdesk-gate"),
    path("gate/release/", gate_release, name="frontdesk-gate-release"),
]

NAV: tuple = (
    NavItem("frontdesk", gettext_lazy("Release passes"), "console:frontdesk-passes", perm=VIEW, weight=10),
    NavItem(
        "frontdesk",
        gettext_lazy("Release passes of the day"),
        "console:frontdesk-passes-daily",
        perm=VIEW,
        weight=11,
    ),
    NavItem(
        "frontdesk", gettext_lazy("Gate: release goods"), "console:frontdesk-gate", perm=RELEASE, weight=12
    ),
)


def pass_cards(user, project, now: dt.datetime) -> list[Card]:
    """The desk: passes waiting for the consent call or the issue (today or later); the gate: passes
    valid today. A figure only when there is something; each opens exactly those passes. One query."""
    if user.is_resident or not access.has_perm(user, VIEW, project.pk):
        return []
    desk = access.has_perm(user, PREPARE, project.pk) or access.has_perm(user, ISSUE, project.pk)
    gate = access.has_perm(user, RELEASE, project.pk) or access.has_perm(user, PREPARE, project.pk)
    if not (desk or gate):
        return []
    today = timezone.localdate(now)
    passes = ReleasePass.objects.visible_to(user).filter(project=project)
    counts = passes.aggregate(
        waiting=Count("pk", filter=awaiting_issue_q(today)), valid=Count("pk", filter=valid_today_q(today))
    )
    base = reverse("console:frontdesk-passes")
    figures: list[Figure] = []
    if desk and counts["waiting"]:
        figures.append(
            Figure(
                label=_("Passes waiting for consent or issue"),
                value=counts["waiting"],
                url=f"{base}?{urlencode({'todo': TODO_DESK})}",
                tone=WARN,
            )
        )
    if gate and counts["valid"]:
        figures.append(
            Figure(
                label=_("Passes valid today at the gate"),
                value=counts["valid"],
                url=f"{base}?{urlencode({'todo': TODO_GATE})}",
            )
        )
    return [Card(key="frontdesk-passes", title=_("Release passes"), figures=figures)]


def register_workbench() -> None:
    workbench.register("frontdesk-passes", order=44, provider=pass_cards)
