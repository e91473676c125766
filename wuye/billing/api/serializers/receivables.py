"""Serializers of the receivables: fee items and tariffs, meters and readings, charge runs, charges."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.billing.api.serializers.fields import (
    MONEY,
    QTY,
    RATE,
    OutputSerializer,
    ScopedKeyField,
    enum_field,
    name_of,
)
from wuye.billing.choices import ChargeBasis, FeeKind, MeterType
from wuye.billing.models import Charge, ChargeRun, FeeItem, Meter, MeterReading, Tariff
from wuye.estate.choices import UnitUse
from wuye.estate.models import Project, Unit

# --- fee items and tariffs -----------------------------------------------------------------------


class TariffSerializer(OutputSerializer):
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Tariff
        fields = [
            "id",
            "fee_item",
            "unit_use",
            "effective_from",
            "rate",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_created_by_name(self, tariff) -> str:
        return name_of(tariff.created_by)


class FeeItemSerializer(OutputSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)
    tariffs = TariffSerializer(
        many=True, read_only=True, help_text="Every version, oldest first per unit use."
    )

    class Meta:
        model = FeeItem
        fields = [
            "id",
            "project",
            "code",
            "name",
            "kind",
            "kind_label",
            "basis",
            "basis_label",
            "meter_type",
            "billed_in_runs",
            "is_active",
            "sort_order",
            "tariffs",
        ]
        read_only_fields = fields


class FeeItemUpdateSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40, required=False)
    name = serializers.CharField(max_length=100, required=False)
    kind = enum_field(FeeKind, required=False)
    basis = enum_field(ChargeBasis, required=False)
    meter_type = enum_field(MeterType, allow_blank=True)
    billed_in_runs = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    sort_order = serializers.IntegerField(min_value=0, required=False)


class FeeItemCreateSerializer(FeeItemUpdateSerializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=100)
    kind = enum_field(FeeKind)
    basis = enum_field(ChargeBasis)
    billed_in_runs = serializers.BooleanField(required=False, default=True)


class TariffCreateSerializer(serializers.Serializer):
    rate = serializers.DecimalField(**RATE, min_value=0, label=_("rate (yuan)"))
    effective_from = serializers.DateField(label=_("effective from"))
    unit_use = serializers.ChoiceField(
        choices=UnitUse.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only for units of this use; empty: every use.",
    )


# --- meters and readings -------------------------------------------------------------------------


class MeterSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    meter_type_label = serializers.CharField(source="get_meter_type_display", read_only=True)
    last_read_on = serializers.DateField(read_only=True, allow_null=True, default=None)
    last_reading = serializers.DecimalField(**QTY, read_only=True, allow_null=True, default=None)

    class Meta:
        model = Meter
        fields = [
            "id",
            "unit",
            "unit_code",
            "meter_type",
            "meter_type_label",
            "serial",
            "installed_on",
            "initial_reading",
            "replaced_on",
            "final_reading",
            "last_read_on",
            "last_reading",
        ]
        read_only_fields = fields


class MeterCreateSerializer(serializers.Serializer):
    unit = ScopedKeyField(queryset=Unit.objects.all())
    meter_type = enum_field(MeterType)
    installed_on = serializers.DateField()
    serial = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    initial_reading = serializers.DecimalField(**QTY, min_value=0, required=False, default=0)


class MeterReplaceSerializer(serializers.Serializer):
    replaced_on = serializers.DateField()
    final_reading = serializers.DecimalField(
        **QTY, min_value=0, help_text="The old meter's last figure (charged)."
    )
    new_serial = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    new_initial_reading = serializers.DecimalField(**QTY, min_value=0, required=False, default=0)


class MeterReadingSerializer(OutputSerializer):
    unit = serializers.IntegerField(source="meter.unit_id", read_only=True)
    unit_code = serializers.CharField(source="meter.unit.code", read_only=True)
    meter_type = serializers.CharField(source="meter.meter_type", read_only=True)
    recorded_by_name = serializers.SerializerMethodField()
    charge = serializers.SerializerMethodField()
    charge_amount = serializers.SerializerMethodField()

    class Meta:
        model = MeterReading
        fields = [
            "id",
            "meter",
            "unit",
            "unit_code",
            "meter_type",
            "read_on",
            "reading",
            "previous_reading",
            "consumption",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "charge",
            "charge_amount",
        ]
        read_only_fields = fields

    def get_recorded_by_name(self, reading) -> str:
        return name_of(reading.recorded_by)

    def _charge(self, reading):
        return getattr(reading, "charge", None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_charge(self, reading):
        charge = self._charge(reading)
        return charge.pk if charge else None

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_charge_amount(self, reading):
        charge = self._charge(reading)
        return f"{charge.amount:.2f}" if charge else None


class MeterReadingCreateSerializer(serializers.Serializer):
    meter = ScopedKeyField(queryset=Meter.objects.all())
    read_on = serializers.DateField()
    reading = serializers.DecimalField(**QTY, min_value=0)


# --- charge runs ---------------------------------------------------------------------------------


class ChargeRunSerializer(OutputSerializer):
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ChargeRun
        fields = [
            "id",
            "project",
            "period_start",
            "period_end",
            "created_by",
            "created_by_name",
            "created_at",
            "charge_count",
            "total_amount",
            "credit_applied",
            "seconds",
        ]
        read_only_fields = fields

    def get_created_by_name(self, run) -> str:
        return name_of(run.created_by)


class ChargeRunCreateSerializer(serializers.Serializer):
    project = ScopedKeyField(queryset=Project.objects.all())
    period_start = serializers.DateField(help_text="The first day of a month.")
    months = serializers.ChoiceField(
        choices=[(1, "1"), (3, "3")], default=1, help_text="1: a month; 3: a quarter."
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only compute what the run would charge; nothing is written."
    )
    due_days = serializers.IntegerField(
        min_value=1,
        max_value=366,
        required=False,
        allow_null=True,
        default=None,
        help_text="Days from the period start to the due date (default: the project's billing setting, else 15).",
    )


class FeeItemTotalSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)


class SampleChargeSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="unit code")
    fee_item = serializers.CharField()
    period_start = serializers.DateField(source="from")
    period_end = serializers.DateField(source="to")
    quantity = serializers.DecimalField(**QTY)
    amount = serializers.DecimalField(**MONEY)
    ticket = serializers.CharField(
        allow_null=True,
        help_text="Ticket number of a paid service (due on its completion date); null: a run charge.",
    )


class ChargeRunResultSerializer(serializers.Serializer):
    """A dry run's preview, or the outcome of a run (`already_run`: the period was billed before)."""

    dry_run = serializers.BooleanField()
    already_run = serializers.BooleanField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    charge_count = serializers.IntegerField()
    total_amount = serializers.DecimalField(**MONEY)
    by_fee_item = FeeItemTotalSerializer(many=True)
    zero_rate_items = serializers.ListField(
        child=serializers.CharField(),
        help_text="Run-billed fee items with no tariff at all: nothing charged for them.",
    )
    sample = SampleChargeSerializer(many=True)
    ticket_charges = serializers.IntegerField(
        help_text="Completed paid services charged (or to be charged); included in `charge_count`, `total_amount` "
        "and `by_fee_item` (code `paid-service`)."
    )
    run = ChargeRunSerializer(allow_null=True)


# --- charges -------------------------------------------------------------------------------------


class ChargeSerializer(OutputSerializer):
    unit_code = serializers.CharField(
        source="unit.code",
        read_only=True,
        allow_null=True,
        help_text="Null for a walk-in charge (gate cash, a non-resident's rent).",
    )
    fee_item_name = serializers.CharField(source="fee_item.name", read_only=True)
    fee_kind = serializers.CharField(source="fee_item.kind", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    paid = serializers.DecimalField(source="allocated", **MONEY, read_only=True)
    open = serializers.DecimalField(source="outstanding", **MONEY, read_only=True, help_text="amount − paid")

    class Meta:
        model = Charge
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "fee_item",
            "fee_item_name",
            "fee_kind",
            "period_start",
            "period_end",
            "quantity",
            "rate",
            "amount",
            "paid",
            "open",
            "description",
            "source",
            "source_label",
            "charge_run",
            "ticket",
            "meter_reading",
            "due_date",
            "created_at",
        ]
        read_only_fields = fields


class ChargeCreateSerializer(serializers.Serializer):
    """A one-off charge (per-item fees, agreed adjustments)."""

    unit = ScopedKeyField(queryset=Unit.objects.all())
    fee_item = ScopedKeyField(queryset=FeeItem.objects.all())
    amount = serializers.DecimalField(**MONEY, min_value=0)
    description = serializers.CharField(max_length=200)
    quantity = serializers.DecimalField(**QTY, min_value=0, required=False, default=1)
    rate = serializers.DecimalField(**RATE, min_value=0, required=False, allow_null=True, default=None)
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
