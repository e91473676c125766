"""Helpers shared by the billing console views: the current project with a permission, one service
call whose rule errors become form errors, pagination and PDF responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse

from wuye.core import access
from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.forms import apply_service_errors

PAGE_SIZE = 50


def require_billing_view(request, project_id: int) -> None:
    """Staff need billing.view in the row's project; owners and tenants reach only their own
    units' rows (the queryset's scope already says which)."""
    if not request.user.is_resident and not access.has_perm(request.user, "billing.view", project_id):
        raise PermissionDenied


apply_errors = apply_service_errors  # one mapping for every console form (wuye.core.forms)


def attempt(form, call, **rename):
    """Run one service call: its result, or None with its rule errors put on `form` (`rename` as in
    `apply_service_errors`); a permission error is a 403 page."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except (ValidationError, BusinessRuleError) as exc:
        apply_errors(form, exc, **rename)
        return None


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
