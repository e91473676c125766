"""Issue 10: nobody approves what they asked for — one helper (wuye.core.duties) used by deposit
refunds, deadline extensions and role assignments; roles are granted by company management."""

import datetime as dt

import pytest

from wuye.accounts.choices import Role
from wuye.accounts.models import RoleAssignment
from wuye.accounts.services import assignment_create
from wuye.billing import services as billing
from wuye.billing.models import DepositRefund
from wuye.billing.tests.factories import Books
from wuye.core.errors import PermissionDeniedError
from wuye.core.tests.factories import staff
from wuye.servicedesk import services as desk_services
from wuye.servicedesk.models import Ticket
from wuye.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


def test_a_refund_is_not_approved_by_who_requested_it():
    books = Books()
    # a project manager who is also the cashier (granted by company management, say)
    both = staff(Role.PROJECT_MANAGER, books.project)
    RoleAssignment.objects.create(user=both, project=books.project, role=Role.CASHIER)
    unit = books.unit()
    deposit = books.pay(unit, "500.00", key="dep", deposit_purpose="other").payment.deposit
    refund = billing.deposit_refund_request(deposit=deposit, acting_user=both, deductions=[])
    for decide in (billing.deposit_refund_approve, billing.deposit_refund_reject):
        with pytest.raises(PermissionDeniedError) as error:
            decide(refund=refund, acting_user=both)
        assert error.value.code == "self_approval_forbidden"
    assert DepositRefund.objects.get(pk=refund.pk).status == "requested"
    approved = billing.deposit_refund_approve(refund=refund, acting_user=books.manager)  # someone else
    assert approved.status == "approved"


def test_a_handler_does_not_extend_their_own_deadline():
    desk = Desk()
    ticket = desk.complaint(unit=desk.unit)
    desk_services.complaint_classify(
        ticket=ticket, validity="valid", severity="minor", acting_user=desk.supervisor
    )
    Ticket.objects.filter(pk=ticket.pk).update(assignee=desk.supervisor)  # the supervisor handles it
    step = "complaint_minor"
    new = ticket.deadlines.get(step=step).due_at + dt.timedelta(days=1)
    with pytest.raises(PermissionDeniedError) as error:
        desk_services.ticket_extend_deadline(
            ticket=ticket, step=step, new_due_at=new, reason="业主出差", acting_user=desk.supervisor
        )
    assert error.value.code == "self_approval_forbidden"
    deadline = desk_services.ticket_extend_deadline(
        ticket=ticket, step=step, new_due_at=new, reason="业主出差", acting_user=desk.manager
    )
    assert deadline.due_at == new


def test_roles_are_granted_by_company_management_and_never_to_oneself(login):
    books = Books()
    manager = books.manager  # project manager
    with pytest.raises(PermissionDeniedError):  # not even to someone else
        assignment_create(
            user=staff(Role.ENGINEER, books.project),
            project=books.project,
            role=Role.CASHIER,
            acting_user=manager,
        )
    with pytest.raises(PermissionDeniedError):
        assignment_create(user=manager, project=books.project, role=Role.CASHIER, acting_user=manager)
    company = staff(Role.COMPANY_MANAGER, None)
    with pytest.raises(PermissionDeniedError) as error:
        assignment_create(user=company, project=books.project, role=Role.CASHIER, acting_user=company)
    assert error.value.code == "self_approval_forbidden"
    granted = assignment_create(user=manager, project=books.project, role=Role.CASHIER, acting_user=company)
    assert (granted.assigned_by, granted.assigned_at is not None) == (company, True)  # who and when
    # through the API: the project manager's own request answers 403
    response = login(manager).post(
        "/api/v1/assignments/",
        {"user": manager.pk, "project": books.project.pk, "role": "security"},
        format="json",
    )
    assert response.status_code == 403
