"""Ticket lifecycle services (spec 02). One function per action; each checks the permission and
the allowed transition, records who and when (an explicit `at` for paper records), writes the
timeline, meets or arms deadlines, and queues notifications after commit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.money import to_money
from wuye.core.roles import role_label
from wuye.core.sequences import next_value
from wuye.core.validators import normalize_phone
from wuye.estate.models import Project, PublicArea, Unit
from wuye.notifications.services import notify
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import (
    DEFAULT_DEPARTMENT,
    DEPARTMENT_LEADS,
    DEPARTMENT_ROLES,
    MENU_GROUP_DEPARTMENT,
    REPAIR_CATEGORIES,
    RETURN_VISIT_CATEGORIES,
    Category,
    Channel,
    Department,
    EscalationLevel,
    EventKind,
    Status,
)
from wuye.servicedesk.models import (
    ButlerArea,
    DeadlineExtension,
    DeskDuty,
    ReturnVisit,
    ServiceMenuItem,
    Ticket,
    TicketDeadline,
)
from wuye.servicedesk.services.common import (
    add_deadline,
    forbidden,
    last_event_time,
    lock,
    project_staff,
    record_event,
    status_time,
    transition,
)

if TYPE_CHECKING:
    from wuye.accounts.models import User


def _url(ticket) -> str:
    return f"/tickets/{ticket.pk}/"


def _notify_many(users, *, kind, ticket, title, body="", key):
    def send():
        for user in users:
            notify(recipient=user, kind=kind, title=title, body=body, ticket=ticket, url=_url(ticket),
                   dedupe_key=f"{key}:{ticket.pk}")
    transaction.on_commit(send)


def _check_handler(ticket: Ticket, user) -> None:
    roles = access.roles_in(user, ticket.project_id)
    if user.is_superuser or access.is_company_wide(user):
        return
    if not roles & DEPARTMENT_ROLES.get(ticket.department, set()):
        raise BusinessRuleError("not_in_department", _("You do not work in the department this order is dispatched to."))


# --- intake --------------------------------------------------------------------------------------


def _intake_place_errors(*, project: Project, category: str, unit: Unit | None,
                         public_area: PublicArea | None) -> dict[str, list[str]]:
    """The category and where the request is: the unit or public area of the project it needs."""
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Unknown category.")]
    if unit is not None and unit.project_id != project.pk:
        errors["unit"] = [_("The unit belongs to another project.")]
    if public_area is not None and public_area.project_id != project.pk:
        errors["public_area"] = [_("The public area belongs to another project.")]
    if category in (Category.REPAIR_IN_UNIT, Category.HOUSE_DEFECT) and unit is None:
        errors["unit"] = [_("An in-unit repair needs the unit.")]
    if category == Category.REPAIR_PUBLIC and public_area is None and unit is None:
        errors["public_area"] = [_("Say which public area needs the repair.")]
    return errors


def _intake_quote(*, service_item: ServiceMenuItem | None, quoted_fee: Decimal | str | None, resident: bool,
                  errors: dict[str, list[str]]) -> Decimal | None:
    """The price told to the customer: the menu's fixed price, or the quote staff agreed (a resident
    cannot set their own price). A quote that contradicts the menu goes into `errors`."""
    if service_item is None or "service_item" in errors:
        return _money(quoted_fee, "quoted_fee") if quoted_fee not in (None, "") else None
    menu_price = menu_fixed_price(service_item)
    if quoted_fee in (None, ""):
        return menu_price
    quote = _money(quoted_fee, "quoted_fee")
    if resident:
        return menu_price
    if menu_price is not None and quote != menu_price:
        errors["quoted_fee"] = [_("The published price of this service is %(price)s.") % {"price": menu_price}]
    return quote


def _validate_intake(
    *,
    project: Project,
    category: str,
    content: str,
    acting_user: User,
    unit: Unit | None,
    public_area: PublicArea | None,
    contact_phone: str,
    service_item: ServiceMenuItem | None,
    quoted_fee: Decimal | str | None,
    department: str,
    answer: str,
) -> tuple[str, Decimal | None]:
    """Check who may take the request in and what it says; returns the normalised contact phone and
    the quote. Raises ValidationError with a message per field."""
    if acting_user.is_resident:
        if unit is None or unit.pk not in access.resident_unit_ids(acting_user):
            raise BusinessRuleError("unit_required", _("Choose one of your own units."), {"unit": [_("Choose one of your own units.")]})
    else:
        access.require_perm(acting_user, "ticket.create", project.pk)
    errors = _intake_place_errors(project=project, category=category, unit=unit, public_area=public_area)
    if not (content or "").strip():
        errors["content"] = [_("Describe the request.")]
    if contact_phone:
        try:
            contact_phone = normalize_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    if service_item is not None and service_item.project_id != project.pk:
        errors["service_item"] = [_("The service belongs to another project.")]
    if department and department not in Department.values:
        errors["department"] = [_("Unknown department.")]
    if answer and category != Category.CONSULTATION:
        errors["answer"] = [_("Only a consultation can be answered and closed on the spot.")]
    quote = _intake_quote(service_item=service_item, quoted_fee=quoted_fee, resident=acting_user.is_resident,
                          errors=errors)
    if errors:
        raise ValidationError(errors)
    return contact_phone, quote


def _first_contact(*, project: Project, unit: Unit | None, acting_user: User, received_at: dt.datetime) -> User:
    """首接负责制: the receiver, or for a resident's own report the assistant who follows it."""
    if not acting_user.is_resident:
        return acting_user
    return resident_first_contact(project=project, unit=unit, day=timezone.localtime(received_at).date())


def _ticket_number(project: Project, received_at: dt.datetime) -> str:
    """The day's running number of the project: 20250301-0001."""
    day = timezone.localtime(received_at).strftime("%Y%m%d")
    return f"{day}-{next_value(f'ticket:{project.pk}:{day}'):04d}"


def _customer_key(*, unit: Unit | None, contact_phone: str, contact_name: str) -> str:
    """Who the customer is, for counting distinct customers (the unit, else the phone, else the name)."""
    if unit is not None:
        return f"unit:{unit.pk}"
    if contact_phone:
        return f"phone:{contact_phone}"
    return f"name:{contact_name.strip()}"[:60]


def _alert_superiors(ticket: Ticket, *, received_at: dt.datetime, paper_record: bool) -> None:
    """An urgent matter (or a serious complaint) is reported to the supervisor and the department
    lead at once; the alert, queued in this transaction, meets the report-to-superior deadline."""
    supervisors = project_staff(ticket.project_id, {"cs_supervisor"})
    lead_role = DEPARTMENT_LEADS.get(ticket.department)
    leads = project_staff(ticket.project_id, {lead_role}) if lead_role else []
    # a paper record entered later was reported on paper at the time; a live intake alerts now
    reported_at = received_at if paper_record else timezone.now()
    add_deadline(ticket, "report_superior", start=received_at, met_at=reported_at if supervisors else None)
    _notify_many(
        {u.pk: u for u in supervisors + leads}.values(), kind="ticket_urgent", ticket=ticket,
        title=_("Urgent: %(number)s %(category)s") % {"number": ticket.number, "category": ticket.get_category_display()},
        body=ticket.content, key="urgent",
    )


@transaction.atomic
def ticket_create(
    *,
    project: Project,
    category: str,
    content: str,
    acting_user: User,
    channel: str = Channel.PHONE,
    unit: Unit | None = None,
    public_area: PublicArea | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    caller_number: str = "",
    appointment_at: dt.datetime | None = None,
    promised_at: dt.datetime | None = None,
    urgent: bool = False,
    department: str = "",
    service_item: ServiceMenuItem | None = None,
    quoted_fee: Decimal | str | None = None,
    answer: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """Take in any request (报事). The receiver becomes the first-contact person, accountable until
    closure (seed 002 首接负责制); a resident's own report gets a customer-service assistant (the
    building's area butler, else the assistant on desk duty — seed 000 §8: assistants do the return
    visits). Urgent matters alert the supervisor and the department at once (target 90 s). A
    consultation answered on the spot (`answer`) is closed at once.

    A priced service from the menu routes the ticket to the item's department and fixes the price
    told to the customer (`quoted_fee`: the published fixed price, or the quote agreed for a range
    or negotiable item — seed 000 §13: "向客户说明标准及原因")."""
    contact_phone, quote = _validate_intake(
        project=project, category=category, content=content, acting_user=acting_user, unit=unit,
        public_area=public_area, contact_phone=contact_phone, service_item=service_item, quoted_fee=quoted_fee,
        department=department, answer=answer,
    )
    if acting_user.is_resident:
        channel = Channel.PORTAL
    received_at = event_time(at)
    if appointment_at is not None and appointment_at < received_at:
        raise ValidationError({"appointment_at": [_("The appointment cannot be before the request.")]})
    in_warranty = None
    if category == Category.HOUSE_DEFECT and unit is not None and unit.warranty_end is not None:
        in_warranty = timezone.localtime(received_at).date() <= unit.warranty_end
    ticket = Ticket(
        project=project,
        number=_ticket_number(project, received_at),
        category=category,
        channel=channel,
        unit=unit,
        public_area=public_area,
        content=content.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone,
        caller_number=(caller_number or "").strip(),
        customer_key=_customer_key(unit=unit, contact_phone=contact_phone, contact_name=contact_name),
        received_by=acting_user,
        received_at=received_at,
        first_contact=_first_contact(project=project, unit=unit, acting_user=acting_user, received_at=received_at),
        appointment_at=appointment_at,
        promised_at=promised_at,
        urgent=bool(urgent),
        department=department or (service_item_department(service_item) if service_item else "")
        or DEFAULT_DEPARTMENT.get(category, ""),
        service_item=service_item,
        quoted_fee=quote,
        is_paid=category == Category.PAID_SERVICE or service_item is not None,
        needs_return_visit=category in RETURN_VISIT_CATEGORIES,
        in_warranty=in_warranty,
    )
    if category == Category.COMPLAINT:
        from wuye.servicedesk.services.complaints import propose_severity

        ticket.proposed_severity = propose_severity(ticket, as_of=received_at)
    stamp(ticket, acting_user)
    ticket.save()
    record_event(ticket, kind=EventKind.INTAKE, actor=acting_user, at=received_at, to_status=Status.RECEIVED)
    _arm_intake_deadlines(ticket)
    if urgent or ticket.proposed_severity in ("major", "important"):
        _alert_superiors(ticket, received_at=received_at, paper_record=at is not None)
    if answer:
        transition(ticket, Status.CLOSED, acting_user=acting_user, at=received_at, answer=answer.strip(),
                   note=_("Answered on the spot."))
    return ticket


def menu_fixed_price(item: ServiceMenuItem) -> Decimal | None:
    """The price a menu item fixes in advance: free → 0, fixed → its price; ranges and
    negotiable items are quoted per job."""
    if item.pricing == ServiceMenuItem.Pricing.FREE:
        return Decimal("0.00")
    if item.pricing == ServiceMenuItem.Pricing.FIXED and item.price_min is not None:
        return to_money(item.price_min)
    return None


def service_item_department(item: ServiceMenuItem) -> str:
    return item.department or MENU_GROUP_DEPARTMENT.get(item.group, Department.CUSTOMER_SERVICE)


def resident_first_contact(*, project: Project, unit: Unit | None, day: dt.date) -> User:
    """Who follows a resident's own report (spec 02, seed 000 §8): the building's area butler
    (片区管家, ButlerArea); else the assistant on desk duty that day (DeskDuty); else the project's
    assistant with the fewest open tickets; a supervisor only when the project has no assistant."""
    assistants = project_staff(project.pk, {"cs_assistant"})
    ids = {u.pk for u in assistants}
    if unit is not None:
        butler = ButlerArea.objects.filter(building_id=unit.building_id).select_related("user").first()
        if butler is not None and butler.user_id in ids:
            return butler.user
    duty = DeskDuty.objects.filter(project=project, day=day).select_related("user").first()
    if duty is not None and duty.user_id in ids:
        return duty.user
    if assistants:
        loads = dict(
            Ticket.objects.filter(first_contact_id__in=ids).exclude(status__in=[Status.CLOSED, Status.CANCELLED])
            .values_list("first_contact_id").annotate(n=Count("id")).values_list("first_contact_id", "n")
        )
        return min(assistants, key=lambda u: (loads.get(u.pk, 0), u.pk))
    supervisors = project_staff(project.pk, {"cs_supervisor"})
    if not supervisors:
        raise BusinessRuleError("no_service_desk", _("The project has no customer-service staff yet."))
    return supervisors[0]


def _arm_intake_deadlines(ticket: Ticket) -> None:
    start = ticket.received_at
    if ticket.category == Category.CONSULTATION:
        return
    add_deadline(ticket, "dispatch", start=start)
    if ticket.category in REPAIR_CATEGORIES and ticket.urgent:
        add_deadline(ticket, "urgent_on_site", start=start)
        add_deadline(ticket, "urgent_fixed", start=start)
    elif ticket.appointment_at is not None:
        add_deadline(ticket, "on_site", due_at=ticket.appointment_at, rule="appointment")
        amount, unit = deadlines.setting(ticket.project, "contact_before_appointment")
        if unit in ("minutes", "seconds"):
            delta = dt.timedelta(**{unit: amount})
            add_deadline(ticket, "contact_before_appointment", due_at=max(start, ticket.appointment_at - delta),
                         rule="appointment")
    if ticket.category == Category.SUGGESTION:
        if ticket.promised_at is not None:
            add_deadline(ticket, "reply", due_at=ticket.promised_at, rule="promised")
        else:
            add_deadline(ticket, "reply", start=start)
    if ticket.category == Category.COMPLAINT:
        from wuye.servicedesk.services.complaints import arm_complaint_deadlines

        arm_complaint_deadlines(ticket, ticket.proposed_severity or "minor")


# --- the work ------------------------------------------------------------------------------------


@transaction.atomic
def ticket_dispatch(
    *,
    ticket: Ticket,
    department: str,
    acting_user: User,
    assignee: User | None = None,
    at: dt.datetime | None = None,
    note: str = "",
) -> Ticket:
    """Dispatch (or pass on) to a department and optionally a person. Nobody refuses a ticket as
    'not mine': the current handler passes it on, and the pass is recorded."""
    ticket = lock(ticket)
    is_handler = ticket.assignee_id == acting_user.pk
    if not is_handler:
        access.require_perm(acting_user, "ticket.dispatch", ticket.project_id)
    if department not in Department.values:
        raise ValidationError({"department": [_("Unknown department.")]})
    if assignee is not None:
        roles = access.roles_in(assignee, ticket.project_id)
        if not roles & DEPARTMENT_ROLES[department]:
            raise ValidationError({"assignee": [_("This person does not work in that department here.")]})
    first_dispatch = ticket.dispatched_at is None
    transition(ticket, Status.DISPATCHED, acting_user=acting_user, at=at, note=note, department=department,
               assignee=assignee, data={"department": department, "assignee": assignee.pk if assignee else None})
    dispatched_at = status_time(ticket, Status.DISPATCHED)
    if first_dispatch and not ticket.urgent and ticket.appointment_at is None and ticket.category in REPAIR_CATEGORIES:
        add_deadline(ticket, "on_site", start=dispatched_at)
    recipients = [assignee] if assignee else project_staff(ticket.project_id, {DEPARTMENT_LEADS[department]})
    _notify_many(recipients, kind="ticket_dispatched", ticket=ticket,
                 title=_("New order %(number)s") % {"number": ticket.number}, body=ticket.content,
                 key=f"dispatched:{dispatched_at.isoformat()}")
    return ticket


@transaction.atomic
def ticket_contact_customer(
    *, ticket: Ticket, acting_user: User, at: dt.datetime | None = None, note: str = ""
) -> Ticket:
    """The handler called the customer before an appointment (seed 002: 15 minutes before)."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    deadline = ticket.deadlines.filter(step="contact_before_appointment", cancelled=False).first()
    if deadline is None:
        raise BusinessRuleError("no_appointment", _("This ticket has no appointment to call ahead for."))
    if deadline.met_at is not None:
        raise BusinessRuleError("already_contacted", _("The customer has already been contacted."))
    when = event_time(at, not_before=ticket.received_at)
    deadline.met_at = when
    deadline.save(update_fields=["met_at"])
    record_event(ticket, kind=EventKind.NOTE, actor=acting_user, at=when, note=note or _("Customer contacted before the appointment."),
                 data={"step": "contact_before_appointment"})
    return ticket


@transaction.atomic
def ticket_accept(*, ticket: Ticket, acting_user: User, at: dt.datetime | None = None) -> Ticket:
    """The handler signs for the order. Two handlers accepting at once: the row lock lets exactly one win."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if ticket.status != Status.DISPATCHED:
        if ticket.status == Status.ACCEPTED:
            raise BusinessRuleError("ticket_already_accepted", _("Someone has already accepted this order."))
        raise BusinessRuleError("ticket_transition_forbidden", _("Only a dispatched order can be accepted."))
    if ticket.assignee_id and ticket.assignee_id != acting_user.pk:
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    _check_handler(ticket, acting_user)
    return transition(ticket, Status.ACCEPTED, acting_user=acting_user, at=at, assignee=acting_user)


@transaction.atomic
def ticket_start(*, ticket: Ticket, acting_user: User, at: dt.datetime | None = None, note: str = "") -> Ticket:
    """On site / work begins. A receiver may also handle a ticket herself straight from intake."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if ticket.status == Status.RECEIVED:
        return transition(ticket, Status.IN_PROGRESS, acting_user=acting_user, at=at, note=note, assignee=acting_user,
                          department=ticket.department or Department.CUSTOMER_SERVICE)
    if ticket.status != Status.ACCEPTED:
        # back to work after completion is rework (customer rejection, return visit): counted there
        raise forbidden(ticket, Status.IN_PROGRESS)
    if ticket.assignee_id not in (None, acting_user.pk) and not access.has_perm(acting_user, "ticket.dispatch", ticket.project_id):
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    return transition(ticket, Status.IN_PROGRESS, acting_user=acting_user, at=at, note=note)


def _money(value, field: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    amount = to_money(value)
    if amount < 0:
        raise ValidationError({field: [_("The amount cannot be negative.")]})
    return amount


@transaction.atomic
def ticket_complete(
    *,
    ticket: Ticket,
    acting_user: User,
    result: str,
    at: dt.datetime | None = None,
    labour_hours: Decimal | str | None = None,
    materials: str = "",
    materials_fee: Decimal | str | None = None,
    labour_fee: Decimal | str | None = None,
    fee_change_reason: str = "",
) -> Ticket:
    """The handler's result: time spent, materials and the fee. A paid service's fee stays on the
    ticket as a receivable that billing charges, due on the completion date. The price told to
    the customer before the work (`quoted_fee`) is the price charged unless the handler records
    why it changed (a labour-only menu price: materials come on top, as the customer was told).
    A return visit falls due one day later (seed 000 §8); a complaint's result is replied the
    same day (seed 000 §7)."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if not (result or "").strip():
        raise ValidationError({"result": [_("Describe what was done.")]})
    if ticket.assignee_id not in (None, acting_user.pk) and not access.has_perm(acting_user, "ticket.dispatch", ticket.project_id):
        raise BusinessRuleError("ticket_assigned_to_other", _("This order is dispatched to someone else."))
    materials_amount = _money(materials_fee, "materials_fee")
    labour_amount = _money(labour_fee, "labour_fee")
    item = ticket.service_item
    fixed_price = menu_fixed_price(item) if item is not None else None
    if ticket.is_paid and labour_fee in (None, "") and ticket.quoted_fee is not None:
        labour_amount = ticket.quoted_fee
    elif ticket.is_paid and labour_fee in (None, "") and fixed_price is not None:
        labour_amount = fixed_price
    if labour_hours not in (None, "") and Decimal(str(labour_hours)) < 0:
        raise ValidationError({"labour_hours": [_("The time spent cannot be negative.")]})
    fee = to_money(materials_amount + labour_amount) if ticket.is_paid else Decimal("0.00")
    reason = (fee_change_reason or "").strip()
    if ticket.is_paid and ticket.quoted_fee is not None:
        compared = labour_amount if (item is not None and item.labour_only) else fee
        if compared != ticket.quoted_fee and not reason:
            msg = _("The customer was quoted %(quote)s before the work; record why the fee is %(fee)s.") % {
                "quote": ticket.quoted_fee, "fee": compared}
            raise ValidationError({"fee_change_reason": [msg]})
    transition(
        ticket, Status.COMPLETED, acting_user=acting_user, at=at, note=result.strip(), answer=result.strip(),
        labour_hours=Decimal(str(labour_hours)) if labour_hours not in (None, "") else None, materials=materials,
        materials_fee=materials_amount, labour_fee=labour_amount, fee=fee, fee_change_reason=reason,
        data={"fee": str(fee), **({"quoted_fee": str(ticket.quoted_fee), "fee_change_reason": reason} if reason else {})},
    )
    if ticket.category == Category.COMPLAINT:
        from wuye.servicedesk.services.complaints import arm_result_reply

        arm_result_reply(ticket)
    if ticket.needs_return_visit:
        completed_at = status_time(ticket, Status.COMPLETED)
        due = add_deadline(ticket, "return_visit", start=completed_at).due_at
        pending = ticket.return_visits.filter(done_at__isnull=True).first()
        if pending:
            pending.due_at = due
            pending.save(update_fields=["due_at"])
        else:
            ReturnVisit.objects.create(ticket=ticket, due_at=due, assigned_to=ticket.first_contact)
        _notify_many([ticket.first_contact], kind="return_visit_due", ticket=ticket,
                     title=_("Return visit due: %(number)s") % {"number": ticket.number},
                     key=f"visit-due:{completed_at.isoformat()}")
    return ticket


@transaction.atomic
def ticket_customer_accept(
    *,
    ticket: Ticket,
    acting_user: User,
    accepted: bool = True,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Ticket:
    """The customer signs off. If not, the work goes back as rework (二次处理) and is counted."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.customer_accept", ticket.project_id)
    if accepted:
        return transition(ticket, Status.CUSTOMER_ACCEPTED, acting_user=acting_user, at=at, note=comment)
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Record why the customer did not accept.")]})
    transition(ticket, Status.IN_PROGRESS, acting_user=acting_user, at=at, note=comment, kind=EventKind.REWORK,
               rework_count=ticket.rework_count + 1)
    _notify_many([u for u in (ticket.assignee, ticket.first_contact) if u], kind="ticket_rework", ticket=ticket,
                 title=_("Rework: %(number)s") % {"number": ticket.number}, body=comment,
                 key=f"rework:{ticket.rework_count}")
    return ticket


@transaction.atomic
def ticket_return_visit(
    *, ticket: Ticket, acting_user: User, solved: bool, satisfaction: str, comment: str = "", method: str = "phone", at: dt.datetime | None = None
) -> Ticket:
    """Record the return visit (seed 000 §8). Unsolved or dissatisfied reopens the work as rework."""
    from wuye.servicedesk.choices import Satisfaction, VisitMethod

    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.return_visit", ticket.project_id)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": [_("Choose the customer's satisfaction.")]})
    if method not in VisitMethod.values:
        raise ValidationError({"method": [_("Unknown visit method.")]})
    if ticket.status not in (Status.COMPLETED, Status.CUSTOMER_ACCEPTED):
        raise BusinessRuleError("ticket_transition_forbidden", _("A return visit follows completion of the work."))
    visit = ticket.return_visits.filter(done_at__isnull=True).first()
    if visit is None:
        due = deadlines.due(ticket.project, "return_visit", ticket.completed_at or timezone.now())
        visit = ReturnVisit(ticket=ticket, due_at=due, assigned_to=ticket.first_contact)
    transition(ticket, Status.RETURN_VISITED, acting_user=acting_user, at=at, note=comment,
               data={"solved": solved, "satisfaction": satisfaction})
    visit.done_at, visit.done_by = ticket.return_visited_at, acting_user
    visit.method, visit.solved, visit.satisfaction, visit.comment = method, bool(solved), satisfaction, comment
    visit.save()
    if not solved or satisfaction == Satisfaction.DISSATISFIED:
        transition(ticket, Status.IN_PROGRESS, acting_user=acting_user, at=ticket.return_visited_at,
                   kind=EventKind.REOPEN, note=comment, rework_count=ticket.rework_count + 1)
        _notify_many([u for u in (ticket.assignee, ticket.first_contact) if u], kind="ticket_reopened", ticket=ticket,
                     title=_("Reopened after return visit: %(number)s") % {"number": ticket.number}, body=comment,
                     key=f"reopen:{ticket.rework_count}")
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, acting_user: User, answer: str = "", at: dt.datetime | None = None) -> Ticket:
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.close", ticket.project_id)
    if ticket.status == Status.RECEIVED and ticket.category != Category.CONSULTATION:
        raise BusinessRuleError("ticket_transition_forbidden", _("Only a consultation can be closed straight from intake."))
    if ticket.status == Status.RECEIVED and not (answer or "").strip():
        raise ValidationError({"answer": [_("Record the answer given.")]})
    if ticket.status in (Status.COMPLETED, Status.CUSTOMER_ACCEPTED) and ticket.needs_return_visit:
        raise BusinessRuleError("return_visit_required", _("This ticket needs its return visit before it is closed."))
    fields = {"answer": answer.strip()} if answer else {}
    return transition(ticket, Status.CLOSED, acting_user=acting_user, at=at, note=answer, **fields)


@transaction.atomic
def ticket_cancel(*, ticket: Ticket, acting_user: User, reason: str, at: dt.datetime | None = None) -> Ticket:
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.cancel", ticket.project_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for cancelling.")]})
    transition(ticket, Status.CANCELLED, acting_user=acting_user, at=at, note=reason, cancel_reason=reason.strip())
    ticket.deadlines.filter(met_at__isnull=True).update(cancelled=True)
    return ticket


@transaction.atomic
def ticket_escalate(
    *, ticket: Ticket, acting_user: User, reason: str, level: int | None = None, at: dt.datetime | None = None
) -> Ticket:
    """Raise to supervisor → project manager → company leadership; the people at that level are told."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.escalate", ticket.project_id)
    if ticket.status in (Status.CLOSED, Status.CANCELLED):
        raise BusinessRuleError("ticket_closed", _("A closed ticket cannot be escalated."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the ticket is escalated.")]})
    new_level = level if level is not None else min(ticket.escalation_level + 1, EscalationLevel.LEADERSHIP)
    if new_level not in EscalationLevel.values or new_level <= ticket.escalation_level:
        raise ValidationError({"level": [_("Escalate to a higher level than the current one.")]})
    return _escalate(ticket, new_level, acting_user=acting_user, reason=reason, at=at)


def _escalate(ticket: Ticket, new_level: int, *, acting_user, reason: str, at=None) -> Ticket:
    when = event_time(at, not_before=last_event_time(ticket))
    previous = ticket.escalation_level
    ticket.escalation_level = new_level
    stamp(ticket, acting_user)
    ticket.save(update_fields=["escalation_level"])
    record_event(ticket, kind=EventKind.ESCALATION, actor=acting_user, at=when, note=reason,
                 data={"from": previous, "to": new_level})
    role = {1: "cs_supervisor", 2: "project_manager", 3: "company_manager"}[new_level]
    _notify_many(project_staff(ticket.project_id, {role}), kind="ticket_escalated", ticket=ticket,
                 title=_("Escalated: %(number)s") % {"number": ticket.number}, body=reason, key=f"escalated:{new_level}")
    return ticket


@transaction.atomic
def ticket_handover(
    *, ticket: Ticket, to_user: User, acting_user: User, reason: str = "", at: dt.datetime | None = None
) -> Ticket:
    """Hand the first-contact duty (follow-up, final reply, return visit) to a colleague, recorded."""
    ticket = lock(ticket)
    if ticket.first_contact_id != acting_user.pk:
        access.require_perm(acting_user, "ticket.cancel", ticket.project_id)  # supervisors may reassign
    if not access.has_perm(to_user, "ticket.return_visit", ticket.project_id):
        raise ValidationError({"to_user": [_("Hand over to a customer-service colleague of this project.")]})
    if to_user.pk == ticket.first_contact_id:
        raise ValidationError({"to_user": [_("This person already holds the duty.")]})
    when = event_time(at, not_before=last_event_time(ticket))
    previous = ticket.first_contact
    ticket.first_contact = to_user
    stamp(ticket, acting_user)
    ticket.save(update_fields=["first_contact"])
    ticket.return_visits.filter(done_at__isnull=True).update(assigned_to=to_user)
    record_event(ticket, kind=EventKind.HANDOVER, actor=acting_user, at=when, note=reason,
                 data={"from": previous.pk, "to": to_user.pk})
    _notify_many([to_user], kind="ticket_handover", ticket=ticket,
                 title=_("You now follow %(number)s") % {"number": ticket.number}, body=reason, key=f"handover:{when.isoformat()}")
    return ticket


EXTENSION_APPROVERS = {
    # seed 000 §7: minor complaint — "超时需经主管经理批准" (the supervisor); important —
    # "超时需经管理部经理批准": the company's management department, not the project manager
    "minor": {"cs_supervisor", "project_manager", "company_manager"},
    "important": {"company_manager"},
    "major": {"company_manager"},
    None: {"cs_supervisor", "project_manager", "company_manager"},
}


@transaction.atomic
def ticket_extend_deadline(*, ticket: Ticket, step: str, new_due_at: dt.datetime, reason: str, acting_user: User,
                           at: dt.datetime | None = None) -> TicketDeadline:
    """Extend one step's deadline; the acting user is the approver and must hold the role the spec names."""
    ticket = lock(ticket)
    severity = (ticket.severity or ticket.proposed_severity or "minor") if ticket.category == Category.COMPLAINT else None
    allowed = EXTENSION_APPROVERS[severity]
    held = access.roles_in(acting_user, ticket.project_id) & allowed
    if not held and not acting_user.is_superuser:
        raise PermissionDeniedError(
            "extension_needs_approval",
            _("Extending this deadline needs the approval of: %(roles)s.")
            % {"roles": "、".join(role_label(r) for r in sorted(allowed))},
        )
    try:
        deadline = ticket.deadlines.select_for_update().get(step=step, cancelled=False)
    except TicketDeadline.DoesNotExist as exc:
        raise ValidationError({"step": [_("The ticket has no such deadline.")]}) from exc
    if deadline.met_at is not None:
        raise BusinessRuleError("deadline_met", _("This step is already done."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the extension.")]})
    if new_due_at <= deadline.due_at:
        raise ValidationError({"new_due_at": [_("The new deadline must be later than the current one.")]})
    when = event_time(at, not_before=last_event_time(ticket))
    DeadlineExtension.objects.create(
        deadline=deadline, previous_due_at=deadline.due_at, new_due_at=new_due_at, reason=reason.strip(),
        approved_by=acting_user, approver_role=sorted(held)[0] if held else "superuser",
    )
    record_event(ticket, kind=EventKind.EXTENSION, actor=acting_user, at=when, note=reason,
                 data={"step": step, "from": deadline.due_at.isoformat(), "to": new_due_at.isoformat()})
    deadline.due_at = new_due_at
    deadline.late_notified_at = None
    deadline.save(update_fields=["due_at", "late_notified_at"])
    return deadline


@transaction.atomic
def ticket_record_contractor_notice(
    *, ticket: Ticket, contractor_name: str, notice: str, acting_user: User, at: dt.datetime | None = None
) -> Ticket:
    """A house defect inside the warranty: the written notice to the construction company."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.dispatch", ticket.project_id)
    if ticket.category != Category.HOUSE_DEFECT:
        raise BusinessRuleError("not_a_house_defect", _("Only house defects are notified to the construction company."))
    if not contractor_name.strip() or not notice.strip():
        raise ValidationError({"notice": [_("Name the company and record the notice text.")]})
    when = event_time(at, not_before=ticket.received_at)
    ticket.contractor_name, ticket.contractor_notice, ticket.contractor_notified_at = contractor_name.strip(), notice.strip(), when
    stamp(ticket, acting_user)
    ticket.save(update_fields=["contractor_name", "contractor_notice", "contractor_notified_at"])
    record_event(ticket, kind=EventKind.CONTRACTOR_NOTICE, actor=acting_user, at=when, note=notice)
    return ticket


@transaction.atomic
def ticket_quote(
    *, ticket: Ticket, amount: Decimal | str, acting_user: User, note: str = "", at: dt.datetime | None = None
) -> Ticket:
    """The price agreed with the customer before a paid job (a range or negotiable menu item, or a
    repair found to be chargeable on site: seed 000 §13 "向客户说明标准及原因"). A published fixed price
    is not re-quoted; the completed fee must match the quote unless the handler says why."""
    ticket = lock(ticket)
    access.require_perm(acting_user, "ticket.handle", ticket.project_id)
    if not access.has_perm(acting_user, "ticket.dispatch", ticket.project_id):
        _check_handler(ticket, acting_user)  # the department doing the job quotes it, or the desk
    if ticket.status not in (Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS):
        raise BusinessRuleError("quote_after_work", _("The price is agreed before the work is completed."))
    price = _money(amount, "amount")
    fixed = menu_fixed_price(ticket.service_item) if ticket.service_item else None
    if fixed is not None and price != fixed:
        raise ValidationError({"amount": [_("The published price of this service is %(price)s.") % {"price": fixed}]})
    when = event_time(at, not_before=ticket.received_at)
    previous = ticket.quoted_fee
    ticket.quoted_fee, ticket.is_paid = price, True
    stamp(ticket, acting_user)
    ticket.save(update_fields=["quoted_fee", "is_paid"])
    record_event(ticket, kind=EventKind.QUOTE, actor=acting_user, at=when, note=note,
                 data={"from": str(previous) if previous is not None else None, "to": str(price)})
    return ticket
