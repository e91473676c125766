"""The completion actions of /api/v1/renovations/ (mixed into RenovationViewSet): `fees` (GET the
quote, POST charge), `workers` (GET, POST; `workers/{id}/return`), `permit` (POST issue, GET the
PDF), `start` (the entry inspection), `entry-confirmation` (PDF), `complete`, `accept`,
`refund` (POST prepare), `refund/decide`, `refund-memo` (PDF)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.errors import BusinessRuleError
from wuye.renovation.api import completion_serializers as cs
from wuye.renovation.models import CompletionInspection, Worker
from wuye.renovation.selectors import renovation_detail_queryset
from wuye.renovation.services import completion as services
from wuye.renovation.services import fees as fee_services


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def completion_queryset():
    return (
        renovation_detail_queryset()
        .select_related("deposit", "refund")
        .prefetch_related(
            "fees",
            Prefetch("workers", queryset=Worker.objects.order_by("id")),
            Prefetch(
                "inspections",
                queryset=CompletionInspection.objects.select_related(
                    "engineering_inspector", "security_inspector"
                ),
            ),
        )
    )


class CompletionActions:
    """Fees, workers' passes, the permit, the entry inspection, completion and the deposit refund."""

    def respond_completion(self, renovation, status_code=status.HTTP_200_OK):
        row = completion_queryset().get(pk=renovation.pk)
        return Response(
            cs.RenovationCompletionSerializer(row, context=self.get_serializer_context()).data,
            status=status_code,
        )

    # --- fees -------------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: cs.RenovationFeeLineSerializer(many=True)},
        summary="The renovation fees from the public fee standard (400 naming a missing fee item or tariff)",
    )
    @extend_schema(
        methods=["POST"],
        request=cs.RenovationFeesChargeSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="Charge the fees and take the deposit (cashier; approved renovations)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def fees(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            return Response(
                cs.RenovationFeeLineSerializer(fee_services.fees_quote(renovation), many=True).data
            )
        fee_services.fees_charge(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationFeesChargeSerializer)
        )
        return self.respond_completion(renovation)

    # --- workers ------------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], request=None, responses={200: cs.RenovationWorkerSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=cs.RenovationWorkerRegisterSerializer,
        responses={201: cs.RenovationWorkerSerializer},
        summary="Workers' passes (装修工人出入证办理表): list, or register one with the ID checked",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def workers(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            return Response(cs.RenovationWorkerSerializer(renovation.workers.order_by("id"), many=True).data)
        worker = services.worker_register(
            renovation=renovation,
            acting_user=request.user,
            **self.input(cs.RenovationWorkerRegisterSerializer),
        )
        return Response(cs.RenovationWorkerSerializer(worker).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=cs.RenovationAtSerializer,
        responses={200: cs.RenovationWorkerSerializer},
        summary="The worker hands the pass back",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"workers/(?P<worker_id>\d+)/return",
        url_name="worker-return",
        filterset_class=None,
    )
    def worker_return(self, request, pk=None, worker_id=None):
        renovation = self.get_object()
        worker = get_object_or_404(Worker, pk=worker_id, renovation=renovation)
        worker = services.worker_return(
            worker=worker, acting_user=request.user, **self.input(cs.RenovationAtSerializer)
        )
        return Response(cs.RenovationWorkerSerializer(worker).data)

    # --- the construction permit -----------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable construction permit (施工进场证) with the service phone",
    )
    @extend_schema(
        methods=["POST"],
        request=cs.RenovationAtSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="Issue the construction permit (prepared for entry, fees charged, deposit held)",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def permit(self, request, pk=None):
        renovation = self.get_object()
        if request.method == "GET":
            if not renovation.permit_number:
                message = _("The construction permit has not been issued yet.")
                raise BusinessRuleError("permit_missing", message, {"permit": [message]})
            from wuye.renovation.pdf import permit_pdf

            return _pdf(permit_pdf(renovation, viewer=request.user), f"permit-{renovation.permit_number}.pdf")
        services.permit_issue(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationAtSerializer)
        )
        return self.respond_completion(renovation)

    # --- entry, completion ------------------------------------------------------------------------------

    @extend_schema(
        request=cs.RenovationStartSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="Entry inspection (进场装修确认表): meters, closed water test; the work starts",
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        renovation = self.get_object()
        services.renovation_start(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationStartSerializer)
        )
        return self.respond_completion(renovation)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable entry confirmation (进场装修确认表)",
    )
    @action(detail=True, methods=["get"], url_path="entry-confirmation", url_name="entry-confirmation")
    def entry_confirmation(self, request, pk=None):
        from wuye.renovation.pdf import entry_confirmation_pdf

        renovation = self.get_object()
        return _pdf(entry_confirmation_pdf(renovation), f"entry-confirmation-{renovation.number}.pdf")

    @extend_schema(
        request=cs.RenovationCompleteSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="The owner applies for completion acceptance with the agreed inspection time",
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        renovation = self.get_object()
        services.renovation_complete(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationCompleteSerializer)
        )
        return self.respond_completion(renovation)

    @extend_schema(
        request=cs.RenovationAcceptSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="Completion inspection by engineering and security: accepted, or failures to rectify",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        renovation = self.get_object()
        services.renovation_accept(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationAcceptSerializer)
        )
        return self.respond_completion(renovation)

    # --- the deposit refund --------------------------------------------------------------------------------

    @extend_schema(
        request=cs.RenovationRefundPrepareSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="Prepare the deposit refund (from the refundable day; deductions itemised)",
    )
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        renovation = self.get_object()
        data = self.input(cs.RenovationRefundPrepareSerializer)
        data["damages"] = [{"reason": d["reason"], "amount": str(d["amount"])} for d in data["damages"]]
        services.renovation_refund_prepare(renovation=renovation, acting_user=request.user, **data)
        return self.respond_completion(renovation)

    @extend_schema(
        request=cs.RenovationRefundDecideSerializer,
        responses={200: cs.RenovationCompletionSerializer},
        summary="The project manager approves (paid through billing) or sends the refund back",
    )
    @action(detail=True, methods=["post"], url_path="refund/decide", url_name="refund-decide")
    def refund_decide(self, request, pk=None):
        renovation = self.get_object()
        services.renovation_refund_decide(
            renovation=renovation, acting_user=request.user, **self.input(cs.RenovationRefundDecideSerializer)
        )
        return self.respond_completion(renovation)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        summary="Printable deposit-refund memo (押金退还备忘表)",
    )
    @action(detail=True, methods=["get"], url_path="refund-memo", url_name="refund-memo")
    def refund_memo(self, request, pk=None):
        from wuye.renovation.pdf import refund_memo_pdf

        renovation = completion_queryset().get(pk=self.get_object().pk)
        return _pdf(refund_memo_pdf(renovation), f"refund-memo-{renovation.number}.pdf")
