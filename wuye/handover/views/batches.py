"""Batches: the list (and planning one), a batch with its checklist and units, the daily report
and the summary (pages and Excel)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.console import staff_project
from wuye.core.forms import attempt, attempt_or_message
from wuye.handover import excel, selectors, services
from wuye.handover.forms import AssignOwnerForm, BatchForm, RescheduleForm, StartForm
from wuye.handover.models import ChecklistItem, Handover, HandoverBatch
from wuye.handover.workbench import DUE_SOON_DAYS


def _batch(request, pk, perm="handover.view"):
    project = staff_project(request, perm)
    return get_object_or_404(HandoverBatch.objects.visible_to(request.user).filter(project=project), pk=pk)


@login_required
def batch_list(request):
    project = staff_project(request, "handover.view")
    can_plan = access.has_perm(request.user, "handover.plan", project.pk)
    form = BatchForm(request.POST or None) if can_plan else None
    if request.method == "POST":
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            batch = attempt(
                form,
                lambda: services.batch_create(project=project, acting_user=request.user, **form.cleaned_data),
            )
            if batch is not None:
                messages.success(request, _("The batch was planned with its checklist."))
                return redirect("console:handover-batch", pk=batch.pk)
    batches = selectors.batches_for(request.user).filter(project=project)
    status = 400 if form is not None and form.errors else 200
    return render(request, "handover/batches.html", {"batches": batches, "form": form}, status=status)


@login_required
def batch_detail(request, pk):
    return _batch_page(request, _batch(request, pk))


def _batch_page(request, batch, *, assign_form=None, reschedule_form=None, status=200):
    """The batch with its checklist and units; the planners' forms (bound, with the service's
    refusal, when a POST was refused)."""
    can_plan = access.has_perm(request.user, "handover.plan", batch.project_id)
    if can_plan:
        staff = selectors.project_staff(batch.project_id)
        assign_form = assign_form or AssignOwnerForm(batch=batch, staff=staff)
        reschedule_form = reschedule_form or RescheduleForm(initial={"handover_date": batch.handover_date})
    handovers = {h.unit_id: h for h in Handover.objects.filter(batch=batch)}
    units = [(unit, handovers.get(unit.pk)) for unit in selectors.batch_units(batch).order_by("code")]
    today = timezone.localdate()
    items = selectors.checklist(batch, today=today)
    state = request.GET.get("state", "")
    if state == "late":  # the workbench's figure: open items past their due date
        items = [i for i in items if i.current_state == "late"]
    elif state == "due":  # open items due within the coming week
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        items = [i for i in items if i.done_at is None and today <= i.due_date <= soon]
    context = {
        "batch": batch,
        "checklist": items,
        "state": state,
        "units": units,
        "can_plan": can_plan,
        "can_manage": access.has_perm(request.user, "handover.manage", batch.project_id),
        "start_form": StartForm(),
        "assign_form": assign_form if can_plan else None,
        "assignments": selectors.assignment_history(batch),
        "reschedule_form": reschedule_form if can_plan else None,
        "today": today,
    }
    return render(request, "handover/batch.html", context, status=status)


@login_required
@require_POST
def checklist_assign(request, pk):
    """Assign the owner of one of the batch's checklist items (planners only)."""
    batch = _batch(request, pk)
    if not access.has_perm(request.user, "handover.plan", batch.project_id):
        return render(request, "403.html", status=403)
    form = AssignOwnerForm(request.POST, batch=batch, staff=selectors.project_staff(batch.project_id))
    if form.is_valid():
        done = attempt(
            form,
            lambda: services.checklist_item_assign(
                item=form.cleaned_data["item"], owner=form.cleaned_data["owner"], acting_user=request.user
            ),
        )
        if done is not None:
            messages.success(request, _("The owner of the task was saved."))
            return redirect("console:handover-batch", pk=batch.pk)
    return _batch_page(request, batch, assign_form=form, status=400)


@login_required
@require_POST
def batch_reschedule(request, pk):
    """Move the batch's handover date with the reason (planners only); the open items follow it."""
    batch = _batch(request, pk)
    if not access.has_perm(request.user, "handover.plan", batch.project_id):
        return render(request, "403.html", status=403)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        moved = attempt(
            form,
            lambda: services.batch_reschedule(batch=batch, acting_user=request.user, **form.cleaned_data),
        )
        if moved is not None:
            messages.success(request, _("The handover date was moved; the open tasks are due again from it."))
            return redirect("console:handover-batch", pk=batch.pk)
    return _batch_page(request, batch, reschedule_form=form, status=400)


@login_required
@require_POST
def checklist_done(request, pk):
    project = staff_project(request, "handover.view")
    item = get_object_or_404(
        ChecklistItem.objects.visible_to(request.user).filter(batch__project=project).select_related("batch"),
        pk=pk,
    )
    if attempt_or_message(request, lambda: services.checklist_item_done(item=item, acting_user=request.user)):
        messages.success(request, _("Marked done."))
    return redirect("console:handover-batch", pk=item.batch_id)


def _day(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def daily_report(request, pk):
    batch = _batch(request, pk)
    report = selectors.daily_report(batch, _day(request))
    if request.GET.get("export") == "xlsx":
        return excel.xlsx_response(excel.daily_report_xlsx(report), f"daily-handover-{report.day}.xlsx")
    context = {
        "batch": batch,
        "report": report,
        "headers": excel.daily_headers(),
        "rows": excel.daily_rows(report),
    }
    return render(request, "handover/daily.html", context)


@login_required
def summary(request, pk):
    batch = _batch(request, pk)
    result = selectors.summary(batch)
    if request.GET.get("export") == "xlsx":
        return excel.xlsx_response(excel.summary_xlsx(result), f"handover-summary-{batch.pk}.xlsx")
    context = {
        "batch": batch,
        "summary": result,
        "headers": excel.summary_headers(),
        "rows": excel.summary_rows(result),
    }
    return render(request, "handover/summary.html", context)
