from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from wuye.core.money import MONEY
from wuye.reports import periods
from wuye.servicedesk.choices import Department


class ThreeRatesQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Project id; omitted: every project where you may view reports.",
    )
    department = serializers.ChoiceField(
        choices=Department.choices, required=False, help_text="Only this department."
    )
    period = serializers.ChoiceField(
        choices=periods.KIND_CHOICES,
        default=periods.MONTH,
        help_text="week (Monday–Sunday) or month containing `date`; also the trend's step.",
    )
    date = serializers.DateField(
        required=False, help_text="Anchor date of the week or month (default today)."
    )
    start = serializers.DateField(required=False, help_text="Explicit period start (inclusive); needs `end`.")
    end = serializers.DateField(required=False, help_text="Explicit period end (exclusive); needs `start`.")
    as_of = serializers.DateTimeField(
        required=False, help_text="Judge open deadlines as of this time (default now)."
    )
    trend = serializers.IntegerField(
        required=False,
        default=6,
        min_value=0,
        max_value=periods.MAX_TREND,
        help_text="How many weeks or months of trend, ending with the period's own.",
    )

    def validate(self, attrs):
        try:
            attrs["report_period"] = periods.resolve(
                kind=attrs["period"], day=attrs.get("date"), start=attrs.get("start"), end=attrs.get("end")
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class FigureSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = serializers.FloatField(
        allow_null=True, help_text="numerator ÷ denominator (0–1); null when nothing was due"
    )
    target = serializers.FloatField(help_text="the project's target (0–1)")
    met = serializers.BooleanField(allow_null=True, help_text="rate ≥ target; null when nothing was due")


class FiguresSerializer(serializers.Serializer):
    satisfaction = FigureSerializer(help_text="满意度")
    timeliness = FigureSerializer(help_text="信息及时率")
    return_visit = FigureSerializer(help_text="回访率")
    repair_quality = FigureSerializer(help_text="维修质量合格率")
    complaint_handling = FigureSerializer(help_text="有效投诉处理率")


class RowSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["all", "project", "department"])
    label = serializers.CharField()
    project = serializers.IntegerField(source="project.pk", allow_null=True)
    project_name = serializers.CharField(source="project.name", allow_null=True)
    department = serializers.CharField(
        allow_null=True, help_text="department code; empty: not yet dispatched"
    )
    figures = FiguresSerializer()


class PeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[periods.WEEK, periods.MONTH, periods.CUSTOM])
    label = serializers.CharField()
    start = serializers.DateField(source="first_day")
    end = serializers.DateField(source="end_day", help_text="exclusive")
    last_day = serializers.DateField()


class TrendPointSerializer(serializers.Serializer):
    period = PeriodSerializer()
    figures = FiguresSerializer()


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ThreeRatesSerializer(serializers.Serializer):
    period = PeriodSerializer()
    as_of = serializers.DateTimeField()
    department = serializers.CharField(allow_null=True)
    kpis = KpiSerializer(many=True)
    rows = RowSerializer(many=True)
    trend_kind = serializers.ChoiceField(choices=[periods.WEEK, periods.MONTH])
    trend = TrendPointSerializer(many=True)


# --- month-end repair fees -------------------------------------------------------------------


class RepairFeesQuerySerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, help_text="Project id.")
    month = serializers.CharField(required=False, allow_blank=True, help_text="YYYY-MM (default this month).")

    def validate(self, attrs):
        try:
            attrs["period"] = periods.month_of(attrs.get("month"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return attrs


class FeeFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="completed paid tickets")
    labour_fee = serializers.DecimalField(**MONEY)
    materials_fee = serializers.DecimalField(**MONEY)
    total_fee = serializers.DecimalField(**MONEY, help_text="Σ fee receivable (what billing charges)")
    charged_count = serializers.IntegerField(help_text="tickets whose fee is already a charge")
    charged_fee = serializers.DecimalField(**MONEY)
    uncharged_count = serializers.IntegerField(help_text="tickets whose fee is not yet a charge")
    uncharged_fee = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY, help_text="paid so far on the charges (as of `as_of`)")


class RepairFeeItemSerializer(serializers.Serializer):
    service_item = serializers.IntegerField(
        allow_null=True, help_text="service menu item; null: other / unpriced"
    )
    name = serializers.CharField()
    figures = FeeFiguresSerializer()


class RepairFeeDepartmentSerializer(serializers.Serializer):
    department = serializers.CharField(allow_blank=True, help_text="department code; empty: never dispatched")
    label = serializers.CharField()
    figures = FeeFiguresSerializer()
    items = RepairFeeItemSerializer(many=True)


class ProjectBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class RepairFeesSerializer(serializers.Serializer):
    project = ProjectBriefSerializer()
    period = PeriodSerializer()
    as_of = serializers.DateTimeField()
    total = FeeFiguresSerializer()
    departments = RepairFeeDepartmentSerializer(many=True)
    items = RepairFeeItemSerializer(
        many=True, help_text="the same tickets by service item across departments"
    )
