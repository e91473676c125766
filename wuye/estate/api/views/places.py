"""API of the places: projects (with the roster import), buildings, units and public areas."""

import django_filters
from django.db.models import Case, Count, When
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from wuye.core.api.mixins import ReadCreateUpdateViewSet, ScopedViewSetMixin
from wuye.core.errors import PermissionDeniedError
from wuye.core.unset import KEEP
from wuye.estate import roster, selectors, services, unit_context
from wuye.estate.api import serializers as s
from wuye.estate.choices import OccupancyStatus, PublicAreaKind, UnitUse
from wuye.estate.models import Building, Project, PublicArea, RosterImport, Unit


class ProjectViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    """项目. Staff see the projects they are assigned to; company managers see all."""

    queryset_model = Project
    serializer_class = s.ProjectSerializer
    view_perm = "estate.view"
    project_lookup = "id"
    filterset_fields = ["kind", "is_active"]
    ordering_fields = ["name", "code"]

    def project_id_of(self, obj):
        return obj.pk

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.project_create(
            acting_user=self.request.user,
            name=data["name"],
            code=data["code"],
            kind=data["kind"],
            address=data.get("address", ""),
            service_phone=data.get("service_phone", ""),
            settings=data.get("settings"),
            is_active=data.get("is_active", True),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # a partial update leaves the others at KEEP
        serializer.instance = services.project_update(
            project=serializer.instance,
            acting_user=self.request.user,
            name=data.get("name", KEEP),
            code=data.get("code", KEEP),
            kind=data.get("kind", KEEP),
            address=data.get("address", KEEP),
            service_phone=data.get("service_phone", KEEP),
            settings=data.get("settings", KEEP),
            is_active=data.get("is_active", KEEP),
        )

    @extend_schema(
        methods=["GET"],
        responses=s.RosterImportSerializer(many=True),
        summary="Roster imports of the project",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.RosterUploadSerializer},
        responses={
            201: s.RosterImportSerializer,
            400: OpenApiResponse(description="rejected: nothing imported"),
        },
        summary="Import the developer's owner roster (.xlsx), all rows or none",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="roster-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def roster_import(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            self.check_project_perm("roster.import", project.pk)
            imports = RosterImport.objects.filter(project=project).select_related("imported_by")
            page = self.paginate_queryset(imports)
            return self.get_paginated_response(s.RosterImportSerializer(page, many=True).data)
        upload = s.RosterUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        record = roster.roster_import(
            project=project, data=file.read(), file_name=file.name, acting_user=request.user
        )
        data = s.RosterImportSerializer(record).data
        if record.result == RosterImport.Result.REJECTED:
            fields = {f"row {e['row']}": e["reasons"] for e in record.errors}
            return Response(
                {
                    "code": "roster_rejected",
                    "message": str(
                        _("%(n)s rows were rejected; nothing was imported.") % {"n": len(record.errors)}
                    ),
                    "fields": fields,
                    "import": data,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(data, status=status.HTTP_201_CREATED)


class BuildingViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    queryset_model = Building
    serializer_class = s.BuildingSerializer
    view_perm = "estate.view"
    filterset_fields = ["project"]
    ordering_fields = ["number"]

    def base_queryset(self):
        # An aggregate drops Meta.ordering from the query; pagination needs a stable order.
        return Building.objects.annotate(unit_count=Count("units")).order_by("project_id", "number")

    def perform_create(self, serializer):
        data = serializer.validated_data
        building = services.building_create(
            project=data["project"],
            acting_user=self.request.user,
            number=data["number"],
            name=data.get("name", ""),
            notes=data.get("notes", ""),
        )
        serializer.instance = self.base_queryset().get(pk=building.pk)  # with its unit_count

    def perform_update(self, serializer):
        data = serializer.validated_data  # the project does not change
        serializer.instance = services.building_update(
            building=serializer.instance,
            acting_user=self.request.user,
            number=data.get("number", KEEP),
            name=data.get("name", KEEP),
            notes=data.get("notes", KEEP),
        )

    @extend_schema(request=s.GenerateUnitsSerializer, responses={201: s.GenerateUnitsResultSerializer})
    @action(detail=True, methods=["post"], url_path="generate-units")
    def generate_units(self, request, pk=None):
        """Create the building's units: floors × rooms per floor (× entrances), skipping floors, in one transaction."""
        building = self.get_object()
        params = s.GenerateUnitsSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        units = services.building_generate_units(
            building=building, acting_user=request.user, **params.validated_data
        )
        return Response(
            {"created": len(units), "first_code": units[0].code, "last_code": units[-1].code},
            status=status.HTTP_201_CREATED,
        )


class UnitFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="code")
    status = django_filters.MultipleChoiceFilter(choices=OccupancyStatus.choices)
    lookup = django_filters.CharFilter(
        method="filter_lookup",
        label="the unit as staff say it: 1-2-602, 1栋2单元602, 2单元602 or 602 (with lookup_building); "
        "needs project; exact code first, several results when ambiguous",
    )
    lookup_building = django_filters.NumberFilter(
        method="filter_nothing", label="id of the building at hand, for lookup= without a building"
    )

    class Meta:
        model = Unit
        fields = ["project", "building", "status", "use", "floor"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(code__icontains=value.strip())

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_lookup(self, queryset, name, value):
        project = self.form.cleaned_data.get("project")
        if project is None:
            raise ValidationError({"project": [_("Choose the project to look the unit up in.")]})
        units = selectors.unit_lookup(
            user=self.request.user,
            project=project,
            text=value,
            building=int(building) if (building := self.form.cleaned_data.get("lookup_building")) else None,
        )
        order = Case(*[When(pk=unit.pk, then=position) for position, unit in enumerate(units)])
        return (
            queryset.filter(pk__in=[unit.pk for unit in units]).order_by(order) if units else queryset.none()
        )


class UnitViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    queryset_model = Unit
    serializer_class = s.UnitSerializer
    view_perm = "estate.view"
    filterset_class = UnitFilter
    ordering_fields = ["code", "floor", "status"]

    def base_queryset(self):
        return Unit.objects.select_related("building")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.unit_create(
            building=data["building"],
            acting_user=self.request.user,
            floor=data["floor"],
            room=data["room"],
            entrance=data.get("entrance", ""),
            code=data.get("code", ""),
            use=data.get("use", UnitUse.RESIDENCE),
            building_area=data.get("building_area"),
            inner_area=data.get("inner_area"),
            warranty_end=data.get("warranty_end"),
            handover_date=data.get("handover_date"),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # the building does not change
        serializer.instance = services.unit_update(
            unit=serializer.instance,
            acting_user=self.request.user,
            floor=data.get("floor", KEEP),
            room=data.get("room", KEEP),
            entrance=data.get("entrance", KEEP),
            code=data.get("code", KEEP),
            use=data.get("use", KEEP),
            building_area=data.get("building_area", KEEP),
            inner_area=data.get("inner_area", KEEP),
            warranty_end=data.get("warranty_end", KEEP),
            handover_date=data.get("handover_date", KEEP),
        )

    @extend_schema(
        responses={
            200: s.UnitContextSerializer,
            403: OpenApiResponse(description="residents; roles without estate.view"),
        },
        summary="The unit's context for the desk: status (with a warning when vacant or not handed over), "
        "owners and tenants, open tickets, arrears — each block only for roles that may see it",
    )
    @action(detail=True, methods=["get"], url_path="context")
    def context(self, request, pk=None):
        """What the desk should see as soon as the unit is named (a staff tool: residents get 403).
        Blocks the role may not see are left out; mobiles are masked unless the role may see them."""
        if request.user.is_resident:
            raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))
        unit = self.get_object()
        data = unit_context.unit_context(user=request.user, unit=unit, channel="api")
        return Response(s.UnitContextSerializer(data).data)

    @extend_schema(
        methods=["GET"],
        responses=s.UnitStatusHistorySerializer(many=True),
        filters=False,
        summary="Status history (the whole list, newest first)",
    )
    @extend_schema(
        methods=["POST"],
        request=s.UnitStatusChangeSerializer,
        responses=s.UnitSerializer,
        summary="Change the occupancy status (manual correction with a reason)",
    )
    @action(detail=True, methods=["get", "post"], url_path="status", pagination_class=None)
    def change_status(self, request, pk=None):
        unit = self.get_object()
        if request.method == "GET":
            history = unit.status_changes.select_related("changed_by")
            return Response(s.UnitStatusHistorySerializer(history, many=True).data)
        params = s.UnitStatusChangeSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        unit = services.unit_change_status(
            unit=unit,
            to_status=params.validated_data["status"],
            reason=params.validated_data["reason"],
            at=params.validated_data["at"],
            acting_user=request.user,
        )
        return Response(s.UnitSerializer(unit, context=self.get_serializer_context()).data)


class PublicAreaViewSet(ScopedViewSetMixin, ReadCreateUpdateViewSet):
    queryset_model = PublicArea
    serializer_class = s.PublicAreaSerializer
    view_perm = "estate.view"
    filterset_fields = ["project", "building", "kind", "is_active"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.public_area_create(
            project=data["project"],
            acting_user=self.request.user,
            name=data["name"],
            kind=data.get("kind", PublicAreaKind.OTHER),
            building=data.get("building"),
            is_active=data.get("is_active", True),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data  # the project does not change
        serializer.instance = services.public_area_update(
            area=serializer.instance,
            acting_user=self.request.user,
            name=data.get("name", KEEP),
            kind=data.get("kind", KEEP),
            building=data.get("building", KEEP),
            is_active=data.get("is_active", KEEP),
        )
