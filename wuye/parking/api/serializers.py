"""Parking API: output serializers per resource, explicit input serializers per action.

Inputs only parse and shape; every rule (permissions, plates, the resident rule, overlaps, deposits,
the tariff) is the service's. Renters' mobiles are masked for roles without people.view_personal.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers import (
    OutputSerializer,
    ProjectRefSerializer,
    ScopedKeyField,
    enum_field,
    name_of,
)
from wuye.billing.choices import PaymentMethod
from wuye.core import access
from wuye.core.masking import mask_mobile
from wuye.core.money import MONEY
from wuye.estate.models import Owner, Project, Tenant, Unit
from wuye.parking.models import Card, ParkingSpace, Rental, Session, Vehicle
from wuye.parking.selectors import cash_receipt_number

#: wide enough that a mistyped plate reaches the plate check (and its message), not a length error
PLATE_INPUT = {"max_length": 32, "help_text": "Mainland plate; spaces, dots and dashes are ignored."}


def inline_choice_field(name: str, choices: list[tuple[str, str]], **kwargs) -> serializers.ChoiceField:
    """A choice input offering a subset of a model's choices, its enum written inline in the schema
    (hoisted enums named after the field, such as `method`, would collide with billing's)."""
    values = [value for value, _label in choices]
    schema = {
        "allOf": [{"type": "string", "enum": values}],
        "description": "One of " + ", ".join(f"`{v}`" for v in values) + ".",
    }
    field_class = extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))
    return field_class(choices=choices, **kwargs)


#: a card deposit is paid by any desk method ("offset against deposit" makes no sense for it)
CARD_METHODS = [(value, label) for value, label in PaymentMethod.choices if value != PaymentMethod.DEPOSIT]
#: "free" is the service's record of a stay that cost nothing, never a choice at the gate
GATE_SETTLEMENTS = [
    (value, label) for value, label in Session.Settlement.choices if value != Session.Settlement.FREE
]


def personal_data_unmasked(context: dict, project_id: int) -> bool:
    """Does the requesting user's role in the project need personal data (people.view_personal)?"""
    cache = context.setdefault("_unmasked_projects", {})
    if project_id not in cache:
        cache[project_id] = access.has_perm(context["request"].user, "people.view_personal", project_id)
    return cache[project_id]


# --- spaces ------------------------------------------------------------------------------------


class ParkingSpaceSerializer(OutputSerializer):
    area_label = serializers.CharField(source="get_area_display", read_only=True)
    owner_name = serializers.SerializerMethodField()
    current_rental = serializers.IntegerField(
        read_only=True, allow_null=True, default=None, help_text="The rental current today, if any."
    )
    rented_until = serializers.DateField(read_only=True, allow_null=True, default=None)
    rented_plate = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = ParkingSpace
        fields = [
            "id",
            "project",
            "number",
            "area",
            "area_label",
            "owner",
            "owner_name",
            "let_contract_on_file",
            "is_active",
            "current_rental",
            "rented_until",
            "rented_plate",
        ]
        read_only_fields = fields

    def get_owner_name(self, space) -> str:
        return space.owner.name if space.owner_id else ""


class SpaceUpdateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20, required=False)
    area = enum_field(ParkingSpace.Area, required=False)
    owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        help_text="The owner who bought the space; null: a public space.",
    )
    let_contract_on_file = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class SpaceCreateSerializer(SpaceUpdateSerializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    number = serializers.CharField(max_length=20)
    area = enum_field(ParkingSpace.Area)
    owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The owner who bought the space; null: a public space.",
    )


# --- vehicles ----------------------------------------------------------------------------------


class VehicleSerializer(OutputSerializer):
    owner_name = serializers.SerializerMethodField()
    tenant_name = serializers.SerializerMethodField()

    class Meta:
        model = Vehicle
        fields = [
            "id",
            "project",
            "plate",
            "model",
            "licence_owner",
            "owner",
            "owner_name",
            "tenant",
            "tenant_name",
        ]
        read_only_fields = fields

    def get_owner_name(self, vehicle) -> str:
        return vehicle.owner.name if vehicle.owner_id else ""

    def get_tenant_name(self, vehicle) -> str:
        return vehicle.tenant.name if vehicle.tenant_id else ""


class VehicleCreateSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    plate = serializers.CharField(**PLATE_INPUT)
    licence_owner = serializers.CharField(
        max_length=100, allow_blank=True, help_text="The owner named on the vehicle licence (行驶证)."
    )
    model = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    owner = ScopedKeyField(queryset=Owner.objects.all(), required=False, allow_null=True, default=None)
    tenant = ScopedKeyField(queryset=Tenant.objects.all(), required=False, allow_null=True, default=None)


# --- rentals -----------------------------------------------------------------------------------


class RentalSerializer(OutputSerializer):
    space_number = serializers.CharField(source="space.number", read_only=True)
    plate = serializers.CharField(source="vehicle.plate", read_only=True)
    car_model = serializers.CharField(source="vehicle.model", read_only=True)
    unit_code = serializers.SerializerMethodField()
    checked_by_name = serializers.SerializerMethodField()
    cards_in_use = serializers.SerializerMethodField()
    personal_data_masked = serializers.SerializerMethodField()
    receipt = serializers.SerializerMethodField(
        help_text="The receipt of a non-resident's rent paid in cash."
    )
    receipt_number = serializers.SerializerMethodField(help_text="Its printed number, e.g. 2026-000012.")

    class Meta:
        model = Rental
        fields = [
            "id",
            "project",
            "space",
            "space_number",
            "vehicle",
            "plate",
            "car_model",
            "unit",
            "unit_code",
            "renter_name",
            "renter_mobile",
            "is_resident",
            "start_date",
            "end_date",
            "ended_on",
            "monthly_rent",
            "identity_checked",
            "licence_checked",
            "checked_by",
            "checked_by_name",
            "created_at",
            "cards_in_use",
            "personal_data_masked",
            "rent_total",
            "cash_paid_at",
            "receipt",
            "receipt_number",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_receipt(self, rental):
        return getattr(rental, "cash_receipt", None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_number(self, rental):
        return cash_receipt_number(rental)

    def get_unit_code(self, rental) -> str:
        return rental.unit.code if rental.unit_id else ""

    def get_checked_by_name(self, rental) -> str:
        return name_of(rental.checked_by)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cards_in_use(self, rental):
        return [c.number for c in rental.cards.all() if c.returned_at is None and c.lost_at is None]

    def get_personal_data_masked(self, rental) -> bool:
        return not personal_data_unmasked(self.context, rental.project_id)

    def to_representation(self, rental):
        data = super().to_representation(rental)
        if data["personal_data_masked"]:
            data["renter_mobile"] = mask_mobile(data["renter_mobile"])
        return data


class RentalCreateSerializer(serializers.Serializer):
    space = ScopedKeyField(queryset=ParkingSpace.objects.all())
    vehicle = ScopedKeyField(queryset=Vehicle.objects.all())
    unit = ScopedKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The renter's unit; its account is charged the rent month by month.",
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    renter_name = serializers.CharField(max_length=100, allow_blank=True)
    renter_mobile = serializers.CharField(max_length=20, allow_blank=True)
    licence_plate = serializers.CharField(
        **{
            **PLATE_INPUT,
            "help_text": "The plate as written on the vehicle licence (行驶证); it must match the vehicle.",
        }
    )
    identity_checked = serializers.BooleanField(default=False, help_text="The renter's identity was checked.")
    monthly_rent = serializers.DecimalField(
        **MONEY,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="Empty: the project's standard rent (non-residents only pay that).",
    )


class WeeklyListQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField(
        required=False, help_text="Rentals current on this day (default: this week's Monday)."
    )


class WeeklyRowSerializer(serializers.Serializer):
    rental = serializers.IntegerField()
    date = serializers.DateField(help_text="The day the rental was recorded.")
    owner_name = serializers.CharField()
    phone = serializers.CharField()
    car_model = serializers.CharField()
    plate = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    card_number = serializers.CharField(help_text="Cards in use, joined by 、")


class WeeklyListSerializer(serializers.Serializer):
    project = ProjectRefSerializer()
    date = serializers.DateField()
    rows = WeeklyRowSerializer(many=True)


# --- cards -------------------------------------------------------------------------------------


class CardRefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    refund_amount = serializers.DecimalField(**MONEY)
    deduction_total = serializers.DecimalField(**MONEY)


class CardSerializer(OutputSerializer):
    plate = serializers.CharField(source="rental.vehicle.plate", read_only=True)
    space_number = serializers.CharField(source="rental.space.number", read_only=True)
    deposit_amount = serializers.DecimalField(source="deposit.amount", **MONEY, read_only=True)
    issued_by_name = serializers.SerializerMethodField()
    in_use = serializers.SerializerMethodField()
    refund = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = [
            "id",
            "project",
            "number",
            "rental",
            "plate",
            "space_number",
            "deposit",
            "deposit_amount",
            "issued_at",
            "issued_by",
            "issued_by_name",
            "returned_at",
            "lost_at",
            "in_use",
            "refund",
        ]
        read_only_fields = fields

    def get_issued_by_name(self, card) -> str:
        return name_of(card.issued_by)

    def get_in_use(self, card) -> bool:
        return card.returned_at is None and card.lost_at is None

    @extend_schema_field(CardRefundSerializer(allow_null=True))
    def get_refund(self, card):
        refund = getattr(card.deposit, "refund", None)
        return CardRefundSerializer(refund).data if refund is not None else None


class CardIssueSerializer(serializers.Serializer):
    rental = ScopedKeyField(queryset=Rental.objects.all())
    number = serializers.CharField(max_length=30, allow_blank=True)
    method = inline_choice_field(
        "CardDepositMethodField",
        CARD_METHODS,
        default=PaymentMethod.CASH,
        help_text="How the card deposit is paid.",
    )
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The payer's transaction reference (交易流水号): required for every method but cash.",
    )


class CardReturnSerializer(serializers.Serializer):
    lost = serializers.BooleanField(
        default=False, help_text="Reported lost: the deposit is kept as the deduction."
    )


# --- temporary stays ---------------------------------------------------------------------------


class DayChargeSerializer(serializers.Serializer):
    start = serializers.DateTimeField(source="from")
    end = serializers.DateTimeField(source="to")
    charged = serializers.DecimalField(**MONEY)


class BreakdownSerializer(serializers.Serializer):
    day_rule = serializers.CharField(
        help_text="`calendar` (midnight to midnight) or `rolling` (24 h from entry)."
    )
    minutes = serializers.IntegerField()
    days = DayChargeSerializer(many=True)


class SessionSerializer(OutputSerializer):
    settlement_label = serializers.CharField(source="get_settlement_display", read_only=True)
    unit_code = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    breakdown = serializers.SerializerMethodField()
    receipt = serializers.SerializerMethodField(help_text="The receipt of the fee paid in cash at the gate.")
    receipt_number = serializers.SerializerMethodField(help_text="Its printed number, e.g. 2026-000012.")

    class Meta:
        model = Session
        fields = [
            "id",
            "project",
            "plate",
            "entered_at",
            "exited_at",
            "is_open",
            "amount",
            "settlement",
            "settlement_label",
            "unit",
            "unit_code",
            "charge",
            "breakdown",
            "opened_by",
            "closed_by",
            "receipt",
            "receipt_number",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_receipt(self, session):
        return getattr(session, "cash_receipt", None)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_number(self, session):
        return cash_receipt_number(session)

    def get_unit_code(self, session) -> str:
        return session.unit.code if session.unit_id else ""

    def get_is_open(self, session) -> bool:
        return session.exited_at is None

    @extend_schema_field(BreakdownSerializer(allow_null=True))
    def get_breakdown(self, session):
        return BreakdownSerializer(session.breakdown).data if session.breakdown else None


class SessionOpenSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    plate = serializers.CharField(**PLATE_INPUT)
    entered_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For entries recorded after the fact; default now.",
    )


class SessionCloseSerializer(serializers.Serializer):
    settlement = inline_choice_field(
        "GateSettlementField",
        GATE_SETTLEMENTS,
        default=Session.Settlement.CASH,
        help_text="`cash` at the gate or `account` (a charge on the unit's account).",
    )
    unit = ScopedKeyField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The unit charged, with settlement `account`.",
    )
    exited_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For exits recorded after the fact; default now.",
    )


class FeeQuoteQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField(required=False, help_text="Default now.")


class QuoteDaySerializer(DayChargeSerializer):
    accrued = serializers.DecimalField(**MONEY, help_text="What accrued during the day before the daily cap.")
    capped = serializers.BooleanField()


class TemporaryTariffSerializer(serializers.Serializer):
    first_hours = serializers.IntegerField()
    first_fee = serializers.DecimalField(**MONEY)
    hourly_fee = serializers.DecimalField(**MONEY)
    daily_cap = serializers.DecimalField(**MONEY)
    day_rule = serializers.CharField()
    free_minutes = serializers.IntegerField()


class FeeQuoteSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    minutes = serializers.IntegerField(help_text="Length of the stay, in started minutes.")
    day_rule = serializers.CharField(
        help_text="`calendar` (midnight to midnight) or `rolling` (24 h from entry)."
    )
    days = QuoteDaySerializer(many=True, help_text="Charged per day, each capped at the daily cap.")
    entered_at = serializers.DateTimeField()
    exited_at = serializers.DateTimeField()
    tariff = TemporaryTariffSerializer()
