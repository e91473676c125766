"""What the renovation console views share: the renovation in the current project (404 outside it),
and permission checks that mirror the services'."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from wuye.core import access
from wuye.core.console import staff_project
from wuye.renovation.models import Renovation
from wuye.renovation.selectors import renovation_detail_queryset

VIEW = "renovation.view"


def fetch_renovation(request, pk) -> Renovation:
    """The renovation `pk` of the current project, visible to the user (404 otherwise)."""
    project = staff_project(request, VIEW)
    queryset = (
        renovation_detail_queryset()
        .filter(project=project)
        .visible_to(request.user)
        .select_related("deposit", "refund", "decided_by", "briefing_by", "entry_inspected_by")
    )
    return get_object_or_404(queryset, pk=pk)


def can(user, renovation_or_project, *perms: str) -> bool:
    """The user holds any of `perms` in the renovation's (or the project's) project."""
    project_id = getattr(renovation_or_project, "project_id", None) or renovation_or_project.pk
    return any(access.has_perm(user, perm, project_id) for perm in perms)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
