"""Front desk and gate (seed 000 §4, §14; seed 001, 003; spec 05): goods release passes, visitors,
important mail, newspapers and magazines, temporary storage, lending, and the shift log.

Every change goes through wuye.frontdesk.services; these models hold what happened."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.history import HistoricalRecords
from wuye.core.money import MONEY
from wuye.core.scoping import ScopedQuerySet
from wuye.estate.choices import IdType
from wuye.frontdesk.choices import (
    CarrierKind,
    ConsentAnswer,
    ConsentParty,
    HostConfirmation,
    LendableState,
    MailKind,
    MailStatus,
    PassKind,
    PassStatus,
    ReturnOutcome,
    ShiftEntryKind,
    StorageCategory,
    StorageStatus,
    SubscriptionKind,
)

USER = settings.AUTH_USER_MODEL


def _user(verbose, **kwargs):
    return models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=verbose, **kwargs)


def _project():
    return models.ForeignKey(
        "estate.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )


# --- release passes (放行条) ----------------------------------------------------------------------


class ReleasePass(models.Model):
    """物品放行条: issued by the centre, used once at the gate, always accounted for."""

    project = _project()
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, related_name="release_passes", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("Continuous per project and year."))
    kind = models.CharField(_("reason"), max_length=12, choices=PassKind.choices)
    reason = models.CharField(_("details of the reason"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PassStatus.choices, default=PassStatus.DRAFT
    )
    valid_on = models.DateField(_("valid on"))
    # the carrier
    carrier_kind = models.CharField(_("carrier"), max_length=10, choices=CarrierKind.choices)
    carrier_name = models.CharField(_("carrier's name"), max_length=100)
    carrier_id_type = models.CharField(
        _("carrier's ID type"), max_length=20, choices=IdType.choices, blank=True
    )
    carrier_id_number = models.CharField(_("carrier's ID number"), max_length=40, blank=True)
    carrier_mobile = models.CharField(_("carrier's mobile"), max_length=20, blank=True)
    company = models.CharField(
        _("company"), max_length=200, blank=True, help_text=_("For a company employee.")
    )
    # the consent by phone (written on the pass instead of the owner's signature)
    consent_party = models.CharField(
        _("consent from"), max_length=10, choices=ConsentParty.choices, blank=True
    )
    consent_name = models.CharField(_("consent given by"), max_length=100, blank=True)
    consent_phone = models.CharField(_("number called"), max_length=30, blank=True)
    consent_called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    consent_answer = models.CharField(_("answer"), max_length=12, choices=ConsentAnswer.choices, blank=True)
    consent_note = models.CharField(_("what was said"), max_length=200, blank=True)
    consent_by = _user(_("called by"), null=True, blank=True)
    # the three signatures: the centre's handler, the carrier, the owner (or the phone consent)
    carrier_signed = models.BooleanField(_("carrier signed"), default=False)
    owner_signed = models.BooleanField(_("owner signed"), default=False)
    approved_by = _user(_("issued by (centre handler)"), null=True, blank=True)
    approved_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    # the gate
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = _user(_("released by (guard)"), null=True, blank=True)
    gate_note = models.CharField(_("gate note"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = _user(_("cancelled by"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = _user(_("created by"))

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("release pass")
        verbose_name_plural = _("release passes")
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="uniq_release_pass_number")]
        indexes = [
            models.Index(fields=["project", "valid_on", "status"]),
            models.Index(fields=["unit", "kind", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class ReleasePassItemQuerySet(ScopedQuerySet):
    project_lookup = "release_pass__project_id"


class ReleasePassItem(models.Model):
    release_pass = models.ForeignKey(ReleasePass, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("item"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = ReleasePassItemQuerySet.as_manager()

    class Meta:
        ordering = ["release_pass_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pass_item_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


# --- visitors (来访人员登记表) -------------------------------------------------------------------------


class Visitor(models.Model):
    project = _project()
    name = models.CharField(_("visitor"), max_length=100)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    host_unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visiting"),
    )
    host_name = models.CharField(_("person visited"), max_length=100)
    host_confirmation = models.CharField(_("host confirmed"), max_length=10, choices=HostConfirmation.choices)
    host_confirmed_at = models.DateTimeField(_("host confirmed at"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    plate = models.CharField(_("vehicle plate"), max_length=20, blank=True)
    in_at = models.DateTimeField(_("time in"))
    out_at = models.DateTimeField(_("time out"), null=True, blank=True)
    registered_by = _user(_("registered by"))
    out_recorded_by = _user(_("time out recorded by"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-in_at", "-id"]
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        indexes = [models.Index(fields=["project", "out_at", "in_at"])]

    def __str__(self) -> str:
        return self.name


# --- mail (邮件签收登记表) -------------------------------------------------------------------------------


class MailItem(models.Model):
    """Important mail logged one by one: the recipient told, collected with a signature (ID checked
    when the collector is not the recipient)."""

    project = _project()
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    for_management = models.BooleanField(_("for the management office"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=MailKind.choices)
    recipient = models.CharField(_("recipient"), max_length=100)
    sender = models.CharField(_("sender or courier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    pieces = models.PositiveSmallIntegerField(_("pieces"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.WAITING
    )
    received_at = models.DateTimeField(_("received at"))
    received_by = _user(_("received by"))
    notified_at = models.DateTimeField(_("recipient told at"), null=True, blank=True)
    notify_note = models.CharField(_("how the recipient was told"), max_length=100, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    collector_name = models.CharField(_("collected by"), max_length=100, blank=True)
    collector_is_recipient = models.BooleanField(_("collected by the recipient"), default=True)
    collector_id_type = models.CharField(
        _("collector's ID type"), max_length=20, choices=IdType.choices, blank=True
    )
    collector_id_number = models.CharField(_("collector's ID number"), max_length=40, blank=True)
    signed = models.BooleanField(_("signed for"), default=False)
    handed_over_by = _user(_("handed over by"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("mail item")
        verbose_name_plural = _("mail items")
        indexes = [models.Index(fields=["project", "status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.recipient}"


class OrdinaryMailLog(models.Model):
    """Ordinary mail (letters, postcards, ads, statements) put into mailboxes, logged in bulk."""

    project = _project()
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("pieces"))
    units = models.ManyToManyField("estate.Unit", blank=True, related_name="+", verbose_name=_("mailboxes"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    delivered_by = _user(_("put in the mailboxes by"))
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("ordinary mail log")
        verbose_name_plural = _("ordinary mail logs")
        constraints = [models.CheckConstraint(condition=Q(count__gt=0), name="ordinary_mail_count_positive")]

    def __str__(self) -> str:
        return f"{self.day} {self.count}"


class Subscription(models.Model):
    """客户报刊杂志订阅表: what each unit subscribes to, sorted by floor and room for the round."""

    project = _project()
    unit = models.ForeignKey(
        "estate.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SubscriptionKind.choices)
    title = models.CharField(_("title"), max_length=100)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    registered_by = _user(_("registered by"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "unit_id", "title"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return self.title


# --- temporary storage (寄存物品) ---------------------------------------------------------------------


class StoredItem(models.Model):
    project = _project()
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    depositor = models.CharField(_("left by"), max_length=100)
    depositor_mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=StorageCategory.choices)
    description = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    condition = models.CharField(_("condition when left"), max_length=200)
    deposited_at = models.DateTimeField(_("left at"))
    expected_pickup_at = models.DateTimeField(_("to be picked up by"))
    received_by = _user(_("received by"))
    status = models.CharField(
        _("status"), max_length=10, choices=StorageStatus.choices, default=StorageStatus.STORED
    )
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    picker_name = models.CharField(_("picked up by"), max_length=100, blank=True)
    picker_id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, blank=True)
    picker_id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    condition_at_pickup = models.CharField(_("condition at pick-up"), max_length=200, blank=True)
    handed_by = _user(_("handed over by"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("customer contacted at"), null=True, blank=True)
    contact_note = models.CharField(_("contact note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-deposited_at", "-id"]
        verbose_name = _("stored item")
        verbose_name_plural = _("stored items")
        indexes = [models.Index(fields=["project", "status", "expected_pickup_at"])]

    def __str__(self) -> str:
        return self.description


class StorageCheck(models.Model):
    """The day's check of the stored items, handed over with the shift."""

    project = _project()
    day = models.DateField(_("day"))
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = _user(_("checked by"))
    items_found = models.PositiveIntegerField(_("items found"))
    items_expected = models.PositiveIntegerField(_("items on record"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at"]
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="one_storage_check_per_day")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.day}"


# --- lending (物品借取登记表) -----------------------------------------------------------------------------


class LendableItem(models.Model):
    """A convenience item the desk lends (umbrella, trolley, toolbox…) with its original price."""

    project = _project()
    code = models.CharField(_("number"), max_length=20)
    name = models.CharField(_("item"), max_length=100)
    original_price = models.DecimalField(_("original price"), **MONEY)
    state = models.CharField(
        _("state"), max_length=10, choices=LendableState.choices, default=LendableState.AVAILABLE
    )
    condition = models.CharField(_("condition"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "code"]
        verbose_name = _("lendable item")
        verbose_name_plural = _("lendable items")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="uniq_lendable_code"),
            models.CheckConstraint(condition=Q(original_price__gte=0), name="lendable_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LoanQuerySet(ScopedQuerySet):
    project_lookup = "item__project_id"


class Loan(models.Model):
    item = models.ForeignKey(
        LendableItem, on_delete=models.PROTECT, related_name="loans", verbose_name=_("item")
    )
    borrower = models.CharField(_("borrower"), max_length=100)
    borrower_mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    lent_at = models.DateTimeField(_("lent at"))
    lent_by = _user(_("lent by"))
    condition_out = models.CharField(_("condition when lent"), max_length=200)
    due_back_at = models.DateTimeField(_("due back at"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = _user(_("taken back by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReturnOutcome.choices, blank=True)
    condition_in = models.CharField(_("condition when returned"), max_length=200, blank=True)
    compensation = models.DecimalField(_("compensation"), **MONEY, null=True, blank=True)
    charge = models.OneToOneField(
        "billing.Charge", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    walk_in_payment = models.OneToOneField(
        "billing.Payment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = LoanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-lent_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            # an item is out on one loan at a time
            models.UniqueConstraint(
                fields=["item"], condition=Q(returned_at__isnull=True), name="one_open_loan_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.borrower}"


# --- the shift log (交接班记录) ------------------------------------------------------------------------


class ShiftHandover(models.Model):
    """One hand-over at a shift change: what the outgoing shift passes on, acknowledged by the next."""

    project = _project()
    shift = models.CharField(_("shift"), max_length=30, help_text=_("e.g. day shift, night shift"))
    handed_at = models.DateTimeField(_("handed over at"))
    handed_by = _user(_("handed over by"))
    summary = models.TextField(_("summary of the shift"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = _user(_("acknowledged by"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-handed_at", "-id"]
        verbose_name = _("shift hand-over")
        verbose_name_plural = _("shift hand-overs")

    def __str__(self) -> str:
        return f"{self.shift} {self.handed_at:%Y-%m-%d %H:%M}"


class ShiftEntry(models.Model):
    """A message left by an owner or an open point: written in the log, carried from hand-over to
    hand-over until someone closes it."""

    project = _project()
    kind = models.CharField(_("kind"), max_length=12, choices=ShiftEntryKind.choices)
    text = models.TextField(_("text"))
    unit = models.ForeignKey(
        "estate.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    from_name = models.CharField(_("from"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("written at"))
    created_by = _user(_("written by"))
    handovers = models.ManyToManyField(
        ShiftHandover, blank=True, related_name="entries", verbose_name=_("handed over in")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user(_("closed by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shift log entry")
        verbose_name_plural = _("shift log entries")
        indexes = [models.Index(fields=["project", "closed_at"])]

    def __str__(self) -> str:
        return self.text[:40]
