"""The application and its file, the engineering decision, signatures and the preparation before
entry (spec 04 "Application and approval"): every rule and refusal at the service level."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuye.core.errors import BusinessRuleError, PermissionDeniedError
from wuye.core.fakes import make_resident_id
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, UnitFactory
from wuye.notifications.models import Notification
from wuye.renovation import selectors
from wuye.renovation.choices import DRAWING_KINDS, DocumentKind, RenovationStatus, SignOffStage
from wuye.renovation.models import Renovation
from wuye.renovation.services import application as app
from wuye.renovation.tests.factories import Site, application_fields

pytestmark = pytest.mark.django_db

S = RenovationStatus
D = DocumentKind
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def site():
    return Site()


def refusal(code, call, *args, **kwargs) -> BusinessRuleError:
    with pytest.raises(BusinessRuleError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, info.value
    return info.value


# --- the application ------------------------------------------------------------------------------


def test_create_numbers_and_takes_the_current_owner(site):
    renovation = site.draft()
    assert renovation.status == S.DRAFT
    assert renovation.owner == site.owner and renovation.project == site.project
    assert renovation.number.startswith("ZX") and renovation.number.endswith("-0001")
    assert renovation.notes_handed_over_at is not None and renovation.created_by == site.assistant
    assert renovation.company_responsible_id_type == "resident_id"
    assert renovation.history.count() == 1
    assert site.draft().number.endswith("-0002")


def test_create_refuses_a_unit_not_handed_over_and_a_second_running_renovation(site):
    new = UnitFactory(building=site.building, project=site.project)
    OwnershipFactory(unit=new, owner__project=site.project)
    refusal("unit_not_handed_over", app.renovation_create, unit=new, acting_user=site.assistant)
    site.draft(unit=site.unit)
    error = refusal(
        "renovation_already_open", app.renovation_create, unit=site.unit, acting_user=site.assistant
    )
    assert "unit" in error.fields


def test_create_applicant_must_be_a_current_owner(site):
    unit, owner = site.handed_over_unit()
    other_unit, stranger = site.handed_over_unit()
    error = refusal(
        "not_current_owner", app.renovation_create, unit=unit, owner=stranger, acting_user=site.assistant
    )
    assert error.fields["owner"] == [_("This person is not a current owner of the unit.")]
    OwnershipFactory(unit=unit, owner__project=site.project)  # a co-owner
    refusal("owner_required", app.renovation_create, unit=unit, acting_user=site.assistant)
    assert app.renovation_create(unit=unit, owner=owner, acting_user=site.assistant).owner == owner
    bare = site.books.unit()
    refusal("unit_has_no_owner", app.renovation_create, unit=bare, acting_user=site.assistant)


def test_create_validates_credit_code_ids_mobiles_and_dates(site):
    bad = application_fields(
        company_credit_code="91110105123456789X",
        company_responsible_id_number="110105198005011234",
        company_mobile="12345",
        planned_end=dt.date.today() - dt.timedelta(days=400),
    )
    with pytest.raises(ValidationError) as info:
        app.renovation_create(unit=site.unit, acting_user=site.assistant, **bad)
    errors = info.value.message_dict
    assert errors["company_credit_code"] == [_("Invalid unified social credit code.")]
    assert "company_responsible_id_number" in errors and "company_mobile" in errors
    assert errors["planned_end"] == [_("The planned end cannot be before the planned start.")]
    with pytest.raises(ValidationError) as info:
        app.renovation_create(
            unit=site.unit,
            acting_user=site.assistant,
            applicant_kind="agent",
            agent_name="李四",
            agent_id_number="123",
        )
    assert "agent_id_number" in info.value.message_dict
    # lower-case and spaces are normalised
    renovation = site.draft(company_credit_code=f" {application_fields()['company_credit_code'].lower()} ")
    assert renovation.company_credit_code == application_fields()["company_credit_code"]


def test_create_needs_manage_permission(site):
    for user in (site.guard, site.engineer, site.cashier):
        with pytest.raises(PermissionDeniedError):
            app.renovation_create(unit=site.unit, acting_user=user)
    outsider = Site().assistant
    with pytest.raises(PermissionDeniedError):
        app.renovation_create(unit=site.unit, acting_user=outsider)


def test_update_only_while_editable(site):
    renovation = site.draft()
    renovation = app.renovation_update(
        renovation=renovation, acting_user=site.assistant, scope="仅墙面", premises_kind="commercial"
    )
    assert renovation.scope == "仅墙面" and renovation.premises_kind == "commercial"
    with pytest.raises(ValidationError) as info:
        app.renovation_update(renovation=renovation, acting_user=site.assistant, company_credit_code="x")
    assert "company_credit_code" in info.value.message_dict
    submitted = site.submitted()
    refusal("renovation_wrong_stage", app.renovation_update, renovation=submitted, acting_user=site.assistant)


# --- the file -----------------------------------------------------------------------------------------


def test_file_missing_names_every_required_item(site):
    renovation = site.draft(commitment_signed=False, notes_handed_over=False)
    missing = app.file_missing(renovation)
    assert set(missing) == {
        *DRAWING_KINDS,
        D.BUSINESS_LICENCE,
        D.RESPONSIBLE_ID,
        D.QUALIFICATION,
        "notes_handed_over",
        "commitment_signed",
    }
    assert missing[D.PLAN_DRAWING] == [_("%(document)s not received") % {"document": D.PLAN_DRAWING.label}]
    site.complete_file(renovation)
    renovation = app.renovation_update(
        renovation=renovation, acting_user=site.assistant, commitment_signed=True, notes_handed_over=True
    )
    assert app.file_missing(renovation) == {}


def test_drawings_must_be_stamped(site):
    renovation = site.draft()
    site.complete_file(renovation, skip=[D.CEILING_DRAWING])
    site.document(renovation, D.CEILING_DRAWING, stamped=False)
    assert app.file_missing(renovation) == {
        D.CEILING_DRAWING: [
            _("%(document)s not stamped by the renovation company") % {"document": D.CEILING_DRAWING.label}
        ]
    }


def test_an_expired_qualification_blocks_and_says_when(site):
    renovation = site.draft()
    site.complete_file(renovation, skip=[D.QUALIFICATION])
    site.document(renovation, D.QUALIFICATION, issued_on=dt.date(2020, 1, 1), expires_on=dt.date(2025, 6, 30))
    on = dt.date(2026, 1, 1)
    assert app.file_missing(renovation, on=on) == {
        D.QUALIFICATION: [
            _("%(document)s expired on %(date)s") % {"document": D.QUALIFICATION.label, "date": "2025-06-30"}
        ]
    }
    # valid through its expiry date
    assert app.file_missing(renovation, on=dt.date(2025, 6, 30)) == {}


def test_commercial_premises_need_a_design_qualification(site):
    renovation = site.draft(premises_kind="commercial")
    site.complete_file(renovation, skip=[D.DESIGN_QUALIFICATION])
    assert set(app.file_missing(renovation)) == {D.DESIGN_QUALIFICATION}
    site.document(renovation, D.DESIGN_QUALIFICATION)
    assert app.file_missing(renovation) == {}


def test_an_agent_needs_name_id_and_power_of_attorney(site):
    renovation = site.draft(applicant_kind="agent")
    site.complete_file(renovation, skip=[D.POWER_OF_ATTORNEY])
    assert set(app.file_missing(renovation)) == {"agent_name", "agent_id_number", D.POWER_OF_ATTORNEY}
    app.renovation_update(
        renovation=renovation,
        acting_user=site.assistant,
        agent_name="李四",
        agent_id_number=make_resident_id(dt.date(1990, 2, 3)),
    )
    site.document(renovation, D.POWER_OF_ATTORNEY)
    renovation.refresh_from_db()
    assert app.file_missing(renovation) == {}


def test_document_checks(site):
    renovation = site.draft()
    error = refusal("invalid_credit_code", site.document, renovation, D.BUSINESS_LICENCE, reference="123")
    assert error.fields == {"reference": [_("Invalid unified social credit code.")]}
    other_code = "91110000100000000X"
    from stdnum.cn import uscc

    other_code = other_code[:-1] + uscc.calc_check_digit(other_code[:-1])
    refusal("licence_not_the_company", site.document, renovation, D.BUSINESS_LICENCE, reference=other_code)
    refusal("invalid_id_number", site.document, renovation, D.RESPONSIBLE_ID, reference="110105198005011234")
    refusal(
        "id_not_the_responsible",
        site.document,
        renovation,
        D.RESPONSIBLE_ID,
        reference=make_resident_id(dt.date(1970, 1, 1)),
    )
    with pytest.raises(ValidationError) as info:
        site.document(renovation, D.QUALIFICATION, expires_on=None)
    assert info.value.message_dict == {"expires_on": [_("A certificate is recorded with its expiry date.")]}
    with pytest.raises(ValidationError) as info:
        site.document(
            renovation, D.QUALIFICATION, issued_on=dt.date(2026, 1, 1), expires_on=dt.date(2025, 1, 1)
        )
    assert "expires_on" in info.value.message_dict
    refusal("reference_required", site.document, renovation, D.FIRE_APPROVAL, reference="")
    drawing = site.document(renovation, D.PLAN_DRAWING, stamped=True)
    assert drawing.stamped and drawing.received_by == site.assistant
    with pytest.raises(PermissionDeniedError):
        app.document_add(renovation=renovation, kind=D.OTHER, acting_user=site.guard)


def test_document_stage_rules_and_removal(site):
    renovation = site.draft(complete=True)
    drawing = renovation.documents.get(kind=D.PLAN_DRAWING)
    app.document_remove(document=drawing, acting_user=site.assistant, note="换新版")
    assert D.PLAN_DRAWING in app.file_missing(renovation)
    refusal("document_already_removed", app.document_remove, document=drawing, acting_user=site.assistant)
    site.document(renovation, D.PLAN_DRAWING)
    submitted = app.renovation_submit(renovation=renovation, acting_user=site.assistant)
    refusal("renovation_wrong_stage", site.document, submitted, D.PLAN_DRAWING)
    approved = site.approved(fire_work=True)
    assert (
        site.document(approved, D.FIRE_APPROVAL).kind == D.FIRE_APPROVAL
    )  # government approvals until entry
    refusal("renovation_wrong_stage", site.document, site.in_progress(), D.GAS_APPROVAL)


# --- submission and the deadline -------------------------------------------------------------------


def test_submit_refuses_an_incomplete_file_naming_each_item(site):
    renovation = site.draft()
    site.complete_file(renovation, skip=[D.SECTION_DRAWING, D.QUALIFICATION])
    error = refusal(
        "renovation_file_incomplete", app.renovation_submit, renovation=renovation, acting_user=site.assistant
    )
    assert set(error.fields) == {D.SECTION_DRAWING, D.QUALIFICATION}
    assert str(D.SECTION_DRAWING.label) in error.message
    renovation.refresh_from_db()
    assert renovation.status == S.DRAFT and renovation.file_complete_at is None


def test_submit_sets_the_deadline_and_tells_engineering(site, django_capture_on_commit_callbacks):
    renovation = site.draft(complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        renovation = app.renovation_submit(renovation=renovation, acting_user=site.assistant)
    assert renovation.status == S.SUBMITTED and renovation.file_complete_at is not None
    told = set(Notification.objects.filter(kind="renovation_submitted").values_list("recipient", flat=True))
    assert told == {site.engineer.pk, site.engineering_lead.pk}
    with pytest.raises(PermissionDeniedError):
        app.renovation_submit(renovation=site.draft(complete=True), acting_user=site.engineer)


def test_deadline_over_national_day_and_a_late_approval_is_counted(site):
    """spec 04: a file completed on 2026-09-30 15:00 is due 2026-10-08 15:00 (National Day)."""
    with time_machine.travel(dt.datetime(2026, 9, 30, 15, 0, tzinfo=SH), tick=False):
        late = site.draft(complete=True)
        late = app.renovation_submit(renovation=late, acting_user=site.assistant)
        on_time = app.renovation_submit(renovation=site.draft(complete=True), acting_user=site.assistant)
        waiting = app.renovation_submit(renovation=site.draft(complete=True), acting_user=site.assistant)
    assert late.file_complete_at == dt.datetime(2026, 9, 30, 15, 0, tzinfo=SH)
    assert late.approval_due_at == dt.datetime(2026, 10, 8, 15, 0, tzinfo=SH)
    with time_machine.travel(dt.datetime(2026, 10, 8, 14, 59, tzinfo=SH), tick=False):
        site.sign_approval(on_time)
        on_time = app.renovation_approve(renovation=on_time, acting_user=site.engineering_lead)
    assert selectors.is_approval_late(on_time) is False
    with time_machine.travel(dt.datetime(2026, 10, 8, 15, 30, tzinfo=SH), tick=False):
        assert selectors.is_approval_late(waiting) is True
        assert [r.pk for r in selectors.overdue_approvals(site.project)] == [late.pk, waiting.pk]
        site.sign_approval(late, engineering=False)
        late = app.renovation_approve(renovation=late, acting_user=site.engineering_lead)
        app.renovation_reject(renovation=waiting, reason="资质不全", acting_user=site.engineer)
    assert (
        late.decided_at == dt.datetime(2026, 10, 8, 15, 30, tzinfo=SH)
        and late.decided_by == site.engineering_lead
    )
    assert selectors.is_approval_late(late) is True
    rows = list(selectors.late_approvals(site.project))
    assert [(r["id"], r["status"]) for r in rows] == [(late.pk, S.APPROVED), (waiting.pk, S.REJECTED)]
    # still counted after later saves (preparation), and the window `since` applies
    app.renovation_prepare(renovation=late, acting_user=site.assistant, briefed=True)
    assert selectors.late_approvals(site.project).count() == 2
    assert selectors.late_approvals(site.project, since=dt.datetime(2026, 10, 9, tzinfo=SH)).count() == 0
    assert selectors.late_approvals(Site().project).count() == 0


# --- signatures -------------------------------------------------------------------------------------


def test_approval_sign_offs_need_the_heads(site):
    renovation = site.submitted()
    with pytest.raises(PermissionDeniedError):  # an engineer is not the engineering head
        app.sign_off(
            renovation=renovation, stage="approval", party="engineering_head", acting_user=site.engineer
        )
    with pytest.raises(PermissionDeniedError):  # an assistant signs for no party at the approval
        app.sign_off(renovation=renovation, stage="approval", acting_user=site.assistant)
    signed = app.sign_off(renovation=renovation, stage="approval", acting_user=site.supervisor)
    assert signed.party == "cs_head" and signed.signed_by == site.supervisor
    assert signed.signer_name == str(site.supervisor)
    refusal(
        "already_signed", app.sign_off, renovation=renovation, stage="approval", acting_user=site.supervisor
    )
    refusal(
        "party_not_in_stage",
        app.sign_off,
        renovation=renovation,
        stage="approval",
        party="owner",
        signer_name="张三",
        acting_user=site.assistant,
    )
    refusal(
        "renovation_wrong_stage",
        app.sign_off,
        renovation=site.draft(),
        stage="approval",
        acting_user=site.supervisor,
    )
    refusal(
        "renovation_wrong_stage",
        app.sign_off,
        renovation=renovation,
        stage="refund",
        party="owner",
        signer_name="张三",
        acting_user=site.assistant,
    )


def test_refund_sign_offs_staff_and_paper(site):
    renovation = site.forced(S.REFUND_REQUESTED)
    with pytest.raises(ValidationError):
        app.sign_off(renovation=renovation, stage="refund", party="owner", acting_user=site.assistant)
    owner = app.sign_off(
        renovation=renovation, stage="refund", party="owner", signer_name="张三", acting_user=site.assistant
    )
    assert owner.signer_name == "张三" and owner.signed_by is None and owner.recorded_by == site.assistant
    with pytest.raises(PermissionDeniedError):  # a guard does not record the owner's signature
        app.sign_off(
            renovation=renovation, stage="refund", party="company", signer_name="王", acting_user=site.guard
        )
    assert app.sign_off(renovation=renovation, stage="refund", acting_user=site.guard).party == "security"
    # a CS supervisor may sign for customer service or as centre head: they say which
    refusal(
        "party_required", app.sign_off, renovation=renovation, stage="refund", acting_user=site.supervisor
    )
    centre = app.sign_off(
        renovation=renovation, stage="refund", party="centre_head", acting_user=site.supervisor
    )
    assert centre.party == "centre_head"
    assert set(app.missing_sign_offs(renovation, SignOffStage.REFUND)) == {
        "customer_service",
        "engineering",
        "company",
    }


# --- the decision --------------------------------------------------------------------------------------


def test_approve_requires_both_heads_and_tells_the_customer(site, django_capture_on_commit_callbacks):
    renovation = site.submitted()
    error = refusal(
        "renovation_sign_offs_missing",
        app.renovation_approve,
        renovation=renovation,
        acting_user=site.engineer,
    )
    assert set(error.fields) == {"cs_head", "engineering_head"}
    with pytest.raises(PermissionDeniedError):
        app.renovation_approve(renovation=renovation, acting_user=site.supervisor)
    app.sign_off(renovation=renovation, stage="approval", acting_user=site.supervisor)
    error = refusal(
        "renovation_sign_offs_missing",
        app.renovation_approve,
        renovation=renovation,
        acting_user=site.engineer,
    )
    assert set(error.fields) == {"engineering_head"}
    with django_capture_on_commit_callbacks(execute=True):
        # the lead's own signature is recorded in the same call
        renovation = app.renovation_approve(
            renovation=renovation, acting_user=site.engineering_lead, note="同意"
        )
    assert renovation.status == S.APPROVED and renovation.decision_note == "同意"
    assert renovation.sign_offs.filter(party="engineering_head", signed_by=site.engineering_lead).exists()
    told = set(Notification.objects.filter(kind="renovation_approved").values_list("recipient", flat=True))
    assert told == {site.owner_user.pk, site.assistant.pk, site.supervisor.pk}
    refusal(
        "renovation_transition_forbidden",
        app.renovation_approve,
        renovation=renovation,
        acting_user=site.engineering_lead,
    )


def test_an_engineer_approves_once_both_heads_signed(site):
    renovation = site.submitted()
    site.sign_approval(renovation)
    assert app.renovation_approve(renovation=renovation, acting_user=site.engineer).status == S.APPROVED


def test_reject_needs_a_reason_and_a_resubmission_is_signed_again(site, django_capture_on_commit_callbacks):
    renovation = site.submitted()
    site.sign_approval(renovation, engineering=False)
    with pytest.raises(ValidationError) as info:
        app.renovation_reject(renovation=renovation, reason=" ", acting_user=site.engineer)
    assert info.value.message_dict == {"reason": [_("Say why the application is rejected.")]}
    with django_capture_on_commit_callbacks(execute=True):
        renovation = app.renovation_reject(
            renovation=renovation, reason="图纸未盖章", acting_user=site.engineer
        )
    assert renovation.status == S.REJECTED and renovation.decision_note == "图纸未盖章"
    assert Notification.objects.filter(kind="renovation_rejected", recipient=site.owner_user).exists()
    renovation = app.renovation_update(renovation=renovation, acting_user=site.assistant, scope="修改后")
    renovation = app.renovation_submit(renovation=renovation, acting_user=site.assistant)
    assert renovation.status == S.SUBMITTED and renovation.decided_at is None
    assert not renovation.sign_offs.exists()


def test_withdraw(site):
    renovation = site.draft()
    with pytest.raises(ValidationError):
        app.renovation_withdraw(renovation=renovation, reason="", acting_user=site.assistant)
    renovation = app.renovation_withdraw(
        renovation=renovation, reason="业主暂缓装修", acting_user=site.assistant
    )
    assert renovation.status == S.WITHDRAWN
    assert site.draft(unit=renovation.unit).status == S.DRAFT  # the unit may apply again
    refusal(
        "renovation_transition_forbidden",
        app.renovation_withdraw,
        renovation=site.submitted(),
        reason="x",
        acting_user=site.assistant,
    )
    charged = site.forced(S.APPROVED, fees_charged_at=dt.datetime(2026, 1, 5, tzinfo=SH))
    refusal(
        "renovation_fees_charged",
        app.renovation_withdraw,
        renovation=charged,
        reason="x",
        acting_user=site.assistant,
    )
    refusal(
        "renovation_transition_forbidden",
        app.renovation_withdraw,
        renovation=site.in_progress(),
        reason="x",
        acting_user=site.assistant,
    )


# --- before entry -------------------------------------------------------------------------------------


def test_prepare_and_entry_missing(site):
    refusal(
        "renovation_wrong_stage",
        app.renovation_prepare,
        renovation=site.submitted(),
        briefed=True,
        acting_user=site.assistant,
    )
    renovation = site.approved(fire_work=True, gas_work=True)
    assert set(app.entry_missing(renovation)) == {
        D.FIRE_APPROVAL,
        D.GAS_APPROVAL,
        "owner_confirmed_at",
        "agreement_signed_at",
        "briefing_at",
    }
    refusal("nothing_to_record", app.renovation_prepare, renovation=renovation, acting_user=site.assistant)
    error = refusal(
        "agreement_not_delegated",
        app.renovation_prepare,
        renovation=renovation,
        agreement_signer="company",
        acting_user=site.assistant,
    )
    assert "commitment_delegates" in error.fields
    renovation = app.renovation_prepare(
        renovation=renovation,
        acting_user=site.assistant,
        owner_confirmed=True,
        agreement_signer="company",
        commitment_delegates=True,
        briefed=True,
    )
    assert renovation.agreement_signer == "company" and renovation.briefing_by == site.assistant
    assert set(app.entry_missing(renovation)) == {D.FIRE_APPROVAL, D.GAS_APPROVAL}
    site.document(renovation, D.FIRE_APPROVAL)
    site.document(renovation, D.GAS_APPROVAL)
    assert app.entry_missing(renovation) == {}
    with pytest.raises(PermissionDeniedError):
        app.renovation_prepare(renovation=renovation, briefed=True, acting_user=site.guard)


def test_factories_later_stages(site):
    renovation = site.in_progress()
    assert renovation.status == S.IN_PROGRESS and renovation.status_before == "vacant"
    renovation.unit.refresh_from_db()
    assert renovation.unit.status == "renovating"
    assert Renovation.objects.filter(status=S.IN_PROGRESS).count() == 1
    assert site.staff(Role.CS_ASSISTANT) != site.assistant
