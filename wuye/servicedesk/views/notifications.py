"""The user's in-app notifications: list, mark one read (and open it), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core.tables import ListTable
from wuye.notifications.models import Notification
from wuye.notifications.services import notification_mark_all_read, notification_mark_read
from wuye.servicedesk.views.columns import NOTIFICATION_COLUMNS


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notifications = notifications.unread()
    table = ListTable(
        request,
        notifications.order_by("-created_at", "-id"),
        NOTIFICATION_COLUMNS,
        title=_("Notifications"),
        filters=[(_("Unread"), _("Yes"))] if only_unread else [],
    )
    if table.export_requested:
        return table.export_response()
    return render(
        request, "notifications/list.html", {"page": table.page, "table": table, "only_unread": only_unread}
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark read; with `open`, go on to what the notification is about (e.g. the ticket)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification, acting_user=request.user)
    target = notification.url if "open" in request.POST else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("console:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = notification_mark_all_read(acting_user=request.user)
    messages.success(request, _("%(n)s notifications marked as read.") % {"n": count})
    return redirect("console:notification-list")
