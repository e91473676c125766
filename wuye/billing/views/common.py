"""Helpers shared by the billing console views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse

from wuye.core import access
from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.errors import BusinessRuleError

PAGE_SIZE = 50


def require_billing_view(request, project_id: int) -> None:
    """Staff need billing.view in the row's project; owners and tenants reach only their own
    units' rows (the queryset's scope already says which)."""
    if not request.user.is_resident and not access.has_perm(request.user, "billing.view", project_id):
        raise PermissionDenied


def apply_errors(form, exc, **rename) -> None:
    """A service's BusinessRuleError / ValidationError becomes form errors: on the field when the
    form has it (`rename` maps the service's argument names to the form's), else on the form."""
    if isinstance(exc, BusinessRuleError):
        errors = exc.fields or {None: [exc.message]}
    else:
        errors = getattr(exc, "message_dict", None) or {None: exc.messages}
    for name, messages in errors.items():
        target = rename.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
