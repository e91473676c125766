from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.core import access
from wuye.core.masking import mask_id_number, mask_mobile
from wuye.estate.choices import OccupancyStatus, UnitUse
from wuye.estate.models import (
    Building,
    Lease,
    Owner,
    Ownership,
    Project,
    PublicArea,
    RosterImport,
    Tenant,
    Unit,
    UnitStatusChange,
)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key the user can only point at rows in their scope (others 'do not exist')."""

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.context["request"].user)


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "code",
            "kind",
            "address",
            "service_phone",
            "settings",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class BuildingSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    unit_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Building
        fields = ["id", "project", "number", "name", "floors", "notes", "unit_count"]
        read_only_fields = ["floors"]


class GenerateUnitsSerializer(serializers.Serializer):
    floors = serializers.IntegerField(min_value=1, max_value=200, label=_("floors"))
    rooms_per_floor = serializers.IntegerField(min_value=1, max_value=99, label=_("rooms per floor"))
    entrances = serializers.IntegerField(min_value=1, max_value=20, default=1)
    start_floor = serializers.IntegerField(min_value=-5, max_value=200, default=1)
    skip_floors = serializers.ListField(child=serializers.IntegerField(), default=list)
    use = serializers.ChoiceField(choices=UnitUse.choices, default=UnitUse.RESIDENCE)
    building_area = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    inner_area = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    handover_date = serializers.DateField(required=False)
    warranty_end = serializers.DateField(required=False)


class GenerateUnitsResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    first_code = serializers.CharField()
    last_code = serializers.CharField()


class UnitSerializer(serializers.ModelSerializer):
    building = ScopedPrimaryKeyField(queryset=Building.objects.all())
    building_number = serializers.CharField(source="building.number", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "project",
            "building",
            "building_number",
            "entrance",
            "floor",
            "room",
            "code",
            "use",
            "building_area",
            "inner_area",
            "warranty_end",
            "handover_date",
            "status",
            "status_label",
            "status_changed_at",
        ]
        read_only_fields = ["project", "status", "status_changed_at"]
        extra_kwargs = {
            "code": {"required": False, "allow_blank": True},
            # The database refuses negative areas; say so on the field, not as a constraint name.
            "building_area": {"min_value": 0},
            "inner_area": {"min_value": 0},
        }
        validators = []  # code uniqueness is per project and checked by the model on save


class UnitStatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OccupancyStatus.choices, label=_("new status"))
    reason = serializers.CharField(label=_("reason"), allow_blank=True, required=False, default="")
    at = serializers.DateTimeField(label=_("effective at"), required=False, allow_null=True, default=None)


class UnitStatusHistorySerializer(serializers.ModelSerializer):
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = UnitStatusChange
        fields = ["id", "from_status", "to_status", "source", "reason", "at", "recorded_at", "changed_by"]


class PublicAreaSerializer(serializers.ModelSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    building = ScopedPrimaryKeyField(queryset=Building.objects.all(), required=False, allow_null=True)

    class Meta:
        model = PublicArea
        fields = ["id", "project", "building", "name", "kind", "is_active"]


#: An owner's or tenant's own fields (not the project or login): the views pass them to the services.
PERSON_DATA_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "mobile",
    "emergency_contact",
    "emergency_mobile",
    "birthday",
    "company",
    "notes",
)


#: staff-only fields a resident never receives, even on their own record
RESIDENT_HIDDEN = ("notes", "archive_note", "transferred_on", "is_vip", "user")
#: fields a resident receives on their own record only
OWN_RECORD_ONLY = ("emergency_contact", "emergency_mobile", "birthday")


class PersonSerializer(serializers.ModelSerializer):
    """Masks ID number and mobiles unless the user's role in the person's project needs them."""

    project = ScopedPrimaryKeyField(queryset=Project.objects.all())
    personal_data_masked = serializers.SerializerMethodField()

    PERSON_FIELDS = ["id", "project", *PERSON_DATA_FIELDS, "user", "personal_data_masked"]

    def _unmasked(self, instance) -> bool:
        request = self.context["request"]
        override = self.context.get("unmasked")
        if override is not None:
            return override
        if instance.user_id and instance.user_id == request.user.pk:
            return True
        cache = self.context.setdefault("_unmasked_projects", {})
        if instance.project_id not in cache:
            cache[instance.project_id] = access.has_perm(
                request.user, "people.view_personal", instance.project_id
            )
        return cache[instance.project_id]

    @extend_schema_field(serializers.BooleanField())
    def get_personal_data_masked(self, instance) -> bool:
        return not self._unmasked(instance)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._unmasked(instance):
            data["id_number"] = mask_id_number(data.get("id_number") or "")
            data["mobile"] = mask_mobile(data.get("mobile") or "")
            data["emergency_mobile"] = mask_mobile(data.get("emergency_mobile") or "")
            data["birthday"] = None
        if self.context["request"].user.is_resident:  # the resident shape, never the staff one
            for name in RESIDENT_HIDDEN:
                data.pop(name, None)
            if instance.user_id != self.context["request"].user.pk:  # a co-owner: who, not how to reach
                for name in OWN_RECORD_ONLY:
                    data.pop(name, None)
        return data


class OwnerSerializer(PersonSerializer):
    unit_codes = serializers.SerializerMethodField()

    class Meta:
        model = Owner
        fields = PersonSerializer.PERSON_FIELDS + ["is_vip", "archive_note", "transferred_on", "unit_codes"]
        read_only_fields = ["user", "transferred_on"]  # set by the ownership transfer only
        validators = []

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unit_codes(self, instance) -> list[str]:
        return [o.unit.code for o in instance.ownerships.all() if o.end_date is None]


class TenantSerializer(PersonSerializer):
    class Meta:
        model = Tenant
        fields = PersonSerializer.PERSON_FIELDS
        read_only_fields = ["user"]
        validators = []


class OwnershipSerializer(serializers.ModelSerializer):
    owner = ScopedPrimaryKeyField(queryset=Owner.objects.all())
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Ownership
        fields = [
            "id",
            "owner",
            "owner_name",
            "unit",
            "unit_code",
            "start_date",
            "end_date",
            "end_reason",
            "title_certificate_no",
        ]
        read_only_fields = ["end_date", "end_reason"]
        validators = []


class OwnershipEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(label=_("end date"))
    reason = serializers.CharField(label=_("reason"))


class LeaseSerializer(serializers.ModelSerializer):
    tenant = ScopedPrimaryKeyField(queryset=Tenant.objects.all())
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    tenant_name = serializers.CharField(source="tenant.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Lease
        fields = [
            "id",
            "tenant",
            "tenant_name",
            "unit",
            "unit_code",
            "start_date",
            "contract_end_date",
            "end_date",
            "owner_consent_on_file",
            "lease_agreement_on_file",
            "safety_letter_signed",
        ]
        read_only_fields = ["end_date"]
        validators = []


class LeaseEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(label=_("moved out on"))


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("roster file (.xlsx)"))


class RosterImportSerializer(serializers.ModelSerializer):
    imported_by = serializers.StringRelatedField()

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "project",
            "file_name",
            "imported_by",
            "imported_at",
            "result",
            "total_rows",
            "accepted_rows",
            "errors",
        ]


class ResidentAccountSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]{3,150}$", label=_("username"))
    password = serializers.CharField(write_only=True, label=_("password"), style={"input_type": "password"})


class ResidentAccountResultSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    username = serializers.CharField()
    kind = serializers.CharField()


class UnitContextSerializer(serializers.Serializer):
    """A unit's context for the desk: one key per block the user may see (see estate/unit_context.py).

    The blocks are registered by the apps at start-up, so the fields are built when first asked for."""

    def get_fields(self):
        from wuye.estate import unit_context

        fields = {}
        for block in unit_context.blocks():
            if block.serializer is not None:
                fields[block.key] = block.serializer(required=False, help_text=f"The {block.key} block.")
            else:
                fields[block.key] = serializers.DictField(required=False)
        return fields

    def to_representation(self, instance):
        # A block the user may not see is absent, not null.
        fields = self.fields
        return {key: fields[key].to_representation(value) for key, value in instance.items() if key in fields}
