"""The gate (临时停放): open a stay at the entry, see who is inside with the fee so far, quote a stay
with its breakdown per day, and close it in cash or on a unit's account."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core.tables import ListTable
from wuye.core.validators import int_param
from wuye.parking import services
from wuye.parking.forms import QuoteForm, SessionCloseForm, SessionOpenForm, in_project
from wuye.parking.models import Session
from wuye.parking.plates import normalize_plate
from wuye.parking.selectors import cash_receipt_number, sessions_with_receipt
from wuye.parking.tariff import Tariff
from wuye.parking.views.columns import INSIDE_COLUMNS
from wuye.parking.views.common import apply_errors, attempt, staff_project, unit_by_code

PERM = "parking.gate"
INSIDE_SHOWN = 200


def plate_query(value: str) -> str:
    """A typed plate for searching: normalised when it is a whole plate, else as typed."""
    try:
        return normalize_plate(value)
    except ValidationError:
        return value.strip().upper()


def _gate_page(request, project, *, form=None, status=200):
    sessions = Session.objects.visible_to(request.user).filter(project=project)
    inside = sessions.filter(exited_at__isnull=True).order_by("entered_at")
    query = request.GET.get("q", "").strip()
    if query:
        inside = inside.filter(plate__icontains=plate_query(query))
    now = timezone.now()
    inside = list(inside[:INSIDE_SHOWN])
    for stay in inside:
        # an entry may be recorded up to a minute ahead (event_time); until then nothing has accrued
        stay.fee_so_far = services.fee_quote(
            project=project, entered_at=stay.entered_at, exited_at=max(now, stay.entered_at)
        )["amount"]
    table = ListTable(
        request,
        inside,
        INSIDE_COLUMNS,
        title=_("Vehicles inside"),
        per_page=INSIDE_SHOWN,
        filters=[(_("Plate"), query)] if query else [],
    )
    if table.export_requested:
        return table.export_response()
    context = {
        "form": form or SessionOpenForm(),
        "inside": table.page.object_list,
        "table": table,
        "query": query,
        "recent": _numbered(
            sessions_with_receipt(sessions.filter(exited_at__isnull=False).select_related("unit")).order_by(
                "-exited_at"
            )[:20]
        ),
        # the stay just closed in cash: its receipt is offered to print for the driver
        "just_closed": _just_closed(request, sessions),
        "tariff": Tariff.for_project(project),
    }
    return render(request, "parking/gate.html", context, status=status)


def _numbered(stays):
    stays = list(stays)
    for stay in stays:
        stay.receipt_number = cash_receipt_number(stay)
    return stays


def _just_closed(request, sessions):
    pk = int_param(request.GET.get("closed"))
    if pk is None:
        return None
    stays = _numbered(sessions_with_receipt(sessions.filter(pk=pk, exited_at__isnull=False)))
    return stays[0] if stays and stays[0].cash_receipt else None


@login_required
def gate(request):
    return _gate_page(request, staff_project(request, PERM))


@login_required
@require_POST
def session_open(request):
    project = staff_project(request, PERM)
    form = SessionOpenForm(request.POST)
    if form.is_valid():
        stay = attempt(
            form,
            lambda: services.session_open(project=project, acting_user=request.user, **form.cleaned_data),
            at="entered_at",
        )
        if stay is not None:
            messages.success(
                request,
                _("%(plate)s entered at %(time)s.")
                % {"plate": stay.plate, "time": timezone.localtime(stay.entered_at).strftime("%H:%M")},
            )
            return redirect("console:parking-gate")
    return _gate_page(request, project, form=form, status=400)


def _stored_days(session) -> list[dict]:
    return [
        {
            "start": dt.datetime.fromisoformat(d["from"]),
            "end": dt.datetime.fromisoformat(d["to"]),
            "charged": d["charged"],
        }
        for d in (session.breakdown or {}).get("days", [])
    ]


def _session_page(request, project, session, *, close_form=None, status=200):
    quote_form = QuoteForm(request.GET or None)
    quote = None
    if session.exited_at is None:
        exited_at = (quote_form.cleaned_data.get("exited_at") if quote_form.is_valid() else None) or max(
            timezone.now(), session.entered_at
        )
        try:
            quote = services.fee_quote(project=project, entered_at=session.entered_at, exited_at=exited_at)
        except ValidationError as exc:
            apply_errors(quote_form, exc)
            status = 400
        else:
            quote["exited_at"] = exited_at
            quote["days"] = [{**d, "start": d["from"], "end": d["to"]} for d in quote["days"]]
        if close_form is None:
            close_form = SessionCloseForm(
                initial={
                    "exited_at": quote_form.cleaned_data.get("exited_at") if quote_form.is_valid() else None
                }
            )
    context = {
        "session": session,
        "quote": quote,
        "quote_form": quote_form,
        "close_form": in_project(close_form, project) if close_form is not None else None,
        "stored_days": _stored_days(session),
        "tariff": Tariff.for_project(project),
    }
    return render(request, "parking/session.html", context, status=status)


def _session_in_scope(request, project, pk):
    return get_object_or_404(
        Session.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit", "opened_by", "closed_by"),
        pk=pk,
    )


@login_required
def session_detail(request, pk):
    project = staff_project(request, PERM)
    return _session_page(request, project, _session_in_scope(request, project, pk))


@login_required
@require_POST
def session_close(request, pk):
    project = staff_project(request, PERM)
    session = _session_in_scope(request, project, pk)
    form = SessionCloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = unit_by_code(request.user, project, data["unit"])
        if data["unit"].strip() and unit is None:
            form.add_error("unit", _("No unit with this code in the project."))
        else:
            closed = attempt(
                form,
                lambda: services.session_close(
                    session=session,
                    settlement=data["settlement"],
                    unit=unit,
                    exited_at=data["exited_at"],
                    acting_user=request.user,
                ),
                at="exited_at",
            )
            if closed is not None:
                messages.success(
                    request,
                    _("%(plate)s left: %(amount)s yuan, %(settlement)s.")
                    % {
                        "plate": closed.plate,
                        "amount": closed.amount,
                        "settlement": closed.get_settlement_display(),
                    },
                )
                if closed.settlement == Session.Settlement.CASH:  # offer the receipt of the cash taken
                    return redirect(f"{reverse('console:parking-gate')}?{urlencode({'closed': closed.pk})}")
                return redirect("console:parking-gate")
    return _session_page(request, project, session, close_form=form, status=400)
