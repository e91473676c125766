"""Helpers shared by the parking console views: the current project with a permission, one service
call whose rule errors become form errors, unit codes resolved in scope, masked mobiles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from wuye.core import access
from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.forms import apply_service_errors
from wuye.core.masking import mask_mobile
from wuye.estate.models import Unit

PAGE_SIZE = 50


apply_errors = apply_service_errors  # one mapping for every console form (wuye.core.forms)


def attempt(form, call, **rename):
    """Run one service call: its result, or None with its rule errors put on `form`; a permission
    error is a 403 page."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except (ValidationError, BusinessRuleError) as exc:
        apply_errors(form, exc, **rename)
        return None


def attempt_or_message(request, call):
    """Run one service call from a button without a form: its result, or None with the rule's message
    shown at the top of the next page; a permission error is a 403 page."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except BusinessRuleError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return None


def unit_by_code(user, project, code: str):
    code = (code or "").strip()
    if not code:
        return None
    return Unit.objects.visible_to(user).filter(project=project, code=code).first()


def mobile_shown(user, project):
    """A function showing renters' mobiles as the user's role may see them (people.view_personal)."""
    if access.has_perm(user, "people.view_personal", project.pk):
        return lambda value: value
    return mask_mobile


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
