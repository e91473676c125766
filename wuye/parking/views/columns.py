"""Column declarations of the parking lists (page headers, sort keys and the Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.tables import Column


def _space_owner(space) -> str:
    return space.owner.name if space.owner_id else str(_("Public"))


def _rented_today(space) -> str:
    if not space.current_rental:
        return str(_("Free"))
    return f"{space.rented_plate} ({space.rented_until:%Y-%m-%d})"


SPACE_COLUMNS = [
    Column("number", _("Space"), sort="number"),
    Column("area", _("Area"), "get_area_display", sort="area"),
    Column("active", _("In use"), "is_active", page=False),
    Column("owner", _("Owner (bought)"), _space_owner, sort="owner__name", width=16),
    Column("rented", _("Rented today"), _rented_today, sort="rented_until", width=24),
    Column("action", "", export=False),
]


def _period(rental) -> str:
    return f"{rental.start_date:%Y-%m-%d} – {rental.end_date:%Y-%m-%d}"


RENTAL_COLUMNS = [
    Column("space", _("Space"), "space.number", sort="space__number"),
    Column("plate", _("Plate"), "vehicle.plate", sort="vehicle__plate", width=12),
    Column("car_model", _("Car model"), "vehicle.model", css="hide-sm", width=14),
    Column("renter", _("Renter"), "renter_name", sort="renter_name", width=12),
    # the mobile as the reader's role may see it (masked without people.view_personal)
    Column("mobile", _("Mobile"), "mobile_shown", css="hide-sm", width=14),
    Column("unit", _("Unit"), "unit.code", sort="unit__code", css="hide-sm"),
    Column("period", _("Period"), _period, sort="start_date", width=24),
    Column("ended_on", _("Ended on"), page=False, width=12),
    Column("rent", _("Monthly rent"), "monthly_rent", sort="monthly_rent", css="num", width=12),
    Column("card", _("Card"), "cards_in_use", width=16),
]


def _card_state(card) -> str:
    if card.lost_at:
        return str(_("Lost"))
    return str(_("Returned")) if card.returned_at else str(_("In use"))


CARD_COLUMNS = [
    Column("number", _("Card number"), sort="number", width=16),
    Column("space", _("Space"), "rental.space.number", sort="rental__space__number"),
    Column("plate", _("Plate"), "rental.vehicle.plate", sort="rental__vehicle__plate", width=12),
    Column("issued_at", _("Issued at"), sort="issued_at", css="hide-sm", width=18),
    Column("deposit", _("Deposit"), "deposit.amount", sort="deposit__amount", css="num"),
    Column("state", _("State"), _card_state),
    Column("action", "", export=False),
]


INSIDE_COLUMNS = [
    Column("plate", _("Plate"), sort=True, width=12),
    Column("entered_at", _("Entered at"), sort=True, width=18),
    Column("parked_for", _("Parked for"), export=False),
    Column("fee", _("Fee so far"), "fee_so_far", sort=True, css="num", width=12),
    Column("action", "", export=False),
]
