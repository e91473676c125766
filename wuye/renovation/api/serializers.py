"""Serializers of the renovation API shared by the three parts."""

from __future__ import annotations

from rest_framework import serializers

from wuye.renovation.models import Renovation


class RenovationSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.__str__", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Renovation
        fields = [
            "id",
            "number",
            "project",
            "unit",
            "unit_label",
            "status",
            "status_label",
            "owner",
            "applicant_kind",
            "premises_kind",
            "company_name",
            "planned_start",
            "planned_end",
            "file_complete_at",
            "approval_due_at",
            "decided_at",
            "started_at",
            "accepted_on",
            "refundable_on",
            "created_at",
        ]
        read_only_fields = fields
