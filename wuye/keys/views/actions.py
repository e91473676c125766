"""A key's card and its actions, as a table: the permission each needs (else 403), when it is shown,
its form and the one service it calls. Which forms are shown follows the key's state and open
release; the services still decide, and their refusals come back on the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.core.masking import shown_id_number
from wuye.keys import forms, services
from wuye.keys.choices import OUT_STATES, RECEIPT_KINDS, KeyState, ReleaseStatus
from wuye.keys.models import Key
from wuye.keys.selectors import key_detail_queryset, project_staff_members, unit_owners

APPROVE, REJECT = "approve", "reject"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    perm: str
    shown: Callable  # (key, release) -> bool: it makes sense now
    form: Callable  # (data, key) -> Form
    run: Callable  # (key, user, kwargs, decision) -> None
    done: str
    buttons: tuple = ()  # (value, label, css class) posted as name="decision"


def _in_store(key, release):
    return key.state == KeyState.IN_STORE


def _issue_form(data, key):
    owners = list(unit_owners(key.unit_id))
    if key.entrusted_by is not None and all(o.pk != key.entrusted_by_id for o in owners):
        owners.append(key.entrusted_by)
    initial = {"to_owner": owners[0].pk} if len(owners) == 1 else {}
    return forms.IssueForm(data, prefix="issue", owners=owners, initial=initial)


def _staff_form(form_class, name):
    return lambda data, key: form_class(data, prefix=name, staff=list(project_staff_members(key.project_id)))


def _simple(form_class, name):
    return lambda data, key: form_class(data, prefix=name)


def _decide(key, user, kwargs, decision):
    if decision == REJECT:
        services.key_release_reject(key=key, acting_user=user, **kwargs)
    else:
        services.key_release_approve(key=key, acting_user=user, **kwargs)


ACTIONS = [
    Action(
        "issue",
        _("Hand to the owner"),
        "keys.manage",
        _in_store,
        _issue_form,
        lambda k, u, kw, d: services.key_issue(key=k, acting_user=u, **kw),
        _("The key was handed to the owner."),
    ),
    Action(
        "viewing",
        _("Out for a viewing"),
        "keys.manage",
        _in_store,
        _staff_form(forms.ViewingForm, "viewing"),
        lambda k, u, kw, d: services.key_viewing(key=k, acting_user=u, **kw),
        _("The key is out for a viewing."),
    ),
    Action(
        "borrow",
        _("Lend to staff"),
        "keys.manage",
        _in_store,
        _staff_form(forms.BorrowForm, "borrow"),
        lambda k, u, kw, d: services.key_borrow(key=k, acting_user=u, **kw),
        _("The key was lent."),
    ),
    Action(
        "return",
        _("Back in the cabinet"),
        "keys.manage",
        lambda k, r: k.state in OUT_STATES,
        _simple(forms.ReturnForm, "return"),
        lambda k, u, kw, d: services.key_return(key=k, acting_user=u, **kw),
        _("The key is back in the cabinet."),
    ),
    Action(
        "release-request",
        _("Ask to release outside the normal procedure"),
        "keys.manage",
        lambda k, r: k.state == KeyState.IN_STORE and r is None,
        _simple(forms.ReleaseRequestForm, "release_request"),
        lambda k, u, kw, d: services.key_release_request(key=k, acting_user=u, **kw),
        _("The release waits for the project manager's and company leadership's approvals."),
    ),
    Action(
        "release-decision",
        _("Decide on the release"),
        "keys.approve_release",
        lambda k, r: r is not None and r.status == ReleaseStatus.PENDING,
        _simple(forms.ReleaseDecisionForm, "release_decision"),
        _decide,
        _("Your decision on the release is recorded."),
        buttons=((APPROVE, _("Approve"), ""), (REJECT, _("Refuse"), "secondary")),
    ),
    Action(
        "release-complete",
        _("Hand over the released key"),
        "keys.manage",
        lambda k, r: r is not None and r.status == ReleaseStatus.APPROVED,
        _simple(forms.ReleaseCompleteForm, "release_complete"),
        lambda k, u, kw, d: services.key_release_complete(key=k, acting_user=u, **kw),
        _("The key was released."),
    ),
]
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def fetch_key(request, pk):
    project = staff_project(request, "keys.view")
    queryset = key_detail_queryset(Key.objects.visible_to(request.user).filter(project=project))
    return get_object_or_404(queryset, pk=pk)


def _render(request, key, *, bound=None, status=200):
    """The key's card; `bound` = (action name, form) of a refused post, shown open with its errors."""
    user = request.user
    release = services.open_release(key)
    actions = []
    for action in ACTIONS:
        failed = bound is not None and bound[0] == action.name
        if not access.has_perm(user, action.perm, key.project_id) or not (
            failed or action.shown(key, release)
        ):
            continue
        form = bound[1] if failed else action.form(None, key)
        actions.append(
            {
                "name": action.name,
                "label": action.label,
                "form": form,
                "buttons": action.buttons,
                "open": failed,
            }
        )
    if actions and not any(a["open"] for a in actions):
        actions[0]["open"] = True
    context = {
        "key": key,
        "movements": key.movements.select_related("by", "to_owner", "to_user").order_by("at", "id"),
        "releases": key.releases.select_related(
            "requested_by", "manager_approved_by", "leadership_approved_by", "rejected_by"
        ),
        "open_release": release,
        "release_id_number": (
            shown_id_number(user, key.project_id, release.to_id_number) if release is not None else ""
        ),
        "actions": actions,
        "receipt_kinds": sorted(RECEIPT_KINDS),
    }
    return render(request, "keys/detail.html", context, status=status)


@login_required
def key_detail(request, pk):
    return _render(request, fetch_key(request, pk))


@login_required
@require_POST
def key_action(request, pk, action):
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    key = fetch_key(request, pk)
    if not access.has_perm(request.user, spec.perm, key.project_id):
        raise PermissionDenied
    form = spec.form(request.POST, key)
    if form.is_valid():
        decision = request.POST.get("decision", "")
        done = attempt(
            form,
            lambda: spec.run(key, request.user, form.service_kwargs(), decision) or True,
            **forms.RENAME,
        )
        if done:
            messages.success(request, f"{key.number}: {spec.done}")
            return redirect("console:key-detail", pk=key.pk)
    key = fetch_key(request, pk)  # the refused service rolled back; show the key as stored
    return _render(request, key, bound=(spec.name, form), status=400)
