"""Service-desk API: tickets and their actions, service menu, calls-and-visits log, customer visits.

Every view: parse (input serializer) → fetch in scope (`visible_to`, out of scope = 404) → call one
service (permissions 403, rules 400 with a code) → answer with the output serializer.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.core import access
from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ReadCreateUpdateViewSet, ScopedViewSetMixin
from wuye.core.errors import PermissionDeniedError
from wuye.estate.models import Building, Project
from wuye.servicedesk import selectors, services
from wuye.servicedesk.api import serializers as s
from wuye.servicedesk.choices import OPEN_STATUSES, Category, Status
from wuye.servicedesk.models import (
    ButlerArea,
    ContactLog,
    CustomerReply,
    CustomerVisit,
    DeskDuty,
    ServiceMenuItem,
    Ticket,
    TicketEvent,
)

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    description="Evaluate deadlines and `is_overdue` at this moment (ISO 8601; default now).",
)


class AsOfMixin:
    @cached_property
    def as_of(self):
        params = s.AsOfSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data["as_of"] or timezone.now()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and not getattr(self, "swagger_fake_view", False):
            context["as_of"] = self.as_of
        return context


def tickets_for(user, *, as_of, timeline: bool = False):
    """Tickets in the user's scope, annotated for overdue at `as_of`, without per-row queries."""
    qs = selectors.ticket_list(user=user, as_of=as_of)
    if timeline:
        qs = qs.prefetch_related(
            Prefetch("events", queryset=TicketEvent.objects.select_related("actor")),
            Prefetch("replies", queryset=CustomerReply.objects.select_related("replied_by")),
        )
    return qs


def ticket_response(view, pk: int, *, status_code=status.HTTP_200_OK) -> Response:
    ticket = tickets_for(view.request.user, as_of=view.as_of, timeline=True).get(pk=pk)
    return Response(
        s.TicketDetailSerializer(ticket, context=view.get_serializer_context()).data, status=status_code
    )


class TicketFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    category = django_filters.MultipleChoiceFilter(choices=Category.choices)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    overdue = YesNoFilter(
        field_name="is_overdue", label="An open step is past due at `as_of`"
    )
    open = YesNoFilter(method="filter_open", label="Not closed nor cancelled")
    mine = YesNoFilter(
        method="filter_worklist", label="True: I am the first-contact person or the handler"
    )
    due_today = YesNoFilter(
        method="filter_worklist",
        label="True: open, with a pending step falling due later on `as_of`'s day (late ones are `overdue`)",
    )
    unreturned = YesNoFilter(
        method="filter_worklist",
        label="True: repair orders reported or dispatched on `as_of`'s day and not returned yet (the 16:30 list)",
    )
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    received_by = django_filters.NumberFilter(field_name="received_by_id")
    first_contact = django_filters.NumberFilter(field_name="first_contact_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    received_after = django_filters.DateTimeFilter(
        field_name="received_at", lookup_expr="gte", label="Received at or after (a date means its midnight)"
    )
    received_before = django_filters.DateTimeFilter(
        field_name="received_at",
        lookup_expr="lt",
        label="Received before (exclusive; a date means its midnight)",
    )

    class Meta:
        model = Ticket
        fields = ["department", "channel", "urgent", "severity", "validity", "incident"]

    def filter_worklist(self, queryset, name, value):
        """The console's worklist filters, same definitions (`selectors.ticket_filter_q`); false = no filter."""
        if not value:
            return queryset
        params = s.AsOfSerializer(data=self.request.query_params)
        as_of = (params.validated_data["as_of"] if params.is_valid() else None) or timezone.now()
        return queryset.filter(selectors.ticket_filter_q(user=self.request.user, as_of=as_of, **{name: True}))

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(status__in=OPEN_STATUSES) if value else queryset.exclude(status__in=OPEN_STATUSES)
        )


def ticket_action(input_serializer, summary: str):
    return extend_schema(
        request=input_serializer,
        responses={200: s.TicketDetailSerializer},
        parameters=[AS_OF],
        summary=summary,
    )


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF], summary="Tickets in scope, with deadlines evaluated at `as_of`"),
    retrieve=extend_schema(parameters=[AS_OF], summary="A ticket with its deadlines and timeline"),
)
class TicketViewSet(
    AsOfMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """报事 / 工单. Staff see their projects' tickets; owners and tenants those of their own units."""

    queryset_model = Ticket
    view_perm = "ticket.view"
    filterset_class = TicketFilter
    ordering_fields = ["received_at", "next_due_at", "number", "status", "id"]
    ordering = ["-received_at", "-id"]

    def get_serializer_class(self):
        if self.action == "list":
            return s.TicketSerializer
        return s.TicketDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        user = self.request.user
        if self.action not in ("list", "retrieve"):  # actions lock and re-read the row in the service
            return Ticket.objects.visible_to(user)
        qs = tickets_for(user, as_of=self.as_of, timeline=self.action == "retrieve")
        if self.action == "list" and not user.is_resident:
            ids = access.projects_with_perm(user, self.view_perm)
            if ids is not None:
                qs = qs.filter(project_id__in=ids)
        return qs

    @extend_schema(
        request=s.TicketCreateSerializer,
        responses={201: s.TicketDetailSerializer},
        parameters=[AS_OF],
        summary="Take in a request (owners and tenants: for their own units, channel portal)",
        description="Owners and tenants send the fields of `ResidentTicketCreate` "
        "(unit, category, content, public_area, contact_name, contact_phone, appointment_at, urgent, service_item).",
    )
    def create(self, request, *args, **kwargs):
        input_class = (
            s.ResidentTicketCreateSerializer if request.user.is_resident else s.TicketCreateSerializer
        )
        params = input_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        ticket = services.ticket_create(acting_user=request.user, **params.validated_data)
        return ticket_response(self, ticket.pk, status_code=status.HTTP_201_CREATED)

    def _act(self, request, input_class, service, **extra):
        ticket = self.get_object()
        params = input_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        service(ticket=ticket, acting_user=request.user, **params.validated_data, **extra)
        return ticket_response(self, ticket.pk)

    @ticket_action(s.DispatchSerializer, "Dispatch or pass on to a department (and a person)")
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def dispatch_ticket(self, request, pk=None):  # `dispatch` is APIView's request entry point
        return self._act(request, s.DispatchSerializer, services.ticket_dispatch)

    @ticket_action(s.EventTimeSerializer, "The handler signs for the order")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(request, s.EventTimeSerializer, services.ticket_accept)

    @extend_schema(request=None, responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   summary="Printable repair order (维修服务单): customer copy and archive copy")
    @action(detail=True, methods=["get"], url_path="repair-order", url_name="repair-order")
    def repair_order(self, request, pk=None):
        from django.http import Http404, HttpResponse

        from wuye.servicedesk.choices import REPAIR_CATEGORIES
        from wuye.servicedesk.pdf import repair_order_pdf

        ticket = self.get_object()
        if ticket.category not in REPAIR_CATEGORIES:
            raise Http404("not a repair")
        response = HttpResponse(repair_order_pdf(ticket), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="repair-order-{ticket.number}.pdf"'
        return response

    @ticket_action(s.StartSerializer, "The handler called the customer before the appointment")
    @action(detail=True, methods=["post"], url_path="contact-customer", url_name="contact-customer")
    def contact_customer(self, request, pk=None):
        return self._act(request, s.StartSerializer, services.ticket_contact_customer)

    @ticket_action(s.StartSerializer, "On site: work begins")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(request, s.StartSerializer, services.ticket_start)

    @ticket_action(s.CompleteSerializer, "The handler's result: time, materials, fee")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._act(request, s.CompleteSerializer, services.ticket_complete)

    @ticket_action(s.CustomerAcceptSerializer, "The customer signs off, or rejects (rework)")
    @action(detail=True, methods=["post"], url_path="customer-accept")
    def customer_accept(self, request, pk=None):
        return self._act(request, s.CustomerAcceptSerializer, services.ticket_customer_accept)

    @ticket_action(s.ReturnVisitSerializer, "Record the return visit (unsolved or dissatisfied reopens)")
    @action(detail=True, methods=["post"], url_path="return-visit")
    def return_visit(self, request, pk=None):
        return self._act(request, s.ReturnVisitSerializer, services.ticket_return_visit)

    @ticket_action(s.EscalateSerializer, "Escalate to supervisor, manager or leadership")
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._act(request, s.EscalateSerializer, services.ticket_escalate)

    @ticket_action(s.ExtendDeadlineSerializer, "Extend one step's deadline (the caller approves)")
    @action(detail=True, methods=["post"], url_path="extend-deadline")
    def extend_deadline(self, request, pk=None):
        return self._act(request, s.ExtendDeadlineSerializer, services.ticket_extend_deadline)

    @ticket_action(s.ClassifySerializer, "Complaint validity and severity (supervisor)")
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        return self._act(request, s.ClassifySerializer, services.complaint_classify)

    @ticket_action(s.CancelSerializer, "Cancel, with the reason")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(request, s.CancelSerializer, services.ticket_cancel)

    @ticket_action(s.CloseSerializer, "Close (a consultation from intake with the answer)")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, s.CloseSerializer, services.ticket_close)

    @ticket_action(s.ReplySerializer, "Record a reply to the customer (who, when, channel, what was said)")
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._act(request, s.ReplySerializer, services.ticket_reply)

    @ticket_action(s.OpinionSerializer, "The supervisor's handling opinion on a complaint")
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        return self._act(request, s.OpinionSerializer, services.complaint_record_opinion)

    @ticket_action(s.QuoteSerializer, "The price agreed with the customer before a paid job")
    @action(detail=True, methods=["post"])
    def quote(self, request, pk=None):
        return self._act(request, s.QuoteSerializer, services.ticket_quote)

    @ticket_action(s.HandoverSerializer, "Hand the first-contact duty to a colleague")
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        return self._act(request, s.HandoverSerializer, services.ticket_handover)

    @ticket_action(s.IncidentSerializer, "Group the complaint into an incident (five customers: major)")
    @action(detail=True, methods=["post"])
    def incident(self, request, pk=None):
        return self._act(request, s.IncidentSerializer, services.complaint_link_incident)


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
            project=data["project"], acting_user=self.request.user, group=data["group"], name=data["name"],
            pricing=data["pricing"], price_text=data["price_text"], price_min=data.get("price_min"),
            price_max=data.get("price_max"), unit_label=data.get("unit_label", ""),
            labour_only=data.get("labour_only", False), department=data.get("department", ""),
            sort_order=data.get("sort_order", 0), is_active=data.get("is_active", True),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # a partial update: the item's current values for the others
        item = serializer.instance
        serializer.instance = services.service_menu_item_save(
            project=data.get("project", item.project), item=item, acting_user=self.request.user,
            group=data.get("group", item.group), name=data.get("name", item.name),
            pricing=data.get("pricing", item.pricing), price_text=data.get("price_text", item.price_text),
            price_min=data.get("price_min", item.price_min), price_max=data.get("price_max", item.price_max),
            unit_label=data.get("unit_label", item.unit_label), labour_only=data.get("labour_only", item.labour_only),
            department=data.get("department", item.department), sort_order=data.get("sort_order", item.sort_order),
            is_active=data.get("is_active", item.is_active),
        )


class ContactLogFilter(django_filters.FilterSet):
    at_after = django_filters.DateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.DateTimeFilter(field_name="at", lookup_expr="lt")
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
            log=log, category=data["category"], acting_user=request.user, public_area=data["public_area"],
            contact_phone=data["contact_phone"], appointment_at=data["appointment_at"],
            promised_at=data["promised_at"], urgent=data["urgent"], department=data["department"],
            service_item=data["service_item"], answer=data["answer"],
        )
        return ticket_response(self, ticket.pk, status_code=status.HTTP_201_CREATED)


class CustomerVisitFilter(django_filters.FilterSet):
    at_after = django_filters.DateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.DateTimeFilter(field_name="at", lookup_expr="lt")

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


class DeskDutyViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
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
        duty = services.desk_duty_set(project=data["project"], day=data["day"], user=data["user"],
                                      acting_user=request.user)
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

    @extend_schema(request=s.DeadlineSettingsSerializer, responses=s.DeadlineSettingsSerializer,
                   summary="Change the project's deadline rules (project manager)")
    def put(self, request, project_id: int):
        project = self._project(request, project_id)
        params = s.DeadlineSettingsSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        rules = {row["step"]: (row["amount"], row["unit"]) for row in params.validated_data["rules"]}
        project = services.deadline_settings_save(
            project=project, rules=rules, unreturned_digest_time=params.validated_data["unreturned_digest_time"],
            acting_user=request.user,
        )
        return Response(s.DeadlineSettingsSerializer(services.deadline_settings(project)).data)


class ButlerAreaView(APIView):
    """片区管家 of each building of a project: GET lists them (staff of the project); POST names a
    building's butler or, with `user: null`, removes it (the supervisor)."""

    serializer_class = s.ButlerAreaSerializer

    @extend_schema(responses=s.ButlerAreaSerializer(many=True), summary="Area butlers of the project's buildings")
    def get(self, request, project_id: int):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
        if request.user.is_resident:
            raise PermissionDeniedError("forbidden", _("Staff only."))
        access.require_perm(request.user, "ticket.view", project.pk)
        butlers = {b.building_id: b.user for b in ButlerArea.objects.filter(project=project).select_related("user")}
        rows = [{"building": b, "user": butlers.get(b.pk)} for b in Building.objects.filter(project=project)]
        return Response(s.ButlerAreaSerializer(rows, many=True).data)

    @extend_schema(request=s.ButlerAreaSerializer, responses=s.ButlerAreaSerializer,
                   summary="Name (or remove) a building's area butler")
    def post(self, request, project_id: int):
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
        params = s.ButlerAreaSerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        building = params.validated_data["building"]
        if building.project_id != project.pk:
            raise ValidationError({"building": [_("The building belongs to another project.")]})
        services.butler_area_set(building=building, user=params.validated_data["user"], acting_user=request.user)
        return Response(s.ButlerAreaSerializer({"building": building, "user": params.validated_data["user"]}).data)
