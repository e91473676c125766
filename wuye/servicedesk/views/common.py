"""Helpers shared by the service-desk console views."""

from __future__ import annotations

from django.core.paginator import Paginator

from wuye.accounts.models import RoleAssignment
from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.forms import apply_service_errors
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import DEPARTMENT_ROLES, Department

PAGE_SIZE = 50


def apply_errors(form, exc) -> None:
    """A service's refusal as form errors (a PermissionDeniedError too: the caller answers 403 but
    still shows why); the service's `unit` is the form's `unit_code`."""
    apply_service_errors(form, exc, unit="unit_code")


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def with_next_step(tickets) -> list:
    """Label each ticket's nearest open step, from the deadlines the selector prefetched."""
    rows = list(tickets)
    for ticket in rows:
        ticket.next_step_label = ""
        if ticket.next_due_at is None:
            continue
        for deadline in ticket.deadlines.all():
            if deadline.met_at is None and not deadline.cancelled and deadline.due_at == ticket.next_due_at:
                ticket.next_step_label = deadlines.STEP_LABELS.get(deadline.step, deadline.step)
                break
    return rows


def department_staff(project_id: int) -> dict[str, list]:
    """{department: [users]} of the project, in one query (for the dispatch form)."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(project_id=project_id, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    by_department: dict[str, dict] = {d: {} for d in Department.values}
    for assignment in assignments:
        for department, roles in DEPARTMENT_ROLES.items():
            if assignment.role in roles:
                by_department[department][assignment.user_id] = assignment.user
    return {d: list(users.values()) for d, users in by_department.items()}


def departments_of(user, project_id: int) -> list[str]:
    """Queues the user may open: their own departments first; dispatchers and managers see all."""
    from wuye.core import access

    roles = access.roles_in(user, project_id)
    own = [d for d, needed in DEPARTMENT_ROLES.items() if roles & needed]
    if (
        user.is_superuser
        or access.is_company_wide(user)
        or access.has_perm(user, "ticket.dispatch", project_id)
    ):
        return own + [d for d in Department.values if d not in own]
    return own
