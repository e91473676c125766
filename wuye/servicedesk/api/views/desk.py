"""The service menu, calls and visits log, customer visits, desk duty, deadline settings and area butlers."""

import django_filters
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.core import access
from wuye.core.api.filters import UtcDateTimeFilter, YesNoFilter
from wuye.core.api.mixins import ReadCreateUpdateViewSet, ScopedViewSetMixin
from wuye.core.errors import PermissionDeniedError
from wuye.estate.models import Building, Project
from wuye.servicedesk import services
from wuye.servicedesk.api import serializers as s
from wuye.servicedesk.api.views.tickets import AS_OF, AsOfMixin, ticket_response
from wuye.servicedesk.models import (
    ButlerArea,
    ContactLog,
    CustomerVisit,
    DeskDuty,
    ServiceMenuItem,
)


class ServiceMenuFilter(django_filters.FilterSet):
    class Meta:
        model = ServiceMenuItem
        fields = ["project", "group", "pricing", "is_active"]


class ServiceMenuItemViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    """特约服务收费标准. Every staff member of the project and the project's owners and tenants read it."""

    queryset_model = ServiceMenuItem
    serializer_class = s.ServiceMenuItemSerializer
    filterset_class = ServiceMenuFilter
    ordering_fields = ["sort_order", "name"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceMenuItem.objects.none()
        return s.service_menu_for(self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.service_menu_item_save(
            project=data["project"],
            acting_user=self.request.user,
            group=data["group"],
            name=data["name"],
            pricing=data["pricing"],
            price_text=data["price_text"],
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            unit_label=data.get("unit_label", ""),
            labour_only=data.get("labour_only", False),
            department=data.get("department", ""),
            sort_order=data.get("sort_order", 0),
            is_active=data.get("is_active", True),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # a partial update: the item's current values for the others
        item = serializer.instance
        serializer.instance = services.service_menu_item_save(
            project=data.get("project", item.project),
            item=item,
            acting_user=self.request.user,
            group=data.get("group", item.group),
            name=data.get("name", item.name),
            pricing=data.get("pricing", item.pricing),
            price_text=data.get("price_text", item.price_text),
            price_min=data.get("price_min", item.price_min),
            price_max=data.get("price_max", item.price_max),
            unit_label=data.get("unit_label", item.unit_label),
            labour_only=data.get("labour_only", item.labour_only),
            department=data.get("department", item.department),
            sort_order=data.get("sort_order", item.sort_order),
            is_active=data.get("is_active", item.is_active),
        )


class ContactLogFilter(django_filters.FilterSet):
    at_after = UtcDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = UtcDateTimeFilter(field_name="at", lookup_expr="lt")
    ticketed = YesNoFilter(field_name="ticket", lookup_expr="isnull", exclude=True)

    class Meta:
        model = ContactLog
        fields = ["project", "kind", "unit", "received_by"]


class ContactLogViewSet(
    AsOfMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """来电来访记录: every call and visit; what needs action becomes a ticket."""

    queryset_model = ContactLog
    serializer_class = s.ContactLogSerializer
    view_perm = "contact.record"
    filterset_class = ContactLogFilter
    ordering_fields = ["at"]

    def base_queryset(self):
        return ContactLog.objects.select_related("unit", "received_by")

    @extend_schema(request=s.ContactLogCreateSerializer, responses={201: s.ContactLogSerializer})
    def create(self, request, *args, **kwargs):
        params = s.ContactLogCreateSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        log = services.contact_log_create(acting_user=request.user, **params.validated_data)
        return Response(s.ContactLogSerializer(log).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MakeTicketSerializer,
        responses={201: s.TicketDetailSerializer},
        parameters=[AS_OF],
        summary="Turn the logged call or visit into a ticket",
    )
    @action(detail=True, methods=["post"], url_path="make-ticket")
    def make_ticket(self, request, pk=None):
        log = self.get_object()
        params = s.MakeTicketSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        ticket = services.ticket_from_contact_log(
            log=log,
            category=data["category"],
            acting_user=request.user,
            public_area=data["public_area"],
            contact_phone=data["contact_phone"],
            appointment_at=data["appointment_at"],
            promised_at=data["promised_at"],
            urgent=data["urgent"],
            department=data["department"],
            service_item=data["service_item"],
            answer=data["answer"],
        )
        return ticket_response(self, ticket.pk, status_code=status.HTTP_201_CREATED)


class CustomerVisitFilter(django_filters.FilterSet):
    at_after = UtcDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = UtcDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = CustomerVisit
        fields = ["project", "unit", "visited_by", "method", "declined", "key_customer", "satisfaction"]


class CustomerVisitViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """客户走访: proactive visits; an opinion with a category becomes a ticket."""

    queryset_model = CustomerVisit
    serializer_class = s.CustomerVisitSerializer
    view_perm = "contact.record"
    filterset_class = CustomerVisitFilter
    ordering_fields = ["at"]

    def base_queryset(self):
        return CustomerVisit.objects.select_related("unit", "visited_by").prefetch_related("tickets")

    @extend_schema(request=s.CustomerVisitCreateSerializer, responses={201: s.CustomerVisitSerializer})
    def create(self, request, *args, **kwargs):
        params = s.CustomerVisitCreateSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        visit = services.customer_visit_create(acting_user=request.user, **params.validated_data)
        return Response(s.CustomerVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class DeskDutyFilter(django_filters.FilterSet):
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte")
    day_to = django_filters.DateFilter(field_name="day", lookup_expr="lte")

    class Meta:
        model = DeskDuty
        fields = ["project", "day", "user"]


class DeskDutyViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """值班客户助理: who is on desk duty each day (first contact for residents' own reports in buildings
    without an area butler). POST sets the day's assistant, replacing an earlier choice."""

    queryset_model = DeskDuty
    serializer_class = s.DeskDutySerializer
    view_perm = "ticket.view"
    filterset_class = DeskDutyFilter
    ordering_fields = ["day"]

    def base_queryset(self):
        return DeskDuty.objects.select_related("user")

    def create(self, request, *args, **kwargs):
        params = s.DeskDutySerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        duty = services.desk_duty_set(
            project=data["project"], day=data["day"], user=data["user"], acting_user=request.user
        )
        return Response(s.DeskDutySerializer(duty).data, status=status.HTTP_201_CREATED)


class DeadlineSettingsView(APIView):
    """时限设置: a project's deadline rules (calendar or working time per step) and the time of the
    daily unreturned-repairs list. Readable by the project's staff; written by the project manager."""

    serializer_class = s.DeadlineSettingsSerializer

    def _project(self, request, project_id):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
        if request.user.is_resident:
            raise PermissionDeniedError("forbidden", _("Staff only."))
        access.require_perm(request.user, "ticket.view", project.pk)
        return project

    @extend_schema(responses=s.DeadlineSettingsSerializer, summary="The project's deadline rules")
    def get(self, request, project_id: int):
        project = self._project(request, project_id)
        return Response(s.DeadlineSettingsSerializer(services.deadline_settings(project)).data)

    @extend_schema(
        request=s.DeadlineSettingsSerializer,
        responses=s.DeadlineSettingsSerializer,
        summary="Change the project's deadline rules (project manager)",
    )
    def put(self, request, project_id: int):
        project = self._project(request, project_id)
        params = s.DeadlineSettingsSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        rules = {row["step"]: (row["amount"], row["unit"]) for row in params.validated_data["rules"]}
        project = services.deadline_settings_save(
            project=project,
            rules=rules,
            unreturned_digest_time=params.validated_data["unreturned_digest_time"],
            acting_user=request.user,
        )
        return Response(s.DeadlineSettingsSerializer(services.deadline_settings(project)).data)


class ButlerAreaView(APIView):
    """片区管家 of each building of a project: GET lists them (staff of the project); POST names a
    building's butler or, with `user: null`, removes it (the supervisor)."""

    serializer_class = s.ButlerAreaSerializer

    @extend_schema(
        responses=s.ButlerAreaSerializer(many=True), summary="Area butlers of the project's buildings"
    )
    def get(self, request, project_id: int):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
        if request.user.is_resident:
            raise PermissionDeniedError("forbidden", _("Staff only."))
        access.require_perm(request.user, "ticket.view", project.pk)
        butlers = {
            b.building_id: b.user for b in ButlerArea.objects.filter(project=project).select_related("user")
        }
        rows = [{"building": b, "user": butlers.get(b.pk)} for b in Building.objects.filter(project=project)]
        return Response(s.ButlerAreaSerializer(rows, many=True).data)

    @extend_schema(
        request=s.ButlerAreaSerializer,
        responses=s.ButlerAreaSerializer,
        summary="Name (or remove) a building's area butler",
    )
    def post(self, request, project_id: int):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
        params = s.ButlerAreaSerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        building = params.validated_data["building"]
        if building.project_id != project.pk:
            raise ValidationError({"building": [_("The building belongs to another project.")]})
        services.butler_area_set(
            building=building, user=params.validated_data["user"], acting_user=request.user
        )
        return Response(
            s.ButlerAreaSerializer({"building": building, "user": params.validated_data["user"]}).data
        )
