"""Input and output of the census API."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from wuye.census import months
from wuye.census.choices import CensusStatus, ChangeKind, ReportStatus
from wuye.census.selectors import census_overdue, report_overdue
from wuye.estate.api.serializers import ScopedPrimaryKeyField
from wuye.estate.choices import OccupancyStatus, StatusChangeSource
from wuye.estate.models import Project


class MonthField(serializers.CharField):
    """A month written YYYY-MM; the value is the month's first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The month, YYYY-MM (e.g. 2026-11).")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return months.parse_month(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["month"]) from exc


class ReportQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, help_text="Project id.")
    month = MonthField()


class SignOffSerializer(serializers.Serializer):
    # a project outside the caller's scope "does not exist" (400 on the field), as in every body
    project = ScopedPrimaryKeyField(queryset=Project.objects.all(), help_text="Project id.")
    month = MonthField()


class ConfirmSerializer(serializers.Serializer):
    remarks = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="What the census found (备注)."
    )


def _counts_field(**kwargs):
    kwargs.setdefault("help_text", "units per occupancy status: " + ", ".join(OccupancyStatus.values))
    return serializers.DictField(child=serializers.IntegerField(), **kwargs)


class ChangeSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_code = serializers.CharField()
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    from_status = serializers.ChoiceField(choices=OccupancyStatus.choices)
    to_status = serializers.ChoiceField(choices=OccupancyStatus.choices)
    source = serializers.ChoiceField(choices=StatusChangeSource.choices)
    at = serializers.DateTimeField()


class CensusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    building = serializers.IntegerField(source="building_id")
    month = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=CensusStatus.choices)
    due_on = serializers.DateField(help_text="the 30th (the month's last day when shorter)")
    overdue = serializers.SerializerMethodField()
    assistant = serializers.IntegerField(source="assistant_id", allow_null=True)
    assistant_name = serializers.SerializerMethodField()
    confirmed_by = serializers.IntegerField(source="confirmed_by_id", allow_null=True)
    confirmed_by_name = serializers.SerializerMethodField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    counts = _counts_field(help_text="the counts by status as confirmed")
    remarks = serializers.CharField()

    def _name(self, user) -> str:
        return (user.get_full_name() or user.username) if user is not None else ""

    def get_month(self, obj) -> str:
        return months.month_label(obj.month)

    def get_overdue(self, obj) -> bool:
        return census_overdue(obj)

    def get_assistant_name(self, obj) -> str:
        return self._name(obj.assistant)

    def get_confirmed_by_name(self, obj) -> str:
        return self._name(obj.confirmed_by)


class BuildingRowSerializer(serializers.Serializer):
    building = serializers.IntegerField()
    building_label = serializers.CharField()
    counts = _counts_field()
    total = serializers.IntegerField()
    change_counts = serializers.DictField(child=serializers.IntegerField())
    changes = ChangeSerializer(many=True)
    census = CensusSerializer(allow_null=True, help_text="null: no census was started for the building")


class ReportStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    due_on = serializers.DateField(help_text="the 3rd of the next month")
    overdue = serializers.SerializerMethodField()
    signed_by = serializers.IntegerField(source="signed_by_id", allow_null=True)
    signed_by_name = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField(allow_null=True)
    distributed_at = serializers.DateTimeField(allow_null=True)

    def get_overdue(self, obj) -> bool:
        return report_overdue(obj)

    def get_signed_by_name(self, obj) -> str:
        user = obj.signed_by
        return (user.get_full_name() or user.username) if user is not None else ""


class OccupancyReportSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk")
    project_name = serializers.CharField(source="project.name")
    month = serializers.CharField(source="label")
    census_due = serializers.DateField()
    report_due = serializers.DateField()
    month_over = serializers.BooleanField(help_text="false: the figures are as of now, the month still runs")
    as_of = serializers.DateTimeField(source="figures.as_of")
    signed = serializers.BooleanField(help_text="true: the figures are those the project manager signed")
    buildings = BuildingRowSerializer(many=True, source="rows")
    counts = _counts_field(source="figures.counts")
    total = serializers.IntegerField(source="figures.total")
    change_counts = serializers.DictField(child=serializers.IntegerField(), source="figures.change_counts")
    report = ReportStateSerializer(allow_null=True, help_text="null: the month's census was not started")
