"""Handover statuses, the nine steps of handing over one unit and the preparation checklist."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """Handing over one unit, spec 04 / seed 000 §1, in this order (the last one is `finish`)."""

    ROSTER_VERIFIED = "roster_verified", _("1. Owner verified against the developer's roster")
    DOCUMENTS_COLLECTED = "documents_collected", _("2. ID copied, documents collected")
    ARCHIVE_COMPLETED = "archive_completed", _("3. Owner archive complete")
    SAFETY_LETTER_SIGNED = "safety_letter_signed", _("4. Safety responsibility letter signed")
    FEES_COMPUTED = "fees_computed", _("5. Fees computed from the handover day (six months prepaid)")
    PAID = "paid", _("6. Fees paid")
    KEYS_PREPARED = "keys_prepared", _("7. Keys and handbooks prepared")
    DOCUMENTS_SIGNED = "documents_signed", _("8. Keys handed over, document receipt signed")
    RECORDED = "recorded", _("9. Entered in the handover summary")


#: the steps in their order; `complete-step` takes all but the last, `finish` is the last
STEP_ORDER: tuple[str, ...] = tuple(Step.values)
FORM_STEPS: tuple[str, ...] = STEP_ORDER[:-1]


class HandoverStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    HANDED_OVER = "handed_over", _("Handed over")
    NOT_TAKEN = "not_taken", _("Not taken")


H = HandoverStatus
# A unit not taken this time may still come (the reason stays recorded until then).
HANDOVER_TRANSITIONS: dict[str, frozenset[str]] = {
    H.IN_PROGRESS: frozenset({H.HANDED_OVER, H.NOT_TAKEN}),
    H.NOT_TAKEN: frozenset({H.IN_PROGRESS}),
    H.HANDED_OVER: frozenset(),
}


class ChecklistTask(models.TextChoices):
    """The preparation timeline of seed 003 (物业交付前准备)."""

    TEAM_FORMED = "team_formed", _("Handover team formed")
    ACCEPTANCE_INSPECTION = "acceptance_inspection", _("Acceptance inspection from the developer (承接查验)")
    KEYS_MATERIALS_RECEIVED = "keys_materials_received", _("Keys and materials received")
    ARCHIVES_CREATED = "archives_created", _("Archives created")
    DATES_FEES_DECIDED = "dates_fees_decided", _("Handover dates and fees decided")
    VENUE_FLOW = "venue_flow", _("Venue and flow arranged")
    FIRST_CLEANING = "first_cleaning", _("First cleaning (开荒保洁)")
    ONE_SCRIPT = "one_script", _("One script for all staff")
    REHEARSAL = "rehearsal", _("Rehearsal")
    NOTICE_LETTERS = "notice_letters", _("Handover notice letters sent (收楼通知书)")
    PUBLIC_ANNOUNCEMENT = "public_announcement", _("Public announcement")


C = ChecklistTask
#: days before the handover date each task is due (seed 003)
CHECKLIST_OFFSETS: dict[str, int] = {
    C.TEAM_FORMED: 60,
    C.ACCEPTANCE_INSPECTION: 60,
    C.KEYS_MATERIALS_RECEIVED: 60,
    C.ARCHIVES_CREATED: 60,
    C.DATES_FEES_DECIDED: 60,
    C.VENUE_FLOW: 15,
    C.FIRST_CLEANING: 15,
    C.ONE_SCRIPT: 15,
    C.REHEARSAL: 15,
    C.NOTICE_LETTERS: 10,
    C.PUBLIC_ANNOUNCEMENT: 7,
}


class ItemState(models.TextChoices):
    OPEN = "open", _("Open")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")


#: months of fees prepaid at handover (seed 000 §1: 预交半年)
PREPAID_MONTHS = 6
