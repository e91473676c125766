"""Intake (报事, spec 02): validation, first contact, numbering, intake deadlines and alerts; the menu price."""

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
from wuye.core.errors import BusinessRuleError
from wuye.core.money import to_money
from wuye.core.roles import Role
from wuye.core.sequences import next_value, next_values
from wuye.core.validators import check_name, normalize_phone
from wuye.estate.models import Project, PublicArea, Unit
from wuye.servicedesk import deadlines
from wuye.servicedesk.choices import (
    DEFAULT_DEPARTMENT,
    DEPARTMENT_LEADS,
    MENU_GROUP_DEPARTMENT,
    REPAIR_CATEGORIES,
    RETURN_VISIT_CATEGORIES,
    Category,
    Channel,
    Department,
    EventKind,
    Status,
)
from wuye.servicedesk.models import (
    ButlerArea,
    DeskDuty,
    ServiceMenuItem,
    Ticket,
)
from wuye.servicedesk.services.common import (
    add_deadline,
    project_staff,
    record_event,
    transition,
)
from wuye.servicedesk.services.ticket_helpers import _money, _notify_many

if TYPE_CHECKING:
    from wuye.accounts.models import User


# --- intake --------------------------------------------------------------------------------------


def _intake_place_errors(
    *, project: Project, category: str, unit: Unit | None, public_area: PublicArea | None
) -> dict[str, list[str]]:
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


def _intake_quote(
    *,
    service_item: ServiceMenuItem | None,
    quoted_fee: Decimal | str | None,
    resident: bool,
    errors: dict[str, list[str]],
) -> Decimal | None:
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
        errors["quoted_fee"] = [
            _("The published price of this service is %(price)s.") % {"price": menu_price}
        ]
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
            raise BusinessRuleError(
                "unit_required",
                _("Choose one of your own units."),
                {"unit": [_("Choose one of your own units.")]},
            )
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
    quote = _intake_quote(
        service_item=service_item, quoted_fee=quoted_fee, resident=acting_user.is_resident, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    return contact_phone, quote


def _first_contact(
    *, project: Project, unit: Unit | None, acting_user: User, received_at: dt.datetime
) -> User:
    """首接负责制: the receiver, or for a resident's own report the assistant who follows it."""
    if not acting_user.is_resident:
        return acting_user
    return resident_first_contact(project=project, unit=unit, day=timezone.localtime(received_at).date())


def _ticket_number(project: Project, received_at: dt.datetime) -> str:
    """The day's running number of the project: 20250301-0001."""
    day = timezone.localtime(received_at).strftime("%Y%m%d")
    return f"{day}-{next_value(f'ticket:{project.pk}:{day}'):04d}"


def ticket_numbers(project: Project, received: list[dt.datetime]) -> list[str]:
    """The numbers of many tickets received at these times, as `_ticket_number` would give them one
    by one in this order, each day's block reserved at once."""
    days = [timezone.localtime(at).strftime("%Y%m%d") for at in received]
    counts: dict[str, int] = {}
    for day in days:
        counts[day] = counts.get(day, 0) + 1
    last = next_values({f"ticket:{project.pk}:{day}": n for day, n in counts.items()})
    following = {day: last[f"ticket:{project.pk}:{day}"] - n + 1 for day, n in counts.items()}
    numbers = []
    for day in days:
        numbers.append(f"{day}-{following[day]:04d}")
        following[day] += 1
    return numbers


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
    supervisors = project_staff(ticket.project_id, {Role.CS_SUPERVISOR})
    lead_role = DEPARTMENT_LEADS.get(ticket.department)
    leads = project_staff(ticket.project_id, {lead_role}) if lead_role else []
    # a paper record entered later was reported on paper at the time; a live intake alerts now
    reported_at = received_at if paper_record else timezone.now()
    add_deadline(ticket, "report_superior", start=received_at, met_at=reported_at if supervisors else None)
    _notify_many(
        {u.pk: u for u in supervisors + leads}.values(),
        kind="ticket_urgent",
        ticket=ticket,
        title=_("Urgent: %(number)s %(category)s")
        % {"number": ticket.number, "category": ticket.get_category_display()},
        body=ticket.content,
        key="urgent",
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
        project=project,
        category=category,
        content=content,
        acting_user=acting_user,
        unit=unit,
        public_area=public_area,
        contact_phone=contact_phone,
        service_item=service_item,
        quoted_fee=quoted_fee,
        department=department,
        answer=answer,
    )
    ticket = intake_ticket(
        project=project,
        category=category,
        content=content,
        acting_user=acting_user,
        channel=channel,
        unit=unit,
        public_area=public_area,
        contact_name=contact_name,
        contact_phone=contact_phone,
        caller_number=caller_number,
        appointment_at=appointment_at,
        promised_at=promised_at,
        urgent=urgent,
        department=department,
        service_item=service_item,
        quote=quote,
        received_at=event_time(at),
    )
    received_at = ticket.received_at
    stamp(ticket, acting_user)
    ticket.save()
    record_event(ticket, kind=EventKind.INTAKE, actor=acting_user, at=received_at, to_status=Status.RECEIVED)
    _arm_intake_deadlines(ticket)
    if urgent or ticket.proposed_severity in ("major", "important"):
        _alert_superiors(ticket, received_at=received_at, paper_record=at is not None)
    if answer:
        transition(
            ticket,
            Status.CLOSED,
            acting_user=acting_user,
            at=received_at,
            answer=answer.strip(),
            note=_("Answered on the spot."),
        )
    return ticket


def intake_ticket(
    *,
    project: Project,
    category: str,
    content: str,
    acting_user: User,
    channel: str,
    unit: Unit | None,
    public_area: PublicArea | None,
    contact_name: str,
    contact_phone: str,
    caller_number: str,
    appointment_at: dt.datetime | None,
    promised_at: dt.datetime | None,
    urgent: bool,
    department: str,
    service_item: ServiceMenuItem | None,
    quote: Decimal | None,
    received_at: dt.datetime,
    number: str = "",
) -> Ticket:
    """The new ticket as intake makes it, numbered (`number`, else the day's next), not saved yet
    (`ticket_create` and the history import): its first contact, department, price, return-visit
    need and proposed severity. `contact_phone` and `quote` are what `_validate_intake` returned."""
    if acting_user.is_resident:
        channel = Channel.PORTAL
    if appointment_at is not None and appointment_at < received_at:
        raise ValidationError({"appointment_at": [_("The appointment cannot be before the request.")]})
    in_warranty = None
    if category == Category.HOUSE_DEFECT and unit is not None and unit.warranty_end is not None:
        in_warranty = timezone.localtime(received_at).date() <= unit.warranty_end
    ticket = Ticket(
        project=project,
        number=number or _ticket_number(project, received_at),
        category=category,
        channel=channel,
        unit=unit,
        public_area=public_area,
        content=content.strip(),
        contact_name=check_name(contact_name, field="contact_name"),
        contact_phone=contact_phone,
        caller_number=(caller_number or "").strip(),
        customer_key=_customer_key(unit=unit, contact_phone=contact_phone, contact_name=contact_name),
        received_by=acting_user,
        received_at=received_at,
        first_contact=_first_contact(
            project=project, unit=unit, acting_user=acting_user, received_at=received_at
        ),
        appointment_at=appointment_at,
        promised_at=promised_at,
        urgent=bool(urgent),
        department=intake_department(category=category, department=department, service_item=service_item),
        service_item=service_item,
        quoted_fee=quote,
        is_paid=category == Category.PAID_SERVICE or service_item is not None,
        needs_return_visit=category in RETURN_VISIT_CATEGORIES,
        in_warranty=in_warranty,
    )
    if category == Category.COMPLAINT:
        from wuye.servicedesk.services.complaints import propose_severity

        ticket.proposed_severity = propose_severity(ticket, as_of=received_at)
    return ticket


def menu_fixed_price(item: ServiceMenuItem) -> Decimal | None:
    """The price a menu item fixes in advance: free → 0, fixed → its price; ranges and
    negotiable items are quoted per job."""
    if item.pricing == ServiceMenuItem.Pricing.FREE:
        return Decimal("0.00")
    if item.pricing == ServiceMenuItem.Pricing.FIXED and item.price_min is not None:
        return to_money(item.price_min)
    return None


def intake_department(
    *, category: str, department: str = "", service_item: ServiceMenuItem | None = None
) -> str:
    """Where a new ticket goes: the department chosen at intake, else the priced service's, else the
    category's default."""
    return (
        department
        or (service_item_department(service_item) if service_item else "")
        or DEFAULT_DEPARTMENT.get(category, "")
    )


def service_item_department(item: ServiceMenuItem) -> str:
    return item.department or MENU_GROUP_DEPARTMENT.get(item.group, Department.CUSTOMER_SERVICE)


def resident_first_contact(*, project: Project, unit: Unit | None, day: dt.date) -> User:
    """Who follows a resident's own report (spec 02, seed 000 §8): the building's area butler
    (片区管家, ButlerArea); else the assistant on desk duty that day (DeskDuty); else the project's
    assistant with the fewest open tickets; a supervisor only when the project has no assistant."""
    assistants = project_staff(project.pk, {Role.CS_ASSISTANT})
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
            Ticket.objects.filter(first_contact_id__in=ids)
            .exclude(status__in=[Status.CLOSED, Status.CANCELLED])
            .values_list("first_contact_id")
            .annotate(n=Count("id"))
            .values_list("first_contact_id", "n")
        )
        return min(assistants, key=lambda u: (loads.get(u.pk, 0), u.pk))
    supervisors = project_staff(project.pk, {Role.CS_SUPERVISOR})
    if not supervisors:
        raise BusinessRuleError("no_service_desk", _("The project has no customer-service staff yet."))
    return supervisors[0]


def _arm_intake_deadlines(ticket: Ticket) -> None:
    for step, rule in intake_deadlines(ticket):
        add_deadline(ticket, step, **rule)


def intake_deadlines(ticket: Ticket) -> list[tuple[str, dict]]:
    """The deadlines intake arms: (step, `add_deadline`'s keyword arguments), counted from the
    time received; the customer's appointment or promised reply fixes its step's due time."""
    start = ticket.received_at
    if ticket.category == Category.CONSULTATION:
        return []
    armed: list[tuple[str, dict]] = [("dispatch", {"start": start})]
    if ticket.category in REPAIR_CATEGORIES and ticket.urgent:
        armed += [("urgent_on_site", {"start": start}), ("urgent_fixed", {"start": start})]
    elif ticket.appointment_at is not None:
        armed.append(("on_site", {"due_at": ticket.appointment_at, "rule": "appointment"}))
        amount, unit = deadlines.setting(ticket.project, "contact_before_appointment")
        if unit in ("minutes", "seconds"):
            delta = dt.timedelta(**{unit: amount})
            due_at = max(start, ticket.appointment_at - delta)
            armed.append(("contact_before_appointment", {"due_at": due_at, "rule": "appointment"}))
    if ticket.category == Category.SUGGESTION:
        if ticket.promised_at is not None:
            armed.append(("reply", {"due_at": ticket.promised_at, "rule": "promised"}))
        else:
            armed.append(("reply", {"start": start}))
    if ticket.category == Category.COMPLAINT:  # a fresh complaint: its proposed severity's steps
        severity = ticket.proposed_severity or "minor"
        armed += [(step, {"start": start}) for step in deadlines.COMPLAINT_STEPS[severity]]
    return armed
