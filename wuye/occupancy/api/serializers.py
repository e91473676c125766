"""Serializers of the occupancy API: explicit inputs per procedure, one output per record."""

from __future__ import annotations

from rest_framework import serializers

from wuye.billing.api.serializers.fields import OutputSerializer, ScopedKeyField, enum_field
from wuye.estate.choices import IdType
from wuye.estate.models import Owner, Tenant, Unit
from wuye.occupancy.choices import OccupantKind, OwnerConsent
from wuye.occupancy.models import MoveIn, OwnershipTransfer, TenantExit


class PersonInputSerializer(serializers.Serializer):
    """An owner archive / tenant information form (业主档案表 / 租户信息表)."""

    name = serializers.CharField(max_length=100)
    id_type = enum_field(IdType, required=False, default=IdType.RESIDENT_ID)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    emergency_contact = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    emergency_mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    birthday = serializers.DateField(required=False, allow_null=True, default=None)
    company = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class MoveInCreateSerializer(serializers.Serializer):
    unit = ScopedKeyField(queryset=Unit.objects.all())
    kind = enum_field(OccupantKind, help_text="Who moves in.")
    moved_in_on = serializers.DateField()
    owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The owner moving in (an owner of the unit).",
    )
    tenant = ScopedKeyField(
        queryset=Tenant.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An existing tenant record; or fill in `tenant_info`.",
    )
    tenant_info = PersonInputSerializer(
        required=False, allow_null=True, default=None, help_text="The tenant information form (租户信息表)."
    )
    lease_end_date = serializers.DateField(required=False, allow_null=True, default=None)
    as_office = serializers.BooleanField(required=False, default=False)
    identity_checked = serializers.BooleanField(required=False, default=False)
    commitment_letter_on_file = serializers.BooleanField(required=False, default=False)
    lease_agreement_on_file = serializers.BooleanField(required=False, default=False)
    tenant_form_completed = serializers.BooleanField(required=False, default=False)
    safety_letter_signed = serializers.BooleanField(required=False, default=False)
    vip_care = serializers.BooleanField(
        required=False, default=False, help_text="A care task (flowers and a card) even for a non-VIP."
    )
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MoveInSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, default="")
    tenant_name = serializers.CharField(source="tenant.name", read_only=True, default="")

    class Meta:
        model = MoveIn
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "kind",
            "moved_in_on",
            "owner",
            "owner_name",
            "tenant",
            "tenant_name",
            "lease",
            "as_office",
            "identity_checked",
            "commitment_letter_on_file",
            "lease_agreement_on_file",
            "tenant_form_completed",
            "safety_letter_signed",
            "status_after",
            "care",
            "care_done_at",
            "departments_notified",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class TenantExitInputSerializer(serializers.Serializer):
    moving_date = serializers.DateField()
    owner_consent = enum_field(OwnerConsent, help_text="The owner's answer to ending the tenancy.")
    items_to_stay = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TenantExitSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    outstanding = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        read_only=True,
        help_text="What keeps the exit waiting, by code (arrears, meter_readings, not_billed, owner_consent).",
    )

    class Meta:
        model = TenantExit
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "lease",
            "moving_date",
            "owner_consent",
            "items_to_stay",
            "status",
            "outstanding",
            "release_pass_allowed",
            "completed_at",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class TransferInputSerializer(serializers.Serializer):
    transfer_date = serializers.DateField()
    title_certificate_no = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="新《房屋产权证》号"
    )
    new_owner = ScopedKeyField(
        queryset=Owner.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An existing owner archive of the project; or fill in `new_owner_info`.",
    )
    new_owner_info = PersonInputSerializer(
        required=False, allow_null=True, default=None, help_text="The new owner's archive (业主档案表)."
    )
    fire_safety_letter_signed = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TransferSerializer(OutputSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    new_owner_name = serializers.CharField(source="new_owner.name", read_only=True)

    class Meta:
        model = OwnershipTransfer
        fields = [
            "id",
            "project",
            "unit",
            "unit_code",
            "transfer_date",
            "title_certificate_no",
            "new_owner",
            "new_owner_name",
            "new_ownership",
            "old_owner_names",
            "monthly_fee",
            "prepaid",
            "fire_safety_letter_signed",
            "notes",
            "created_at",
        ]
        read_only_fields = fields
