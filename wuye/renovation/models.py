"""Renovation (办理装修, seed 000 §2, seed 003, spec 04): the application and its file, the
engineering decision, fees and permit, workers' passes, the daily patrols of three departments,
violations and penalties, hot-work permits, completion acceptance and the deposit refund.

Every change goes through wuye.renovation.services; these models hold what happened."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import IdType, OccupancyStatus
from wuye.renovation.choices import (
    AgreementSigner,
    ApplicantKind,
    Department,
    DocumentKind,
    FeeKind,
    PenaltyStatus,
    PermitKind,
    PremisesKind,
    RenovationStatus,
    Severity,
    SignOffParty,
    SignOffStage,
)

USER = settings.AUTH_USER_MODEL


class Renovation(models.Model):
    """One renovation of one unit, from the application to the deposit refund (装修申请登记)."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="renovations", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, related_name="renovations", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("Continuous per project and year."))
    status = models.CharField(
        _("status"), max_length=24, choices=RenovationStatus.choices, default=RenovationStatus.DRAFT
    )
    # --- the applicant -----------------------------------------------------------------------
    owner = models.ForeignKey(
        "estate.Owner", on_delete=models.PROTECT, related_name="renovations", verbose_name=_("owner")
    )
    applicant_kind = models.CharField(
        _("applicant"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.OWNER
    )
    agent_name = models.CharField(_("agent"), max_length=100, blank=True)
    agent_id_type = models.CharField(_("agent's ID type"), max_length=20, choices=IdType.choices, blank=True)
    agent_id_number = models.CharField(_("agent's ID number"), max_length=40, blank=True)
    agent_mobile = models.CharField(_("agent's mobile"), max_length=20, blank=True)
    commitment_signed = models.BooleanField(
        _("application form and commitment letter signed by the owner"), default=False
    )
    notes_handed_over_at = models.DateTimeField(
        _("application notes (装修申报须知) handed over at"), null=True, blank=True
    )
    premises_kind = models.CharField(
        _("premises"), max_length=12, choices=PremisesKind.choices, default=PremisesKind.RESIDENTIAL
    )
    scope = models.TextField(_("scope of the work"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # --- the renovation company ----------------------------------------------------------------
    company_name = models.CharField(_("renovation company"), max_length=200, blank=True)
    company_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    company_responsible = models.CharField(_("responsible person"), max_length=100, blank=True)
    company_responsible_id_type = models.CharField(
        _("responsible person's ID type"), max_length=20, choices=IdType.choices, blank=True
    )
    company_responsible_id_number = models.CharField(
        _("responsible person's ID number"), max_length=40, blank=True
    )
    company_mobile = models.CharField(_("responsible person's mobile"), max_length=20, blank=True)
    # --- government approvals (fire, structure, gas): which apply; the approval is a document ---
    fire_work = models.BooleanField(_("touches fire protection"), default=False)
    structure_work = models.BooleanField(_("changes the structure"), default=False)
    gas_work = models.BooleanField(_("changes gas pipes"), default=False)
    # --- the engineering decision ----------------------------------------------------------------
    file_complete_at = models.DateTimeField(_("file complete at"), null=True, blank=True)
    approval_due_at = models.DateTimeField(
        _("approval due at"), null=True, blank=True, help_text=_("One working day after the complete file.")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    # --- before the work starts --------------------------------------------------------------------
    owner_confirmed_at = models.DateTimeField(_("owner confirmed the approval at"), null=True, blank=True)
    agreement_signer = models.CharField(
        _("management agreement signed by"), max_length=10, choices=AgreementSigner.choices, blank=True
    )
    agreement_signed_at = models.DateTimeField(_("management agreement signed at"), null=True, blank=True)
    briefing_at = models.DateTimeField(_("rules briefed at"), null=True, blank=True)
    briefing_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("briefed by")
    )
    fees_charged_at = models.DateTimeField(_("fees charged at"), null=True, blank=True)
    deposit = models.OneToOneField(
        "billing.Deposit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renovation",
        verbose_name=_("deposit"),
    )
    permit_number = models.CharField(_("construction permit number"), max_length=30, blank=True)
    permit_issued_at = models.DateTimeField(_("construction permit issued at"), null=True, blank=True)
    # --- the entry inspection (进场装修确认表) ------------------------------------------------------
    status_before = models.CharField(
        _("unit status before the work"), max_length=20, choices=OccupancyStatus.choices, blank=True
    )
    started_at = models.DateTimeField(_("work started at"), null=True, blank=True)
    entry_inspected_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry inspected by"),
    )
    entry_inspected_with = models.CharField(_("inspected with"), max_length=100, blank=True)
    water_reading = models.DecimalField(
        _("water meter"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    electricity_reading = models.DecimalField(
        _("electricity meter"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    gas_reading = models.DecimalField(_("gas meter"), max_digits=12, decimal_places=2, null=True, blank=True)
    water_test_passed = models.BooleanField(_("closed water test passed"), null=True, blank=True)
    entry_note = models.TextField(_("state of the unit at entry"), blank=True)
    # --- completion and refund ---------------------------------------------------------------------
    completion_requested_at = models.DateTimeField(
        _("completion acceptance requested at"), null=True, blank=True
    )
    completion_agreed_at = models.DateTimeField(_("inspection agreed for"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refundable_on = models.DateField(
        _("deposit refundable from"), null=True, blank=True, help_text=_("Three months after the acceptance.")
    )
    refundable_notified_at = models.DateTimeField(
        _("owner told the deposit is refundable at"), null=True, blank=True
    )
    refund = models.OneToOneField(
        "billing.DepositRefund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renovation",
        verbose_name=_("deposit refund"),
    )
    collect_consent = models.CharField(
        _("owner's consent to the company collecting the refund"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("renovation")
        verbose_name_plural = _("renovations")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="uniq_renovation_number"),
            # one running renovation per unit
            models.UniqueConstraint(
                fields=["unit"],
                condition=~Q(status__in=["closed", "withdrawn"]),
                name="one_open_renovation_per_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["status", "refundable_on"]),
        ]

    def __str__(self) -> str:
        return self.number


class RenovationChildQuerySet(ScopedQuerySet):
    project_lookup = "renovation__project_id"


class RenovationDocument(models.Model):
    """One item of the file: a drawing, a certificate, an approval, with what was checked."""

    renovation = models.ForeignKey(
        Renovation, on_delete=models.CASCADE, related_name="documents", verbose_name=_("renovation")
    )
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    reference = models.CharField(
        _("number"),
        max_length=60,
        blank=True,
        help_text=_("Credit code, ID or certificate number, approval number."),
    )
    holder = models.CharField(_("issued to"), max_length=200, blank=True)
    stamped = models.BooleanField(_("stamped by the renovation company"), default=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("scan"), upload_to="renovation/documents/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    objects = RenovationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["renovation_id", "kind", "id"]
        verbose_name = _("renovation document")
        verbose_name_plural = _("renovation documents")

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.kind}"


class RenovationFee(models.Model):
    """A renovation fee charged through billing against the project's fee standard."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="fees")
    kind = models.CharField(_("fee"), max_length=12, choices=FeeKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    rate = models.DecimalField(_("rate"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    charge = models.OneToOneField(
        "billing.Charge", on_delete=models.PROTECT, null=True, blank=True, related_name="renovation_fee"
    )
    worker = models.OneToOneField(
        "renovation.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pass_fee",
        help_text=_("The pass of a worker registered after the fees were charged."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RenovationChildQuerySet.as_manager()

    class Meta:
        ordering = ["renovation_id", "id"]
        constraints = [
            # one row per fee; a worker registered after the fees were charged adds a pass row of its own
            models.UniqueConstraint(
                fields=["renovation", "kind"], condition=Q(worker__isnull=True), name="uniq_renovation_fee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.kind} {self.amount}"


class Worker(models.Model):
    """A worker's pass (装修工人出入证办理表): identity checked, pass number, returned at the end."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="workers")
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("ID number"), max_length=40)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    trade = models.CharField(_("trade"), max_length=60, blank=True)
    pass_number = models.CharField(_("pass number"), max_length=30)
    valid_until = models.DateField(_("pass valid until"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("pass returned at"), null=True, blank=True)

    objects = RenovationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["renovation_id", "id"]
        verbose_name = _("worker pass")
        verbose_name_plural = _("worker passes")
        constraints = [
            models.UniqueConstraint(
                fields=["renovation", "id_type", "id_number"], name="uniq_renovation_worker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pass_number} {self.name}"


class Patrol(models.Model):
    """One department's daily patrol of one renovating unit (装修巡查记录)."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="patrols")
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("patrolled by"))
    findings = models.TextField(_("findings"), blank=True)
    all_in_order = models.BooleanField(_("all in order"), default=True)
    hot_work_seen = models.BooleanField(_("hot work seen"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RenovationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "renovation_id", "department"]
        verbose_name = _("renovation patrol")
        verbose_name_plural = _("renovation patrols")
        constraints = [
            models.UniqueConstraint(
                fields=["renovation", "department", "day"], name="one_patrol_per_department_day"
            )
        ]
        indexes = [models.Index(fields=["day", "department"])]

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.department} {self.day}"


class PatrolPhotoQuerySet(ScopedQuerySet):
    project_lookup = "patrol__renovation__project_id"


class PatrolPhoto(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="renovation/patrols/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PatrolPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class HotWorkPermit(models.Model):
    """动火审批 (or the written consent to bring in prohibited materials): a time window and the
    fire precautions. Hot work seen outside every permit's window is a violation."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="permits")
    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("kind"), max_length=12, choices=PermitKind.choices, default=PermitKind.HOT_WORK)
    work = models.CharField(_("work or materials"), max_length=200)
    location = models.CharField(_("location"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    precautions = models.TextField(_("fire precautions"))
    fire_watch = models.CharField(_("fire watch"), max_length=100, blank=True)
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    operator_certificate = models.CharField(_("operator's certificate"), max_length=60, blank=True)
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RenovationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("hot-work permit")
        verbose_name_plural = _("hot-work permits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="permit_window_positive"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Violation(models.Model):
    """A violation found on site. Minor: verbal correction, recorded. Serious: a rectification
    notice (违章整改通知书, three copies) after phoning the owner, then the company's head; both
    sign. A penalty is proposed with the violated rule and approved by the project manager (not the
    proposer), filed in the owner's archive and deducted when the deposit is refunded."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="violations")
    number = models.CharField(_("notice number"), max_length=30, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    found_at = models.DateTimeField(_("found at"))
    found_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("found by"))
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    rule = models.CharField(_("rule violated"), max_length=200)
    description = models.TextField(_("what was found"))
    action_taken = models.CharField(_("action taken"), max_length=200, blank=True)
    patrol = models.ForeignKey(
        Patrol, on_delete=models.SET_NULL, null=True, blank=True, related_name="violations"
    )
    # the serious notice: phone calls and signatures
    owner_phoned_at = models.DateTimeField(_("owner phoned at"), null=True, blank=True)
    owner_phone_note = models.CharField(_("owner's answer"), max_length=200, blank=True)
    company_phoned_at = models.DateTimeField(_("company's head phoned at"), null=True, blank=True)
    owner_signed_at = models.DateTimeField(_("owner signed at"), null=True, blank=True)
    company_signed_at = models.DateTimeField(_("company's head signed at"), null=True, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_note = models.CharField(_("rectification"), max_length=200, blank=True)
    # the penalty
    penalty_status = models.CharField(
        _("penalty"), max_length=10, choices=PenaltyStatus.choices, default=PenaltyStatus.NONE
    )
    penalty_amount = models.DecimalField(_("penalty amount"), **MONEY, null=True, blank=True)
    penalty_rule = models.CharField(_("agreement clause"), max_length=200, blank=True)
    penalty_proposed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    penalty_proposed_at = models.DateTimeField(null=True, blank=True)
    penalty_decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    penalty_decided_at = models.DateTimeField(null=True, blank=True)
    penalty_note = models.CharField(_("decision note"), max_length=200, blank=True)
    filed_owner = models.ForeignKey(
        "estate.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renovation_penalties",
        verbose_name=_("filed in the archive of"),
    )

    objects = RenovationChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_at", "-id"]
        verbose_name = _("renovation violation")
        verbose_name_plural = _("renovation violations")
        constraints = [
            models.CheckConstraint(
                condition=Q(penalty_amount__isnull=True) | Q(penalty_amount__gt=0), name="penalty_positive"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.renovation_id} {self.severity}"


class CompletionInspection(models.Model):
    """竣工验收: engineering and security inspect; failures are explained with the rectification
    required, and the unit is inspected again."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="inspections")
    at = models.DateTimeField(_("inspected at"))
    engineering_inspector = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("engineering inspector")
    )
    security_inspector = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("security inspector")
    )
    passed = models.BooleanField(_("passed"))
    failures = models.TextField(_("failures and the rectification required"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = RenovationChildQuerySet.as_manager()

    class Meta:
        ordering = ["renovation_id", "at"]
        verbose_name = _("completion inspection")
        verbose_name_plural = _("completion inspections")

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.at:%Y-%m-%d}"


class SignOff(models.Model):
    """A signature on the approval or the refund: staff sign as themselves; the owner and the
    renovation company sign on paper and staff record it."""

    renovation = models.ForeignKey(Renovation, on_delete=models.PROTECT, related_name="sign_offs")
    stage = models.CharField(_("stage"), max_length=10, choices=SignOffStage.choices)
    party = models.CharField(_("signed for"), max_length=20, choices=SignOffParty.choices)
    signer_name = models.CharField(_("signed by"), max_length=100)
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("signed at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RenovationChildQuerySet.as_manager()

    class Meta:
        ordering = ["renovation_id", "stage", "at"]
        constraints = [
            models.UniqueConstraint(fields=["renovation", "stage", "party"], name="one_sign_off_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.renovation_id} {self.stage} {self.party}"
