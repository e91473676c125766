"""Permissions of the service desk (spec 02): permission → the roles that hold it.

Registered into wuye.core.access from the app's ready(); every check in web and API asks
`access.has_perm(user, perm, project_id)`. Permissions are per project; `company_manager` is
company-wide.
"""

from wuye.core.roles import ALL_STAFF, Role

R = Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # Take in a request (any staff member who is contacted: first-contact responsibility).
    "ticket.create": ALL_STAFF,
    "ticket.view": ALL_STAFF,
    # Dispatch / pass on to a department or person.
    "ticket.dispatch": frozenset(
        {R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.ENGINEERING_LEAD, R.SECURITY_LEAD}
    ),
    # Accept, start and complete work orders.
    "ticket.handle": frozenset(
        {R.ENGINEER, R.ENGINEERING_LEAD, R.SECURITY, R.SECURITY_LEAD, R.CS_ASSISTANT, R.CS_SUPERVISOR}
    ),
    # Record the customer's sign-off or rejection (rework).
    "ticket.customer_accept": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.ENGINEER, R.ENGINEERING_LEAD}),
    "ticket.return_visit": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR}),
    "ticket.close": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    "ticket.cancel": frozenset({R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    "ticket.escalate": ALL_STAFF,
    # Complaint validity and severity (seed 000 §7: the project supervisor decides).
    "complaint.classify": frozenset({R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    "service_menu.manage": frozenset({R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # Calls, visits log and customer visits.
    "contact.record": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
}
