"""Helpers shared by console views: the current project and per-project permission checks."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wuye.core import access

SESSION_KEY = "wuye_project_id"


def visible_projects(user):
    Project = apps.get_model("estate", "Project")  # noqa: N806  (by name: core imports no app)
    return Project.objects.visible_to(user).filter(is_active=True).order_by("name")


def current_project(request):
    """The project chosen in the switcher (kept in the session); in a new session the one the user
    last switched to (User.last_project); else the first visible one. Never a project the user
    can no longer see."""
    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_wuye_project", False)
    if cached is not False:
        return cached
    projects = visible_projects(request.user)
    chosen = request.session.get(SESSION_KEY) or getattr(request.user, "last_project_id", None)
    project = projects.filter(pk=chosen).first() if chosen else None
    if project is None:
        project = projects.first()
    request._wuye_project = project
    return project


def require_project(request):
    project = current_project(request)
    if project is None:
        raise Http404("no project")
    return project


def require_perm(request, perm: str, project_id):
    if not access.has_perm(request.user, perm, project_id):
        raise PermissionDenied


def staff_project(request, perm: str):
    """The current project of a staff user holding `perm` there (owners and tenants use the portal: 403)."""
    if request.user.is_resident:
        raise PermissionDenied
    project = require_project(request)
    require_perm(request, perm, project.pk)
    return project
