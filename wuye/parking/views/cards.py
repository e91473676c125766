"""IC cards: the cards in use, issuing one for a current monthly rental (the cashier takes the ¥50
deposit) and taking one back (its deposit goes to refund) or recording it lost (the deposit is kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.tables import ListTable
from wuye.parking import services
from wuye.parking.forms import CardIssueForm
from wuye.parking.models import Card, Rental
from wuye.parking.selectors import current_q
from wuye.parking.views.columns import CARD_COLUMNS
from wuye.parking.views.common import attempt, attempt_or_message, staff_project

IN_USE = Q(returned_at__isnull=True, lost_at__isnull=True)
STATES = {"in_use": IN_USE, "closed": ~IN_USE}


def _rentals_without_card(user, project):
    """Current rentals (and those still to start) that hold no card in use."""
    today = timezone.localdate()
    return (
        Rental.objects.visible_to(user)
        .filter(project=project)
        .filter(current_q(today) | Q(start_date__gt=today))
        .exclude(cards__in=Card.objects.filter(IN_USE))
        .select_related("space", "vehicle")
        .order_by("space__number")
    )


def _render(request, project, *, form=None, status=200):
    state = request.GET.get("state", "in_use")
    cards = (
        Card.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("rental__space", "rental__vehicle", "deposit__refund", "issued_by")
        .order_by("-issued_at", "-id")
    )
    if state in STATES:
        cards = cards.filter(STATES[state])
    else:
        state = ""
    states = [("in_use", _("In use")), ("closed", _("Returned or lost")), ("", _("All"))]
    table = ListTable(
        request,
        cards,
        CARD_COLUMNS,
        title=_("Parking cards"),
        filters=[(_("State"), dict(states)[state])] if state else [],
    )
    if table.export_requested:
        return table.export_response()
    can_issue = access.has_perm(request.user, "billing.take_payment", project.pk)
    if can_issue and form is None:
        initial = {"rental": request.GET.get("rental", "")}
        form = CardIssueForm(rentals=_rentals_without_card(request.user, project), initial=initial)
    context = {
        "page": table.page,
        "table": table,
        "state": state,
        "states": states,
        "form": form if can_issue else None,
        "can_issue": can_issue,
        "deposit": services.card_deposit_amount(project),
    }
    return render(request, "parking/cards.html", context, status=status)


@login_required
def card_list(request):
    return _render(request, staff_project(request, "parking.view"))


@login_required
@require_POST
def card_issue(request):
    project = staff_project(request, "parking.view")
    form = CardIssueForm(request.POST, rentals=_rentals_without_card(request.user, project))
    if form.is_valid():
        rental = get_object_or_404(
            Rental.objects.visible_to(request.user).filter(project=project), pk=form.cleaned_data["rental"]
        )
        card = attempt(
            form,
            lambda: services.card_issue(
                rental=rental,
                number=form.cleaned_data["number"],
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                acting_user=request.user,
            ),
        )
        if card is not None:
            messages.success(
                request,
                _("Card %(number)s was issued; deposit %(amount)s yuan taken.")
                % {"number": card.number, "amount": card.deposit.amount},
            )
            return redirect("console:parking-cards")
    elif not access.has_perm(request.user, "billing.take_payment", project.pk):
        raise PermissionDenied
    return _render(request, project, form=form, status=400)


@login_required
@require_POST
def card_return(request, pk):
    project = staff_project(request, "parking.view")
    card = get_object_or_404(Card.objects.visible_to(request.user).filter(project=project), pk=pk)
    lost = request.POST.get("lost") == "1"
    refund = attempt_or_message(
        request, lambda: services.card_return(card=card, lost=lost, acting_user=request.user)
    )
    if refund is not None and lost:
        messages.info(
            request, _("Card %(number)s was recorded lost; its deposit is kept.") % {"number": card.number}
        )
    elif refund is not None:
        messages.success(
            request,
            _(
                "Card %(number)s was returned; the refund of %(amount)s yuan waits for the "
                "project manager's approval."
            )
            % {"number": card.number, "amount": refund.refund_amount},
        )
    return redirect("console:parking-cards")
