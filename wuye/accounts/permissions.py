"""What each role may do. One table; every check in web and API asks `has_perm`.

Permissions are per project: a role held in project A gives nothing in project B.
`company_manager` is company-wide (its assignment has no project) and sees every project.
"""

from wuye.core.roles import ALL_STAFF, Role

R = Role


PERMISSIONS: dict[str, frozenset[str]] = {
    # Read the estate registry (projects, buildings, units, public areas, occupancy).
    "estate.view": ALL_STAFF,
    # Create and edit projects' buildings, units and public areas; generate units.
    "estate.manage": frozenset({R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.COMPANY_MANAGER}),
    # Edit project settings.
    "project.manage": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # Record a manual occupancy-status correction (with a reason).
    "unit.change_status": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # See owners and tenants (masked) — everyone who serves the household.
    "people.view": frozenset(
        {
            R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.ENGINEER, R.ENGINEERING_LEAD,
            R.SECURITY, R.SECURITY_LEAD, R.CASHIER, R.ARCHIVIST, R.KEY_KEEPER, R.COMPANY_MANAGER,
        }
    ),
    # See ID numbers and mobiles unmasked (roles whose work needs them: identity checks, fees, archives).
    "people.view_personal": frozenset(
        {R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.CASHIER, R.ARCHIVIST, R.CS_ASSISTANT}
    ),
    # Create and edit owners, tenants, ownerships and leases.
    "people.manage": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.ARCHIVIST}),
    # Import the developer's owner roster.
    "roster.import": frozenset({R.ARCHIVIST, R.CS_SUPERVISOR, R.PROJECT_MANAGER}),
    # Manage user accounts and role assignments within the project.
    "users.manage": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # See the staff list and assignments of the project.
    "users.view": frozenset({R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.COMPANY_MANAGER}),
    # --- service desk (spec 02) ---
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
    # KPI reports.
    "report.view": frozenset(
        {R.CS_SUPERVISOR, R.PROJECT_MANAGER, R.COMPANY_MANAGER, R.ENGINEERING_LEAD, R.SECURITY_LEAD}
    ),
    # --- billing (spec 03) ---
    "billing.view": frozenset({R.CASHIER, R.PROJECT_MANAGER, R.CS_SUPERVISOR, R.CS_ASSISTANT, R.COMPANY_MANAGER}),
    # Fee items, tariffs, charge runs, one-off charges.
    "billing.manage": frozenset({R.CASHIER, R.PROJECT_MANAGER}),
    # Take payments, issue and void receipts, record deposits, import bank files, read meters.
    "billing.take_payment": frozenset({R.CASHIER}),
    "billing.read_meters": frozenset({R.CASHIER, R.ENGINEER, R.ENGINEERING_LEAD}),
    # Approve deposit refunds (with their deductions).
    "billing.approve_refund": frozenset({R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    "billing.report": frozenset({R.CASHIER, R.PROJECT_MANAGER, R.COMPANY_MANAGER}),
    # --- parking (spec 03, seed 000 §17) ---
    "parking.view": ALL_STAFF,
    # Spaces, vehicles, monthly rentals and IC cards (the front desk and the cashier).
    "parking.manage": frozenset({R.CS_ASSISTANT, R.CS_SUPERVISOR, R.CASHIER, R.PROJECT_MANAGER, R.SECURITY_LEAD}),
    # Temporary parking at the gate.
    "parking.gate": frozenset({R.SECURITY, R.SECURITY_LEAD, R.CASHIER, R.CS_ASSISTANT}),
    # Company-wide: edit the holiday/adjusted-workday table.
    "calendar.manage": frozenset({R.COMPANY_MANAGER, R.PROJECT_MANAGER}),
}
# Note: "people.view_personal" includes cs_assistant because front-desk staff verify identity at
# handover and move-in (spec 01); engineers and security see masked data only.
