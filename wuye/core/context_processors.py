from wuye.accounts import access
from wuye.core import workdays
from wuye.core.console import current_project, visible_projects


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
                "estate.manage", "unit.change_status", "people.view", "roster.import", "calendar.manage",
                "ticket.view", "ticket.create", "ticket.return_visit", "contact.record", "report.view",
            )
        }
        if not user.is_resident:
            from wuye.servicedesk.views.common import departments_of

            context["my_queue"] = next(iter(departments_of(user, project.pk)), "")
    # the bell in the top bar: one cheap indexed count (recipient, read_at)
    from wuye.notifications.models import Notification

    context["unread_notifications"] = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return context
