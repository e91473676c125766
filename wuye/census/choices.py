"""The census's states and their allowed moves (seed 000 §22)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CensusStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("census", "Open")
    CONFIRMED = "confirmed", _("Confirmed")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed off")
    DISTRIBUTED = "distributed", _("Distributed")


class ChangeKind(models.TextChoices):
    """What a status change means for the monthly report (classified from its from/to statuses)."""

    HANDED_OVER = "handed_over", _("Handed over")
    MOVED_IN = "moved_in", _("Moved in")
    MOVED_OUT = "moved_out", pgettext_lazy("occupancy change", "Moved out")
    RENOVATION_STARTED = "renovation_started", _("Renovation started")
    RENOVATION_FINISHED = "renovation_finished", _("Renovation finished")


# A census is confirmed once; a report is signed, then its copies go out. Nothing goes back.
CENSUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CensusStatus.OPEN: frozenset({CensusStatus.CONFIRMED}),
    CensusStatus.CONFIRMED: frozenset(),
}
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.SIGNED}),
    ReportStatus.SIGNED: frozenset({ReportStatus.DISTRIBUTED}),
    ReportStatus.DISTRIBUTED: frozenset(),
}
