"""The lobby display (电子公示牌): the notices valid today in large type, no login, refreshed by the
page itself (<meta http-equiv="refresh">, no script). Only published public notices within their
dates (selectors.published_notices); an unknown or inactive project answers 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wuye.estate.models import Project
from wuye.notices.selectors import display_refresh_seconds, issuer_name, published_notices


def _project(raw: str) -> Project:
    raw = (raw or "").strip()
    if not raw:
        raise Http404("project")
    projects = Project.objects.filter(is_active=True)
    project = projects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 18 else None
    if project is None:
        project = projects.filter(code=raw).first()
    if project is None:
        raise Http404("project")
    return project


@require_GET
def notices_display(request):
    project = _project(request.GET.get("project", ""))
    today = timezone.localdate()
    context = {
        "project": project,
        "issuer": issuer_name(project),
        "today": today,
        "notices": list(published_notices(project, today)),
        "refresh": display_refresh_seconds(project),
    }
    return render(request, "notices/display.html", context)
