"""Renovation test helpers shared by the three parts (application, completion, supervision).

    site = Site()                       # a project with staff of every role, a handed-over unit
    r = site.draft()                    # DRAFT, application filled in, no documents
    r = site.draft(complete=True)       # DRAFT with a complete file (file_missing(r) == {})
    r = site.submitted()                # SUBMITTED through the services (due one working day later)
    r = site.rejected()                 # REJECTED by the engineering lead
    r = site.approved()                 # APPROVED through the services (both heads signed)
    r = site.approved(prepared=True)    # … and entry_missing(r) == {} (confirmation, agreement, briefing)
    r = site.in_progress()              # IN_PROGRESS, set DIRECTLY (see its docstring)
    r = site.forced(RenovationStatus.ACCEPTED, accepted_on=...)   # any later stage, set DIRECTLY

Each call makes a new handed-over unit (one running renovation per unit) unless `unit=` is given.
The project is billing's `Books` (site.books): the renovation fee items are not there; the
completion part adds them (tests/factories_completion.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuye.billing.tests.factories import Books
from wuye.core.fakes import make_resident_id, make_uscc
from wuye.core.roles import Role
from wuye.core.tests.factories import OwnershipFactory, UnitFactory, resident_user, staff
from wuye.estate.models import Unit
from wuye.renovation.choices import DRAWING_KINDS, DocumentKind, RenovationStatus, SignOffStage
from wuye.renovation.models import Renovation
from wuye.renovation.services import application as app

S = RenovationStatus
D = DocumentKind

CREDIT_CODE = make_uscc(region="110105", org_body="12345678")
RESPONSIBLE_ID = make_resident_id(dt.date(1980, 5, 1), seq=123)


def application_fields(**overrides) -> dict:
    """A filled-in application (owner applying, residential, a company with a valid credit code
    and a responsible person with a valid resident ID, planned for the coming weeks)."""
    today = timezone.localdate()
    fields = {
        "company_name": "北京美家装饰工程有限公司",
        "company_credit_code": CREDIT_CODE,
        "company_responsible": "王建国",
        "company_responsible_id_number": RESPONSIBLE_ID,
        "company_mobile": "13912345678",
        "scope": "厨卫改造、墙面、吊顶",
        "planned_start": today + dt.timedelta(days=7),
        "planned_end": today + dt.timedelta(days=67),
        "commitment_signed": True,
        "notes_handed_over": True,
    }
    fields.update(overrides)
    return fields


class Site:
    """A project (billing's Books) with one member of staff of every role and a handed-over unit
    (`unit`, status vacant) with its owner (`owner`, who has a login: `owner_user`)."""

    def __init__(self, *, project=None, building=None):
        """A new project (billing's Books), or staff added to an existing `project` and `building`
        (the permission matrix's sides; `books` is then None)."""
        if project is None:
            self.books = Books()
            self.project, self.building = self.books.project, self.books.building
            self.cashier, self.manager = self.books.cashier, self.books.manager
        else:
            self.books = None
            self.project, self.building = project, building
            self.cashier = staff(Role.CASHIER, project)
            self.manager = staff(Role.PROJECT_MANAGER, project)
        self.assistant = staff(Role.CS_ASSISTANT, self.project)
        self.supervisor = staff(Role.CS_SUPERVISOR, self.project)
        self.engineer = staff(Role.ENGINEER, self.project)
        self.engineering_lead = staff(Role.ENGINEERING_LEAD, self.project)
        self.guard = staff(Role.SECURITY, self.project)
        self.security_lead = staff(Role.SECURITY_LEAD, self.project)
        self.archivist = staff(Role.ARCHIVIST, self.project)
        self.key_keeper = staff(Role.KEY_KEEPER, self.project)
        self.unit, self.owner = self.handed_over_unit()
        self.owner_user = resident_user(owner=self.owner)

    # --- places and people ------------------------------------------------------------------

    def handed_over_unit(self, *, status: str = "vacant", area: str = "100.00"):
        """A new unit handed over on 2024-01-01 with one current owner: (unit, owner)."""
        unit = UnitFactory(
            building=self.building,
            project=self.project,
            building_area=Decimal(area),
            handover_date=dt.date(2024, 1, 1),
            status=status,
        )
        ownership = OwnershipFactory(unit=unit, owner__project=self.project)
        return unit, ownership.owner

    def staff(self, role: str):
        """Another member of staff of this project."""
        return staff(role, self.project)

    # --- the application ----------------------------------------------------------------------

    def draft(self, *, unit=None, complete: bool = False, **fields) -> Renovation:
        """A DRAFT application (by the assistant) of a new handed-over unit (or `unit`)."""
        if unit is None:
            unit = self.unit if not Renovation.objects.filter(unit=self.unit).exists() else None
        if unit is None:
            unit, _ = self.handed_over_unit()
        renovation = app.renovation_create(
            unit=unit, acting_user=self.assistant, **application_fields(**fields)
        )
        if complete:
            self.complete_file(renovation)
        return renovation

    def document(self, renovation, kind: str, **kwargs):
        """One document, with what its kind needs (the licence carries the credit code, …)."""
        params: dict = {"stamped": True}
        if kind == D.BUSINESS_LICENCE:
            params["reference"] = renovation.company_credit_code
        elif kind == D.RESPONSIBLE_ID:
            params["reference"] = renovation.company_responsible_id_number
        elif kind in (D.QUALIFICATION, D.DESIGN_QUALIFICATION):
            params["reference"] = "D211000001"
            params["expires_on"] = timezone.localdate() + dt.timedelta(days=365)
        elif kind in (D.FIRE_APPROVAL, D.STRUCTURE_APPROVAL, D.GAS_APPROVAL):
            params["reference"] = "PZ-2026-001"
        params.update(kwargs)
        return app.document_add(renovation=renovation, kind=kind, acting_user=self.assistant, **params)

    def complete_file(self, renovation, *, skip=()) -> Renovation:
        """Every document the file needs (the five stamped drawings, licence, ID, qualification;
        design qualification and power of attorney where required), except the kinds in `skip`."""
        kinds = [*DRAWING_KINDS, D.BUSINESS_LICENCE, D.RESPONSIBLE_ID, D.QUALIFICATION]
        if renovation.premises_kind in ("commercial", "key"):
            kinds.append(D.DESIGN_QUALIFICATION)
        if renovation.applicant_kind == "agent":
            kinds.append(D.POWER_OF_ATTORNEY)
        for kind in kinds:
            if kind not in skip:
                self.document(renovation, kind)
        return renovation

    def submitted(self, **kwargs) -> Renovation:
        renovation = self.draft(complete=True, **kwargs)
        return app.renovation_submit(renovation=renovation, acting_user=self.assistant)

    def sign_approval(self, renovation, *, engineering: bool = True) -> None:
        """The customer-service head signs (and the engineering head, unless `engineering=False`)."""
        app.sign_off(renovation=renovation, stage=SignOffStage.APPROVAL, acting_user=self.supervisor)
        if engineering:
            app.sign_off(
                renovation=renovation, stage=SignOffStage.APPROVAL, acting_user=self.engineering_lead
            )

    def rejected(self, **kwargs) -> Renovation:
        renovation = self.submitted(**kwargs)
        return app.renovation_reject(
            renovation=renovation, reason="图纸未盖章", acting_user=self.engineering_lead
        )

    def approved(self, *, prepared: bool = False, **kwargs) -> Renovation:
        """APPROVED through the services: the complete file submitted, the CS head signs, the
        engineering lead approves (signing as engineering head). `prepared=True` also records the
        owner's confirmation, the agreement (owner) and the briefing, so entry_missing is empty
        (flag government work with e.g. fire_work=True and add its approval with `document`)."""
        renovation = self.submitted(**kwargs)
        self.sign_approval(renovation, engineering=False)
        renovation = app.renovation_approve(renovation=renovation, acting_user=self.engineering_lead)
        if prepared:
            for work in app.government_works(renovation):
                self.document(renovation, app.GOVERNMENT_APPROVAL_DOCUMENT[work])
            renovation = app.renovation_prepare(
                renovation=renovation,
                acting_user=self.assistant,
                owner_confirmed=True,
                agreement_signer="owner",
                briefed=True,
            )
        return renovation

    # --- later stages, set directly -----------------------------------------------------------

    def in_progress(self, **kwargs) -> Renovation:
        """IN_PROGRESS without the completion part's services: an approved, prepared renovation
        whose fields are SET DIRECTLY (no fees charged in billing, no deposit row, no notices):
        fees_charged_at, permit_number, permit_issued_at, status_before (the unit's status), the
        entry inspection (started_at, by the engineer, meter readings, water test passed), the
        unit's status set to renovating with a queryset update (no status history). For tests of
        patrols, violations and completion that do not need money."""
        renovation = self.approved(prepared=True, **kwargs)
        now = timezone.now()
        unit = renovation.unit
        fields = {
            "fees_charged_at": now,
            "permit_number": f"XK{now.year}-{renovation.pk:04d}",
            "permit_issued_at": now,
            "status_before": unit.status,
            "started_at": now,
            "entry_inspected_by": self.engineer,
            "entry_inspected_with": "王建国",
            "water_reading": Decimal("12.00"),
            "electricity_reading": Decimal("345.60"),
            "gas_reading": Decimal("7.00"),
            "water_test_passed": True,
        }
        Unit.objects.filter(pk=unit.pk).update(status="renovating")
        return self.forced(S.IN_PROGRESS, renovation=renovation, **fields)

    def forced(self, status: str, *, renovation: Renovation | None = None, **fields) -> Renovation:
        """`renovation` (default: a new approved one) moved to `status` with `fields`, SET DIRECTLY
        (a queryset update: no transition check, no history row, no side effect). Fields the model
        does not have are ignored, so this keeps working while the model grows."""
        renovation = renovation or self.approved(prepared=True)
        names = {f.name for f in Renovation._meta.concrete_fields} | {
            f.attname for f in Renovation._meta.concrete_fields
        }
        Renovation.objects.filter(pk=renovation.pk).update(
            status=status, **{k: v for k, v in fields.items() if k in names}
        )
        renovation.refresh_from_db()
        return renovation
