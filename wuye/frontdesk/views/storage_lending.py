"""The storage_lending part of the front desk console (seed 000 §14): the storage register with its
deposit form, an item's card (pick-up, customer contacted), the daily check and the overdue list;
the lending register with the items' states, an item's card (lend, return, repaired, replaced,
retire) and the loans. Every list exports to Excel. Views parse a form, fetch in scope, call one
service and show its refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.core import access, workbench
from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.core.masking import shown_id_number, shown_mobile
from wuye.core.navigation import NavItem
from wuye.core.tables import Column, ListTable
from wuye.core.workbench import BAD, Card, Figure
from wuye.frontdesk import forms_storage_lending as f
from wuye.frontdesk.choices import LendableState, StorageCategory, StorageStatus
from wuye.frontdesk.models import LendableItem, Loan, StoredItem
from wuye.frontdesk.selectors_shift_custody import overdue_counts
from wuye.frontdesk.selectors_storage_lending import (
    is_loan_overdue,
    is_stored_overdue,
    loans_queryset,
    open_loan,
    overdue_loans,
    overdue_stored_items,
    refused_categories,
    storage_checks,
    stored_items_queryset,
    stored_now,
)
from wuye.frontdesk.services import storage_lending as services

VIEW, DESK = "frontdesk.view", "frontdesk.desk"
OVERDUE = "overdue"


def _can_desk(request, project) -> bool:
    return access.has_perm(request.user, DESK, project.pk)


def _require_desk(request, project) -> None:
    if not _can_desk(request, project):
        raise PermissionDenied


# --- storage: the register and the overdue list ------------------------------------------------------

STORAGE_COLUMNS = [
    Column("deposited_at", gettext_lazy("Left at"), sort="deposited_at"),
    Column("depositor", gettext_lazy("Left by"), sort="depositor"),
    Column("mobile", gettext_lazy("Mobile"), "shown_mobile"),
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("category", gettext_lazy("Category"), "get_category_display", sort="category"),
    Column("description", gettext_lazy("Item"), "description"),
    Column("quantity", gettext_lazy("Quantity"), "quantity"),
    Column("condition", gettext_lazy("Condition when left"), "condition", page=False),
    Column("expected_pickup_at", gettext_lazy("To be picked up by"), sort="expected_pickup_at"),
    Column("status", gettext_lazy("Status"), "get_status_display", sort="status"),
    Column("picked_up_at", gettext_lazy("Picked up at"), page=False),
    Column("picker_name", gettext_lazy("Picked up by"), page=False),
    Column("contacted_at", gettext_lazy("Customer contacted at"), sort="contacted_at"),
    Column("contact_note", gettext_lazy("Contact note"), page=False),
]


def _storage_prepare(request, project):
    now = timezone.now()

    def prepare(rows):
        for row in rows:
            row.shown_mobile = shown_mobile(request.user, project.pk, row.depositor_mobile)
            row.is_overdue = is_stored_overdue(row, now)
        return rows

    return prepare


def _storage_rows(request, project):
    items = stored_items_queryset(StoredItem.objects.visible_to(request.user).filter(project=project))
    status = request.GET.get("status", StorageStatus.STORED)
    if status in StorageStatus.values:
        items = items.filter(status=status)
    text = (request.GET.get("q") or "").strip()
    if text:
        items = items.filter(Q(description__icontains=text) | Q(depositor__icontains=text))
    return items


def _storage_list(request, project, items, *, title, overdue=False, form=None, status=200):
    table = ListTable(
        request, items, STORAGE_COLUMNS, title=title, prepare=_storage_prepare(request, project)
    )
    if table.export_requested:
        return table.export_response()
    can_desk = _can_desk(request, project)
    if can_desk and form is None and not overdue:
        form = f.DepositForm(project=project, user=request.user, prefix="deposit")
    context = {
        "title": title,
        "table": table,
        "page": table.page,
        "overdue": overdue,
        "statuses": StorageStatus.choices,
        "status": request.GET.get("status", StorageStatus.STORED),
        "deposit_form": form if can_desk and not overdue else None,
        "refused": refused_labels(project),
    }
    return render(request, "frontdesk/storage_lending_storage.html", context, status=status)


def refused_labels(project) -> list[str]:
    return [str(StorageCategory(c).label) for c in refused_categories(project)]


@login_required
def storage_list(request):
    project = staff_project(request, VIEW)
    return _storage_list(request, project, _storage_rows(request, project), title=_("Stored items"))


@login_required
@require_POST
def storage_deposit(request):
    project = staff_project(request, VIEW)
    _require_desk(request, project)
    form = f.DepositForm(request.POST, project=project, user=request.user, prefix="deposit")
    if form.is_valid():
        item = attempt(
            form,
            lambda: services.storage_deposit(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **f.RENAME,
        )
        if item is not None:
            messages.success(request, _("%(item)s is stored at the desk.") % {"item": item.description})
            return redirect("console:frontdesk-stored-item", pk=item.pk)
    return _storage_list(
        request, project, _storage_rows(request, project), title=_("Stored items"), form=form, status=400
    )


@login_required
def storage_overdue(request):
    project = staff_project(request, VIEW)
    items = overdue_stored_items(queryset=StoredItem.objects.visible_to(request.user).filter(project=project))
    return _storage_list(request, project, items, title=_("Stored items overdue"), overdue=True)


# --- an item's card and its actions (stored items and lendable items alike) ---------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    shown: Callable  # (obj) -> bool
    form: Callable  # (data, obj, project, user) -> Form
    run: Callable  # (obj, user, kwargs) -> None
    done: str


def _plain(form_class, prefix):
    return lambda data, obj, project, user: form_class(data, prefix=prefix)


STORED_ACTIONS = [
    Action(
        "pickup",
        gettext_lazy("Hand back to the customer"),
        lambda item: item.status == StorageStatus.STORED,
        _plain(f.PickupForm, "pickup"),
        lambda item, user, kw: services.storage_pickup(item=item, acting_user=user, **kw),
        gettext_lazy("The item was handed back."),
    ),
    Action(
        "contacted",
        gettext_lazy("Customer contacted"),
        lambda item: is_stored_overdue(item),
        _plain(f.ContactedForm, "contacted"),
        lambda item, user, kw: services.storage_contacted(item=item, acting_user=user, **kw),
        gettext_lazy("The contact is recorded."),
    ),
]


def _lend_form(data, item, project, user):
    return f.LendForm(data, prefix="lend", project=project, user=user)


def _return(item, user, kw):
    loan = open_loan(item)
    if loan is None:
        raise Http404
    services.loan_return(loan=loan, acting_user=user, **kw)


LENDABLE_ACTIONS = [
    Action(
        "lend",
        gettext_lazy("Lend"),
        lambda item: item.state == LendableState.AVAILABLE,
        _lend_form,
        lambda item, user, kw: services.loan_lend(item=item, acting_user=user, **kw),
        gettext_lazy("The item was lent."),
    ),
    Action(
        "return",
        gettext_lazy("Take back"),
        lambda item: item.state == LendableState.LENT,
        _plain(f.ReturnForm, "return"),
        _return,
        gettext_lazy("The return is recorded."),
    ),
    Action(
        "repaired",
        gettext_lazy("Back from repair"),
        lambda item: item.state == LendableState.REPAIR,
        _plain(f.ConditionForm, "repaired"),
        lambda item, user, kw: services.item_repaired(item=item, acting_user=user, **kw),
        gettext_lazy("The item can be lent again."),
    ),
    Action(
        "replaced",
        gettext_lazy("Replaced"),
        lambda item: item.state == LendableState.LOST,
        _plain(f.ConditionForm, "replaced"),
        lambda item, user, kw: services.item_replaced(item=item, acting_user=user, **kw),
        gettext_lazy("The item can be lent again."),
    ),
    Action(
        "retire",
        gettext_lazy("Retire"),
        lambda item: item.state in (LendableState.AVAILABLE, LendableState.REPAIR, LendableState.LOST),
        _plain(f.RetireForm, "retire"),
        lambda item, user, kw: services.item_retire(item=item, acting_user=user, **kw),
        gettext_lazy("The item is retired."),
    ),
]


def _actions(request, project, obj, table, bound):
    """The forms shown on a card: what makes sense now (the services still decide); `bound` = (name,
    form) of a refused post, shown open with its errors."""
    if not _can_desk(request, project):
        return []
    shown = []
    for action in table:
        failed = bound is not None and bound[0] == action.name
        if not (failed or action.shown(obj)):
            continue
        form = bound[1] if failed else action.form(None, obj, project, request.user)
        shown.append({"name": action.name, "label": action.label, "form": form, "open": failed})
    if shown and not any(a["open"] for a in shown):
        shown[0]["open"] = True
    return shown


def _fetch_stored(request, pk):
    project = staff_project(request, VIEW)
    queryset = stored_items_queryset(StoredItem.objects.visible_to(request.user).filter(project=project))
    return project, get_object_or_404(queryset, pk=pk)


def _stored_card(request, project, item, *, bound=None, status=200):
    context = {
        "item": item,
        "overdue": is_stored_overdue(item),
        "mobile": shown_mobile(request.user, project.pk, item.depositor_mobile),
        "id_number": shown_id_number(request.user, project.pk, item.picker_id_number),
        "actions": _actions(request, project, item, STORED_ACTIONS, bound),
        "action_url": "console:frontdesk-stored-item-action",
    }
    return render(request, "frontdesk/storage_lending_stored_item.html", context, status=status)


@login_required
def stored_item_detail(request, pk):
    project, item = _fetch_stored(request, pk)
    return _stored_card(request, project, item)


def _post_action(request, pk, action, *, table, fetch, card, redirect_to):
    spec = {a.name: a for a in table}.get(action)
    if spec is None:
        raise Http404
    project, obj = fetch(request, pk)
    _require_desk(request, project)
    form = spec.form(request.POST, obj, project, request.user)
    if form.is_valid():
        done = attempt(form, lambda: spec.run(obj, request.user, form.service_kwargs()) or True, **f.RENAME)
        if done:
            messages.success(request, str(spec.done))
            return redirect(redirect_to, pk=obj.pk)
    project, obj = fetch(request, pk)  # the refused service rolled back: show the row as stored
    return card(request, project, obj, bound=(spec.name, form), status=400)


@login_required
@require_POST
def stored_item_action(request, pk, action):
    return _post_action(
        request,
        pk,
        action,
        table=STORED_ACTIONS,
        fetch=_fetch_stored,
        card=_stored_card,
        redirect_to="console:frontdesk-stored-item",
    )


# --- the daily check ----------------------------------------------------------------------------------


def _check_page(request, project, *, form=None, status=200):
    can_desk = _can_desk(request, project)
    today = timezone.localdate()
    checks = storage_checks(project.pk)
    done_today = checks.filter(day=today).first()
    if can_desk and form is None and done_today is None:
        form = f.StorageCheckForm(prefix="check")
    context = {
        "on_record": stored_now(project.pk).count(),
        "done_today": done_today,
        "form": form if can_desk and done_today is None else None,
        "checks": checks.order_by("-day")[:30],
        "stored": stored_items_queryset(stored_now(project.pk)).order_by("expected_pickup_at", "id"),
    }
    return render(request, "frontdesk/storage_lending_check.html", context, status=status)


@login_required
def storage_check(request):
    project = staff_project(request, VIEW)
    if request.method != "POST":
        return _check_page(request, project)
    _require_desk(request, project)
    form = f.StorageCheckForm(request.POST, prefix="check")
    if form.is_valid():
        check = attempt(
            form,
            lambda: services.storage_check_record(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
        )
        if check is not None:
            messages.success(request, _("The day's check of the stored items is recorded."))
            return redirect("console:frontdesk-storage-check")
    return _check_page(request, project, form=form, status=400)


# --- lending: the register, an item's card, the loans -------------------------------------------------

LENDABLE_COLUMNS = [
    Column("code", gettext_lazy("Number"), sort="code"),
    Column("name", gettext_lazy("Item"), sort="name"),
    Column("original_price", gettext_lazy("Original price"), sort="original_price"),
    Column("state", gettext_lazy("State"), "get_state_display", sort="state"),
    Column("condition", gettext_lazy("Condition"), "condition"),
]


def _lending_list(request, project, *, form=None, status=200):
    items = LendableItem.objects.visible_to(request.user).filter(project=project)
    if request.GET.get("state") in LendableState.values:
        items = items.filter(state=request.GET["state"])
    table = ListTable(request, items, LENDABLE_COLUMNS, title=_("Lending register"))
    if table.export_requested:
        return table.export_response()
    can_desk = _can_desk(request, project)
    if can_desk and form is None:
        form = f.LendableItemForm(prefix="item")
    context = {
        "title": _("Lending register"),
        "table": table,
        "page": table.page,
        "states": LendableState.choices,
        "form": form if can_desk else None,
    }
    return render(request, "frontdesk/storage_lending_lending.html", context, status=status)


@login_required
def lending_list(request):
    return _lending_list(request, staff_project(request, VIEW))


@login_required
@require_POST
def lendable_item_register(request):
    project = staff_project(request, VIEW)
    _require_desk(request, project)
    form = f.LendableItemForm(request.POST, prefix="item")
    if form.is_valid():
        item = attempt(
            form,
            lambda: services.lendable_item_register(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
        )
        if item is not None:
            messages.success(request, _("%(item)s is in the lending register.") % {"item": str(item)})
            return redirect("console:frontdesk-lendable-item", pk=item.pk)
    return _lending_list(request, project, form=form, status=400)


def _fetch_lendable(request, pk):
    project = staff_project(request, VIEW)
    return project, get_object_or_404(
        LendableItem.objects.visible_to(request.user).filter(project=project), pk=pk
    )


def _lendable_card(request, project, item, *, bound=None, status=200):
    loans = list(loans_queryset(item.loans.all()).order_by("-lent_at", "-id")[:50])
    now = timezone.now()
    for loan in loans:
        loan.shown_mobile = shown_mobile(request.user, project.pk, loan.borrower_mobile)
        loan.is_overdue = is_loan_overdue(loan, now)
    context = {
        "item": item,
        "loans": loans,
        "open_loan": next((loan for loan in loans if loan.returned_at is None), None),
        "actions": _actions(request, project, item, LENDABLE_ACTIONS, bound),
        "action_url": "console:frontdesk-lendable-item-action",
    }
    return render(request, "frontdesk/storage_lending_lendable_item.html", context, status=status)


@login_required
def lendable_item_detail(request, pk):
    project, item = _fetch_lendable(request, pk)
    return _lendable_card(request, project, item)


@login_required
@require_POST
def lendable_item_action(request, pk, action):
    return _post_action(
        request,
        pk,
        action,
        table=LENDABLE_ACTIONS,
        fetch=_fetch_lendable,
        card=_lendable_card,
        redirect_to="console:frontdesk-lendable-item",
    )


LOAN_COLUMNS = [
    Column("lent_at", gettext_lazy("Lent at"), sort="lent_at"),
    Column("item", gettext_lazy("Item"), lambda loan: str(loan.item), sort="item__code"),
    Column("borrower", gettext_lazy("Borrower"), sort="borrower"),
    Column("mobile", gettext_lazy("Mobile"), "shown_mobile"),
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("condition_out", gettext_lazy("Condition when lent"), page=False),
    Column("due_back_at", gettext_lazy("Due back at"), sort="due_back_at"),
    Column("returned_at", gettext_lazy("Returned at"), sort="returned_at"),
    Column("outcome", gettext_lazy("Outcome"), "get_outcome_display", sort="outcome"),
    Column("condition_in", gettext_lazy("Condition when returned"), page=False),
    Column("compensation", gettext_lazy("Compensation"), sort="compensation"),
]


def _loans_page(request, project, loans, *, title, overdue=False):
    now = timezone.now()

    def prepare(rows):
        for row in rows:
            row.shown_mobile = shown_mobile(request.user, project.pk, row.borrower_mobile)
            row.is_overdue = is_loan_overdue(row, now)
        return rows

    table = ListTable(request, loans, LOAN_COLUMNS, title=title, prepare=prepare)
    if table.export_requested:
        return table.export_response()
    context = {"title": title, "table": table, "page": table.page, "overdue": overdue}
    return render(request, "frontdesk/storage_lending_loans.html", context)


@login_required
def loan_list(request):
    project = staff_project(request, VIEW)
    loans = loans_queryset(Loan.objects.visible_to(request.user).filter(item__project=project))
    if request.GET.get("open"):
        loans = loans.filter(returned_at__isnull=True)
    return _loans_page(request, project, loans, title=_("Loans"))


@login_required
def loan_overdue(request):
    project = staff_project(request, VIEW)
    loans = overdue_loans(queryset=Loan.objects.visible_to(request.user).filter(item__project=project))
    return _loans_page(request, project, loans, title=_("Loans overdue"), overdue=True)


# --- urls, navigation, workbench ---------------------------------------------------------------------

urlpatterns: list = [
    path("frontdesk/storage/", storage_list, name="frontdesk-storage"),
    path("frontdesk/storage/deposit/", storage_deposit, name="frontdesk-storage-deposit"),
    path("frontdesk/storage/overdue/", storage_overdue, name="frontdesk-storage-overdue"),
    path("frontdesk/storage/check/", storage_check, name="frontdesk-storage-check"),
    path("frontdesk/storage/<int:pk>/", stored_item_detail, name="frontdesk-stored-item"),
    path(
        "frontdesk/storage/<int:pk>/<slug:action>/",
        stored_item_action,
        name="frontdesk-stored-item-action",
    ),
    path("frontdesk/lending/", lending_list, name="frontdesk-lending"),
    path("frontdesk/lending/register/", lendable_item_register, name="frontdesk-lending-register"),
    path("frontdesk/lending/<int:pk>/", lendable_item_detail, name="frontdesk-lendable-item"),
    path(
        "frontdesk/lending/<int:pk>/<slug:action>/",
        lendable_item_action,
        name="frontdesk-lendable-item-action",
    ),
    path("frontdesk/loans/", loan_list, name="frontdesk-loans"),
    path("frontdesk/loans/overdue/", loan_overdue, name="frontdesk-loans-overdue"),
]

NAV: tuple = (
    NavItem("frontdesk", gettext_lazy("Stored items"), "console:frontdesk-storage", perm=VIEW, weight=60),
    NavItem(
        "frontdesk",
        gettext_lazy("Daily storage check"),
        "console:frontdesk-storage-check",
        perm=VIEW,
        weight=61,
    ),
    NavItem("frontdesk", gettext_lazy("Lending register"), "console:frontdesk-lending", perm=VIEW, weight=62),
    NavItem("frontdesk", gettext_lazy("Loans"), "console:frontdesk-loans", perm=VIEW, weight=63),
)


def desk_cards(user, project, now) -> list[Card]:
    """The desk's storage and lending card: stored items and loans overdue (each opens its list)."""
    if user.is_resident or not access.has_perm(user, VIEW, project.pk):
        return []
    figures: list[Figure] = []
    # one query for both figures (the same counts as the overdue lists, which the scope limits to
    # this project's rows — the card is shown only to staff of the project)
    counts = overdue_counts(project, now=now)
    stored, loans = counts["stored"], counts["loans"]
    if stored:
        figures.append(
            Figure(
                label=_("Stored items overdue"),
                value=stored,
                url=reverse("console:frontdesk-storage-overdue"),
                tone=BAD,
            )
        )
    if loans:
        figures.append(
            Figure(
                label=_("Loans overdue"),
                value=loans,
                url=reverse("console:frontdesk-loans-overdue"),
                tone=BAD,
            )
        )
    return [Card(key="frontdesk-storage-lending", title=_("Storage and lending"), figures=figures)]


def register_workbench() -> None:
    workbench.register("frontdesk-storage-lending", order=62, provider=desk_cards)
