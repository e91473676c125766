"""Billing API, the money side: payments (idempotent), receipts (void, PDF), deposits (refund
request and decision, refund memo), bank collection files."""

from __future__ import annotations

import django_filters
from django.db.models import Sum
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.billing import pdf, services
from wuye.billing.api.serializers import payments as s
from wuye.billing.api.views import ReadCreateViewSet
from wuye.billing.choices import DepositPurpose, PaymentMethod, RefundStatus
from wuye.billing.models import Deposit, Payment, Receipt
from wuye.billing.pdf import receipts_with_lines
from wuye.billing.services.deposits import deposit_held
from wuye.core.api.filters import UtcDateTimeFilter, YesNoFilter
from wuye.core.api.mixins import deny_residents, rename_field_errors
from wuye.core.errors import BusinessRuleError

PDF = OpenApiResponse(OpenApiTypes.BINARY, description="application/pdf")


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- payments -------------------------------------------------------------------------------------


class PaymentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    cashier = django_filters.NumberFilter(field_name="cashier_id")
    received_after = UtcDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = UtcDateTimeFilter(field_name="received_at", lookup_expr="lt")
    voided = YesNoFilter(field_name="voided_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Payment
        fields: list[str] = []


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Alternative to the body's `idempotency_key` (one of the two is required).",
)


class PaymentViewSet(ReadCreateViewSet):
    """收款. Only cashiers take payments. The idempotency key makes a retried request return the first
    payment and receipt (200) instead of charging twice; the same key for a different payment is 400
    `idempotency_key_reused`."""

    queryset_model = Payment
    serializer_class = s.PaymentSerializer
    filterset_class = PaymentFilter
    ordering_fields = ["received_at", "amount", "id"]
    ordering = ["-received_at", "-id"]

    def base_queryset(self):
        return Payment.objects.select_related("unit", "cashier", "receipt")

    @extend_schema(
        request=s.PaymentCreateSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: OpenApiResponse(s.PaymentResultSerializer, description="Paid; the receipt was issued."),
            200: OpenApiResponse(
                s.PaymentResultSerializer, description="A replay: the first result, unchanged."
            ),
        },
        summary="Take a payment: pays the chosen or the oldest open charges, the rest becomes prepayment credit",
    )
    def create(self, request, *args, **kwargs):
        params = dict(
            self.input(s.PaymentCreateSerializer, idempotency_header=request.headers.get("Idempotency-Key"))
        )
        unit = params.pop("unit")
        try:
            result = services.payment_create(unit=unit, acting_user=request.user, **params)
        except BusinessRuleError as exc:
            raise rename_field_errors(exc, at="received_at") from exc
        payment = self.base_queryset().get(pk=result.payment.pk)
        receipt = receipts_with_lines().get(pk=result.receipt.pk)
        data = {
            "payment": payment,
            "receipt": receipt,
            "allocated": result.allocated,
            "credited": result.credited,
            "replayed": result.replayed,
        }
        code = status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
        return Response(s.PaymentResultSerializer(data).data, status=code)


# --- receipts -------------------------------------------------------------------------------------


class ReceiptFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="payment__unit_id")
    year = django_filters.NumberFilter()
    voided = YesNoFilter(field_name="voided_at", lookup_expr="isnull", exclude=True)
    issued_after = UtcDateTimeFilter(field_name="issued_at", lookup_expr="gte")
    issued_before = UtcDateTimeFilter(field_name="issued_at", lookup_expr="lt")

    class Meta:
        model = Receipt
        fields: list[str] = []


class ReceiptViewSet(ReadCreateViewSet):
    """收据: continuous numbers per project and year; a wrong one is voided with a reason, never
    deleted. Owners and tenants read (and print) their own units' receipts."""

    queryset_model = Receipt
    serializer_class = s.ReceiptSerializer
    filterset_class = ReceiptFilter
    resident_actions = frozenset({"list", "retrieve", "pdf"})
    ordering_fields = ["issued_at", "number", "id"]
    ordering = ["-issued_at", "-id"]

    def base_queryset(self):
        return receipts_with_lines()

    @extend_schema(
        request=s.ReceiptVoidSerializer,
        responses={200: s.ReceiptSerializer},
        summary="Void the receipt (with the reason): its allocations, credit and deposit are reversed",
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        receipt = self.get_object()
        services.receipt_void(
            receipt=receipt, acting_user=request.user, **self.input(s.ReceiptVoidSerializer)
        )
        return Response(s.ReceiptSerializer(receipts_with_lines().get(pk=receipt.pk)).data)

    @extend_schema(responses={(200, "application/pdf"): PDF}, summary="The printable receipt (PDF, Chinese)")
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        receipt = self.get_object()
        return pdf_response(pdf.receipt_pdf(receipt), f"receipt-{receipt.display_number}.pdf")


# --- deposits -------------------------------------------------------------------------------------


class DepositFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    purpose = django_filters.ChoiceFilter(choices=DepositPurpose.choices)
    open = YesNoFilter(field_name="closed_at", lookup_expr="isnull", label="Still held (not closed)")
    refund_status = django_filters.ChoiceFilter(field_name="refund__status", choices=RefundStatus.choices)

    class Meta:
        model = Deposit
        fields: list[str] = []


class DepositViewSet(ReadCreateViewSet):
    """押金 held per unit and purpose (taken as a payment with `deposit_purpose`); refunded through
    a request with itemised deductions (cashier) and a decision (project manager)."""

    queryset_model = Deposit
    serializer_class = s.DepositSerializer
    filterset_class = DepositFilter
    ordering_fields = ["received_at", "amount", "id"]
    ordering = ["-received_at", "-id"]

    def base_queryset(self):
        return Deposit.objects.select_related(
            "unit",
            "project",
            "payment__receipt",
            "refund__requested_by",
            "refund__decided_by",
            "refund__shortfall_charge",
        ).annotate(held=Sum("entries__amount"))

    def _respond(self, deposit):
        return Response(s.DepositSerializer(self.base_queryset().get(pk=deposit.pk)).data)

    @extend_schema(
        request=s.RefundRequestSerializer,
        responses={200: s.DepositSerializer},
        summary="Request the refund with itemised deductions (cashier)",
    )
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        deposit = self.get_object()
        params = self.input(s.RefundRequestSerializer)
        deductions = [
            {
                "reason": d["reason"],
                "amount": str(d["amount"]),
                **({"charge": d["charge"]} if d.get("charge") else {}),
            }
            for d in params["deductions"]
        ]
        services.deposit_refund_request(
            deposit=deposit, deductions=deductions, comment=params["comment"], acting_user=request.user
        )
        return self._respond(deposit)

    @extend_schema(
        request=s.RefundDecideSerializer,
        responses={200: s.DepositSerializer},
        summary="Approve (money moves through the ledger) or reject the refund (project manager)",
    )
    @action(detail=True, methods=["post"], url_path="refund/decide", url_name="refund-decide")
    def refund_decide(self, request, pk=None):
        deposit = self.get_object()
        params = self.input(s.RefundDecideSerializer)
        refund = getattr(deposit, "refund", None)
        if refund is None:
            message = _("No refund has been requested for this deposit.")
            raise BusinessRuleError("no_refund_requested", message)
        services.deposit_refund_decide(
            refund=refund, approve=params["approve"], comment=params["comment"], acting_user=request.user
        )
        return self._respond(deposit)

    @extend_schema(responses={(200, "application/pdf"): PDF}, summary="《押金退还备忘表》 (PDF, Chinese)")
    @action(detail=True, methods=["get"], url_path="refund-memo", url_name="refund-memo")
    def refund_memo(self, request, pk=None):
        deposit = self.get_object()
        return pdf_response(
            pdf.refund_memo_pdf(deposit, deposit_held(deposit)), f"deposit-refund-{deposit.pk}.pdf"
        )


# --- bank collection files ------------------------------------------------------------------------


def decode_upload(upload) -> str:
    """Bank files come as UTF-8 (with or without BOM) or, from older bank systems, GB18030."""
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise serializers.ValidationError({"file": [_("The file is neither UTF-8 nor GB18030 text.")]})


class BankImportView(APIView):
    """银行托收 result file: every row pays its unit (bank reference = idempotency key, so importing
    the same file twice pays nothing twice). All rows or none."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.BankImportSerializer},
        responses={
            201: s.BankImportResultSerializer,
            200: OpenApiResponse(s.BankImportResultSerializer, description="Every row was imported before."),
        },
        summary="Import a bank collection CSV (cashier)",
    )
    def post(self, request):
        deny_residents(request.user)
        params = s.BankImportSerializer(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        text = decode_upload(params.validated_data["file"])
        result = services.bank_import(
            project=params.validated_data["project"], text=text, acting_user=request.user
        )
        code = status.HTTP_201_CREATED if result["paid"] else status.HTTP_200_OK
        return Response(s.BankImportResultSerializer(result).data, status=code)
