"""A notice's page and its actions, as a table: the permission each needs (else 403), when it is
shown, its form and the one service it calls. The services still decide; their refusals come back
on the form. Also the printable notice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.notices import forms, services
from wuye.notices.choices import EDITABLE, ISSUED, NoticeKind, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import notice_queryset

APPROVE, REJECT = "approve", "reject"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    perm: str
    shown: Callable  # (notice) -> bool: it makes sense now
    form: type
    run: Callable  # (notice, user, kwargs, decision) -> None
    done: str
    buttons: tuple = ()  # (value, label, css class) posted as name="decision"


def _decide(notice, user, kwargs, decision):
    if decision == REJECT:
        services.notice_reject(notice=notice, acting_user=user, **kwargs)
    else:
        services.notice_approve(notice=notice, acting_user=user)


def _deliverable(n) -> bool:
    return n.status == NoticeStatus.PUBLISHED and (n.kind == NoticeKind.INDIVIDUAL or n.requires_signature)


ACTIONS = [
    Action(
        "submit",
        _("Submit for approval"),
        "notices.draft",
        lambda n: n.status == NoticeStatus.DRAFT,
        forms.SubmitForm,
        lambda n, u, kw, d: services.notice_submit(notice=n, acting_user=u, **kw),
        _("The notice waits for the project manager's approval."),
    ),
    Action(
        "decide",
        _("Approve or send back"),
        "notices.approve",
        lambda n: n.status == NoticeStatus.SUBMITTED,
        forms.DecisionForm,
        _decide,
        _("Your decision is recorded."),
        buttons=((APPROVE, _("Approve and sign"), ""), (REJECT, _("Send back"), "secondary")),
    ),
    Action(
        "publish",
        _("Publish"),
        "notices.publish",
        lambda n: n.status == NoticeStatus.APPROVED,
        forms.PublishForm,
        lambda n, u, kw, d: services.notice_publish(notice=n, acting_user=u),
        _("The notice is published."),
    ),
    Action(
        "deliver",
        _("Record the delivery"),
        "notices.publish",
        _deliverable,
        forms.DeliverForm,
        lambda n, u, kw, d: services.notice_deliver(notice=n, acting_user=u, **kw),
        _("The delivery is recorded."),
    ),
    Action(
        "retire",
        _("Retire now"),
        "notices.publish",
        lambda n: n.status == NoticeStatus.PUBLISHED,
        forms.RetireForm,
        lambda n, u, kw, d: services.notice_retire(notice=n, acting_user=u, **kw),
        _("The notice is retired."),
    ),
    Action(
        "taken-down",
        _("Confirm taken down"),
        "notices.publish",
        lambda n: (
            n.status == NoticeStatus.RETIRED and n.kind == NoticeKind.PUBLIC and n.taken_down_at is None
        ),
        forms.TakenDownForm,
        lambda n, u, kw, d: services.notice_taken_down(notice=n, acting_user=u, **kw),
        _("The notice is recorded as taken down."),
    ),
    Action(
        "archive",
        _("File the archive copy"),
        "notices.archive",
        lambda n: n.status in ISSUED and n.archive_copy_at is None,
        forms.ArchiveForm,
        lambda n, u, kw, d: services.notice_archive(notice=n, acting_user=u, **kw),
        _("The archive copy is filed."),
    ),
]
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def fetch_notice(request, pk) -> Notice:
    project = staff_project(request, "notices.view")
    queryset = notice_queryset(Notice.objects.visible_to(request.user).filter(project=project))
    return get_object_or_404(queryset, pk=pk)


def _render(request, notice, *, bound=None, status=200):
    """The notice's page; `bound` = (action name, form) of a refused post, shown open with its errors."""
    user = request.user
    actions = []
    for action in ACTIONS:
        failed = bound is not None and bound[0] == action.name
        if not access.has_perm(user, action.perm, notice.project_id) or not (failed or action.shown(notice)):
            continue
        actions.append(
            {
                "name": action.name,
                "label": action.label,
                "form": bound[1] if failed else action.form(prefix=action.name),
                "buttons": action.buttons,
                "open": failed,
            }
        )
    if actions and not any(a["open"] for a in actions):
        actions[0]["open"] = True
    context = {
        "notice": notice,
        "deliveries": notice.deliveries.select_related("by"),
        "history": notice.history.select_related("history_user").order_by("history_date", "history_id"),
        "actions": actions,
        "can_edit": notice.status in EDITABLE and access.has_perm(user, "notices.draft", notice.project_id),
    }
    return render(request, "notices/detail.html", context, status=status)


@login_required
def notice_detail(request, pk):
    return _render(request, fetch_notice(request, pk))


@login_required
@require_POST
def notice_action(request, pk, action):
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    notice = fetch_notice(request, pk)
    if not access.has_perm(request.user, spec.perm, notice.project_id):
        raise PermissionDenied
    form = spec.form(request.POST, prefix=spec.name)
    if form.is_valid():
        decision = request.POST.get("decision", "")
        done = attempt(
            form,
            lambda: spec.run(notice, request.user, form.service_kwargs(), decision) or True,
            **forms.RENAME,
        )
        if done:
            messages.success(request, str(spec.done))
            return redirect("console:notice-detail", pk=notice.pk)
    notice = fetch_notice(request, pk)  # the refused service rolled back; show the notice as stored
    return _render(request, notice, bound=(spec.name, form), status=400)


@login_required
def notice_pdf_view(request, pk):
    from wuye.notices.pdf import notice_pdf

    notice = fetch_notice(request, pk)
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response
