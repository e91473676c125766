"""The visitors_mail part of the front desk API (spec 05 "Visitors", "Mail, parcels, newspapers"):
visitors (`inside=true`: still inside), important mail with its steps and the daily uncollected list
(`?format=xlsx`), ordinary mail logged in bulk, and newspaper and magazine subscriptions with the
round list. Every write goes through one service; refusals answer 400 with `code`, `message`, `fields`."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wuye.core import access
from wuye.core.api.filters import YesNoFilter
from wuye.core.api.mixins import ScopedViewSetMixin
from wuye.core.api.renderers import XlsxRenderer
from wuye.frontdesk import excel_visitors_mail as excel
from wuye.frontdesk.api import visitors_mail_serializers as s
from wuye.frontdesk.choices import MailKind, MailStatus, SubscriptionKind
from wuye.frontdesk.models import MailItem, OrdinaryMailLog, Subscription, Visitor
from wuye.frontdesk.selectors_visitors_mail import (
    mail_list,
    newspaper_round,
    subscription_list,
    uncollected_mail,
    visitor_list,
)
from wuye.frontdesk.services import visitors_mail as services

VIEW_PERMS = ("frontdesk.view",)


class _Base(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    view_perms = VIEW_PERMS
    resident_actions = frozenset()

    def respond(self, obj, status_code=status.HTTP_200_OK):
        row = self.base_queryset().get(pk=obj.pk)
        return Response(
            self.output_class(row, context=self.get_serializer_context()).data, status=status_code
        )

    def project_of_query(self, query_class):
        query = query_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        (project,) = access.projects_in_scope(
            self.request.user, "frontdesk.view", query.validated_data["project"]
        )
        return project, query.validated_data


# --- visitors ----------------------------------------------------------------------------------------


class VisitorFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    host_unit = django_filters.NumberFilter(field_name="host_unit_id")
    inside = YesNoFilter(
        field_name="out_at", lookup_expr="isnull", help_text="`true`: visitors still inside (no time out)."
    )
    day = django_filters.DateFilter(field_name="in_at", lookup_expr="date", help_text="Came in on this day.")

    class Meta:
        model = Visitor
        fields: list[str] = []


class VisitorViewSet(_Base):
    """The visitor register (《来访人员登记表》): registered only after the person visited confirmed;
    the time out recorded once. ID numbers and mobiles are masked for roles without personal-data
    access (the gate sees them masked)."""

    queryset_model = Visitor
    serializer_class = s.VisitorSerializer
    output_class = s.VisitorSerializer
    filterset_class = VisitorFilter
    ordering_fields = ["in_at", "out_at", "id"]
    ordering = ["-in_at", "-id"]

    def base_queryset(self):
        return visitor_list()

    @extend_schema(
        request=s.VisitorCreateSerializer, responses={201: s.VisitorSerializer}, summary="Register a visitor"
    )
    def create(self, request, *args, **kwargs):
        visitor = services.visitor_register(acting_user=request.user, **self.input(s.VisitorCreateSerializer))
        return self.respond(visitor, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.VisitorLeaveSerializer,
        responses={200: s.VisitorSerializer},
        summary="Record the visitor's time out (once)",
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        visitor = self.get_object()
        services.visitor_leave(
            visitor=visitor, acting_user=request.user, **self.input(s.VisitorLeaveSerializer)
        )
        return self.respond(visitor)


# --- important mail ----------------------------------------------------------------------------------


class MailFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=MailStatus.choices)
    kind = django_filters.ChoiceFilter(choices=MailKind.choices)
    for_management = YesNoFilter(help_text="`true`: mail for the management office.")

    class Meta:
        model = MailItem
        fields: list[str] = []


class MailItemViewSet(_Base):
    """Important mail (《邮件签收登记表》) logged one by one: the recipient told, collected against a
    signature (the collector's ID when not the recipient), or returned."""

    queryset_model = MailItem
    serializer_class = s.MailItemSerializer
    output_class = s.MailItemSerializer
    filterset_class = MailFilter
    ordering_fields = ["received_at", "status", "id"]
    ordering = ["-received_at", "-id"]

    def base_queryset(self):
        return mail_list()

    @extend_schema(
        request=s.MailReceiveSerializer, responses={201: s.MailItemSerializer}, summary="Log important mail"
    )
    def create(self, request, *args, **kwargs):
        item = services.mail_receive(acting_user=request.user, **self.input(s.MailReceiveSerializer))
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MailNotifySerializer,
        responses={200: s.MailItemSerializer},
        summary="Record that the recipient was told (residents with a login get a message too)",
    )
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        item = self.get_object()
        services.mail_notify(item=item, acting_user=request.user, **self.input(s.MailNotifySerializer))
        return self.respond(item)

    @extend_schema(
        request=s.MailCollectSerializer,
        responses={200: s.MailItemSerializer},
        summary="Hand the mail over against a signature (the collector's ID when not the recipient)",
    )
    @action(detail=True, methods=["post"])
    def collect(self, request, pk=None):
        item = self.get_object()
        services.mail_collect(item=item, acting_user=request.user, **self.input(s.MailCollectSerializer))
        return self.respond(item)

    @extend_schema(
        request=s.MailReturnSerializer,
        responses={200: s.MailItemSerializer},
        summary="Return the mail to the sender or courier",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_mail(self, request, pk=None):
        item = self.get_object()
        services.mail_return(item=item, acting_user=request.user, **self.input(s.MailReturnSerializer))
        return self.respond(item)

    @extend_schema(
        parameters=[s.ProjectQuerySerializer],
        responses={
            (200, "application/json"): s.MailItemSerializer(many=True),
            (200, excel.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
        summary="The daily list of uncollected important mail, oldest first (`?format=xlsx`: as Excel)",
    )
    @action(
        detail=False,
        methods=["get"],
        renderer_classes=[*api_settings.DEFAULT_RENDERER_CLASSES, XlsxRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def uncollected(self, request):
        project, _query = self.project_of_query(s.ProjectQuerySerializer)
        items = uncollected_mail(MailItem.objects.visible_to(request.user).filter(project=project))
        if request.accepted_renderer.format == XlsxRenderer.format:
            today = timezone.localdate()
            disposition = f'attachment; filename="{excel.file_name(project, today)}"'
            return Response(
                excel.uncollected_workbook(project, items, today=today),
                headers={"Content-Disposition": disposition},
            )
        return Response(s.MailItemSerializer(items, many=True, context=self.get_serializer_context()).data)


# --- ordinary mail -----------------------------------------------------------------------------------


class OrdinaryMailFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    day = django_filters.DateFilter()

    class Meta:
        model = OrdinaryMailLog
        fields: list[str] = []


class OrdinaryMailLogViewSet(_Base):
    """Ordinary mail (letters, postcards, advertising, statements) put into the mailboxes, in bulk."""

    queryset_model = OrdinaryMailLog
    serializer_class = s.OrdinaryMailLogSerializer
    output_class = s.OrdinaryMailLogSerializer
    filterset_class = OrdinaryMailFilter
    ordering_fields = ["day", "id"]
    ordering = ["-day", "-id"]

    def base_queryset(self):
        return OrdinaryMailLog.objects.select_related("delivered_by").prefetch_related("units")

    @extend_schema(
        request=s.OrdinaryMailLogCreateSerializer,
        responses={201: s.OrdinaryMailLogSerializer},
        summary="Log ordinary mail put into the mailboxes",
    )
    def create(self, request, *args, **kwargs):
        log = services.ordinary_mail_log(
            acting_user=request.user, **self.input(s.OrdinaryMailLogCreateSerializer)
        )
        return self.respond(log, status.HTTP_201_CREATED)


# --- subscriptions -----------------------------------------------------------------------------------


class SubscriptionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    kind = django_filters.ChoiceFilter(choices=SubscriptionKind.choices)

    class Meta:
        model = Subscription
        fields: list[str] = []


class SubscriptionViewSet(_Base):
    """Newspaper and magazine subscriptions (《客户报刊杂志订阅表》) and the round sorted by building,
    floor and room."""

    queryset_model = Subscription
    serializer_class = s.SubscriptionSerializer
    output_class = s.SubscriptionSerializer
    filterset_class = SubscriptionFilter
    ordering_fields = ["starts_on", "title", "id"]
    ordering = ["unit__building__number", "unit__entrance", "unit__floor", "unit__room", "title", "id"]

    def base_queryset(self):
        return subscription_list()

    @extend_schema(
        request=s.SubscriptionCreateSerializer,
        responses={201: s.SubscriptionSerializer},
        summary="Register a unit's subscription",
    )
    def create(self, request, *args, **kwargs):
        item = services.subscription_register(
            acting_user=request.user, **self.input(s.SubscriptionCreateSerializer)
        )
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.SubscriptionUpdateSerializer,
        responses={200: s.SubscriptionSerializer},
        summary="Change a subscription (copies, title, until…)",
    )
    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        services.subscription_update(
            subscription=subscription, acting_user=request.user, **self.input(s.SubscriptionUpdateSerializer)
        )
        return self.respond(subscription)

    @extend_schema(
        parameters=[s.RoundQuerySerializer],
        responses={200: s.SubscriptionSerializer(many=True)},
        summary="The day's newspaper round: running subscriptions by building, floor and room",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def round(self, request):
        project, query = self.project_of_query(s.RoundQuerySerializer)
        rows = newspaper_round(
            Subscription.objects.visible_to(request.user).filter(project=project), day=query.get("day")
        )
        return Response(s.SubscriptionSerializer(rows, many=True, context=self.get_serializer_context()).data)


def register(router) -> None:
    """Register this part's viewsets on the front desk router."""
    router.register("visitors", VisitorViewSet, basename="visitor")
    router.register("mail", MailItemViewSet, basename="mail")
    router.register("ordinary-mail", OrdinaryMailLogViewSet, basename="ordinary-mail")
    router.register("subscriptions", SubscriptionViewSet, basename="subscription")


urlpatterns: list = []
