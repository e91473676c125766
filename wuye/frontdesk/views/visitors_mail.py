"""The visitors_mail part of the front desk console: the visitor register with the list of visitors
still inside, the mail log with a card per item (told, collected, returned), the daily uncollected
list (Excel), ordinary mail in bulk, and the newspaper subscriptions with the printable round.

Each view parses a form, calls one service and shows its refusal on the form (400)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt, attempt_or_message
from wuye.core.masking import shown_id_number, shown_mobile
from wuye.core.navigation import NavItem
from wuye.core.tables import Column, ListTable
from wuye.core.views import list_page
from wuye.core.widgets import DateField
from wuye.frontdesk import forms_visitors_mail as f
from wuye.frontdesk.choices import MailStatus
from wuye.frontdesk.models import MailItem, OrdinaryMailLog, Subscription, Visitor
from wuye.frontdesk.selectors_visitors_mail import (
    days_waiting,
    mail_list,
    management_mail,
    newspaper_round,
    subscription_list,
    uncollected_mail,
    visitor_list,
    visitors_inside,
)
from wuye.frontdesk.services import visitors_mail as services

VIEW = "frontdesk.view"


def _day(request, name="day"):
    field = DateField(required=False)
    try:
        return field.clean(request.GET.get(name, "")) or None
    except forms.ValidationError:  # a mistyped day in the address is no filter
        return None


# --- visitors ----------------------------------------------------------------------------------------

VISITOR_COLUMNS = [
    Column("in_at", gettext_lazy("Time in"), sort="in_at"),
    Column("name", gettext_lazy("Visitor"), sort="name"),
    Column("id", gettext_lazy("ID"), lambda v: f"{v.get_id_type_display()} {v.shown_id}"),
    Column("people", gettext_lazy("People")),
    Column(
        "host",
        gettext_lazy("Visiting"),
        lambda v: " ".join(filter(None, [v.host_unit and v.host_unit.code, v.host_name])),
    ),
    Column("confirmation", gettext_lazy("Host confirmed"), "get_host_confirmation_display"),
    Column("purpose", gettext_lazy("Purpose")),
    Column("plate", gettext_lazy("Vehicle plate")),
    Column("out_at", gettext_lazy("Time out"), sort="out_at"),
]


def _mask_visitors(user, project):
    def prepare(rows):
        for v in rows:
            v.shown_id = shown_id_number(user, project.pk, v.id_number)
            v.shown_mobile = shown_mobile(user, project.pk, v.mobile)
        return rows

    return prepare


def _visitors_page(request, project, *, form=None, status=200):
    user = request.user
    scoped = Visitor.objects.visible_to(user).filter(project=project)
    day = _day(request) or timezone.localdate()
    rows = visitor_list(scoped).filter(in_at__date=day).order_by("-in_at", "-pk")
    table = ListTable(
        request,
        rows,
        VISITOR_COLUMNS,
        title=_("Visitors on %(day)s") % {"day": day.isoformat()},
        prepare=_mask_visitors(user, project),
    )
    can_register = access.has_perm(user, services.VISITORS_PERM, project.pk)
    if can_register and form is None:
        form = f.VisitorForm(project=project, user=user, prefix="visitor")
    inside = _mask_visitors(user, project)(list(visitors_inside(scoped)))
    context = {
        "title": _("Visitors"),
        "form": form if can_register else None,
        "can_leave": can_register,
        "inside": inside,
        "day": day,
    }
    return list_page(request, "frontdesk/visitors_mail_visitors.html", table, context, status=status)


@login_required
def visitors(request):
    return _visitors_page(request, staff_project(request, VIEW))


@login_required
def visitors_inside_page(request):
    """The night round's list: everyone still inside, printable."""
    project = staff_project(request, VIEW)
    scoped = Visitor.objects.visible_to(request.user).filter(project=project)
    rows = _mask_visitors(request.user, project)(list(visitors_inside(scoped)))
    context = {"title": _("Visitors still inside"), "rows": rows, "now": timezone.now()}
    return render(request, "frontdesk/visitors_mail_inside.html", context)


@login_required
@require_POST
def visitor_register(request):
    project = staff_project(request, VIEW)
    if not access.has_perm(request.user, services.VISITORS_PERM, project.pk):
        raise PermissionDenied
    form = f.VisitorForm(request.POST, project=project, user=request.user, prefix="visitor")
    if form.is_valid():
        visitor = attempt(
            form,
            lambda: services.visitor_register(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **f.RENAME,
        )
        if visitor is not None:
            messages.success(request, _("%(name)s is registered in.") % {"name": visitor.name})
            return redirect("console:frontdesk-visitors")
    return _visitors_page(request, project, form=form, status=400)


@login_required
@require_POST
def visitor_leave(request, pk):
    project = staff_project(request, VIEW)
    visitor = get_object_or_404(Visitor.objects.visible_to(request.user).filter(project=project), pk=pk)
    if not access.has_perm(request.user, services.VISITORS_PERM, project.pk):
        raise PermissionDenied
    done = attempt_or_message(
        request, lambda: services.visitor_leave(visitor=visitor, acting_user=request.user)
    )
    if done is not None:
        messages.success(request, _("%(name)s has left.") % {"name": visitor.name})
    target = request.POST.get("next")
    if target == "inside":
        return redirect("console:frontdesk-visitors-inside")
    return redirect("console:frontdesk-visitors")


# --- important and ordinary mail ---------------------------------------------------------------------

MAIL_COLUMNS = [
    Column("received_at", gettext_lazy("Received at"), sort="received_at"),
    Column(
        "unit",
        gettext_lazy("Unit"),
        lambda m: m.unit.code if m.unit_id else _("Management office"),
        sort="unit__code",
    ),
    Column("recipient", gettext_lazy("Recipient"), sort="recipient"),
    Column("kind", gettext_lazy("Kind"), "get_kind_display", sort="kind"),
    Column("sender", gettext_lazy("Sender or courier")),
    Column("tracking_number", gettext_lazy("Tracking number")),
    Column("pieces", gettext_lazy("Pieces")),
    Column("status", gettext_lazy("Status"), "get_status_display", sort="status"),
    Column("notified_at", gettext_lazy("Recipient told at"), sort="notified_at"),
]


def _mail_page(request, project, *, receive_form=None, ordinary_form=None, status=200):
    user = request.user
    scoped = MailItem.objects.visible_to(user).filter(project=project)
    rows = mail_list(scoped)
    if request.GET.get("status") in MailStatus.values:
        rows = rows.filter(status=request.GET["status"])
    if request.GET.get("unit"):
        rows = rows.filter(unit__code=request.GET["unit"].strip())
    table = ListTable(request, rows.order_by("-received_at", "-pk"), MAIL_COLUMNS, title=_("Mail log"))
    can_log = access.has_perm(user, services.DESK_PERM, project.pk)
    if can_log:
        receive_form = receive_form or f.MailReceiveForm(project=project, user=user, prefix="mail")
        ordinary_form = ordinary_form or f.OrdinaryMailForm(
            project=project, user=user, prefix="ordinary", initial={"day": timezone.localdate()}
        )
    logs = (
        OrdinaryMailLog.objects.visible_to(user)
        .filter(project=project)
        .select_related("delivered_by")
        .prefetch_related("units")[:10]
    )
    context = {
        "title": _("Mail log"),
        "receive_form": receive_form if can_log else None,
        "ordinary_form": ordinary_form if can_log else None,
        "ordinary_logs": logs,
        "statuses": MailStatus.choices,
    }
    return list_page(request, "frontdesk/visitors_mail_mail.html", table, context, status=status)


@login_required
def mail(request):
    return _mail_page(request, staff_project(request, VIEW))


def _desk_project(request):
    project = staff_project(request, VIEW)
    if not access.has_perm(request.user, services.DESK_PERM, project.pk):
        raise PermissionDenied
    return project


@login_required
@require_POST
def mail_receive(request):
    project = _desk_project(request)
    form = f.MailReceiveForm(request.POST, project=project, user=request.user, prefix="mail")
    if form.is_valid():
        item = attempt(
            form,
            lambda: services.mail_receive(project=project, acting_user=request.user, **form.service_kwargs()),
            **f.RENAME,
        )
        if item is not None:
            messages.success(
                request, _("The mail for %(recipient)s is logged.") % {"recipient": item.recipient}
            )
            return redirect("console:frontdesk-mail-detail", pk=item.pk)
    return _mail_page(request, project, receive_form=form, status=400)


@login_required
@require_POST
def ordinary_mail(request):
    project = _desk_project(request)
    form = f.OrdinaryMailForm(request.POST, project=project, user=request.user, prefix="ordinary")
    if form.is_valid():
        log = attempt(
            form,
            lambda: services.ordinary_mail_log(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **f.RENAME,
        )
        if log is not None:
            messages.success(
                request, _("%(count)s pieces of ordinary mail are logged.") % {"count": log.count}
            )
            return redirect("console:frontdesk-mail")
    return _mail_page(request, project, ordinary_form=form, status=400)


#: the steps of a mail item's card: (name, label, form class, service call, message when done)
MAIL_ACTIONS = {
    "notify": (
        gettext_lazy("Recipient told"),
        f.MailNotifyForm,
        lambda item, user, kw: services.mail_notify(item=item, acting_user=user, **kw),
        gettext_lazy("The recipient was told."),
    ),
    "collect": (
        gettext_lazy("Collected with a signature"),
        f.MailCollectForm,
        lambda item, user, kw: services.mail_collect(item=item, acting_user=user, **kw),
        gettext_lazy("The mail was handed over."),
    ),
    "return": (
        gettext_lazy("Returned to the sender"),
        f.MailReturnForm,
        lambda item, user, kw: services.mail_return(item=item, acting_user=user, **kw),
        gettext_lazy("The mail goes back to the sender."),
    ),
}


def _fetch_mail(request, pk):
    project = staff_project(request, VIEW)
    return get_object_or_404(
        mail_list(MailItem.objects.visible_to(request.user).filter(project=project)), pk=pk
    )


def _mail_card(request, item, *, bound=None, status=200):
    user = request.user
    actions = []
    if item.status == MailStatus.WAITING and access.has_perm(user, services.DESK_PERM, item.project_id):
        for name, (label, form_class, _run, _done) in MAIL_ACTIONS.items():
            failed = bound is not None and bound[0] == name
            actions.append(
                {
                    "name": name,
                    "label": label,
                    "form": bound[1] if failed else form_class(prefix=name),
                    "open": failed,
                }
            )
        if not any(a["open"] for a in actions):
            actions[0 if item.notified_at is None else 1]["open"] = True
    context = {
        "item": item,
        "actions": actions,
        "collector_id": shown_id_number(user, item.project_id, item.collector_id_number),
        "days_waiting": days_waiting(item) if item.status == MailStatus.WAITING else None,
    }
    return render(request, "frontdesk/visitors_mail_mail_detail.html", context, status=status)


@login_required
def mail_detail(request, pk):
    return _mail_card(request, _fetch_mail(request, pk))


@login_required
@require_POST
def mail_action(request, pk, action):
    if action not in MAIL_ACTIONS:
        raise Http404
    item = _fetch_mail(request, pk)
    if not access.has_perm(request.user, services.DESK_PERM, item.project_id):
        raise PermissionDenied
    _label, form_class, run, done = MAIL_ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid() and attempt(form, lambda: run(item, request.user, form.service_kwargs()) or True):
        messages.success(request, str(done))
        return redirect("console:frontdesk-mail-detail", pk=item.pk)
    return _mail_card(request, _fetch_mail(request, pk), bound=(action, form), status=400)


UNCOLLECTED_COLUMNS = [
    Column("received_at", gettext_lazy("Received at")),
    Column("days", gettext_lazy("Days waiting"), lambda m: days_waiting(m)),
    Column("unit", gettext_lazy("Unit"), lambda m: m.unit.code if m.unit_id else _("Management office")),
    Column("recipient", gettext_lazy("Recipient")),
    Column("kind", gettext_lazy("Kind"), "get_kind_display"),
    Column("sender", gettext_lazy("Sender or courier")),
    Column("tracking_number", gettext_lazy("Tracking number")),
    Column("pieces", gettext_lazy("Pieces")),
    Column("notified_at", gettext_lazy("Recipient told at")),
    Column("notify_note", gettext_lazy("How told")),
]


def _with_days(rows):
    today = timezone.localdate()
    for item in rows:
        item.waiting_days = days_waiting(item, today)
    return rows


@login_required
def mail_uncollected(request):
    """The daily list of important mail still at the desk, oldest first, with the days waiting;
    the management office's mail on top, to be handed over promptly."""
    project = staff_project(request, VIEW)
    scoped = MailItem.objects.visible_to(request.user).filter(project=project)
    table = ListTable(
        request,
        uncollected_mail(scoped),
        UNCOLLECTED_COLUMNS,
        title=_("Uncollected mail"),
        file_stem=f"uncollected-mail-{project.code}",
        prepare=_with_days,
    )
    context = {
        "title": _("Uncollected mail"),
        "management": list(management_mail(scoped)),
        "today": timezone.localdate(),
    }
    return list_page(request, "frontdesk/visitors_mail_uncollected.html", table, context)


# --- newspapers and magazines ------------------------------------------------------------------------

SUBSCRIPTION_COLUMNS = [
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("kind", gettext_lazy("Kind"), "get_kind_display", sort="kind"),
    Column("title", gettext_lazy("Title"), sort="title"),
    Column("copies", gettext_lazy("Copies")),
    Column("starts_on", gettext_lazy("From"), sort="starts_on"),
    Column("ends_on", gettext_lazy("Until"), sort="ends_on"),
]


def _subscriptions_page(request, project, *, form=None, status=200):
    user = request.user
    rows = subscription_list(Subscription.objects.visible_to(user).filter(project=project)).order_by(
        "unit__building__number", "unit__entrance", "unit__floor", "unit__room", "title", "pk"
    )
    table = ListTable(request, rows, SUBSCRIPTION_COLUMNS, title=_("Newspaper and magazine subscriptions"))
    can_register = access.has_perm(user, services.DESK_PERM, project.pk)
    if can_register and form is None:
        form = f.SubscriptionForm(
            project=project, user=user, prefix="subscription", initial={"starts_on": timezone.localdate()}
        )
    context = {"title": _("Newspaper and magazine subscriptions"), "form": form if can_register else None}
    return list_page(request, "frontdesk/visitors_mail_subscriptions.html", table, context, status=status)


@login_required
def subscriptions(request):
    return _subscriptions_page(request, staff_project(request, VIEW))


@login_required
@require_POST
def subscription_register(request):
    project = _desk_project(request)
    form = f.SubscriptionForm(request.POST, project=project, user=request.user, prefix="subscription")
    if form.is_valid():
        item = attempt(
            form,
            lambda: services.subscription_register(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **f.RENAME,
        )
        if item is not None:
            messages.success(
                request,
                _("%(title)s for %(unit)s is registered.") % {"title": item.title, "unit": item.unit.code},
            )
            return redirect("console:frontdesk-subscriptions")
    return _subscriptions_page(request, project, form=form, status=400)


@login_required
def subscription_round(request):
    """The day's round, printable: by building, entrance, floor and room."""
    project = staff_project(request, VIEW)
    day = _day(request) or timezone.localdate()
    rows = list(
        newspaper_round(Subscription.objects.visible_to(request.user).filter(project=project), day=day)
    )
    context = {"title": _("Newspaper round"), "rows": rows, "day": day, "copies": sum(r.copies for r in rows)}
    return render(request, "frontdesk/visitors_mail_round.html", context)


urlpatterns: list = [
    path("frontdesk/visitors/", visitors, name="frontdesk-visitors"),
    path("frontdesk/visitors/inside/", visitors_inside_page, name="frontdesk-visitors-inside"),
    path("frontdesk/visitors/register/", visitor_register, name="frontdesk-visitor-register"),
    path("frontdesk/visitors/<int:pk>/leave/", visitor_leave, name="frontdesk-visitor-leave"),
    path("frontdesk/mail/", mail, name="frontdesk-mail"),
    path("frontdesk/mail/receive/", mail_receive, name="frontdesk-mail-receive"),
    path("frontdesk/mail/ordinary/", ordinary_mail, name="frontdesk-ordinary-mail"),
    path("frontdesk/mail/uncollected/", mail_uncollected, name="frontdesk-mail-uncollected"),
    path("frontdesk/mail/<int:pk>/", mail_detail, name="frontdesk-mail-detail"),
    path("frontdesk/mail/<int:pk>/<slug:action>/", mail_action, name="frontdesk-mail-action"),
    path("frontdesk/subscriptions/", subscriptions, name="frontdesk-subscriptions"),
    path("frontdesk/subscriptions/register/", subscription_register, name="frontdesk-subscription-register"),
    path("frontdesk/subscriptions/round/", subscription_round, name="frontdesk-subscription-round"),
]

NAV: tuple = (
    NavItem("frontdesk", gettext_lazy("Visitors"), "console:frontdesk-visitors", perm=VIEW, weight=450),
    NavItem(
        "frontdesk",
        gettext_lazy("Visitors still inside"),
        "console:frontdesk-visitors-inside",
        perm=VIEW,
        weight=451,
    ),
    NavItem("frontdesk", gettext_lazy("Mail log"), "console:frontdesk-mail", perm=VIEW, weight=452),
    NavItem(
        "frontdesk",
        gettext_lazy("Uncollected mail"),
        "console:frontdesk-mail-uncollected",
        perm=VIEW,
        weight=453,
    ),
    NavItem(
        "frontdesk",
        gettext_lazy("Newspapers and magazines"),
        "console:frontdesk-subscriptions",
        perm=VIEW,
        weight=454,
        active_prefixes=("/frontdesk/subscriptions/",),
    ),
)
