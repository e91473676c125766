"""The service desk's entries in the console sidebar (registered from ServiceDeskConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from wuye.core.navigation import NavItem


def _my_queue(user, project):
    """The user's own department queue (engineering has its own entry in the engineering group)."""
    from wuye.servicedesk.choices import Department
    from wuye.servicedesk.views.common import departments_of

    first = next(iter(departments_of(user, project.pk)), "")
    if not first or first == Department.ENGINEERING:
        return None
    return {"department": first}


def _engineering_queue(user, project):
    from wuye.servicedesk.choices import Department
    from wuye.servicedesk.views.common import departments_of

    if Department.ENGINEERING not in departments_of(user, project.pk):
        return None
    return {"department": Department.ENGINEERING.value}


ITEMS = (
    NavItem("service", _("New ticket"), "console:ticket-new", perm="ticket.create", weight=10, accesskey="n"),
    NavItem("service", _("My tickets"), "console:ticket-mine", perm="ticket.view", weight=11),
    NavItem("service", _("All tickets"), "console:ticket-list", perm="ticket.view", weight=12),
    NavItem(
        "service", _("Queue"), "console:ticket-queue", perm="ticket.view", weight=13, url_kwargs=_my_queue
    ),
    NavItem(
        "service",
        _("Return-visit worklist"),
        "console:return-visit-list",
        perm="ticket.return_visit",
        weight=14,
    ),
    NavItem("service", _("Calls & visits"), "console:contact-log-list", perm="contact.record", weight=15),
    NavItem("service", _("Customer visits"), "console:customer-visit-list", perm="contact.record", weight=16),
    NavItem("settings", _("Service-desk settings"), "console:desk-settings", perm="ticket.view", weight=72),
    NavItem(
        "engineering",
        _("Engineering queue"),
        "console:ticket-queue",
        perm="ticket.view",
        weight=20,
        url_kwargs=_engineering_queue,
    ),
)
