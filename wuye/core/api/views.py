import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from wuye.core import services, workdays
from wuye.core.models import CalendarDay


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name"]
        extra_kwargs = {"date": {"validators": []}}  # posting an existing date changes it (upsert)


class CalendarDayViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The company's holiday / adjusted-workday table; it overrides the statutory package."""

    serializer_class = CalendarDaySerializer
    queryset = CalendarDay.objects.all()
    filterset_fields = {"date": ["gte", "lte", "year"], "kind": ["exact"]}

    def perform_create(self, serializer):
        serializer.instance = services.calendar_day_set(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.calendar_day_remove(day=instance, acting_user=self.request.user)


# CharField, not ChoiceField: a `source` enum would collide with other apps' `source` choices in the schema.
SOURCES_HELP = (
    "table: the company table; package: chinese-calendar; rule: statutory holidays by rule, "
    "adjusted working weekends unknown; fallback: nothing known, Monday–Friday"
)


class YearCoverageSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.CharField(help_text=SOURCES_HELP)
    holidays_known = serializers.BooleanField()
    adjusted_weekends_known = serializers.BooleanField()


class CalendarCheckSerializer(serializers.Serializer):
    date = serializers.DateField()
    is_workday = serializers.BooleanField()
    source = serializers.CharField(help_text=SOURCES_HELP)
    due_at = serializers.DateTimeField(required=False)
    uncovered_years = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="This year and next whose adjusted working weekends are unknown",
    )
    coverage = YearCoverageSerializer(
        many=True, help_text="Source of each year's calendar: last year to two years ahead, and `date`'s year"
    )


def _year_coverage(year: int) -> dict:
    source = workdays.year_coverage(year)
    return {
        "year": year,
        "source": source,
        "holidays_known": source != workdays.FALLBACK,
        "adjusted_weekends_known": source in (workdays.PACKAGE, workdays.TABLE),
    }


class CalendarQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    start = serializers.DateTimeField(required=False)
    add = serializers.IntegerField(required=False, min_value=0, max_value=3650)
    unit = serializers.ChoiceField(
        choices=["minutes", "hours", "days", "working_days", "working_hours"], default="working_days"
    )

    def validate_start(self, value):
        # before 1901 Asia/Shanghai keeps local mean time (+08:05:43), an offset RFC 3339 cannot write
        if value.year < 1901:
            raise serializers.ValidationError(_("Give a start time from 1901 on."))
        return value


@extend_schema(
    parameters=[
        OpenApiParameter("date", dt.date, description=str(_("Day to check (default today)"))),
        OpenApiParameter("start", dt.datetime, description="Start time for `add`"),
        OpenApiParameter("add", int, description="Amount to add to `start`"),
        OpenApiParameter("unit", str, enum=["minutes", "hours", "days", "working_days", "working_hours"]),
    ],
    responses=CalendarCheckSerializer,
)
@api_view(["GET"])
def calendar_check(request):
    """Is a day a working day (and from which source), which source each year's calendar comes from,
    and what is `start` + `add` `unit`."""
    query = CalendarQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    today = timezone.localdate()
    day = query.validated_data.get("date") or today
    source = workdays.day_source(day)
    data = {
        "date": day,
        "is_workday": source.workday,
        "source": source.source,
        "uncovered_years": workdays.coverage_warnings(),
        "coverage": [_year_coverage(y) for y in sorted({*range(today.year - 1, today.year + 3), day.year})],
    }
    if "add" in query.validated_data:
        start = query.validated_data.get("start") or timezone.now()
        data["due_at"] = workdays.add_duration(
            start, query.validated_data["add"], query.validated_data["unit"]
        )
    return Response(CalendarCheckSerializer(data).data, status=status.HTTP_200_OK)
