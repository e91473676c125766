"""Renovation's section of the owner's archive (业主档案): the owner's renovations and the
penalties approved against them (spec 04: a penalty is filed in the owner's archive)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuye.core import access
from wuye.estate.archive import ArchiveEntry, register
from wuye.renovation.choices import PenaltyStatus
from wuye.renovation.models import Renovation, Violation


def owner_renovations(user, owner) -> list[ArchiveEntry] | None:
    if user.is_resident or not access.has_perm(user, "renovation.view", owner.project_id):
        return None
    entries = [
        ArchiveEntry(
            day=timezone.localtime(r.created_at).date(),
            text=_("Renovation %(number)s of %(unit)s: %(stage)s")
            % {"number": r.number, "unit": r.unit.code, "stage": r.get_status_display()},
            url=reverse("console:renovation", args=[r.pk]),
        )
        for r in Renovation.objects.filter(owner=owner).select_related("unit").order_by("-created_at")
    ]
    penalties = (
        Violation.objects.filter(filed_owner=owner, penalty_status=PenaltyStatus.APPROVED)
        .select_related("renovation", "renovation__unit")
        .order_by("-penalty_decided_at")
    )
    entries += [
        ArchiveEntry(
            day=timezone.localtime(v.penalty_decided_at or v.found_at).date(),
            text=_("Penalty %(amount)s yuan, renovation %(number)s (%(unit)s): %(rule)s")
            % {
                "amount": v.penalty_amount,
                "number": v.renovation.number,
                "unit": v.renovation.unit.code,
                "rule": v.penalty_rule or v.rule,
            },
            url=reverse("console:renovation", args=[v.renovation_id]),
        )
        for v in penalties
    ]
    return entries


def register_section() -> None:
    register("renovation", gettext_lazy("Renovations and penalties"), owner_renovations)
