"""The printed key papers in the console: a movement's key receipt (钥匙签收单) from the key's card,
and the register (《钥匙委托管理清册》) as filtered on the register page. Same PDFs as the API."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from wuye.core.console import staff_project
from wuye.core.errors import BusinessRuleError
from wuye.keys import pdf
from wuye.keys.selectors import receipt_movement, register_keys
from wuye.keys.views.actions import fetch_key
from wuye.keys.views.lists import register_page_keys


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def key_receipt_pdf(request, pk, movement_id):
    key = fetch_key(request, pk)
    try:
        movement = receipt_movement(key, movement_id)
    except BusinessRuleError as exc:  # the card links only movements with a receipt
        raise Http404("no receipt") from exc
    return _pdf(pdf.key_receipt_pdf(movement, viewer=request.user), f"key-receipt-{key.pk}-{movement.pk}.pdf")


@login_required
def key_register_pdf(request):
    project = staff_project(request, "keys.view")
    keys = register_keys(register_page_keys(request, project))
    return _pdf(pdf.register_pdf(project, keys), f"key-register-{project.pk}.pdf")
