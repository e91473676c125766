"""Helpers shared by the billing console views: the current project with a permission, one service
call whose rule errors become form errors, pagination and PDF responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse

from wuye.core import access
from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.forms import apply_service_errors, attempt, attempt_or_message  # noqa: F401  (re-exported)

PAGE_SIZE = 50


def require_billing_view(request, project_id: int) -> None:
    """Staff need billing.view in the row's project; owners and tenants reach only their own
    units' rows (the queryset's scope already says which)."""
    if not request.user.is_resident and not access.has_perm(request.user, "billing.view", project_id):
        raise PermissionDenied


apply_errors = apply_service_errors  # one mapping for every console form (wuye.core.forms)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
