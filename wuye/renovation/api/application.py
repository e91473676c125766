"""The application actions of /api/v1/renovations/ (mixed into RenovationViewSet): create, PATCH,
the file (`documents`, `documents/remove`), `submit`, `sign-off`, `approve`, `reject`, `withdraw`,
`prepare`. `respond()` answers with the detail serializer; the other parts may use it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from wuye.renovation.api import serializers as s
from wuye.renovation.files import file_response
from wuye.renovation.models import RenovationDocument
from wuye.renovation.selectors import renovation_detail_queryset
from wuye.renovation.services import application as app_services


class ApplicationActions:
    """Actions and nested routes of this part of the procedure."""

    def get_serializer_class(self):
        if self.action == "list":
            return s.RenovationSerializer
        return s.RenovationDetailSerializer

    def respond(self, renovation, status_code=status.HTTP_200_OK):
        """The renovation as it is now, with its file and signatures."""
        row = renovation_detail_queryset().get(pk=renovation.pk)
        return Response(
            s.RenovationDetailSerializer(row, context=self.get_serializer_context()).data, status=status_code
        )

    def retrieve(self, request, *args, **kwargs):
        return self.respond(self.get_object())

    @extend_schema(
        request=s.RenovationCreateSerializer,
        responses={201: s.RenovationDetailSerializer},
        summary="Apply for a renovation of a handed-over unit (装修申请登记)",
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.input(s.RenovationCreateSerializer))
        renovation = app_services.renovation_create(acting_user=request.user, **data)
        return self.respond(renovation, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.RenovationUpdateSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="Change the application while the file is collected (or after a rejection)",
    )
    def partial_update(self, request, *args, **kwargs):
        renovation = self.get_object()
        data = dict(self.input(s.RenovationUpdateSerializer))
        app_services.renovation_update(renovation=renovation, acting_user=request.user, **data)
        return self.respond(renovation)

    @extend_schema(methods=["GET"], request=None, responses={200: s.RenovationDocumentSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={"application/json": s.DocumentAddSerializer, "multipart/form-data": s.DocumentAddSerializer},
        responses={201: s.RenovationDetailSerializer},
        summary="The file: list its documents, or record one received (drawings, licence, ID, certificates)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filterset_class=None,
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def documents(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            rows = renovation.documents.filter(removed_at__isnull=True).select_related("received_by")
            return Response(s.RenovationDocumentSerializer(rows, many=True).data)
        app_services.document_add(
            renovation=renovation, acting_user=request.user, **self.input(s.DocumentAddSerializer)
        )
        return self.respond(renovation, status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="The scan of a document of the file (404 when none was uploaded)",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>[0-9]+)/file",
        url_name="document-file",
    )
    def document_file(self, request, pk=None, document_id=None):
        renovation = self.get_object()
        document = get_object_or_404(RenovationDocument, pk=document_id, renovation=renovation)
        return file_response(document.file)

    @extend_schema(
        request=s.DocumentRemoveSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="Take a document out of the file (it is kept, marked removed)",
    )
    @action(detail=True, methods=["post"], url_path="documents/remove", url_name="documents-remove")
    def documents_remove(self, request, pk=None):
        renovation = self.get_object()
        data = self.input(s.DocumentRemoveSerializer)
        document = get_object_or_404(RenovationDocument, pk=data["document"], renovation=renovation)
        app_services.document_remove(document=document, acting_user=request.user, note=data["note"])
        return self.respond(renovation)

    @extend_schema(
        request=None,
        responses={200: s.RenovationDetailSerializer},
        summary="Send the complete file to engineering (400 naming every missing item)",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        renovation = self.get_object()
        app_services.renovation_submit(renovation=renovation, acting_user=request.user)
        return self.respond(renovation)

    @extend_schema(
        request=s.SignOffInputSerializer,
        responses={201: s.RenovationDetailSerializer},
        summary="Sign the approval (the two heads) or the deposit refund, or record the owner's or "
        "the company's signature",
    )
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, pk=None):
        renovation = self.get_object()
        app_services.sign_off(
            renovation=renovation, acting_user=request.user, **self.input(s.SignOffInputSerializer)
        )
        return self.respond(renovation, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.DecisionSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="Engineering approves the file (both heads signed; a lead signs in the same call)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        renovation = self.get_object()
        app_services.renovation_approve(
            renovation=renovation, acting_user=request.user, **self.input(s.DecisionSerializer)
        )
        return self.respond(renovation)

    @extend_schema(
        request=s.RejectSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="Engineering sends the file back with its reason",
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        renovation = self.get_object()
        app_services.renovation_reject(
            renovation=renovation, acting_user=request.user, **self.input(s.RejectSerializer)
        )
        return self.respond(renovation)

    @extend_schema(
        request=s.WithdrawSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="The owner withdraws the application (before the work starts, no fees charged)",
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        renovation = self.get_object()
        app_services.renovation_withdraw(
            renovation=renovation, acting_user=request.user, **self.input(s.WithdrawSerializer)
        )
        return self.respond(renovation)

    @extend_schema(
        request=s.PrepareSerializer,
        responses={200: s.RenovationDetailSerializer},
        summary="Before entry: the owner's confirmation, the management agreement, the rules briefing",
    )
    @action(detail=True, methods=["post"])
    def prepare(self, request, pk=None):
        renovation = self.get_object()
        app_services.renovation_prepare(
            renovation=renovation, acting_user=request.user, **self.input(s.PrepareSerializer)
        )
        return self.respond(renovation)
