"""API of key custody (seed 000 §23): the register, its movements, overdue keys, release approvals."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.mixins import ScopedViewSetMixin
from wuye.keys import services
from wuye.keys.api import serializers as s
from wuye.keys.choices import KeySource, KeyState
from wuye.keys.models import Key
from wuye.keys.selectors import key_detail_queryset, overdue_keys, receipt_movement, register_keys


class KeyFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    state = django_filters.ChoiceFilter(choices=KeyState.choices)
    source = django_filters.ChoiceFilter(choices=KeySource.choices)
    number = django_filters.CharFilter()

    class Meta:
        model = Key
        fields: list[str] = []


class KeyViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The key register (钥匙委托管理清册): staff with keys.view read it; every movement goes through a
    service that checks its rule (refusals answer 400 with `code`, `message`, `fields`)."""

    queryset_model = Key
    view_perms = ("keys.view",)
    resident_actions = frozenset()
    serializer_class = s.KeySerializer
    filterset_class = KeyFilter
    ordering_fields = ["number", "registered_at", "due_back_at", "id"]
    ordering = ["number", "id"]

    def base_queryset(self):
        queryset = key_detail_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("movements", "releases")
        return queryset

    def get_serializer_class(self):
        return (
            s.KeyDetailSerializer if self.action != "list" and self.action != "overdue" else s.KeySerializer
        )

    def respond(self, key, status_code=status.HTTP_200_OK):
        row = key_detail_queryset().prefetch_related("movements", "releases").get(pk=key.pk)
        return Response(
            s.KeyDetailSerializer(row, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(
        request=s.KeyCreateSerializer,
        responses={201: s.KeyDetailSerializer},
        summary="Register a key (developer / not taken), or keep one entrusted by the owner",
    )
    def create(self, request, *args, **kwargs):
        key = services.key_register(acting_user=request.user, **self.input(s.KeyCreateSerializer))
        return self.respond(key, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.KeyIssueSerializer,
        responses={200: s.KeyDetailSerializer},
        summary="Hand the key to the owner (after the handover; identity checked; signed)",
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        key = self.get_object()
        services.key_issue(key=key, acting_user=request.user, **self.input(s.KeyIssueSerializer))
        return self.respond(key)

    @extend_schema(
        request=s.KeyBorrowSerializer,
        responses={200: s.KeyDetailSerializer},
        summary="Lend the key to staff (keeper's consent, due-back time) or take it out for a viewing",
    )
    @action(detail=True, methods=["post"])
    def borrow(self, request, pk=None):
        key = self.get_object()
        data = self.input(s.KeyBorrowSerializer)
        if data["kind"] == "viewing":
            services.key_viewing(
                key=key,
                staff_member=data["borrower"],
                visitor_name=data["visitor_name"],
                at=data["at"],
                note=data["purpose"],
                acting_user=request.user,
            )
        else:
            services.key_borrow(
                key=key,
                borrower=data["borrower"],
                due_back_at=data["due_back_at"],
                signed_name=data["signed_name"],
                signed=data["signed"],
                purpose=data["purpose"],
                at=data["at"],
                acting_user=request.user,
            )
        return self.respond(key)

    @extend_schema(
        request=s.KeyReturnSerializer,
        responses={200: s.KeyDetailSerializer},
        summary="A key back from a viewing or a loan into the locked cabinet",
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_key(self, request, pk=None):
        key = self.get_object()
        services.key_return(key=key, acting_user=request.user, **self.input(s.KeyReturnSerializer))
        return self.respond(key)

    @extend_schema(
        request=s.KeyReleaseRequestSerializer,
        responses={201: s.KeyDetailSerializer},
        summary="Ask to release the key outside the normal procedure (needs two approvals)",
    )
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        key = self.get_object()
        services.key_release_request(
            key=key, acting_user=request.user, **self.input(s.KeyReleaseRequestSerializer)
        )
        return self.respond(key, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.KeyReleaseDecideSerializer,
        responses={200: s.KeyDetailSerializer},
        summary="Approve or refuse a release: the project manager and company leadership, not the requester",
    )
    @action(detail=True, methods=["post"], url_path="release/decide", url_name="release-decide")
    def release_decide(self, request, pk=None):
        key = self.get_object()
        data = self.input(s.KeyReleaseDecideSerializer)
        if data["approve"]:
            services.key_release_approve(key=key, comment=data["comment"], acting_user=request.user)
        else:
            services.key_release_reject(key=key, comment=data["comment"], acting_user=request.user)
        return self.respond(key)

    @extend_schema(
        request=s.KeyReleaseCompleteSerializer,
        responses={200: s.KeyDetailSerializer},
        summary="Hand over an approved release; the recipient signs",
    )
    @action(detail=True, methods=["post"], url_path="release/complete", url_name="release-complete")
    def release_complete(self, request, pk=None):
        key = self.get_object()
        services.key_release_complete(
            key=key, acting_user=request.user, **self.input(s.KeyReleaseCompleteSerializer)
        )
        return self.respond(key)

    @extend_schema(
        parameters=[
            OpenApiParameter("project", int, required=False, description="Only this project's keys.")
        ],
        responses={200: s.KeySerializer(many=True)},
        summary="Keys out on a viewing or a loan past their due-back time, longest overdue first",
    )
    @action(detail=False, methods=["get"], filterset_class=None)
    def overdue(self, request):
        project_id = request.query_params.get("project")
        if project_id is not None and not project_id.isdigit():
            raise ValidationError({"project": ["Enter a project id."]})
        projects = access.projects_in_scope(
            request.user, "keys.view", int(project_id) if project_id else None
        )
        queryset = overdue_keys(queryset=self.get_queryset().filter(project__in=projects))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            s.KeySerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        parameters=[s.KeyReceiptQuerySerializer],
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable key receipt (钥匙签收单) of a movement, for both parties' signatures",
        description="A movement in which the key changes hands (entrusted, issued, viewing, borrowed, "
        "returned, released); a registration from the developer or a unit not yet taken has none "
        "(400 `no_receipt`). ID numbers are masked for roles without personal-data access.",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def receipt(self, request, pk=None):
        from wuye.keys.pdf import key_receipt_pdf

        key = self.get_object()
        query = s.KeyReceiptQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        movement = receipt_movement(key, query.validated_data.get("movement"))
        return pdf_response(
            key_receipt_pdf(movement, viewer=request.user), f"key-receipt-{key.pk}-{movement.pk}.pdf"
        )

    @extend_schema(
        parameters=[s.KeyRegisterPdfQuerySerializer],
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable key register (钥匙委托管理清册) of a project",
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="register-pdf",
        url_name="register-pdf",
        filterset_class=None,
        pagination_class=None,
    )
    def register_pdf(self, request):
        from wuye.keys.pdf import register_pdf

        query = s.KeyRegisterPdfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        (project,) = access.projects_in_scope(request.user, "keys.view", query.validated_data["project"])
        keys = self.get_queryset().filter(project=project)
        if query.validated_data.get("state"):
            keys = keys.filter(state=query.validated_data["state"])
        return pdf_response(register_pdf(project, register_keys(keys)), f"key-register-{project.pk}.pdf")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
