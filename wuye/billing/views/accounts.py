"""The cashier's pages: a unit's account, the cashier desk (find the unit → see what is due → take
the payment → print the receipt) and the receipt (print, void)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wuye.billing import pdf, selectors, services
from wuye.billing.forms import PaymentForm, UnitLookupForm, VoidForm, new_idempotency_key
from wuye.billing.templatetags.billing_tags import billing_pages
from wuye.billing.views.common import (
    apply_errors,
    attempt,
    paginate,
    pdf_response,
    require_billing_view,
    staff_project,
)
from wuye.core import access
from wuye.core.console import require_project
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.validators import int_param
from wuye.estate.models import Unit


@login_required
def billing_home(request):
    """/billing/: the first billing page the user may open in the current project."""
    if request.user.is_resident:
        raise PermissionDenied
    pages = billing_pages(request.user, require_project(request))
    if not pages:
        raise PermissionDenied
    return redirect(pages[0][0])


def _open_charges(account):
    return list(account["charges"].filter(allocated__lt=F("amount")).order_by("period_start", "id"))


@login_required
def unit_account(request, pk):
    """户账: charges with their open amounts, payments with their receipts, credit, deposits held."""
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).select_related("project", "building"), pk=pk
    )
    require_billing_view(request, unit.project_id)
    account = selectors.unit_account(unit)
    only_open = request.GET.get("open") == "1"
    charges = account["charges"].filter(allocated__lt=F("amount")) if only_open else account["charges"]
    context = {
        "unit": unit,
        "account": account,
        "charges": paginate(request, charges),
        "only_open": only_open,
        "payments": account["payments"][:100],
        "deposits": account["deposits"],
        "can_take_payment": access.has_perm(request.user, "billing.take_payment", unit.project_id),
    }
    return render(request, "billing/unit_account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    """收银台. The payment form carries an idempotency key made when it is rendered: a double submit
    or a retry returns the first payment and its receipt instead of paying twice."""
    project = staff_project(request, "billing.take_payment")
    units = Unit.objects.visible_to(request.user).filter(project=project)
    unit, matches = None, []
    lookup = UnitLookupForm(request.GET or None)
    if request.method == "POST":
        unit_id = request.POST.get("unit_id", "")
        unit = get_object_or_404(units, pk=int_param(unit_id, default=0))
    elif lookup.is_valid():
        code = lookup.cleaned_data["unit"].strip()
        unit = units.filter(code=code).first()
        if unit is None:
            matches = list(units.filter(code__icontains=code).order_by("code")[:20])
            if len(matches) == 1:
                unit, matches = matches[0], []
    context = {
        "project": project,
        "lookup": lookup,
        "matches": matches,
        "unit": unit,
        "searched": lookup.is_bound and unit is None,
    }
    if unit is None:
        return render(request, "billing/desk.html", context)
    account = selectors.unit_account(unit)
    open_charges = _open_charges(account)
    open_total = sum((c.amount - c.allocated for c in open_charges), 0)
    initial = {"idempotency_key": new_idempotency_key(), "amount": open_total or None, "method": "cash"}
    form = PaymentForm(request.POST or None, open_charges=open_charges, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.payment_create(unit=unit, acting_user=request.user, **form.payment_fields())
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except (ValidationError, BusinessRuleError) as exc:
            if getattr(exc, "code", None) == "idempotency_key_reused":
                # the old form was sent again with other figures: a fresh key makes the next submit a new payment
                data = request.POST.copy()
                data["idempotency_key"] = new_idempotency_key()
                form = PaymentForm(data, open_charges=open_charges, initial=initial)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "This form was already used for another payment. Check the figures and "
                        "submit again to take a new payment."
                    ),
                )
            else:
                apply_errors(form, exc, at="received_at")
        else:
            if result.replayed:
                messages.info(
                    request,
                    _("This payment was already recorded (the form was sent twice); here is its receipt."),
                )
            else:
                messages.success(
                    request,
                    _("Received %(amount)s yuan; receipt %(number)s.")
                    % {"amount": result.payment.amount, "number": result.receipt.display_number},
                )
            return redirect("console:billing-receipt", pk=result.receipt.pk)
    context.update(
        account=account,
        open_charges=open_charges,
        open_total=open_total,
        form=form,
        checked=set(request.POST.getlist("charge_ids")),
        post_url=f"{reverse('console:billing-desk')}?{urlencode({'unit': unit.code})}",
    )
    return render(request, "billing/desk.html", context)


def _receipt_in_scope(request, pk):
    receipt = get_object_or_404(pdf.receipts_with_lines().visible_to(request.user), pk=pk)
    # whoever issued a receipt may show and print it (gate staff hand the visitor the receipt of
    # the gate cash they took) without seeing the rest of billing
    if receipt.issued_by_id != request.user.pk:
        require_billing_view(request, receipt.project_id)
    return receipt


def _render_receipt(request, receipt, void_form=None, status=200):
    can_void = receipt.voided_at is None and access.has_perm(
        request.user, "billing.take_payment", receipt.project_id
    )
    context = {
        "receipt": receipt,
        "payment": receipt.payment,
        "lines": pdf.receipt_lines(receipt),
        "void_form": (void_form or VoidForm()) if can_void else None,
        "can_take_payment": access.has_perm(request.user, "billing.take_payment", receipt.project_id),
    }
    return render(request, "billing/receipt.html", context, status=status)


@login_required
def receipt_detail(request, pk):
    return _render_receipt(request, _receipt_in_scope(request, pk))


@login_required
def receipt_print(request, pk):
    receipt = _receipt_in_scope(request, pk)
    return pdf_response(pdf.receipt_pdf(receipt), f"receipt-{receipt.display_number}.pdf")


@login_required
@require_POST
def receipt_void(request, pk):
    """作废: with the reason; the charges it paid open again, then the payment is taken anew."""
    receipt = _receipt_in_scope(request, pk)
    if request.user.is_resident or not access.has_perm(
        request.user, "billing.take_payment", receipt.project_id
    ):
        raise PermissionDenied
    form = VoidForm(request.POST)
    if form.is_valid():
        voided = attempt(
            form,
            lambda: services.receipt_void(
                receipt=receipt, reason=form.cleaned_data["reason"], acting_user=request.user
            ),
        )
        if voided is not None:
            messages.success(
                request, _("Receipt %(number)s was voided.") % {"number": receipt.display_number}
            )
            return redirect("console:billing-receipt", pk=receipt.pk)
    return _render_receipt(request, pdf.receipts_with_lines().get(pk=receipt.pk), void_form=form, status=400)
