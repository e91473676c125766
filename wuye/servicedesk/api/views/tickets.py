"""Tickets: intake, list and detail with deadlines at `as_of`, and one action per lifecycle step."""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.filters import UtcDateTimeFilter, YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents
from wuye.servicedesk import selectors, services
from wuye.servicedesk.api import serializers as s
from wuye.servicedesk.choices import OPEN_STATUSES, Category, Status
from wuye.servicedesk.models import (
    CustomerReply,
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
    overdue = YesNoFilter(field_name="is_overdue", label="An open step is past due at `as_of`")
    open = YesNoFilter(method="filter_open", label="Not closed nor cancelled")
    mine = YesNoFilter(method="filter_worklist", label="True: I am the first-contact person or the handler")
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
    received_after = UtcDateTimeFilter(
        field_name="received_at", lookup_expr="gte", label="Received at or after (a date means its midnight)"
    )
    received_before = UtcDateTimeFilter(
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

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable repair order (维修服务单): customer copy and archive copy",
    )
    @action(detail=True, methods=["get"], url_path="repair-order", url_name="repair-order")
    def repair_order(self, request, pk=None):
        from django.http import Http404, HttpResponse

        from wuye.servicedesk.choices import REPAIR_CATEGORIES
        from wuye.servicedesk.pdf import repair_order_pdf

        deny_residents(request.user)  # the staff print, as in the console
        ticket = self.get_object()
        if ticket.category not in REPAIR_CATEGORIES:
            raise Http404("not a repair")
        response = HttpResponse(repair_order_pdf(ticket, viewer=request.user), content_type="application/pdf")
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
