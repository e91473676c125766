"""Console views of the accounts app: the project switcher (remembered per user)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wuye.accounts.services import user_remember_project
from wuye.core.console import SESSION_KEY, visible_projects


@login_required
@require_POST
def switch_project(request):
    project = get_object_or_404(visible_projects(request.user), pk=request.POST.get("project"))
    request.session[SESSION_KEY] = project.pk
    user_remember_project(user=request.user, project=project)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
