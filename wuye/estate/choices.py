from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    OFFICE = "office", _("Office building")
    COMMERCIAL = "commercial", _("Commercial")
    APARTMENT = "apartment", _("Hotel-style apartment")
    MIXED = "mixed", _("Mixed use")


class UnitUse(models.TextChoices):
    RESIDENCE = "residence", _("Residence")
    OFFICE = "office", _("Office")
    SHOP = "shop", _("Shop")
    APARTMENT = "apartment", _("Apartment")
    PARKING = "parking", _("Parking")
    STORAGE = "storage", _("Storage")


class OccupancyStatus(models.TextChoices):
    """物业动态, seed 000 §22."""

    NOT_HANDED_OVER = "not_handed_over", _("Not handed over")
    VACANT = "vacant", _("Vacant")
    RENOVATING = "renovating", _("Renovating")
    OWNER_OCCUPIED = "owner_occupied", _("Owner-occupied")
    RENTED = "rented", _("Rented")
    OFFICE = "office", _("In use as office")


S = OccupancyStatus
# Allowed moves (spec 01): handover makes a unit vacant; renovation, move-in and tenant exit
# move it on; every unit in use goes back to vacant on move-out. Nothing returns to
# "not handed over".
OCCUPANCY_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NOT_HANDED_OVER: frozenset({S.VACANT}),
    S.VACANT: frozenset({S.RENOVATING, S.OWNER_OCCUPIED, S.RENTED, S.OFFICE}),
    S.RENOVATING: frozenset({S.VACANT, S.OWNER_OCCUPIED, S.RENTED, S.OFFICE}),
    S.OWNER_OCCUPIED: frozenset({S.VACANT, S.RENOVATING}),
    S.RENTED: frozenset({S.VACANT}),
    S.OFFICE: frozenset({S.VACANT, S.RENOVATING}),
}


class StatusChangeSource(models.TextChoices):
    MANUAL = "manual", _("Manual correction")
    HANDOVER = "handover", _("Handover")
    RENOVATION = "renovation", _("Renovation")
    MOVE_IN = "move_in", _("Move-in")
    TENANT_EXIT = "tenant_exit", _("Tenant exit")
    TRANSFER = "transfer", _("Ownership transfer")
    IMPORT = "import", _("Initial data")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for HK/Macao residents")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID")
    BUSINESS_LICENCE = "business_licence", _("Business licence (unified social credit code)")
    OTHER = "other", _("Other")


class PublicAreaKind(models.TextChoices):
    LOBBY = "lobby", _("Lobby")
    CORRIDOR = "corridor", _("Corridor / stairwell")
    CAR_PARK = "car_park", _("Car park")
    GREENING = "greening", _("Greening")
    ROAD = "road", _("Road / square")
    EQUIPMENT = "equipment", _("Equipment room")
    ELEVATOR = "elevator", _("Elevator")
    OTHER = "other", _("Other")
