"""API of the people: owners, tenants (with their resident logins), ownerships and leases."""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.api.mixins import ReadCreateUpdateViewSet, ScopedViewSetMixin
from wuye.estate import services
from wuye.estate.api import serializers as s
from wuye.estate.models import Lease, Owner, Ownership, Tenant

OWNER_DATA_FIELDS = (*s.PERSON_DATA_FIELDS, "is_vip", "archive_note")


def _given(data: dict, names: tuple[str, ...]) -> dict:
    """The named fields the request gave. The services take the others as not given: a new
    person gets their default, an update keeps them (KEEP)."""
    return {name: data[name] for name in names if name in data}


class PersonFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="name")

    def filter_search(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())


class OwnerFilter(PersonFilter):
    unit = django_filters.NumberFilter(field_name="ownerships__unit", distinct=True)

    class Meta:
        model = Owner
        fields = ["project", "is_vip"]


class PersonViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    # What the owner and tenant endpoints share: who reads them, their order, the resident login.
    # A comment, not a docstring: the OpenAPI schema would show it on the tenant operations.

    view_perm = "people.view"
    ordering_fields = ["name"]

    @extend_schema(request=s.ResidentAccountSerializer, responses={201: s.ResidentAccountResultSerializer})
    @action(detail=True, methods=["post"])
    def account(self, request, pk=None):
        """Create the person's login (linked to this record; they then see only their own units)."""
        person = self.get_object()
        params = s.ResidentAccountSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        user = services.resident_account_create(
            person=person, acting_user=request.user, **params.validated_data
        )
        return Response(
            {"user": user.pk, "username": user.username, "kind": user.kind}, status=status.HTTP_201_CREATED
        )


class OwnerViewSet(PersonViewSet):
    """业主. ID numbers and mobiles are masked unless the role needs them; every detail view is logged."""

    queryset_model = Owner
    serializer_class = s.OwnerSerializer
    filterset_class = OwnerFilter

    def base_queryset(self):
        return Owner.objects.prefetch_related(
            Prefetch("ownerships", queryset=Ownership.objects.select_related("unit"))
        )

    def retrieve(self, request, *args, **kwargs):
        owner = self.get_object()
        unmasked = services.owner_record_access(owner=owner, acting_user=request.user, channel="api")
        if owner.user_id == request.user.pk:
            unmasked = True
        context = {**self.get_serializer_context(), "unmasked": unmasked}
        return Response(self.get_serializer_class()(owner, context=context).data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.owner_create(
            project=data["project"], acting_user=self.request.user, **_given(data, OWNER_DATA_FIELDS)
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # the project does not change
        serializer.instance = services.owner_update(
            owner=serializer.instance, acting_user=self.request.user, **_given(data, OWNER_DATA_FIELDS)
        )


class TenantFilter(PersonFilter):
    unit = django_filters.NumberFilter(field_name="leases__unit", distinct=True)

    class Meta:
        model = Tenant
        fields = ["project"]


class TenantViewSet(PersonViewSet):
    queryset_model = Tenant
    serializer_class = s.TenantSerializer
    filterset_class = TenantFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.tenant_create(
            project=data["project"], acting_user=self.request.user, **_given(data, s.PERSON_DATA_FIELDS)
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # the project does not change
        serializer.instance = services.tenant_update(
            tenant=serializer.instance, acting_user=self.request.user, **_given(data, s.PERSON_DATA_FIELDS)
        )


class UnitLinkViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    # Ownerships and leases: created and ended, never edited or deleted; scoped by the unit's project.
    # A comment, not a docstring: the OpenAPI schema would show it on the lease operations.

    view_perm = "people.view"
    project_lookup = "unit__project_id"
    http_method_names = ["get", "post", "head", "options"]
    # residents read their unit's links; a create or an end answers 403 before the body is read
    resident_actions = frozenset({"list", "retrieve"})

    def project_id_of(self, obj):
        return obj.unit.project_id


class OwnershipViewSet(UnitLinkViewSet):
    """产权关系. Created and ended, never edited or deleted: the history is the record."""

    queryset_model = Ownership
    serializer_class = s.OwnershipSerializer
    filterset_fields = ["unit", "owner"]

    def base_queryset(self):
        return Ownership.objects.select_related("owner", "unit")

    def perform_create(self, serializer):
        serializer.instance = services.ownership_create(
            acting_user=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.OwnershipEndSerializer, responses=s.OwnershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        ownership = self.get_object()
        params = s.OwnershipEndSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        ownership = services.ownership_end(
            ownership=ownership, acting_user=request.user, **params.validated_data
        )
        return Response(s.OwnershipSerializer(ownership, context=self.get_serializer_context()).data)


class LeaseViewSet(UnitLinkViewSet):
    queryset_model = Lease
    serializer_class = s.LeaseSerializer
    filterset_fields = ["unit", "tenant"]

    def base_queryset(self):
        return Lease.objects.select_related("tenant", "unit")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.lease_create(
            tenant=data["tenant"],
            unit=data["unit"],
            start_date=data["start_date"],
            acting_user=self.request.user,
            contract_end_date=data.get("contract_end_date"),
            owner_consent_on_file=data.get("owner_consent_on_file", False),
            lease_agreement_on_file=data.get("lease_agreement_on_file", False),
            safety_letter_signed=data.get("safety_letter_signed", False),
        )

    @extend_schema(request=s.LeaseEndSerializer, responses=s.LeaseSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        lease = self.get_object()
        params = s.LeaseEndSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        lease = services.lease_end(lease=lease, acting_user=request.user, **params.validated_data)
        return Response(s.LeaseSerializer(lease, context=self.get_serializer_context()).data)
