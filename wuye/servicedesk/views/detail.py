"""The ticket page: timeline, deadlines, people, complaint and fee fields, and the action forms.

Each action is one small form posted to /tickets/<id>/<action>/: parse → fetch in scope → check the
role (403) → call one service → redirect. A BusinessRuleError or ValidationError re-renders the page
with the form's errors and nothing changed. The actions themselves (who, when, which form, which
service) are listed in `views.actions`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.servicedesk import selectors
from wuye.servicedesk.choices import REPAIR_CATEGORIES, Category, Status
from wuye.servicedesk.models import Ticket, TicketDeadline
from wuye.servicedesk.views.actions import ACTIONS, ACTIONS_BY_NAME, PRIMARY_ORDER, ActionContext
from wuye.servicedesk.views.common import apply_errors
from wuye.servicedesk.views.timeline import event_rows


def _fetch(request, pk) -> Ticket:
    if request.user.is_resident:
        raise PermissionDenied
    ticket = get_object_or_404(
        Ticket.objects.visible_to(request.user)
        .select_related(
            "project",
            "unit",
            "public_area",
            "received_by",
            "first_contact",
            "assignee",
            "classified_by",
            "incident",
            "service_item",
            "opinion_by",
        )
        .prefetch_related(Prefetch("deadlines", queryset=TicketDeadline.objects.order_by("due_at", "id"))),
        pk=pk,
    )
    if not access.has_perm(request.user, "ticket.view", ticket.project_id):
        raise PermissionDenied
    return ticket


def _render_detail(request, ticket, *, bound=None, status=200):
    """Render the page; `bound` is the (name, form) of a posted action that failed."""
    ctx = ActionContext(ticket)
    user = request.user
    wanted = request.GET.get("do", "")
    actions = []
    for action in ACTIONS:
        failed = bool(bound) and bound[0] == action.name  # a failed post stays visible with its errors
        if not action.allowed(ticket, user) or not (failed or action.shown(ticket, user)):
            continue
        form = bound[1] if bound and bound[0] == action.name else action.form(None, ticket, ctx)
        actions.append({"name": action.name, "label": action.label, "form": form, "buttons": action.buttons})
    names = [a["name"] for a in actions]
    opened = bound[0] if bound else wanted
    if opened not in names:
        if ticket.category == Category.COMPLAINT and not ticket.validity:
            preferred = ("classify",) + PRIMARY_ORDER  # seed 000 §7: the supervisor decides validity first
        elif ticket.status == Status.RECEIVED:
            preferred = ("close",) if ticket.category == Category.CONSULTATION else ("dispatch", "start")
        else:
            preferred = PRIMARY_ORDER
        opened = next((n for n in preferred if n in names), "")
    for action in actions:
        action["open"] = action["name"] == opened
        if action["open"] and (bound or wanted):
            form = action["form"]
            first = next((n for n in form.fields if n in form.errors), None) or next(iter(form.fields), None)
            if first:
                form.fields[first].widget.attrs["autofocus"] = True
    context = {
        "ticket": ticket,
        "now": timezone.now(),
        "events": event_rows(ticket),
        "deadline_rows": selectors.deadline_rows(ticket),
        "return_visits": ticket.return_visits.select_related("assigned_to", "done_by"),
        "replies": list(ticket.replies.select_related("replied_by")),
        "actions": actions,
        "contact": selectors.shown_contact(request.user, ticket),  # masked unless the role needs it
        "is_complaint": ticket.category == Category.COMPLAINT,
        "is_repair": ticket.category in REPAIR_CATEGORIES,
        "show_fees": ticket.is_paid or ticket.category in REPAIR_CATEGORIES or bool(ticket.fee),
    }
    return render(request, "servicedesk/ticket_detail.html", context, status=status)


@login_required
def ticket_detail(request, pk):
    return _render_detail(request, _fetch(request, pk))


@login_required
@require_POST
def ticket_action(request, pk, action):
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    ticket = _fetch(request, pk)
    if not spec.allowed(ticket, request.user):
        raise PermissionDenied
    form = spec.form(request.POST, ticket, ActionContext(ticket))
    status = 200
    if form.is_valid():
        try:
            spec.run(ticket, request.user, form.service_kwargs())
        except (ValidationError, BusinessRuleError) as exc:
            apply_errors(form, exc)
            if isinstance(exc, PermissionDeniedError):  # e.g. this extension needs a higher approver
                status = 403
        else:
            messages.success(request, f"{ticket.number}: {spec.done}")
            return redirect("console:ticket-detail", pk=ticket.pk)
    ticket = _fetch(request, pk)  # the failed service rolled back; show the ticket as stored
    return _render_detail(request, ticket, bound=(spec.name, form), status=status)


@login_required
def repair_order_pdf(request, pk):
    """《维修服务单》 for printing: customer copy and archive copy."""
    from django.http import Http404, HttpResponse

    from wuye.servicedesk.pdf import repair_order_pdf as render_pdf

    ticket = _fetch(request, pk)
    if ticket.category not in REPAIR_CATEGORIES:
        raise Http404("not a repair")
    response = HttpResponse(render_pdf(ticket, viewer=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="repair-order-{ticket.number}.pdf"'
    return response
