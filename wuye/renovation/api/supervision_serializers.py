"""Serializers of the supervision part of /api/v1/renovations/: patrols, violations and penalties,
hot-work permits, the board."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.renovation.choices import Department, PermitKind, Severity
from wuye.renovation.files import patrol_photo_url
from wuye.renovation.models import HotWorkPermit, Patrol, Violation
from wuye.renovation.selectors_board import MAX_DAYS
from wuye.renovation.services.supervision import NOTICE_PARTIES

# --- patrols ----------------------------------------------------------------------------------------


class PatrolSerializer(serializers.ModelSerializer):
    department_label = serializers.CharField(source="get_department_display", read_only=True)
    by_name = serializers.CharField(source="by.__str__", read_only=True)
    photos = serializers.SerializerMethodField()
    violations = serializers.SerializerMethodField()

    class Meta:
        model = Patrol
        fields = [
            "id",
            "renovation",
            "department",
            "department_label",
            "day",
            "at",
            "by",
            "by_name",
            "findings",
            "all_in_order",
            "hot_work_seen",
            "photos",
            "violations",
        ]
        read_only_fields = fields

    def get_photos(self, obj) -> list[str]:
        """Each photo's address (served through the API after the scope check)."""
        return [patrol_photo_url(photo) for photo in obj.photos.all()]

    def get_violations(self, obj) -> list[int]:
        return [violation.pk for violation in obj.violations.all()]


class PatrolCreateSerializer(serializers.Serializer):
    department = serializers.ChoiceField(
        choices=Department.choices,
        required=False,
        allow_blank=True,
        help_text=_("The department you patrol for; may be left out when you work for one only."),
    )
    at = serializers.DateTimeField(required=False, allow_null=True, help_text=_("Default: now."))
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    all_in_order = serializers.BooleanField(required=False, default=True)
    hot_work_seen = serializers.BooleanField(required=False, default=False)
    photos = serializers.ListField(child=serializers.ImageField(), required=False, default=list)


# --- violations -------------------------------------------------------------------------------------


class ViolationSerializer(serializers.ModelSerializer):
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    department_label = serializers.CharField(source="get_department_display", read_only=True)
    penalty_status_label = serializers.CharField(source="get_penalty_status_display", read_only=True)
    found_by_name = serializers.CharField(source="found_by.__str__", read_only=True)

    class Meta:
        model = Violation
        fields = [
            "id",
            "renovation",
            "number",
            "severity",
            "severity_label",
            "found_at",
            "found_by",
            "found_by_name",
            "department",
            "department_label",
            "rule",
            "description",
            "action_taken",
            "patrol",
            "owner_phoned_at",
            "owner_phone_note",
            "company_phoned_at",
            "owner_signed_at",
            "company_signed_at",
            "rectify_by",
            "rectified_at",
            "rectified_note",
            "penalty_status",
            "penalty_status_label",
            "penalty_amount",
            "penalty_rule",
            "penalty_proposed_by",
            "penalty_proposed_at",
            "penalty_decided_by",
            "penalty_decided_at",
            "penalty_note",
            "filed_owner",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class _RenovationPatrolField(serializers.PrimaryKeyRelatedField):
    """A patrol of the renovation in the URL (another's answers 400 on the field)."""

    def get_queryset(self):
        renovation = self.context.get("renovation")
        if renovation is None:
            return Patrol.objects.none()
        return Patrol.objects.filter(renovation=renovation)


class ViolationCreateSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=Severity.choices)
    rule = serializers.CharField(max_length=200)
    description = serializers.CharField()
    department = serializers.ChoiceField(choices=Department.choices, required=False, allow_blank=True)
    at = serializers.DateTimeField(required=False, allow_null=True)
    action_taken = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    rectify_by = serializers.DateField(required=False, allow_null=True)
    patrol = _RenovationPatrolField(required=False, allow_null=True)


class ViolationPhoneSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=[(p, p) for p in NOTICE_PARTIES])
    at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ViolationSignSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=[(p, p) for p in NOTICE_PARTIES])
    at = serializers.DateTimeField(required=False, allow_null=True)


class ViolationRectifiedSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200)
    at = serializers.DateTimeField(required=False, allow_null=True)


class PenaltyProposeSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    rule = serializers.CharField(max_length=200, help_text=_("The clause of the management agreement."))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PenaltyDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# --- hot-work permits ---------------------------------------------------------------------------------


class HotWorkPermitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    approved_by_name = serializers.CharField(source="approved_by.__str__", read_only=True)

    class Meta:
        model = HotWorkPermit
        fields = [
            "id",
            "renovation",
            "number",
            "kind",
            "kind_label",
            "work",
            "location",
            "starts_at",
            "ends_at",
            "precautions",
            "fire_watch",
            "operator",
            "operator_certificate",
            "approved_at",
            "approved_by",
            "approved_by_name",
            "cancelled_at",
        ]
        read_only_fields = fields


class HotWorkPermitCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PermitKind.choices, required=False, default=PermitKind.HOT_WORK)
    work = serializers.CharField(max_length=200)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    precautions = serializers.CharField()
    fire_watch = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    operator = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    operator_certificate = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class HotWorkPermitCancelSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True)


# --- the board ----------------------------------------------------------------------------------------


class BoardQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False, help_text=_("The last day shown; default today."))
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, required=False, default=7)


class BoardCellSerializer(serializers.Serializer):
    day = serializers.DateField()
    on_site = serializers.BooleanField()
    patrols = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text=_("Department → patrol id; null is a gap when the unit was on site."),
    )


class BoardRowSerializer(serializers.Serializer):
    renovation = serializers.IntegerField(source="renovation.pk")
    number = serializers.CharField(source="renovation.number")
    unit = serializers.IntegerField(source="renovation.unit_id")
    unit_code = serializers.CharField(source="renovation.unit.code")
    status = serializers.CharField(source="renovation.status")
    gaps = serializers.IntegerField()
    cells = BoardCellSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project_id")
    days = serializers.ListField(child=serializers.DateField())
    departments = serializers.ListField(child=serializers.CharField())
    gaps = serializers.IntegerField()
    gaps_by_department = serializers.DictField(child=serializers.IntegerField())
    rows = BoardRowSerializer(many=True)
