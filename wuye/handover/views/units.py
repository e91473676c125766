"""The unit's handover form: its steps, the form of the next one, defects, finish, not taken, PDFs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt, attempt_or_message
from wuye.estate.models import Unit
from wuye.handover import pdf, services
from wuye.handover.choices import HandoverStatus, Step
from wuye.handover.forms import STEP_FORMS, DefectForm, NotTakenForm, StartForm
from wuye.handover.models import Handover, HandoverBatch


def _handover(request, pk):
    project = staff_project(request, "handover.view")
    return get_object_or_404(
        Handover.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("unit__project", "owner", "batch"),
        pk=pk,
    )


def _render(request, handover, *, step_form=None, defect_form=None, not_taken_form=None, status=200):
    done = {row.step: row for row in handover.steps.select_related("done_by")}
    steps = [(value, label, done.get(value)) for value, label in Step.choices]
    next_step = handover.next_step if handover.status == HandoverStatus.IN_PROGRESS else None
    # the payment step is the cashier's (billing.take_payment), the others handover.manage
    step_perm = "billing.take_payment" if next_step == Step.PAID else "handover.manage"
    next_step_form_allowed = access.has_perm(request.user, step_perm, handover.project_id)
    if step_form is None and next_step in STEP_FORMS:
        step_form = STEP_FORMS[next_step]()
    context = {
        "handover": handover,
        "steps": steps,
        "next_step": next_step,
        "next_label": Step(next_step).label if next_step else "",
        "step_form": step_form if next_step in STEP_FORMS and next_step_form_allowed else None,
        "can_finish": next_step == Step.RECORDED,
        "defects": handover.defects.order_by("due_date", "id"),
        "defect_form": defect_form or DefectForm(prefix="defect"),
        "not_taken_form": not_taken_form or NotTakenForm(),
        "can_manage": access.has_perm(request.user, "handover.manage", handover.project_id),
        "can_defects": access.has_perm(request.user, "handover.defects", handover.project_id),
    }
    return render(request, "handover/handover.html", context, status=status)


@login_required
@require_POST
def handover_start(request, batch_pk):
    project = staff_project(request, "handover.manage")
    batch = get_object_or_404(
        HandoverBatch.objects.visible_to(request.user).filter(project=project), pk=batch_pk
    )
    form = StartForm(request.POST)
    if form.is_valid():
        unit = Unit.objects.filter(project=project, code=form.cleaned_data["unit_code"].strip()).first()
        if unit is None:
            messages.error(request, _("No unit with this code in the project."))
            return redirect("console:handover-batch", pk=batch.pk)
        existing = Handover.objects.filter(unit=unit, batch=batch).first()
        if existing is not None:
            return redirect("console:handover", pk=existing.pk)
        handover = attempt_or_message(
            request, lambda: services.handover_start(batch=batch, unit=unit, acting_user=request.user)
        )
        if handover is not None:
            return redirect("console:handover", pk=handover.pk)
    return redirect("console:handover-batch", pk=batch.pk)


@login_required
def handover_detail(request, pk):
    return _render(request, _handover(request, pk))


@login_required
@require_POST
def handover_step(request, pk):
    handover = _handover(request, pk)
    step = request.POST.get("step", "")
    if step not in STEP_FORMS:
        messages.error(request, _("Unknown handover step."))
        return redirect("console:handover", pk=pk)
    form = STEP_FORMS[step](request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        done = attempt(
            form,
            lambda: services.handover_complete_step(
                handover=handover, step=step, acting_user=request.user, **data
            ),
        )
        if done is not None:
            messages.success(request, _("“%(step)s” recorded.") % {"step": Step(step).label})
            return redirect("console:handover", pk=pk)
    if handover.next_step != step:
        return redirect("console:handover", pk=pk)
    return _render(request, handover, step_form=form, status=400)


@login_required
@require_POST
def handover_finish(request, pk):
    handover = _handover(request, pk)
    if attempt_or_message(
        request, lambda: services.handover_finish(handover=handover, acting_user=request.user)
    ):
        messages.success(
            request, _("Unit %(unit)s is handed over; it is vacant now.") % {"unit": handover.unit.code}
        )
    return redirect("console:handover", pk=pk)


@login_required
@require_POST
def handover_not_taken(request, pk):
    handover = _handover(request, pk)
    form = NotTakenForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.handover_not_taken(
            handover=handover, reason=form.cleaned_data["reason"], acting_user=request.user
        ),
    ):
        return redirect("console:handover", pk=pk)
    return _render(request, handover, not_taken_form=form, status=400)


@login_required
@require_POST
def defect_new(request, pk):
    handover = _handover(request, pk)
    form = DefectForm(request.POST, prefix="defect")
    if form.is_valid() and attempt(
        form, lambda: services.defect_create(handover=handover, acting_user=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The defect was recorded."))
        return redirect("console:handover", pk=pk)
    return _render(request, handover, defect_form=form, status=400)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def handover_form_pdf(request, pk):
    handover = _handover(request, pk)
    return _pdf(
        pdf.handover_form_pdf(handover, viewer=request.user), f"handover-form-{handover.unit.code}.pdf"
    )


@login_required
def document_receipt_pdf(request, pk):
    handover = _handover(request, pk)
    return _pdf(pdf.document_receipt_pdf(handover), f"document-receipt-{handover.unit.code}.pdf")
