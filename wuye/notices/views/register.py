"""The issue register (《文件签收登记》: date, number, title, issuing department, status) with filters
and its Excel file, and the take-down list of retired notices still on their posting places."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.tables import Column, ListTable, form_filters
from wuye.notices.forms import RegisterFilterForm
from wuye.notices.models import Notice
from wuye.notices.selectors import notice_queryset, to_archive, to_take_down

COLUMNS = [
    Column("issued_on", gettext_lazy("Date of issue"), "issued_on", sort=("published_at", "approved_at")),
    Column("number", gettext_lazy("Document number"), "number", sort=("year", "serial")),
    Column("title", gettext_lazy("Title"), "title", sort="title"),
    Column("kind", gettext_lazy("Kind"), "get_kind_display", sort="kind", css="hide-sm"),
    Column("department", gettext_lazy("Issuing department"), "issuing_department", css="hide-sm"),
    Column("valid", gettext_lazy("Valid"), lambda n: f"{n.starts_on:%Y-%m-%d} – {n.ends_on:%Y-%m-%d}"),
    Column("status", gettext_lazy("Status"), "get_status_display", sort="status"),
    Column("text", gettext_lazy("Text"), "body", page=False),
    Column("delivered", gettext_lazy("Deliveries"), "delivery_count", page=False),
    Column("archived", gettext_lazy("Archive copy filed at"), "archive_copy_at", page=False),
]

TAKE_DOWN_COLUMNS = [
    Column("number", gettext_lazy("Document number"), "number", sort=("year", "serial")),
    Column("title", gettext_lazy("Title"), "title"),
    Column("places", gettext_lazy("Posting places"), lambda n: "、".join(n.posting_places)),
    Column("ends_on", gettext_lazy("Valid until"), "ends_on", sort="ends_on"),
    Column("retired_at", gettext_lazy("Retired at"), "retired_at", sort="retired_at"),
]


def project_notices(request, project):
    return notice_queryset(Notice.objects.visible_to(request.user).filter(project=project))


@login_required
def notice_list(request):
    project = staff_project(request, "notices.view")
    form = RegisterFilterForm(request.GET or None)
    notices = project_notices(request, project)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            notices = notices.filter(Q(number__icontains=data["q"]) | Q(title__icontains=data["q"]))
        if data["status"]:
            notices = notices.filter(status=data["status"])
        if data["kind"]:
            notices = notices.filter(kind=data["kind"])
        if data["year"]:
            notices = notices.filter(year=data["year"])
    if request.GET.get("archive") == "missing":
        notices = to_archive(notices)
    title = _("Notice register")
    table = ListTable(
        request,
        notices,
        COLUMNS,
        title=title,
        filters=form_filters(form),
        file_stem="notice-register",
    )
    if table.export_requested:
        return table.export_response()
    context = {
        "title": title,
        "table": table,
        "page": table.page,
        "form": form,
        "can_draft": access.has_perm(request.user, "notices.draft", project.pk),
    }
    return render(request, "notices/list.html", context)


@login_required
def notice_take_down_list(request):
    project = staff_project(request, "notices.view")
    notices = to_take_down(project_notices(request, project))
    title = _("Notices to take down")
    table = ListTable(request, notices, TAKE_DOWN_COLUMNS, title=title, file_stem="notices-to-take-down")
    if table.export_requested:
        return table.export_response()
    context = {
        "title": title,
        "table": table,
        "page": table.page,
        "can_take_down": access.has_perm(request.user, "notices.publish", project.pk),
    }
    return render(request, "notices/take_down.html", context)
