"""The storage_lending part of the front desk API (seed 000 §14): stored items (pick-up, customer
contacted, overdue list), the daily storage checks, the lendable items (lend, repaired, replaced,
retire) and their loans (return, overdue list). Reads need frontdesk.view, writes frontdesk.desk
(checked by the services); refusals answer 400 with `code`, `message`, `fields`."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.mixins import ScopedViewSetMixin
from wuye.core.validators import int_param
from wuye.frontdesk.api import storage_lending_serializers as s
from wuye.frontdesk.choices import LendableState, StorageCategory, StorageStatus
from wuye.frontdesk.models import LendableItem, Loan, StorageCheck, StoredItem
from wuye.frontdesk.selectors_storage_lending import (
    lendable_items_queryset,
    loans_queryset,
    overdue_loans,
    overdue_stored_items,
    stored_items_queryset,
)
from wuye.frontdesk.services import storage_lending as services

VIEW = ("frontdesk.view",)
PROJECT_PARAM = OpenApiParameter("project", int, required=False, description="Only this project's rows.")


def _projects(request):
    """The projects an overdue list covers: `?project=` (404 out of scope, 403 without the
    permission) or every project where the user reads the desk's registers."""
    raw = request.query_params.get("project")
    project_id = int_param(raw) if raw is not None else None
    if raw is not None and project_id is None:
        raise ValidationError({"project": ["Enter a project id."]})
    return access.projects_in_scope(request.user, "frontdesk.view", project_id)


class ReadViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    view_perms = VIEW
    resident_actions = frozenset()

    def respond(self, obj, status_code=status.HTTP_200_OK):
        row = self.base_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(row).data, status=status_code)

    def paged(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- storage --------------------------------------------------------------------------------------


class StoredItemFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=StorageStatus.choices)
    category = django_filters.ChoiceFilter(choices=StorageCategory.choices)

    class Meta:
        model = StoredItem
        fields: list[str] = []


class StoredItemViewSet(ReadViewSet):
    """Items left at the desk (寄存物品): deposit, pick-up, customer contacted, overdue list."""

    queryset_model = StoredItem
    serializer_class = s.StoredItemSerializer
    filterset_class = StoredItemFilter
    ordering_fields = ["deposited_at", "expected_pickup_at", "id"]
    ordering = ["-deposited_at", "-id"]

    def base_queryset(self):
        return stored_items_queryset()

    @extend_schema(
        request=s.StoredItemCreateSerializer,
        responses={201: s.StoredItemSerializer},
        summary="Take an item for temporary storage (the refused categories answer 400)",
    )
    def create(self, request, *args, **kwargs):
        item = services.storage_deposit(acting_user=request.user, **self.input(s.StoredItemCreateSerializer))
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.StoredItemPickupSerializer,
        responses={200: s.StoredItemSerializer},
        summary="Hand the item back: the customer's statement matches, ID registered, condition checked",
    )
    @action(detail=True, methods=["post"])
    def pickup(self, request, pk=None):
        item = self.get_object()
        services.storage_pickup(
            item=item, acting_user=request.user, **self.input(s.StoredItemPickupSerializer)
        )
        return self.respond(item)

    @extend_schema(
        request=s.StoredItemContactedSerializer,
        responses={200: s.StoredItemSerializer},
        summary="The customer of an overdue item was contacted",
    )
    @action(detail=True, methods=["post"])
    def contacted(self, request, pk=None):
        item = self.get_object()
        services.storage_contacted(
            item=item, acting_user=request.user, **self.input(s.StoredItemContactedSerializer)
        )
        return self.respond(item)

    @extend_schema(
        parameters=[PROJECT_PARAM],
        responses={200: s.StoredItemSerializer(many=True)},
        summary="Items still stored past their pick-up time, longest overdue first",
    )
    @action(detail=False, methods=["get"], filterset_class=None)
    def overdue(self, request):
        projects = _projects(request)
        queryset = StoredItem.objects.visible_to(request.user).filter(project__in=projects)
        return self.paged(overdue_stored_items(queryset=queryset))


class StorageCheckFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    day = django_filters.DateFilter()

    class Meta:
        model = StorageCheck
        fields: list[str] = []


class StorageCheckViewSet(ReadViewSet):
    """The day's check of the stored items: one per project and day; a difference needs a note."""

    queryset_model = StorageCheck
    serializer_class = s.StorageCheckSerializer
    filterset_class = StorageCheckFilter
    ordering_fields = ["day", "id"]
    ordering = ["-day", "-id"]

    def base_queryset(self):
        return StorageCheck.objects.select_related("checked_by")

    @extend_schema(
        request=s.StorageCheckCreateSerializer,
        responses={201: s.StorageCheckSerializer},
        summary="Record the day's check (items found against the items on record)",
    )
    def create(self, request, *args, **kwargs):
        check = services.storage_check_record(
            acting_user=request.user, **self.input(s.StorageCheckCreateSerializer)
        )
        return self.respond(check, status.HTTP_201_CREATED)


# --- lending --------------------------------------------------------------------------------------


class LendableItemFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    state = django_filters.ChoiceFilter(choices=LendableState.choices)

    class Meta:
        model = LendableItem
        fields: list[str] = []


class LendableItemViewSet(ReadViewSet):
    """Items the desk lends (umbrellas …) with their original price and state."""

    queryset_model = LendableItem
    serializer_class = s.LendableItemSerializer
    filterset_class = LendableItemFilter
    ordering_fields = ["code", "id"]
    ordering = ["code", "id"]

    def base_queryset(self):
        return lendable_items_queryset()

    @extend_schema(
        request=s.LendableItemCreateSerializer,
        responses={201: s.LendableItemSerializer},
        summary="Register an item to lend (number, name, original price)",
    )
    def create(self, request, *args, **kwargs):
        item = services.lendable_item_register(
            acting_user=request.user, **self.input(s.LendableItemCreateSerializer)
        )
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.LendSerializer,
        responses={201: s.LoanSerializer},
        summary="Lend the item (available only): borrower, condition at lending, due back",
    )
    @action(detail=True, methods=["post"])
    def lend(self, request, pk=None):
        item = self.get_object()
        loan = services.loan_lend(item=item, acting_user=request.user, **self.input(s.LendSerializer))
        row = loans_queryset().get(pk=loan.pk)
        return Response(
            s.LoanSerializer(row, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=s.ItemConditionSerializer,
        responses={200: s.LendableItemSerializer},
        summary="A damaged item is back from repair: available again",
    )
    @action(detail=True, methods=["post"])
    def repaired(self, request, pk=None):
        item = self.get_object()
        services.item_repaired(item=item, acting_user=request.user, **self.input(s.ItemConditionSerializer))
        return self.respond(item)

    @extend_schema(
        request=s.ItemConditionSerializer,
        responses={200: s.LendableItemSerializer},
        summary="A lost item has been replaced: available again under its number",
    )
    @action(detail=True, methods=["post"])
    def replaced(self, request, pk=None):
        item = self.get_object()
        services.item_replaced(item=item, acting_user=request.user, **self.input(s.ItemConditionSerializer))
        return self.respond(item)

    @extend_schema(
        request=s.ItemRetireSerializer,
        responses={200: s.LendableItemSerializer},
        summary="Retire the item (no longer lent)",
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        item = self.get_object()
        services.item_retire(item=item, acting_user=request.user, **self.input(s.ItemRetireSerializer))
        return self.respond(item)


class LoanFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="item__project_id")
    item = django_filters.NumberFilter(field_name="item_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    open = django_filters.BooleanFilter(field_name="returned_at", lookup_expr="isnull", label="Not back yet")

    class Meta:
        model = Loan
        fields: list[str] = []


class LoanViewSet(ReadViewSet):
    """Loans of the desk's items (物品借取登记表); a loan starts with `lendable-items/{id}/lend/`."""

    queryset_model = Loan
    project_lookup = "item__project_id"
    serializer_class = s.LoanSerializer
    filterset_class = LoanFilter
    ordering_fields = ["lent_at", "due_back_at", "id"]
    ordering = ["-lent_at", "-id"]

    def base_queryset(self):
        return loans_queryset()

    def project_id_of(self, obj):
        return obj.item.project_id

    @extend_schema(
        request=s.LoanReturnSerializer,
        responses={200: s.LoanSerializer},
        summary="The item comes back (good, damaged) or is lost; damage and loss are compensated at the "
        "original price through billing",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_item(self, request, pk=None):
        loan = self.get_object()
        services.loan_return(loan=loan, acting_user=request.user, **self.input(s.LoanReturnSerializer))
        return self.respond(loan)

    @extend_schema(
        parameters=[PROJECT_PARAM],
        responses={200: s.LoanSerializer(many=True)},
        summary="Loans not back by their due time, longest overdue first",
    )
    @action(detail=False, methods=["get"], filterset_class=None)
    def overdue(self, request):
        projects = _projects(request)
        queryset = Loan.objects.visible_to(request.user).filter(item__project__in=projects)
        return self.paged(overdue_loans(queryset=queryset))


def register(router) -> None:
    """Register this part's viewsets on the front desk router."""
    router.register("stored-items", StoredItemViewSet, basename="stored-item")
    router.register("storage-checks", StorageCheckViewSet, basename="storage-check")
    router.register("lendable-items", LendableItemViewSet, basename="lendable-item")
    router.register("loans", LoanViewSet, basename="loan")


urlpatterns: list = []
