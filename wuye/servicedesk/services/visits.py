"""Calls and visits log (seed 000 §5), customer visits (§9) and the service menu (seed 002)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_name
from wuye.servicedesk.choices import Satisfaction, VisitMethod
from wuye.servicedesk.models import ContactLog, CustomerVisit, ServiceMenuItem, Ticket
from wuye.servicedesk.services.intake import ticket_create

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from wuye.accounts.models import User
    from wuye.estate.models import Project, PublicArea, Unit


def _check_unit(project, unit):
    if unit is not None and unit.project_id != project.pk:
        raise ValidationError({"unit": [_("The unit belongs to another project.")]})


def contact_log_create(
    *,
    project: Project,
    kind: str,
    content: str,
    acting_user: User,
    caller_number: str = "",
    name: str = "",
    unit: Unit | None = None,
    at: dt.datetime | None = None,
) -> ContactLog:
    access.require_perm(acting_user, "contact.record", project.pk)
    if kind not in ContactLog.Kind.values:
        raise ValidationError({"kind": [_("Choose call or visit.")]})
    if not (content or "").strip():
        raise ValidationError({"content": [_("Record what the caller or visitor said.")]})
    _check_unit(project, unit)
    return ContactLog.objects.create(
        project=project,
        kind=kind,
        content=content.strip(),
        caller_number=caller_number.strip(),
        name=check_name(name),
        unit=unit,
        at=event_time(at),
        received_by=acting_user,
    )


@transaction.atomic
def ticket_from_contact_log(
    *,
    log: ContactLog,
    category: str,
    acting_user: User,
    public_area: PublicArea | None = None,
    contact_phone: str = "",
    appointment_at: dt.datetime | None = None,
    promised_at: dt.datetime | None = None,
    urgent: bool = False,
    department: str = "",
    service_item: ServiceMenuItem | None = None,
    answer: str = "",
) -> Ticket:
    """One click: the logged call or visit becomes a ticket with its caller, unit, content and time;
    the desk adds what the log does not say (where, how urgent, which service)."""
    log = ContactLog.objects.select_for_update().get(pk=log.pk)
    if log.ticket_id:
        raise BusinessRuleError("already_ticketed", _("A ticket was already made from this entry."))
    ticket = ticket_create(
        project=log.project,
        category=category,
        acting_user=acting_user,
        content=log.content,
        unit=log.unit,
        caller_number=log.caller_number,
        contact_name=log.name,
        channel="phone" if log.kind == ContactLog.Kind.CALL else "visit",
        at=log.at,
        public_area=public_area,
        contact_phone=contact_phone,
        appointment_at=appointment_at,
        promised_at=promised_at,
        urgent=urgent,
        department=department,
        service_item=service_item,
        answer=answer,
    )
    log.ticket = ticket
    log.save(update_fields=["ticket"])
    return ticket


@transaction.atomic
def customer_visit_create(
    *,
    project: Project,
    method: str,
    acting_user: User,
    unit: Unit | None = None,
    customer_name: str = "",
    at: dt.datetime | None = None,
    declined: bool = False,
    key_customer: bool = False,
    satisfaction: str = "",
    opinion: str = "",
    opinion_category: str = "",
) -> CustomerVisit:
    """Record a 走访. An opinion with a category becomes a ticket through the normal intake."""
    access.require_perm(acting_user, "contact.record", project.pk)
    errors = {}
    if method not in VisitMethod.values:
        errors["method"] = [_("Unknown visit method.")]
    if satisfaction and satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("Unknown satisfaction answer.")]
    if unit is None and not customer_name.strip():
        errors["unit"] = [_("Choose the unit or name the customer.")]
    if opinion_category and not opinion.strip():
        errors["opinion"] = [_("Record the opinion to turn it into a ticket.")]
    if errors:
        raise ValidationError(errors)
    _check_unit(project, unit)
    when = event_time(at)
    visit = CustomerVisit.objects.create(
        project=project,
        unit=unit,
        customer_name=check_name(customer_name, field="customer_name"),
        visited_by=acting_user,
        at=when,
        method=method,
        declined=declined,
        key_customer=key_customer,
        satisfaction=satisfaction,
        opinion=opinion.strip(),
    )
    if opinion_category:
        ticket = ticket_create(
            project=project,
            category=opinion_category,
            content=opinion,
            unit=unit,
            contact_name=customer_name,
            channel="visit",
            acting_user=acting_user,
            at=when,
        )
        visit.tickets.add(ticket)
    return visit


def service_menu_item_save(
    *,
    project: Project,
    acting_user: User,
    group: str,
    name: str,
    pricing: str,
    price_text: str,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    unit_label: str = "",
    labour_only: bool = False,
    department: str = "",
    sort_order: int = 0,
    is_active: bool = True,
    item: ServiceMenuItem | None = None,
) -> ServiceMenuItem:
    """Create a service-menu item, or with `item`, update it (every field is given: the caller
    passes the item's current value for what does not change)."""
    access.require_perm(acting_user, "service_menu.manage", project.pk)
    item = item or ServiceMenuItem(project=project)
    if item.project_id != project.pk:
        raise ValidationError({"project": [_("The item belongs to another project.")]})
    item.group, item.name, item.pricing, item.price_text = group, name, pricing, price_text
    item.price_min, item.price_max, item.unit_label, item.labour_only = (
        price_min,
        price_max,
        unit_label,
        labour_only,
    )
    item.department, item.sort_order, item.is_active = department, sort_order, is_active
    if item.price_min is not None and item.price_max is not None and item.price_max < item.price_min:
        raise ValidationError({"price_max": [_("The upper price cannot be below the lower one.")]})
    item.full_clean()
    stamp(item, acting_user)
    item.save()
    return item
