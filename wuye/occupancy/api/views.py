"""The occupancy API: move-ins (list, detail, create, care done), tenant exits and transfers (lists),
their printable papers (`move-ins/{id}/notice/`, `tenant-exits/{id}/form/`,
`ownership-transfers/{id}/form/`), and the two procedures named on estate's resources:
`leases/{id}/exit/` and `units/{id}/transfer/`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.core import access
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents, scoped_get
from wuye.core.api.schema import ErrorSerializer
from wuye.estate.models import Lease, Unit
from wuye.occupancy import pdf, services
from wuye.occupancy.api import serializers as s
from wuye.occupancy.choices import ExitStatus
from wuye.occupancy.models import MoveIn, OwnershipTransfer, TenantExit
from wuye.occupancy.services.common import describe_missing

VIEW_PERM = "occupancy.view"


class OccupancyViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Staff only (owners and tenants answer 403); reads with occupancy.view in the row's project."""

    view_perms = (VIEW_PERM,)
    resident_actions = frozenset()

    def respond(self, obj, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.base_queryset().get(pk=obj.pk)).data, status=status_code)


class MoveInViewSet(OccupancyViewSet):
    """入住: owner or tenant moving in (seed 000 §3)."""

    queryset_model = MoveIn
    serializer_class = s.MoveInSerializer
    filterset_fields = ["project", "unit", "kind", "care"]
    ordering_fields = ["moved_in_on", "id"]
    ordering = ["-moved_in_on", "-id"]

    def base_queryset(self):
        return MoveIn.objects.select_related("unit", "owner", "tenant")

    @extend_schema(
        request=s.MoveInCreateSerializer,
        responses={201: s.MoveInSerializer},
        summary="Record a move-in: the lease for a tenant, the unit's status, the move-in notice to the departments",
    )
    def create(self, request, *args, **kwargs):
        move_in = services.move_in_record(acting_user=request.user, **self.input(s.MoveInCreateSerializer))
        return self.respond(move_in, status.HTTP_201_CREATED)

    @extend_schema(
        request=None, responses=s.MoveInSerializer, summary="The VIP care task (flowers and a card) is done"
    )
    @action(detail=True, methods=["post"], url_path="care-done", url_name="care-done")
    def care_done(self, request, pk=None):
        move_in = services.move_in_care_done(move_in=self.get_object(), acting_user=request.user)
        return self.respond(move_in)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable move-in notice to the departments (入住知会单)",
    )
    @action(detail=True, methods=["get"])
    def notice(self, request, pk=None):
        move_in = self.get_object()
        return pdf.pdf_response(
            pdf.move_in_notice_pdf(move_in, viewer=request.user), f"move-in-notice-{move_in.unit.code}.pdf"
        )


class TenantExitViewSet(OccupancyViewSet):
    """退租 records: waiting (with what is outstanding), completed or cancelled."""

    queryset_model = TenantExit
    serializer_class = s.TenantExitSerializer
    filterset_fields = ["project", "unit", "lease", "status", "release_pass_allowed"]
    ordering_fields = ["moving_date", "id"]
    ordering = ["-moving_date", "-id"]

    def base_queryset(self):
        return TenantExit.objects.select_related("unit")

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable tenant exit record (退租登记表)",
    )
    @action(detail=True, methods=["get"])
    def form(self, request, pk=None):
        exit_ = self.get_object()
        return pdf.pdf_response(
            pdf.tenant_exit_pdf(exit_, viewer=request.user), f"tenant-exit-{exit_.unit.code}.pdf"
        )

    @extend_schema(request=None, responses=s.TenantExitSerializer, summary="Withdraw a waiting tenant exit")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        exit_ = services.tenant_exit_cancel(tenant_exit=self.get_object(), acting_user=request.user)
        return self.respond(exit_)


class TransferViewSet(OccupancyViewSet):
    """过户 records."""

    queryset_model = OwnershipTransfer
    serializer_class = s.TransferSerializer
    filterset_fields = ["project", "unit"]
    ordering_fields = ["transfer_date", "id"]
    ordering = ["-transfer_date", "-id"]

    def base_queryset(self):
        return OwnershipTransfer.objects.select_related("unit", "new_owner")

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable ownership transfer form (过户登记表)",
    )
    @action(detail=True, methods=["get"])
    def form(self, request, pk=None):
        transfer = self.get_object()
        return pdf.pdf_response(
            pdf.transfer_form_pdf(transfer, viewer=request.user),
            f"ownership-transfer-{transfer.unit.code}.pdf",
        )


class StaffProcedureView(APIView):
    """A procedure on an estate object named in the path: staff only, 404 outside the user's scope."""

    permission_classes = [IsAuthenticated]

    def staff_object(self, model, pk):
        deny_residents(self.request.user)
        return scoped_get(model, self.request.user, pk)

    def body(self, serializer_class):
        params = serializer_class(data=self.request.data, context={"request": self.request, "view": self})
        params.is_valid(raise_exception=True)
        return params.validated_data


class LeaseExitView(StaffProcedureView):
    @extend_schema(
        operation_id="leases_exit_create",
        request=s.TenantExitInputSerializer,
        responses={
            200: s.TenantExitSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="`exit_outstanding`: the exit is recorded and waits; `fields` names what is "
                "outstanding (`arrears`, `meter_readings`, `not_billed`, `owner_consent`); or invalid input.",
            ),
        },
        summary="A tenant leaves (退租): completes once settled up to the moving date and the owner agrees",
        tags=["leases"],
    )
    def post(self, request, pk):
        lease = self.staff_object(Lease, pk)
        access.require_perm(request.user, "occupancy.manage", lease.unit.project_id)
        exit_ = services.tenant_exit_request(
            lease=lease, acting_user=request.user, **self.body(s.TenantExitInputSerializer)
        )
        data = s.TenantExitSerializer(exit_).data
        if exit_.status == ExitStatus.WAITING:
            return Response(
                {
                    "code": "exit_outstanding",
                    "message": _("The exit waits; outstanding: %(items)s.")
                    % {"items": describe_missing(exit_.outstanding)},
                    "fields": exit_.outstanding,
                    "tenant_exit": data,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(data)


class UnitTransferView(StaffProcedureView):
    @extend_schema(
        operation_id="units_transfer_create",
        request=s.TransferInputSerializer,
        responses={
            201: s.TransferSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="`transfer_incomplete`: `fields` names what is missing (`title_certificate_no`, "
                "`new_owner`, `ownership`, `arrears`, `meter_readings`, `not_billed`, `prepayment`, "
                "`fire_safety_letter`, `transfer_date`, `unit_status`); or invalid input.",
            ),
        },
        summary="Transfer the unit to a new owner (过户)",
        tags=["units"],
    )
    def post(self, request, pk):
        unit = self.staff_object(Unit, pk)
        access.require_perm(request.user, "occupancy.manage", unit.project_id)
        data = self.body(s.TransferInputSerializer)
        transfer = services.ownership_transfer(unit=unit, acting_user=request.user, **data)
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)
