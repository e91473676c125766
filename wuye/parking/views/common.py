"""Helpers shared by the parking console views: the current project with a permission, one service
call whose rule errors become form errors, unit codes resolved in scope, masked mobiles."""

from __future__ import annotations

from django.core.paginator import Paginator

from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.forms import apply_service_errors, attempt, attempt_or_message  # noqa: F401  (re-exported)
from wuye.core.masking import mask_mobile, personal_data_visible
from wuye.estate.models import Unit

PAGE_SIZE = 50


apply_errors = apply_service_errors  # one mapping for every console form (wuye.core.forms)


def unit_by_code(user, project, code: str):
    code = (code or "").strip()
    if not code:
        return None
    return Unit.objects.visible_to(user).filter(project=project, code=code).first()


def mobile_shown(user, project):
    """A function showing renters' mobiles as the user's role may see them (people.view_personal)."""
    if personal_data_visible(user, project.pk):
        return lambda value: value
    return mask_mobile


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
