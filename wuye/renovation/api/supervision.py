"""The supervision actions of /api/v1/renovations/ (mixed into RenovationViewSet): daily patrols, the
board, violations with their notice and penalty, hot-work permits (seed 000 §2 step 13)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core import access
from wuye.renovation.api import supervision_serializers as ss
from wuye.renovation.files import file_response
from wuye.renovation.models import HotWorkPermit, Patrol, PatrolPhoto, Violation
from wuye.renovation.selectors_board import board as board_of
from wuye.renovation.services import supervision as services

VIOLATION = r"violations/(?P<vid>[0-9]+)"


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class SupervisionActions:
    """Actions and nested routes of this part of the procedure."""

    # --- helpers ------------------------------------------------------------------------------------

    def _violation(self, renovation, vid) -> Violation:
        return get_object_or_404(
            Violation.objects.select_related("renovation", "renovation__unit", "found_by"),
            renovation=renovation,
            pk=vid,
        )

    def _violation_response(self, violation, status_code=status.HTTP_200_OK) -> Response:
        row = Violation.objects.select_related("found_by").get(pk=violation.pk)
        return Response(ss.ViolationSerializer(row).data, status=status_code)

    def _list(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        data = serializer_class(page if page is not None else queryset, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    # --- patrols ------------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: ss.PatrolSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=ss.PatrolCreateSerializer,
        responses={201: ss.PatrolSerializer},
        summary="Record today's patrol of your department (one per department and day); "
        "hot work outside a permit window becomes a serious violation",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def patrols(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            rows = (
                Patrol.objects.filter(renovation=renovation)
                .select_related("by")
                .prefetch_related("photos", "violations")
                .order_by("-day", "department", "id")
            )
            return self._list(rows, ss.PatrolSerializer)
        data = self.input(ss.PatrolCreateSerializer)
        patrol = services.patrol_record(
            renovation=renovation,
            acting_user=request.user,
            department=data.get("department") or None,
            at=data.get("at"),
            findings=data["findings"],
            all_in_order=data["all_in_order"],
            hot_work_seen=data["hot_work_seen"],
            photos=data["photos"],
        )
        row = Patrol.objects.select_related("by").prefetch_related("photos", "violations").get(pk=patrol.pk)
        return Response(ss.PatrolSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "image/*"): OpenApiTypes.BINARY},
        summary="A photo of a patrol",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"patrols/(?P<patrol_id>[0-9]+)/photos/(?P<photo_id>[0-9]+)",
        url_name="patrol-photo",
    )
    def patrol_photo(self, request, pk=None, patrol_id=None, photo_id=None):
        renovation = self.get_object()
        photo = get_object_or_404(
            PatrolPhoto, pk=photo_id, patrol_id=patrol_id, patrol__renovation=renovation
        )
        return file_response(photo.file)

    @extend_schema(
        parameters=[ss.BoardQuerySerializer],
        responses={200: ss.BoardSerializer},
        summary="The renovation board: every renovating unit × department × day, gaps as null",
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def board(self, request):
        query = ss.BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        (project,) = access.projects_in_scope(request.user, "renovation.view", params["project"])
        result = board_of(project, params.get("date") or timezone.localdate(), params["days"])
        return Response(ss.BoardSerializer(result).data)

    # --- violations ---------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: ss.ViolationSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=ss.ViolationCreateSerializer,
        responses={201: ss.ViolationSerializer},
        summary="Record a violation: minor (action taken) or serious (rectification notice)",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def violations(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            rows = Violation.objects.filter(renovation=renovation).select_related("found_by")
            return self._list(rows.order_by("-found_at", "-id"), ss.ViolationSerializer)
        data = self.input(ss.ViolationCreateSerializer, renovation=renovation)
        violation = services.violation_record(
            renovation=renovation,
            acting_user=request.user,
            severity=data["severity"],
            rule=data["rule"],
            description=data["description"],
            department=data.get("department") or None,
            at=data.get("at"),
            action_taken=data["action_taken"],
            rectify_by=data.get("rectify_by"),
            patrol=data.get("patrol"),
        )
        return self._violation_response(violation, status.HTTP_201_CREATED)

    @extend_schema(
        request=ss.PenaltyProposeSerializer,
        responses={200: ss.ViolationSerializer},
        summary="Propose a penalty under the agreement (amount and clause)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"{VIOLATION}/propose-penalty",
        url_name="violation-propose-penalty",
    )
    def propose_penalty(self, request, pk=None, vid=None):
        violation = self._violation(self.get_object(), vid)
        services.penalty_propose(
            violation=violation, acting_user=request.user, **self.input(ss.PenaltyProposeSerializer)
        )
        return self._violation_response(violation)

    @extend_schema(
        request=ss.PenaltyDecideSerializer,
        responses={200: ss.ViolationSerializer},
        summary="The project manager approves or rejects a proposed penalty (never their own)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"{VIOLATION}/approve-penalty",
        url_name="violation-approve-penalty",
    )
    def approve_penalty(self, request, pk=None, vid=None):
        violation = self._violation(self.get_object(), vid)
        services.penalty_decide(
            violation=violation, acting_user=request.user, **self.input(ss.PenaltyDecideSerializer)
        )
        return self._violation_response(violation)

    @extend_schema(
        request=ss.ViolationPhoneSerializer,
        responses={200: ss.ViolationSerializer},
        summary="Record the call of a serious violation: the owner first, then the company's head",
    )
    @action(detail=True, methods=["post"], url_path=f"{VIOLATION}/phone", url_name="violation-phone")
    def violation_phone(self, request, pk=None, vid=None):
        violation = self._violation(self.get_object(), vid)
        services.violation_phone(
            violation=violation, acting_user=request.user, **self.input(ss.ViolationPhoneSerializer)
        )
        return self._violation_response(violation)

    @extend_schema(
        request=ss.ViolationSignSerializer,
        responses={200: ss.ViolationSerializer},
        summary="The owner or the company's head signed the rectification notice",
    )
    @action(detail=True, methods=["post"], url_path=f"{VIOLATION}/sign", url_name="violation-sign")
    def violation_sign(self, request, pk=None, vid=None):
        violation = self._violation(self.get_object(), vid)
        services.violation_sign(
            violation=violation, acting_user=request.user, **self.input(ss.ViolationSignSerializer)
        )
        return self._violation_response(violation)

    @extend_schema(
        request=ss.ViolationRectifiedSerializer,
        responses={200: ss.ViolationSerializer},
        summary="The violation is rectified",
    )
    @action(detail=True, methods=["post"], url_path=f"{VIOLATION}/rectified", url_name="violation-rectified")
    def violation_rectified(self, request, pk=None, vid=None):
        violation = self._violation(self.get_object(), vid)
        services.violation_rectified(
            violation=violation, acting_user=request.user, **self.input(ss.ViolationRectifiedSerializer)
        )
        return self._violation_response(violation)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable rectification notice (违章整改通知书) in three copies: owner, company, office",
        description="Only a serious violation has a notice (400 `violation_not_serious`).",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=f"{VIOLATION}/notice",
        url_name="violation-notice",
        filterset_class=None,
        pagination_class=None,
    )
    def violation_notice(self, request, pk=None, vid=None):
        from wuye.renovation.pdf_notice import violation_notice_pdf

        violation = self._violation(self.get_object(), vid)
        services._require_serious(violation)
        content = violation_notice_pdf(violation, viewer=request.user)
        return _pdf(content, f"violation-notice-{violation.number or violation.pk}.pdf")

    # --- hot-work permits ---------------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: ss.HotWorkPermitSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=ss.HotWorkPermitCreateSerializer,
        responses={201: ss.HotWorkPermitSerializer},
        summary="Issue a hot-work permit (动火审批) with its time window and fire precautions",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="hot-work-permits",
        url_name="hot-work-permits",
        filterset_class=None,
    )
    def hot_work_permits(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            rows = HotWorkPermit.objects.filter(renovation=renovation).select_related("approved_by")
            return self._list(rows.order_by("-starts_at", "-id"), ss.HotWorkPermitSerializer)
        permit = services.hot_work_permit_issue(
            renovation=renovation, acting_user=request.user, **self.input(ss.HotWorkPermitCreateSerializer)
        )
        return Response(ss.HotWorkPermitSerializer(permit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ss.HotWorkPermitCancelSerializer,
        responses={200: ss.HotWorkPermitSerializer},
        summary="Cancel a hot-work permit",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"hot-work-permits/(?P<permit_id>[0-9]+)/cancel",
        url_name="hot-work-permit-cancel",
    )
    def hot_work_permit_cancel(self, request, pk=None, permit_id=None):
        renovation = self.get_object()
        permit = get_object_or_404(
            HotWorkPermit.objects.select_related("renovation"), renovation=renovation, pk=permit_id
        )
        permit = services.hot_work_permit_cancel(
            permit=permit, acting_user=request.user, **self.input(ss.HotWorkPermitCancelSerializer)
        )
        return Response(ss.HotWorkPermitSerializer(permit).data)
