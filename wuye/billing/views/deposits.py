"""Deposits (押金): the list with the refunds waiting for a decision, a deposit's page with the refund
request (itemised deductions, by the cashier) and the decision (by the project manager), and the
printable refund memo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.billing import pdf, services
from wuye.billing.choices import RefundStatus
from wuye.billing.forms import DeductionFormSet, RefundDecisionForm, RefundRequestForm
from wuye.billing.models import Charge, Deposit
from wuye.billing.services.deposits import deposit_held
from wuye.billing.views.columns import DEPOSIT_COLUMNS
from wuye.billing.views.common import attempt, pdf_response, staff_project
from wuye.core import access
from wuye.core.tables import ListTable

STATES = {
    "held": Q(closed_at__isnull=True) & (Q(refund__isnull=True) | Q(refund__status=RefundStatus.REJECTED)),
    "requested": Q(refund__status=RefundStatus.REQUESTED),
    "closed": Q(closed_at__isnull=False),
}


def _deposits(user):
    return (
        Deposit.objects.visible_to(user)
        .select_related("unit", "payment__receipt", "refund__requested_by", "refund__decided_by")
        .annotate(held=Sum("entries__amount"))
    )


@login_required
def deposit_list(request):
    project = staff_project(request, "billing.view")
    state = request.GET.get("state", "")
    deposits = _deposits(request.user).filter(project=project).order_by("-received_at", "-id")
    if state in STATES:
        deposits = deposits.filter(STATES[state])
    else:
        state = ""
    query = request.GET.get("q", "").strip()
    if query:
        deposits = deposits.filter(unit__code__icontains=query)
    states = [
        ("", _("All")),
        ("held", _("Held")),
        ("requested", _("Refund requested")),
        ("closed", _("Closed")),
    ]
    filters = [(_("State"), dict(states)[state])] if state else []
    if query:
        filters.append((_("Unit code"), query))
    table = ListTable(request, deposits, DEPOSIT_COLUMNS, title=_("Deposits"), filters=filters)
    if table.export_requested:
        return table.export_response()
    context = {
        "page": table.page,
        "table": table,
        "state": state,
        "query": query,
        "states": states,
        "can_decide": access.has_perm(request.user, "billing.approve_refund", project.pk),
        "decision_form": RefundDecisionForm(),
    }
    return render(request, "billing/deposit_list.html", context)


def _deposit_in_scope(request, pk):
    deposit = get_object_or_404(_deposits(request.user).select_related("project"), pk=pk)
    if request.user.is_resident or not access.has_perm(request.user, "billing.view", deposit.project_id):
        raise PermissionDenied
    return deposit


def _charge_choices(deposit):
    open_charges = (
        Charge.objects.filter(unit_id=deposit.unit_id, allocated__lt=F("amount"))
        .select_related("fee_item")
        .order_by("period_start", "id")
    )
    return [
        (c.pk, f"{c.fee_item.name} {c.period_start:%Y-%m} · {c.amount - c.allocated}") for c in open_charges
    ]


def _render_detail(request, deposit, *, formset=None, request_form=None, decision_form=None, status=200):
    refund = getattr(deposit, "refund", None)
    user = request.user
    can_request = (
        deposit.closed_at is None
        and (refund is None or refund.status == RefundStatus.REJECTED)
        and access.has_perm(user, "billing.take_payment", deposit.project_id)
    )
    can_decide = (
        refund is not None
        and refund.status == RefundStatus.REQUESTED
        and access.has_perm(user, "billing.approve_refund", deposit.project_id)
    )
    charges = _charge_choices(deposit) if can_request else []
    context = {
        "deposit": deposit,
        "refund": refund,
        "entries": deposit.entries.order_by("id"),
        "formset": (formset or DeductionFormSet(prefix="d", form_kwargs={"charges": charges}))
        if can_request
        else None,
        "request_form": (request_form or RefundRequestForm()) if can_request else None,
        "decision_form": (decision_form or RefundDecisionForm()) if can_decide else None,
    }
    return render(request, "billing/deposit_detail.html", context, status=status)


@login_required
def deposit_detail(request, pk):
    return _render_detail(request, _deposit_in_scope(request, pk))


@login_required
@require_POST
def deposit_refund(request, pk):
    """The cashier prepares the refund: itemised deductions (penalties, unpaid fees)."""
    deposit = _deposit_in_scope(request, pk)
    if not access.has_perm(request.user, "billing.take_payment", deposit.project_id):
        raise PermissionDenied
    formset = DeductionFormSet(request.POST, prefix="d", form_kwargs={"charges": _charge_choices(deposit)})
    form = RefundRequestForm(request.POST)
    if formset.is_valid() and form.is_valid():
        refund = attempt(
            form,
            lambda: services.deposit_refund_request(
                deposit=deposit,
                deductions=formset.deductions(),
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            ),
        )
        if refund is not None:
            messages.success(
                request, _("The refund was requested; it waits for the project manager's decision.")
            )
            return redirect("console:billing-deposit", pk=deposit.pk)
    return _render_detail(request, deposit, formset=formset, request_form=form, status=400)


@login_required
@require_POST
def deposit_decide(request, pk):
    """The project manager approves (the money moves through the ledger) or rejects."""
    deposit = _deposit_in_scope(request, pk)
    if not access.has_perm(request.user, "billing.approve_refund", deposit.project_id):
        raise PermissionDenied
    form = RefundDecisionForm(request.POST)
    decision = request.POST.get("decision")
    refund = getattr(deposit, "refund", None)
    if refund is None:
        form.add_error(None, _("No refund has been requested for this deposit."))
    elif decision not in ("approve", "reject"):
        form.add_error(None, _("Approve or reject."))
    elif form.is_valid():
        decided = attempt(
            form,
            lambda: services.deposit_refund_decide(
                refund=refund,
                approve=decision == "approve",
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            ),
        )
        if decided is not None:
            if decision == "approve":
                messages.success(
                    request,
                    _("The refund was approved: %(amount)s yuan to pay out.")
                    % {"amount": Deposit.objects.get(pk=deposit.pk).refund.refund_amount},
                )
            else:
                messages.info(request, _("The refund was rejected; the cashier may prepare it again."))
            target = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                return redirect(target)
            return redirect("console:billing-deposit", pk=deposit.pk)
    deposit = _deposit_in_scope(request, pk)
    return _render_detail(request, deposit, decision_form=form, status=400)


@login_required
def deposit_memo(request, pk):
    """《押金退还备忘表》; before a request its deduction rows are blank, to fill in by hand."""
    deposit = _deposit_in_scope(request, pk)
    return pdf_response(
        pdf.refund_memo_pdf(deposit, deposit_held(deposit)), f"deposit-refund-{deposit.pk}.pdf"
    )
