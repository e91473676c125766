"""Drafting a notice and changing a draft (or a notice sent back) on the console."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wuye.core.console import staff_project
from wuye.core.forms import attempt
from wuye.notices import services
from wuye.notices.forms import RENAME, NoticeForm
from wuye.notices.views.actions import fetch_notice


@login_required
def notice_new(request):
    project = staff_project(request, "notices.draft")
    form = NoticeForm(request.POST or None, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        notice = attempt(
            form,
            lambda: services.notice_create(
                project=project, acting_user=request.user, **form.service_kwargs()
            ),
            **RENAME,
        )
        if notice is not None:
            messages.success(request, _("The draft is saved; proof-read it and submit it for approval."))
            return redirect("console:notice-detail", pk=notice.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "notices/form.html", {"form": form, "title": _("Draft a notice")}, status=status)


@login_required
def notice_edit(request, pk):
    project = staff_project(request, "notices.draft")
    notice = fetch_notice(request, pk)
    if request.method == "POST":
        form = NoticeForm(request.POST, project=project, user=request.user, notice=notice)
    else:
        form = NoticeForm(project=project, user=request.user, notice=notice)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form,
            lambda: services.notice_update(notice=notice, acting_user=request.user, **form.service_kwargs()),
            **RENAME,
        )
        if done is not None:
            messages.success(request, _("The draft is saved."))
            return redirect("console:notice-detail", pk=notice.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "notice": notice, "title": _("Change the draft")}
    return render(request, "notices/form.html", context, status=status)
