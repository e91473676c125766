"""A renovation's page: every step of the procedure in order (seed 000 §2) with its state, what was
recorded, and the form of the next step. Each form posts to `renovation_action`, which checks the
same permission as the service, calls the one service and puts its refusal back on the form.

The actions are a table: the step they belong to, who may use them (as the service checks), when
they make sense, their form and the service they call. Forms a user cannot use are not shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wuye.core import access
from wuye.core.errors import BusinessRuleError
from wuye.core.forms import attempt
from wuye.renovation import forms
from wuye.renovation.choices import (
    EDITABLE_STATUSES,
    ON_SITE_STATUSES,
    SIGN_OFF_PARTIES,
    STAFF_PARTIES,
    TRANSITIONS,
    Department,
    PenaltyStatus,
    RenovationStatus,
    Severity,
    SignOffParty,
    SignOffStage,
)
from wuye.renovation.models import CompletionInspection, HotWorkPermit, Patrol, Violation, Worker
from wuye.renovation.permissions import ENGINEERING, SECURITY
from wuye.renovation.selectors import is_approval_late
from wuye.renovation.services import application as app_services
from wuye.renovation.services import common
from wuye.renovation.services import completion as completion_services
from wuye.renovation.services import fees as fee_services
from wuye.renovation.services import supervision as sup_services
from wuye.renovation.views.common import can, fetch_renovation

S = RenovationStatus
APPROVE, REJECT = "approve", "reject"
#: the stages of the procedure, in order (for the steps' done/current/pending state)
ORDER = [
    S.DRAFT,
    S.SUBMITTED,
    S.APPROVED,
    S.IN_PROGRESS,
    S.COMPLETION_REQUESTED,
    S.ACCEPTED,
    S.REFUND_REQUESTED,
    S.CLOSED,
]
GOVERNMENT_KINDS = sorted(app_services.GOVERNMENT_KINDS)
WORKER_STATUSES = completion_services.WORKER_STATUSES
FEE_PERMS = fee_services.FEE_PERMS

STEPS = (
    ("application", _("Application")),
    ("file", _("Documents")),
    ("approval", _("Engineering approval")),
    ("preparation", _("Before entry: confirmation, agreement, briefing, government approvals")),
    ("fees", _("Fees and deposit")),
    ("workers", _("Workers' passes")),
    ("permit", _("Construction permit")),
    ("entry", _("Entry inspection")),
    ("supervision", _("Patrols, violations and hot work")),
    ("completion", _("Completion acceptance")),
    ("refund", _("Deposit refund")),
)


@dataclass(frozen=True)
class Action:
    name: str
    step: str
    label: object
    allowed: Callable  # (user, renovation) -> bool: the service's permission
    shown: Callable  # (renovation) -> bool: it makes sense now
    form: Callable  # (data, files, renovation, user) -> Form
    run: Callable  # (renovation, user, kwargs, decision) -> None
    done: object
    buttons: tuple = ()
    rename: dict = field(default_factory=dict)
    #: "card": the step's form; "row": a button on a row of a table; "violation": one per violation
    place: str = "card"
    target_shown: Callable | None = None  # (violation, user) -> bool for place="violation"


def _at(status_set):
    return lambda r: r.status in status_set


def _perm(*perms):
    return lambda user, r: can(user, r, *perms)


def _simple(form_class, prefix):
    return lambda data, files, r, user: form_class(data, prefix=prefix)


def _mine(user, r, stage) -> list[str]:
    """The parties of `stage` not yet signed that this user may sign for (as the service checks)."""
    signed = {s.party for s in r.sign_offs.all() if s.stage == stage}
    roles = access.roles_in(user, r.project_id)
    manage = can(user, r, "renovation.manage")
    parties = []
    for party in SIGN_OFF_PARTIES[stage]:
        if party in signed:
            continue
        if party in STAFF_PARTIES:
            if roles & app_services.PARTY_ROLES[party]:
                parties.append(party)
        elif manage:
            parties.append(party)
    return parties


def _sign_form(stage):
    def make(data, files, r, user):
        return forms.SignOffForm(data, prefix=f"sign-{stage}", stage=stage, parties=_mine(user, r, stage))

    return make


def _run_sign(r, user, kw, decision):
    app_services.sign_off(renovation=r, acting_user=user, **kw)


def _departments(user, r) -> list[str]:
    mine = common.user_departments(user, r.project_id)
    if user.is_superuser and not mine:
        mine = set(Department.values)
    return [d for d in Department.values if d in mine]


def _decide(r, user, kw, decision):
    if decision == REJECT:
        app_services.renovation_reject(renovation=r, acting_user=user, reason=kw.get("note", ""))
    else:
        app_services.renovation_approve(renovation=r, acting_user=user, note=kw.get("note", ""))


def _refund_decide(r, user, kw, decision):
    completion_services.renovation_refund_decide(
        renovation=r, acting_user=user, approve=decision != REJECT, comment=kw.get("comment", "")
    )


def _penalty_decide(r, user, kw, decision):
    sup_services.penalty_decide(
        violation=kw["violation"], acting_user=user, approve=decision != REJECT, comment=kw.get("comment", "")
    )


def _staff(project_id, roles):
    ids = [u.pk for u in common.project_staff(project_id, roles)]
    return get_user_model().objects.filter(pk__in=ids).order_by("pk")


def _accept_form(data, files, r, user):
    return forms.AcceptForm(
        data,
        prefix="accept",
        engineers=_staff(r.project_id, ENGINEERING),
        guards=_staff(r.project_id, SECURITY),
    )


def _can_withdraw(r) -> bool:
    return S.WITHDRAWN in TRANSITIONS[r.status] and not (r.fees_charged_at or r.deposit_id)


def _with_target(form_class, prefix):
    def make(data, files, r, user):
        return form_class(data, prefix=prefix, renovation=r)

    return make


ACTIONS = [
    # --- the file ------------------------------------------------------------------------------
    Action(
        "edit",
        "file",
        _("Correct the application"),
        _perm("renovation.manage"),
        _at(EDITABLE_STATUSES),
        lambda data, files, r, user: forms.ApplicationEditForm(data, prefix="edit", renovation=r),
        lambda r, u, kw, d: app_services.renovation_update(renovation=r, acting_user=u, **kw),
        _("The application is updated."),
    ),
    Action(
        "document",
        "file",
        _("Add a document"),
        _perm("renovation.manage"),
        _at(EDITABLE_STATUSES),
        lambda data, files, r, user: forms.DocumentForm(data, files, prefix="document"),
        lambda r, u, kw, d: app_services.document_add(renovation=r, acting_user=u, **kw),
        _("The document is in the file."),
    ),
    Action(
        "document-remove",
        "file",
        _("Remove"),
        _perm("renovation.manage"),
        _at(EDITABLE_STATUSES | {S.SUBMITTED, S.APPROVED}),
        _with_target(forms.DocumentRemoveForm, "remove"),
        lambda r, u, kw, d: app_services.document_remove(
            document=kw["document"], acting_user=u, note=kw.get("note", "")
        ),
        _("The document was taken out of the file."),
        place="row",
    ),
    Action(
        "submit",
        "file",
        _("Submit the complete file to engineering"),
        _perm("renovation.manage"),
        _at(EDITABLE_STATUSES),
        _simple(forms.EmptyForm, "submit"),
        lambda r, u, kw, d: app_services.renovation_submit(renovation=r, acting_user=u),
        _("The file went to engineering; the decision is due within one working day."),
    ),
    # --- the approval --------------------------------------------------------------------------
    Action(
        "sign-approval",
        "approval",
        _("Sign the approval"),
        lambda user, r: bool(_mine(user, r, SignOffStage.APPROVAL)),
        _at({S.SUBMITTED}),
        _sign_form(SignOffStage.APPROVAL),
        _run_sign,
        _("The signature is recorded."),
    ),
    Action(
        "decide",
        "approval",
        _("Engineering decision"),
        _perm("renovation.approve"),
        _at({S.SUBMITTED}),
        _simple(forms.DecisionForm, "decide"),
        _decide,
        _("The decision is recorded and the customer told."),
        buttons=((APPROVE, _("Approve"), ""), (REJECT, _("Reject"), "secondary")),
        rename={"reason": "note"},
    ),
    Action(
        "withdraw",
        "approval",
        _("Withdraw the application"),
        _perm("renovation.manage"),
        _can_withdraw,
        _simple(forms.ReasonForm, "withdraw"),
        lambda r, u, kw, d: app_services.renovation_withdraw(renovation=r, acting_user=u, **kw),
        _("The application is withdrawn."),
    ),
    # --- before entry ----------------------------------------------------------------------------
    Action(
        "prepare",
        "preparation",
        _("Record the confirmation, agreement or briefing"),
        _perm("renovation.manage"),
        _at({S.APPROVED}),
        _simple(forms.PrepareForm, "prepare"),
        lambda r, u, kw, d: app_services.renovation_prepare(renovation=r, acting_user=u, **kw),
        _("Recorded."),
    ),
    Action(
        "government-document",
        "preparation",
        _("Add a government approval"),
        _perm("renovation.manage"),
        lambda r: r.status in (S.SUBMITTED, S.APPROVED) and bool(app_services.government_works(r)),
        lambda data, files, r, user: forms.DocumentForm(
            data, files, prefix="government", kinds=GOVERNMENT_KINDS
        ),
        lambda r, u, kw, d: app_services.document_add(renovation=r, acting_user=u, **kw),
        _("The approval is in the file."),
    ),
    # --- fees, workers, permit, entry ------------------------------------------------------------
    Action(
        "fees",
        "fees",
        _("Charge the fees and take the deposit"),
        lambda user, r: can(user, r, *FEE_PERMS),
        lambda r: r.status == S.APPROVED and r.fees_charged_at is None,
        _simple(forms.FeesChargeForm, "fees"),
        lambda r, u, kw, d: fee_services.fees_charge(renovation=r, acting_user=u, **kw),
        _("The fees are charged and the deposit is held."),
    ),
    Action(
        "worker",
        "workers",
        _("Register a worker"),
        _perm("renovation.manage"),
        _at(WORKER_STATUSES),
        _simple(forms.WorkerForm, "worker"),
        lambda r, u, kw, d: completion_services.worker_register(renovation=r, acting_user=u, **kw),
        _("The worker's pass is registered."),
    ),
    Action(
        "worker-return",
        "workers",
        _("Pass returned"),
        _perm("renovation.manage"),
        lambda r: True,
        _with_target(forms.WorkerReturnForm, "return"),
        lambda r, u, kw, d: completion_services.worker_return(worker=kw["worker"], acting_user=u),
        _("The pass is back."),
        place="row",
    ),
    Action(
        "permit",
        "permit",
        _("Issue the construction permit"),
        _perm("renovation.manage"),
        lambda r: r.status == S.APPROVED and not r.permit_number,
        _simple(forms.EmptyForm, "permit"),
        lambda r, u, kw, d: completion_services.permit_issue(renovation=r, acting_user=u),
        _("The construction permit is issued."),
    ),
    Action(
        "start",
        "entry",
        _("Entry inspection: the work starts"),
        _perm("renovation.inspect"),
        lambda r: r.status == S.APPROVED and bool(r.permit_number),
        _simple(forms.StartForm, "start"),
        lambda r, u, kw, d: completion_services.renovation_start(renovation=r, acting_user=u, **kw),
        _("The work has started; the departments are told."),
    ),
    # --- supervision ---------------------------------------------------------------------------------
    Action(
        "patrol",
        "supervision",
        _("Record my department's patrol"),
        lambda user, r: can(user, r, "renovation.patrol") and bool(_departments(user, r)),
        _at(ON_SITE_STATUSES),
        lambda data, files, r, user: forms.PatrolForm(
            data, files, prefix="patrol", departments=_departments(user, r)
        ),
        lambda r, u, kw, d: sup_services.patrol_record(renovation=r, acting_user=u, **kw),
        _("The patrol is recorded."),
    ),
    Action(
        "violation",
        "supervision",
        _("Record a violation"),
        lambda user, r: can(user, r, "renovation.record_violation") and bool(_departments(user, r)),
        _at(ON_SITE_STATUSES),
        lambda data, files, r, user: forms.ViolationForm(
            data, prefix="violation", departments=_departments(user, r)
        ),
        lambda r, u, kw, d: sup_services.violation_record(renovation=r, acting_user=u, **kw),
        _("The violation is recorded."),
    ),
    Action(
        "hot-work",
        "supervision",
        _("Issue a hot-work permit"),
        _perm("renovation.issue_permit"),
        _at(sup_services.PERMIT_STATUSES),
        _simple(forms.HotWorkPermitForm, "hot-work"),
        lambda r, u, kw, d: sup_services.hot_work_permit_issue(renovation=r, acting_user=u, **kw),
        _("The hot-work permit is issued."),
    ),
    Action(
        "hot-work-cancel",
        "supervision",
        _("Cancel"),
        _perm("renovation.issue_permit"),
        lambda r: True,
        _with_target(forms.HotWorkCancelForm, "cancel"),
        lambda r, u, kw, d: sup_services.hot_work_permit_cancel(permit=kw["permit"], acting_user=u),
        _("The permit is cancelled."),
        place="row",
    ),
    Action(
        "phone",
        "supervision",
        _("Phone call"),
        _perm("renovation.record_violation"),
        lambda r: True,
        _with_target(forms.PhoneForm, "phone"),
        lambda r, u, kw, d: sup_services.violation_phone(acting_user=u, **kw),
        _("The call is recorded."),
        place="violation",
        target_shown=lambda v, u: (
            v.severity == Severity.SERIOUS and not (v.owner_phoned_at and v.company_phoned_at)
        ),
    ),
    Action(
        "notice-sign",
        "supervision",
        _("Signature on the notice"),
        _perm("renovation.record_violation"),
        lambda r: True,
        _with_target(forms.NoticeSignForm, "notice-sign"),
        lambda r, u, kw, d: sup_services.violation_sign(acting_user=u, **kw),
        _("The signature is recorded."),
        place="violation",
        target_shown=lambda v, u: (
            v.severity == Severity.SERIOUS
            and v.owner_phoned_at is not None
            and not (v.owner_signed_at and v.company_signed_at)
        ),
    ),
    Action(
        "rectified",
        "supervision",
        _("Rectified"),
        _perm("renovation.record_violation"),
        lambda r: True,
        _with_target(forms.RectifiedForm, "rectified"),
        lambda r, u, kw, d: sup_services.violation_rectified(acting_user=u, **kw),
        _("The rectification is recorded."),
        place="violation",
        target_shown=lambda v, u: v.rectified_at is None,
    ),
    Action(
        "penalty-propose",
        "supervision",
        _("Propose a penalty"),
        _perm("renovation.record_violation"),
        lambda r: True,
        _with_target(forms.PenaltyProposeForm, "propose"),
        lambda r, u, kw, d: sup_services.penalty_propose(acting_user=u, **kw),
        _("The penalty waits for the project manager."),
        place="violation",
        target_shown=lambda v, u: (
            v.severity == Severity.SERIOUS
            and v.penalty_status in (PenaltyStatus.NONE, PenaltyStatus.REJECTED)
        ),
    ),
    Action(
        "penalty-decide",
        "supervision",
        _("Decide on the penalty"),
        _perm("renovation.approve_penalty"),
        lambda r: True,
        _with_target(forms.PenaltyDecideForm, "penalty"),
        _penalty_decide,
        _("The decision on the penalty is recorded."),
        buttons=((APPROVE, _("Approve"), ""), (REJECT, _("Reject"), "secondary")),
        place="violation",
        target_shown=lambda v, u: (
            v.penalty_status == PenaltyStatus.PROPOSED and v.penalty_proposed_by_id != u.pk
        ),
    ),
    # --- completion ------------------------------------------------------------------------------------
    Action(
        "complete",
        "completion",
        _("The owner applies for completion acceptance"),
        _perm("renovation.manage"),
        _at({S.IN_PROGRESS}),
        _simple(forms.CompleteForm, "complete"),
        lambda r, u, kw, d: completion_services.renovation_complete(renovation=r, acting_user=u, **kw),
        _("The completion inspection is arranged."),
    ),
    Action(
        "accept",
        "completion",
        _("Completion inspection"),
        _perm("renovation.inspect"),
        _at({S.COMPLETION_REQUESTED}),
        _accept_form,
        lambda r, u, kw, d: completion_services.renovation_accept(renovation=r, acting_user=u, **kw),
        _("The inspection is recorded."),
    ),
    # --- the refund -------------------------------------------------------------------------------------
    Action(
        "refund",
        "refund",
        _("Prepare the deposit refund"),
        _perm("renovation.prepare_refund"),
        _at({S.ACCEPTED}),
        _simple(forms.RefundPrepareForm, "refund"),
        lambda r, u, kw, d: completion_services.renovation_refund_prepare(renovation=r, acting_user=u, **kw),
        _("The refund is prepared; the parties sign and the project manager decides."),
    ),
    Action(
        "sign-refund",
        "refund",
        _("Sign the refund"),
        lambda user, r: bool(_mine(user, r, SignOffStage.REFUND)),
        _at({S.REFUND_REQUESTED}),
        _sign_form(SignOffStage.REFUND),
        _run_sign,
        _("The signature is recorded."),
    ),
    Action(
        "refund-decide",
        "refund",
        _("Decide on the refund"),
        lambda user, r: (
            can(user, r, "renovation.approve_refund")
            and (r.refund is None or r.refund.requested_by_id != user.pk)
        ),
        _at({S.REFUND_REQUESTED}),
        _simple(forms.RefundDecideForm, "refund-decide"),
        _refund_decide,
        _("The decision on the refund is recorded."),
        buttons=((APPROVE, _("Approve the refund"), ""), (REJECT, _("Send back"), "secondary")),
    ),
]
ACTIONS_BY_NAME = {a.name: a for a in ACTIONS}


def _step_states(r) -> dict[str, str]:
    """done / current / pending for each step (rejected and withdrawn files stop at the approval)."""
    status = r.status
    index = ORDER.index(status) if status in ORDER else -1
    past = lambda stage: index > ORDER.index(stage)  # noqa: E731
    on = lambda *stages: status in stages  # noqa: E731
    states = {
        "application": "done",
        "file": "done"
        if r.file_complete_at and not on(S.REJECTED)
        else "current"
        if on(S.DRAFT, S.REJECTED)
        else "pending",
        "approval": "done" if past(S.SUBMITTED) else "current" if on(S.SUBMITTED) else "pending",
        "preparation": "done"
        if past(S.APPROVED) or (on(S.APPROVED) and not app_services.entry_missing(r))
        else "current"
        if on(S.APPROVED)
        else "pending",
        "fees": "done" if r.fees_charged_at else "current" if on(S.APPROVED) else "pending",
        "workers": "done"
        if r.workers.exists() and not on(S.APPROVED)
        else "current"
        if on(*WORKER_STATUSES)
        else "pending",
        "permit": "done" if r.permit_number else "current" if on(S.APPROVED) else "pending",
        "entry": "done" if r.started_at else "current" if on(S.APPROVED) and r.permit_number else "pending",
        "supervision": "done" if r.accepted_on else "current" if on(*ON_SITE_STATUSES) else "pending",
        "completion": "done" if r.accepted_on else "current" if on(*ON_SITE_STATUSES) else "pending",
        "refund": "done" if on(S.CLOSED) else "current" if on(S.ACCEPTED, S.REFUND_REQUESTED) else "pending",
    }
    if on(S.WITHDRAWN):
        states = {k: ("done" if v == "done" else "pending") for k, v in states.items()}
    return states


def _violation_rows(r, user, bound):
    rows = []
    violations = Violation.objects.filter(renovation=r).select_related(
        "found_by", "penalty_proposed_by", "penalty_decided_by"
    )
    for v in violations:
        actions = []
        for action in ACTIONS:
            if action.place != "violation" or not action.allowed(user, r):
                continue
            failed = bound is not None and bound[0] == action.name and bound[2] == v.pk
            if not (failed or action.target_shown(v, user)):
                continue
            if failed:
                form = bound[1]
            else:
                form = action.form(None, None, r, user)
                form.initial["violation"] = v.pk
                form.auto_id = f"id_v{v.pk}_%s"
            actions.append({"action": action, "form": form, "open": failed})
        rows.append({"violation": v, "actions": actions})
    return rows


def _render(request, r, *, bound=None, status=200):
    """The page; `bound` = (action name, bound form, target id) of a refused post, shown with its errors."""
    user = request.user
    states = _step_states(r)
    by_step: dict[str, list] = {key: [] for key, _label in STEPS}
    row_forms: dict[str, bool] = {}
    row_errors: dict[str, list] = {key: [] for key, _label in STEPS}
    for action in ACTIONS:
        if action.place == "violation" or not action.allowed(user, r):
            continue
        failed = bound is not None and bound[0] == action.name
        if action.place == "row":
            row_forms[action.name.replace("-", "_")] = action.shown(r)
            if failed:
                row_errors[action.step].extend([e for errors in bound[1].errors.values() for e in errors])
            continue
        if not (failed or action.shown(r)):
            continue
        form = bound[1] if failed else action.form(None, None, r, user)
        by_step[action.step].append(
            {
                "name": action.name,
                "label": action.label,
                "form": form,
                "buttons": action.buttons,
                "open": failed,
            }
        )
    if not any(a["open"] for actions in by_step.values() for a in actions):
        for key, _label in STEPS:  # the first form of the first current step with a form
            if states[key] == "current" and by_step[key]:
                by_step[key][0]["open"] = True
                break
    today = timezone.localdate()
    quote, quote_error = [], ""
    if r.status == S.APPROVED and r.fees_charged_at is None:
        try:
            quote = fee_services.fees_quote(r)
        except BusinessRuleError as exc:
            quote_error = exc.message
    steps = [
        {
            "key": key,
            "label": label,
            "state": states[key],
            "actions": by_step[key],
            "errors": row_errors[key],
        }
        for key, label in STEPS
    ]
    sign_offs = list(r.sign_offs.all())
    context = {
        "r": r,
        "steps": steps,
        "rows": row_forms,
        "late": is_approval_late(r),
        "documents": list(r.documents.all()),
        "file_missing": app_services.file_missing(r, on=today) if r.status in EDITABLE_STATUSES else {},
        "entry_missing": app_services.entry_missing(r) if r.status == S.APPROVED else {},
        "permit_missing": completion_services.permit_missing(r)
        if r.status == S.APPROVED and not r.permit_number
        else {},
        "government_works": app_services.government_works(r),
        "approval_sign_offs": [s for s in sign_offs if s.stage == SignOffStage.APPROVAL],
        "refund_sign_offs": [s for s in sign_offs if s.stage == SignOffStage.REFUND],
        "refund_missing": app_services.missing_sign_offs(r, SignOffStage.REFUND)
        if r.status == S.REFUND_REQUESTED
        else {},
        "quote": quote,
        "quote_error": quote_error,
        "fees": list(r.fees.select_related("charge").order_by("id")),
        "deposit_held": fee_services.deposit_is_held(r) if r.deposit_id else False,
        "workers": list(Worker.objects.filter(renovation=r).order_by("id")),
        "patrols": list(
            Patrol.objects.filter(renovation=r)
            .select_related("by")
            .prefetch_related("photos")
            .order_by("-day", "department")
        ),
        "violations": _violation_rows(r, user, bound),
        "permits": list(HotWorkPermit.objects.filter(renovation=r).select_related("approved_by")),
        "inspections": list(
            CompletionInspection.objects.filter(renovation=r).select_related(
                "engineering_inspector", "security_inspector"
            )
        ),
        "refund_summary": completion_services.refund_summary(r) if r.refund_id else None,
        "party_labels": dict(SignOffParty.choices),
    }
    return render(request, "renovation/detail.html", context, status=status)


@login_required
def renovation_detail(request, pk):
    return _render(request, fetch_renovation(request, pk))


@login_required
@require_POST
def renovation_action(request, pk, action):
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    r = fetch_renovation(request, pk)
    if not spec.allowed(request.user, r):
        raise PermissionDenied
    form = spec.form(request.POST, request.FILES, r, request.user)
    target = None
    if form.is_valid():
        kwargs = form.service_kwargs()
        target = getattr(kwargs.get("violation"), "pk", None)
        decision = request.POST.get("decision", "")
        done = attempt(
            form,
            lambda: spec.run(r, request.user, kwargs, decision) or True,
            **{**forms.RENAME, **spec.rename},
        )
        if done:
            messages.success(request, f"{r.number}: {spec.done}")
            return redirect("console:renovation", pk=r.pk)
    elif spec.place == "violation":
        raw = request.POST.get(f"{form.prefix}-violation", "")
        target = int(raw) if raw.isdigit() else None
    r = fetch_renovation(request, pk)  # the refused service rolled back; show it as stored
    if spec.place == "violation" and target is not None:
        form.auto_id = f"id_v{target}_%s"
    return _render(request, r, bound=(spec.name, form, target), status=400)
