"""Helpers shared by the occupancy console views and their list columns."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.console import staff_project  # noqa: F401  (re-exported for the views)
from wuye.core.forms import attempt, attempt_or_message  # noqa: F401  (re-exported for the views)
from wuye.core.tables import Column
from wuye.estate.models import Unit

VIEW, MANAGE = "occupancy.view", "occupancy.manage"


def unit_by_code(user, project, code: str):
    code = (code or "").strip()
    if not code:
        return None
    return Unit.objects.visible_to(user).filter(project=project, code=code).first()


def _who(move_in) -> str:
    return move_in.owner.name if move_in.owner_id else move_in.tenant.name if move_in.tenant_id else ""


MOVE_IN_COLUMNS = [
    Column("moved_in_on", _("Moved in on"), sort="moved_in_on"),
    Column("unit", _("Unit"), "unit.code", sort="unit__code"),
    Column("kind", _("Who moves in"), "get_kind_display", sort="kind"),
    Column("who", _("Name"), _who),
    Column("status_after", _("Status after move-in"), "get_status_after_display"),
    Column("care", _("VIP care"), "get_care_display", sort="care"),
    Column("notified", _("Notices sent"), "departments_notified", css="hide-sm"),
    Column("print", _("Print"), export=False),
]

EXIT_COLUMNS = [
    Column("moving_date", _("Moving date"), sort="moving_date"),
    Column("unit", _("Unit"), "unit.code", sort="unit__code"),
    Column("tenant", _("Tenant"), "lease.tenant.name"),
    Column("status", _("Status"), "get_status_display", sort="status"),
    Column("owner_consent", _("Owner's consent"), "get_owner_consent_display"),
    Column(
        "outstanding", _("Outstanding"), lambda e: "; ".join(m for ms in e.outstanding.values() for m in ms)
    ),
    Column("release_pass_allowed", _("Release pass allowed"), "release_pass_allowed"),
    Column("print", _("Print"), export=False),
]

TRANSFER_COLUMNS = [
    Column("transfer_date", _("Transfer date"), sort="transfer_date"),
    Column("unit", _("Unit"), "unit.code", sort="unit__code"),
    Column("old", _("Previous owners"), "old_owner_names"),
    Column("new_owner", _("New owner"), "new_owner.name", sort="new_owner__name"),
    Column("certificate", _("New title certificate number"), "title_certificate_no"),
    Column("prepaid", _("Prepaid"), "prepaid", css="hide-sm"),
    Column("print", _("Print"), export=False),
]
