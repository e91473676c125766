"""Handover of houses (交接房屋, spec 04, seed 000 §1, seed 003): batches with their preparation
checklist, one handover per unit with its nine steps, and the defects found at handover."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.models import TimeStampedModel
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.handover.choices import (
    STEP_ORDER,
    ChecklistTask,
    HandoverStatus,
    ItemState,
    Step,
)

USER = settings.AUTH_USER_MODEL


class HandoverBatch(TimeStampedModel):
    """A handover of a project (or some of its buildings) on a date; the checklist counts back from it."""

    project = models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="handover_batches", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=100)
    handover_date = models.DateField(_("handover date"))
    buildings = models.ManyToManyField(
        "estate.Building",
        blank=True,
        related_name="handover_batches",
        verbose_name=_("buildings"),
        help_text=_("Empty: every building of the project."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-handover_date", "-id"]
        verbose_name = _("handover batch")
        verbose_name_plural = _("handover batches")

    def __str__(self) -> str:
        return f"{self.name} {self.handover_date}"


class ChecklistItemQuerySet(ScopedQuerySet):
    project_lookup = "batch__project_id"

    def open(self):
        return self.filter(done_at__isnull=True)

    def late(self, today):
        return self.open().filter(due_date__lt=today)


class ChecklistItem(models.Model):
    """One task of the preparation timeline, due a number of days before the handover date."""

    batch = models.ForeignKey(HandoverBatch, on_delete=models.CASCADE, related_name="checklist")
    task = models.CharField(_("task"), max_length=30, choices=ChecklistTask.choices)
    days_before = models.PositiveSmallIntegerField(_("days before handover"))
    due_date = models.DateField(_("due date"))
    owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["batch_id", "due_date", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["batch", "task"], name="uniq_handover_checklist_task")]

    def __str__(self) -> str:
        return f"{self.get_task_display()} {self.due_date}"

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.done_at is not None:
            return (
                ItemState.DONE_LATE
                if timezone.localtime(self.done_at).date() > self.due_date
                else ItemState.DONE
            )
        return ItemState.LATE if self.due_date < today else ItemState.OPEN


class ChecklistAssignmentQuerySet(ScopedQuerySet):
    project_lookup = "item__batch__project_id"


class ChecklistAssignment(models.Model):
    """Who made whom responsible for a checklist item, and when: the item's assignment history
    (one row per change of its owner; `owner` null: the owner was cleared)."""

    item = models.ForeignKey(
        ChecklistItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("checklist item")
    )
    previous_owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previously responsible"),
    )
    owner = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    assigned_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    objects = ChecklistAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["item_id", "assigned_at", "id"]
        verbose_name = _("checklist assignment")
        verbose_name_plural = _("checklist assignments")

    def __str__(self) -> str:
        return f"{self.item_id} → {self.owner_id} {self.assigned_at:%Y-%m-%d %H:%M}"


class Handover(TimeStampedModel):
    """Handing over one unit (《房屋交接表》): the nine steps of spec 04 in order."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(
        HandoverBatch, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("batch")
    )
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, related_name="handovers", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.IN_PROGRESS
    )
    last_step = models.CharField(_("last step done"), max_length=30, choices=Step.choices, blank=True)
    roster_entry = models.ForeignKey(
        "estate.RosterEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        "estate.Owner", on_delete=models.PROTECT, null=True, blank=True, related_name="handovers"
    )
    documents = models.CharField(_("documents collected"), max_length=300, blank=True)
    handover_date = models.DateField(_("handover day"), null=True, blank=True)
    fees_start = models.DateField(_("fees from"), null=True, blank=True)
    fees_end = models.DateField(_("fees to"), null=True, blank=True)
    fees_amount = models.DecimalField(_("fees prepaid (yuan)"), **MONEY, null=True, blank=True)
    fees_detail = models.JSONField(_("fee lines"), default=list, blank=True)
    payment = models.ForeignKey(
        "billing.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key_count = models.PositiveSmallIntegerField(_("keys handed over"), null=True, blank=True)
    rectification_key_number = models.CharField(_("rectification key kept"), max_length=30, blank=True)
    rectification_key = models.ForeignKey(
        "keys.Key", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    not_taken_reason = models.CharField(_("reason not taken"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["batch_id", "unit_id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(fields=["unit"], name="uniq_handover_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_status_display()}"

    @property
    def next_step(self) -> str | None:
        if not self.last_step:
            return STEP_ORDER[0]
        index = STEP_ORDER.index(self.last_step)
        return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


class HandoverStepQuerySet(ScopedQuerySet):
    project_lookup = "handover__project_id"


class HandoverStep(models.Model):
    """One step done, when and by whom (the history of the handover form)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=30, choices=Step.choices)
    at = models.DateTimeField(_("at"))
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField(default=dict, blank=True)

    objects = HandoverStepQuerySet.as_manager()

    class Meta:
        ordering = ["handover_id", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["handover", "step"], name="uniq_handover_step")]

    def __str__(self) -> str:
        return f"{self.handover_id} {self.step}"


class DefectQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)


class Defect(TimeStampedModel):
    """A defect found at handover (交接遗留问题整改记录), tracked to closure."""

    project = models.ForeignKey("estate.Project", on_delete=models.PROTECT, related_name="+")
    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="defects")
    unit = models.ForeignKey("estate.Unit", on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey("estate.Building", on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("item"), max_length=200)
    location = models.CharField(_("location"), max_length=100)
    responsible_party = models.CharField(_("responsible party"), max_length=100)
    within_warranty = models.BooleanField(_("within warranty"), default=True)
    due_date = models.DateField(_("due date"))
    rectification_key_number = models.CharField(_("rectification key"), max_length=30, blank=True)
    owner_consent = models.BooleanField(_("owner consents to the key being kept"), default=False)
    result = models.TextField(_("result"), blank=True)
    owner_signed_off = models.BooleanField(_("owner signed off"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    objects = DefectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("handover defect")
        verbose_name_plural = _("handover defects")
        indexes = [models.Index(fields=["project", "closed_at", "due_date"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.item}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
