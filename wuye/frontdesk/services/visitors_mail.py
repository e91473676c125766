"""The desk's visitor and mail registers (spec 05 "Visitors", "Mail, parcels, newspapers"; seed 000
§14, seed 003 邮件代收服务).

Visitors (《来访人员登记表》) are registered only after the person visited confirmed, with their ID;
the time out is recorded once. Ordinary mail is put into the mailboxes and logged in bulk; important
mail (registered letters, parcels, express, remittance slips, magazines) is logged one by one, the
recipient told, and handed over against a signature — with the collector's ID when the collector is
not the recipient. Newspaper and magazine subscriptions are registered for the round."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core import access
from wuye.core.audit import event_time, stamp
from wuye.core.db import lock_row
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import check_name, check_period, normalize_mobile, normalize_resident_id
from wuye.estate.choices import IdType
from wuye.frontdesk.choices import MAIL_TRANSITIONS, HostConfirmation, MailKind, MailStatus, SubscriptionKind
from wuye.frontdesk.models import MailItem, OrdinaryMailLog, Subscription, Visitor
from wuye.frontdesk.selectors_visitors_mail import unit_resident_users
from wuye.notifications.services import notify

if TYPE_CHECKING:
    from wuye.accounts.models import User
    from wuye.estate.models import Project, Unit

VISITORS_PERM = "frontdesk.visitors"
DESK_PERM = "frontdesk.desk"


# --- shared checks ---------------------------------------------------------------------------------


def _required(errors: dict, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = [message]
    return value


def _name(errors: dict, field: str, value: str, message: str) -> str:
    value = _required(errors, field, value, message)
    if value:
        try:
            value = check_name(value, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return value


def _identity(errors: dict, *, id_type: str, id_number: str, type_field: str, number_field: str) -> tuple:
    """An ID type and number, both given: a resident ID card's number is checked (length, birth
    date, check digit) and kept compact; other documents' numbers are kept as typed, upper-case."""
    id_type = (id_type or "").strip()
    id_number = (id_number or "").strip().upper()
    if id_type not in IdType.values:
        errors[type_field] = [_("Choose the type of the ID document.")]
    if not id_number:
        errors[number_field] = [_("Enter the ID number.")]
    elif id_type == IdType.RESIDENT_ID:
        try:
            id_number = normalize_resident_id("".join(id_number.split()))
        except ValidationError as exc:
            errors[number_field] = exc.messages
    return id_type, id_number


def _unit_in_project(errors: dict, field: str, unit: Unit | None, project_id: int) -> None:
    if unit is not None and unit.project_id != project_id:
        errors[field] = [_("The unit is not in this project.")]


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- visitors (来访人员登记表) --------------------------------------------------------------------------


@transaction.atomic
def visitor_register(
    *,
    project: Project,
    name: str,
    host_name: str,
    host_confirmation: str,
    acting_user: User,
    host_unit: Unit | None = None,
    host_confirmed_at: dt.datetime | None = None,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    mobile: str = "",
    people: int = 1,
    purpose: str = "",
    plate: str = "",
    in_at: dt.datetime | None = None,
) -> Visitor:
    """Register a visitor (seed 000 §14): only after the person visited confirmed (how: phone,
    intercom or at the desk; when: not after the visitor went in), with the visitor's ID (a resident
    ID card's number checked), the unit or person visited, the purpose, how many people and the
    vehicle's plate."""
    access.require_perm(acting_user, VISITORS_PERM, project.pk)
    errors: dict[str, list[str]] = {}
    name = _name(errors, "name", name, _("Enter the visitor's name."))
    host_name = _name(errors, "host_name", host_name, _("Enter the name of the person visited."))
    _unit_in_project(errors, "host_unit", host_unit, project.pk)
    if host_confirmation not in HostConfirmation.values:
        errors["host_confirmation"] = [_("Confirm with the person visited before letting the visitor in.")]
    id_type, id_number = _identity(
        errors, id_type=id_type, id_number=id_number, type_field="id_type", number_field="id_number"
    )
    mobile = (mobile or "").strip()
    if mobile:
        try:
            mobile = normalize_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages
    if people is None or people < 1:
        errors["people"] = [_("At least one person comes in.")]
    _raise(errors)
    # a paper record with only the time in: the host confirmed just then
    confirmed_at = _field_time(
        host_confirmed_at if host_confirmed_at is not None else in_at, "host_confirmed_at"
    )
    in_at = _field_time(in_at, "in_at", not_before=confirmed_at)
    return Visitor.objects.create(
        project=project,
        name=name,
        id_type=id_type,
        id_number=id_number,
        mobile=mobile,
        people=people,
        host_unit=host_unit,
        host_name=host_name,
        host_confirmation=host_confirmation,
        host_confirmed_at=confirmed_at,
        purpose=(purpose or "").strip(),
        plate=(plate or "").replace(" ", "").upper(),
        in_at=in_at,
        registered_by=acting_user,
    )


def _field_time(at, field: str, *, not_before=None) -> dt.datetime:
    """`event_time`, its refusal named after the input `field`."""
    try:
        return event_time(at, not_before=not_before)
    except BusinessRuleError as exc:
        if exc.code == "event_before_previous_step" and field == "in_at":
            exc.message = _("The visitor cannot go in before the person visited confirmed.")
        exc.fields = {field: [exc.message]}
        raise


@transaction.atomic
def visitor_leave(*, visitor: Visitor, acting_user: User, at: dt.datetime | None = None) -> Visitor:
    """Record the visitor's time out, once; not before the time in."""
    access.require_perm(acting_user, VISITORS_PERM, visitor.project_id)
    visitor = lock_row(Visitor, visitor.pk)
    if visitor.out_at is not None:
        msg = _("%(name)s left at %(at)s already.") % {
            "name": visitor.name,
            "at": timezone.localtime(visitor.out_at).strftime("%Y-%m-%d %H:%M"),
        }
        raise BusinessRuleError("visitor_already_left", msg)
    visitor.out_at = event_time(at, not_before=visitor.in_at)
    visitor.out_recorded_by = acting_user
    visitor.save(update_fields=["out_at", "out_recorded_by"])
    return visitor


# --- ordinary mail (普通邮件) -------------------------------------------------------------------------


@transaction.atomic
def ordinary_mail_log(
    *,
    project: Project,
    day: dt.date,
    count: int,
    acting_user: User,
    delivered_by: User | None = None,
    units: list | tuple = (),
    note: str = "",
) -> OrdinaryMailLog:
    """Ordinary mail (letters, postcards, advertising, statements: no signature) put into the
    mailboxes by the area butler, logged in bulk: the day, how many pieces, optionally which units'
    mailboxes, and who put them in (default: the person logging it, a member of the project's staff)."""
    access.require_perm(acting_user, DESK_PERM, project.pk)
    errors: dict[str, list[str]] = {}
    delivered_by = delivered_by or acting_user
    if getattr(delivered_by, "is_resident", False) or not access.roles_in(delivered_by, project.pk):
        errors["delivered_by"] = [
            _("The mail is put into the mailboxes by a member of this project's staff.")
        ]
    if count is None or count < 1:
        errors["count"] = [_("Enter how many pieces were put into the mailboxes.")]
    if day is None:
        errors["day"] = [_("Enter the day.")]
    elif day > timezone.localdate():
        errors["day"] = [_("The day cannot be in the future.")]
    else:
        try:
            check_period(day, None, start_field="day")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    units = list(units or ())
    if any(unit.project_id != project.pk for unit in units):
        errors["units"] = [_("The unit is not in this project.")]
    _raise(errors)
    log = OrdinaryMailLog.objects.create(
        project=project, day=day, count=count, delivered_by=delivered_by, note=(note or "").strip()
    )
    if units:
        log.units.set(units)
    return log


# --- important mail (重要邮件: 邮件收发记录本) ----------------------------------------------------------


@transaction.atomic
def mail_receive(
    *,
    project: Project,
    kind: str,
    acting_user: User,
    unit: Unit | None = None,
    for_management: bool = False,
    recipient: str = "",
    sender: str = "",
    tracking_number: str = "",
    pieces: int = 1,
    received_at: dt.datetime | None = None,
    note: str = "",
) -> MailItem:
    """Log one piece of important mail (registered letter, parcel, express/EMS, remittance or parcel
    slip, magazine) in full: for a unit's recipient or for the management office."""
    access.require_perm(acting_user, DESK_PERM, project.pk)
    errors: dict[str, list[str]] = {}
    if kind not in MailKind.values:
        errors["kind"] = [_("Choose the kind of mail.")]
    _unit_in_project(errors, "unit", unit, project.pk)
    if for_management and unit is not None:
        errors["unit"] = [_("Mail for the management office has no unit.")]
    elif not for_management and unit is None:
        errors["unit"] = [_("Name the recipient's unit, or mark the mail for the management office.")]
    if for_management and not (recipient or "").strip():
        recipient = str(_("Management office"))
    recipient = _name(errors, "recipient", recipient, _("Enter the recipient's name."))
    if pieces is None or pieces < 1:
        errors["pieces"] = [_("At least one piece.")]
    _raise(errors)
    received_at = _field_time(received_at, "received_at")
    item = MailItem(
        project=project,
        unit=unit,
        for_management=for_management,
        kind=kind,
        recipient=recipient,
        sender=(sender or "").strip(),
        tracking_number=(tracking_number or "").strip(),
        pieces=pieces,
        received_at=received_at,
        received_by=acting_user,
        note=(note or "").strip(),
    )
    stamp(item, acting_user).save()
    return item


def _locked_waiting(item: MailItem, to_status: str, acting_user: User) -> MailItem:
    access.require_perm(acting_user, DESK_PERM, item.project_id)
    item = lock_row(MailItem, item.pk, queryset=MailItem.objects.select_related("unit"))
    if to_status not in MAIL_TRANSITIONS[item.status]:
        raise BusinessRuleError(
            "mail_not_waiting",
            _("This mail is %(status)s; it is no longer waiting at the desk.")
            % {"status": item.get_status_display()},
        )
    return item


@transaction.atomic
def mail_notify(*, item: MailItem, how: str, acting_user: User, at: dt.datetime | None = None) -> MailItem:
    """Record that the recipient was told (seed 003: 电话通知收件人): when and how (phone, message…).
    When the unit's owner or tenant has a login, they are told in the system too (once per item)."""
    access.require_perm(acting_user, DESK_PERM, item.project_id)
    item = lock_row(MailItem, item.pk, queryset=MailItem.objects.select_related("unit"))
    if item.status != MailStatus.WAITING:
        raise BusinessRuleError(
            "mail_not_waiting",
            _("This mail is %(status)s; it is no longer waiting at the desk.")
            % {"status": item.get_status_display()},
        )
    how = (how or "").strip()
    if not how:
        raise ValidationError({"how": [_("Say how the recipient was told (phone, message…).")]})
    item.notified_at = _field_time(at, "at", not_before=item.received_at)
    item.notify_note = how[:100]
    stamp(item, acting_user).save(update_fields=["notified_at", "notify_note"])
    if item.unit is not None:
        title = _("%(kind)s for %(recipient)s is waiting at the front desk") % {
            "kind": item.get_kind_display(),
            "recipient": item.recipient,
        }
        body = _("Unit %(unit)s, %(pieces)s piece(s); please collect it with your signature.") % {
            "unit": item.unit.code,
            "pieces": item.pieces,
        }
        for user in unit_resident_users(item.unit.pk):
            notify(
                recipient=user,
                kind="mail_waiting",
                title=title,
                body=body,
                dedupe_key=f"frontdesk-mail:{item.pk}",
            )
    return item


@transaction.atomic
def mail_collect(
    *,
    item: MailItem,
    collector_name: str,
    signed: bool,
    acting_user: User,
    collector_is_recipient: bool = True,
    collector_id_type: str = "",
    collector_id_number: str = "",
    at: dt.datetime | None = None,
    note: str = "",
) -> MailItem:
    """Hand the mail over against the collector's signature (seed 003: 领取签字). When the collector
    is not the recipient, their ID is checked and recorded (type and number; a resident ID card's
    number validated)."""
    item = _locked_waiting(item, MailStatus.COLLECTED, acting_user)
    errors: dict[str, list[str]] = {}
    if collector_is_recipient and not (collector_name or "").strip():
        collector_name = item.recipient
    collector_name = _name(errors, "collector_name", collector_name, _("Enter the collector's name."))
    id_type, id_number = "", ""
    if not collector_is_recipient:
        id_type, id_number = _identity(
            errors,
            id_type=collector_id_type,
            id_number=collector_id_number,
            type_field="collector_id_type",
            number_field="collector_id_number",
        )
    if not signed:
        errors["signed"] = [_("The collector must sign for the mail.")]
    if errors:
        if list(errors) == ["signed"]:
            raise BusinessRuleError("signature_missing", errors["signed"][0], errors)
        raise ValidationError(errors)
    item.collected_at = _field_time(at, "at", not_before=item.received_at)
    item.status = MailStatus.COLLECTED
    item.collector_name = collector_name
    item.collector_is_recipient = collector_is_recipient
    item.collector_id_type = id_type
    item.collector_id_number = id_number
    item.signed = True
    item.handed_over_by = acting_user
    if (note or "").strip():
        item.note = "; ".join(filter(None, [item.note, note.strip()]))[:200]
    stamp(item, acting_user).save()
    return item


@transaction.atomic
def mail_return(*, item: MailItem, reason: str, acting_user: User, at: dt.datetime | None = None) -> MailItem:
    """Send mail back to the sender or courier (refused, nobody of that name, never collected): the
    reason is recorded."""
    item = _locked_waiting(item, MailStatus.RETURNED, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the mail goes back.")]})
    item.returned_at = _field_time(at, "at", not_before=item.received_at)
    item.status = MailStatus.RETURNED
    item.handed_over_by = acting_user
    item.note = "; ".join(filter(None, [item.note, reason]))[:200]
    stamp(item, acting_user).save()
    return item


# --- newspapers and magazines (客户报刊杂志订阅表) ----------------------------------------------------------


def _subscription_errors(*, project_id, unit, kind, title, copies, starts_on, ends_on) -> tuple[dict, str]:
    errors: dict[str, list[str]] = {}
    if unit is None:
        errors["unit"] = [_("Name the unit.")]
    _unit_in_project(errors, "unit", unit, project_id)
    if kind not in SubscriptionKind.values:
        errors["kind"] = [_("Choose newspaper or magazine.")]
    title = _required(errors, "title", title, _("Enter the title of the newspaper or magazine."))
    if copies is None or copies < 1:
        errors["copies"] = [_("At least one copy.")]
    if starts_on is None:
        errors["starts_on"] = [_("Enter the first day of the subscription.")]
    try:
        check_period(starts_on, ends_on, start_field="starts_on", end_field="ends_on")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors, title


@transaction.atomic
def subscription_register(
    *,
    project: Project,
    unit: Unit,
    kind: str,
    title: str,
    starts_on: dt.date,
    acting_user: User,
    copies: int = 1,
    ends_on: dt.date | None = None,
) -> Subscription:
    """A unit's newspaper or magazine subscription, for the round sorted by floor and room."""
    access.require_perm(acting_user, DESK_PERM, project.pk)
    errors, title = _subscription_errors(
        project_id=project.pk,
        unit=unit,
        kind=kind,
        title=title,
        copies=copies,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _raise(errors)
    return Subscription.objects.create(
        project=project,
        unit=unit,
        kind=kind,
        title=title,
        copies=copies,
        starts_on=starts_on,
        ends_on=ends_on,
        registered_by=acting_user,
    )


_UNCHANGED = object()


@transaction.atomic
def subscription_update(
    *,
    subscription: Subscription,
    acting_user: User,
    title=_UNCHANGED,
    kind=_UNCHANGED,
    copies=_UNCHANGED,
    starts_on=_UNCHANGED,
    ends_on=_UNCHANGED,
) -> Subscription:
    """Change a subscription (more copies, ended early…); the unit stays (a new unit is a new
    subscription)."""
    access.require_perm(acting_user, DESK_PERM, subscription.project_id)
    subscription = lock_row(
        Subscription, subscription.pk, queryset=Subscription.objects.select_related("unit")
    )
    changes = {
        name: value
        for name, value in {
            "title": title,
            "kind": kind,
            "copies": copies,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }.items()
        if value is not _UNCHANGED
    }
    merged = {
        "title": subscription.title,
        "kind": subscription.kind,
        "copies": subscription.copies,
        "starts_on": subscription.starts_on,
        "ends_on": subscription.ends_on,
        **changes,
    }
    errors, merged["title"] = _subscription_errors(
        project_id=subscription.project_id, unit=subscription.unit, **merged
    )
    _raise(errors)
    for name in changes:
        setattr(subscription, name, merged[name])
    if changes:
        subscription.save(update_fields=list(changes))
    return subscription
