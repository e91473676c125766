"""Console lists of key custody: the register (filter by unit, state and releases waiting for one's
approval; Excel) with the form that registers a key, and the overdue keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.core.tables import Column, ListTable
from wuye.keys import services
from wuye.keys.choices import KeyState
from wuye.keys.forms import RENAME, RegisterForm
from wuye.keys.models import Key
from wuye.keys.selectors import key_detail_queryset, overdue_keys, releases_awaiting_approval

COLUMNS = [
    Column("number", gettext_lazy("Key number"), sort="number"),
    Column("unit", gettext_lazy("Unit"), "unit.code", sort="unit__code"),
    Column("source", gettext_lazy("Where the key comes from"), "get_source_display", sort="source"),
    Column("location", gettext_lazy("Locked storage location"), "storage_location"),
    Column("state", gettext_lazy("State"), "get_state_display", sort="state"),
    Column("holder", gettext_lazy("Held by"), "holder_name"),
    Column("due", gettext_lazy("Due back at"), "due_back_at", sort="due_back_at"),
]

#: ?release=awaiting: the keys whose release waits for the viewer's approval (the workbench links here)
AWAITING = "awaiting"


def _list(request, project, keys, *, title, registering=False, register_form=None, status=200):
    table = ListTable(request, keys, COLUMNS, title=title)
    if table.export_requested:
        return table.export_response()
    can_register = registering and access.has_perm(request.user, "keys.receive", project.pk)
    if can_register and register_form is None:
        register_form = RegisterForm(project=project, user=request.user, prefix="register")
    context = {
        "page": table.page,
        "table": table,
        "title": title,
        "states": KeyState.choices,
        "register_form": register_form if can_register else None,
    }
    return render(request, "keys/list.html", context, status=status)


def register_page_keys(request, project):
    keys = key_detail_queryset(Key.objects.visible_to(request.user).filter(project=project))
    if request.GET.get("unit"):
        keys = keys.filter(unit__code=request.GET["unit"].strip())
    if request.GET.get("state") in KeyState.values:
        keys = keys.filter(state=request.GET["state"])
    if request.GET.get("release") == AWAITING:
        awaiting = releases_awaiting_approval(request.user, project.pk)
        keys = keys.filter(pk__in=awaiting.values("key_id"))
    return keys


@login_required
def key_list(request):
    project = staff_project(request, "keys.view")
    keys = register_page_keys(request, project)
    return _list(request, project, keys, title=_("Key register"), registering=True)


@login_required
@require_POST
def key_register(request):
    project = staff_project(request, "keys.view")
    if not access.has_perm(request.user, "keys.receive", project.pk):
        raise PermissionDenied
    form = RegisterForm(request.POST, project=project, user=request.user, prefix="register")
    if form.is_valid():
        key = attempt(
            form, lambda: services.key_register(acting_user=request.user, **form.service_kwargs()), **RENAME
        )
        if key is not None:
            messages.success(
                request,
                _("Key %(number)s of unit %(unit)s is in the register.")
                % {"number": key.number, "unit": key.unit.code},
            )
            return redirect("console:key-detail", pk=key.pk)
    keys = register_page_keys(request, project)
    return _list(
        request, project, keys, title=_("Key register"), registering=True, register_form=form, status=400
    )


@login_required
def key_overdue(request):
    project = staff_project(request, "keys.view")
    keys = overdue_keys(
        queryset=key_detail_queryset(Key.objects.visible_to(request.user).filter(project=project))
    )
    return _list(request, project, keys, title=_("Overdue keys"))
