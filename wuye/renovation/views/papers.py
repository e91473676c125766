"""The printed papers of a renovation from the console: the construction permit (施工进场证), the
entry confirmation (进场装修确认表), a violation's rectification notice (违章整改通知书) and the
deposit-refund memo (押金退还备忘表). Same PDFs as the API; 404 when the paper does not exist yet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from wuye.renovation.choices import Severity
from wuye.renovation.models import Violation
from wuye.renovation.views.common import fetch_renovation, pdf_response


@login_required
def permit_pdf(request, pk):
    from wuye.renovation.pdf import permit_pdf as render_pdf

    renovation = fetch_renovation(request, pk)
    if not renovation.permit_number:
        raise Http404
    return pdf_response(render_pdf(renovation, viewer=request.user), f"permit-{renovation.permit_number}.pdf")


@login_required
def entry_confirmation_pdf(request, pk):
    from wuye.renovation.pdf import entry_confirmation_pdf as render_pdf

    renovation = fetch_renovation(request, pk)
    if not renovation.started_at:
        raise Http404
    return pdf_response(render_pdf(renovation), f"entry-confirmation-{renovation.number}.pdf")


@login_required
def refund_memo_pdf(request, pk):
    from wuye.renovation.pdf import refund_memo_pdf as render_pdf

    renovation = fetch_renovation(request, pk)
    if not renovation.refund_id:
        raise Http404
    return pdf_response(render_pdf(renovation), f"refund-memo-{renovation.number}.pdf")


@login_required
def violation_notice_pdf(request, pk, vid):
    from wuye.renovation.pdf_notice import violation_notice_pdf as render_pdf

    renovation = fetch_renovation(request, pk)
    violation = get_object_or_404(
        Violation.objects.select_related("renovation", "renovation__unit", "found_by"),
        renovation=renovation,
        pk=vid,
        severity=Severity.SERIOUS,
    )
    content = render_pdf(violation, viewer=request.user)
    return pdf_response(content, f"violation-notice-{violation.number or violation.pk}.pdf")
