from django.apps import apps

from wuye.core import access, navigation, workdays
from wuye.core.console import current_project, visible_projects
from wuye.core.roles import Role


def console(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    project = current_project(request)
    context = {
        "current_project": project,
        "switchable_projects": visible_projects(user) if not user.is_resident else [],
    }
    if access.has_perm_anywhere(user, "calendar.manage"):
        context["calendar_uncovered_years"] = workdays.coverage_warnings()
    if project is not None:
        context["can"] = {
            perm.replace(".", "_"): access.has_perm(user, perm, project.pk)
            for perm in (
                "estate.manage",
                "unit.change_status",
                "people.view",
                "roster.import",
                "calendar.manage",
                "ticket.view",
                "ticket.create",
                "ticket.return_visit",
                "contact.record",
                "report.view",
            )
        }
    context["nav"] = navigation.build(request, project, access.has_perm)
    context["role_names"] = role_names(user, project)
    # the bell in the top bar: one cheap indexed count (recipient, read_at)
    Notification = apps.get_model("notifications", "Notification")  # noqa: N806  (by name: core imports no app)
    context["unread_notifications"] = Notification.objects.filter(
        recipient=user, read_at__isnull=True
    ).count()
    return context


def role_names(user, project) -> list[str]:
    """The user's roles in the project (and company-wide) by name, in the Role enum's order — never codes."""
    if user.is_resident:
        return []
    held = access.roles_in(user, project.pk if project is not None else None)
    return [role.label for role in Role if role.value in held]
