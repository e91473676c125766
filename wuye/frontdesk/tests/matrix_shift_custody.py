"""The shift_custody part of the front desk's API permission matrix (see
wuye/core/tests/permission_matrix.py), merged by the lead into wuye/frontdesk/tests/matrix.py."""

from wuye.core.roles import Role
from wuye.core.tests.factories import staff
from wuye.core.tests.permission_matrix import GET, POST, A
from wuye.frontdesk.services import shift_custody as services


def _project(side) -> dict:
    return {"project": side.project.pk}


MATRIX = {
    ("shift-entry-list", GET): A("frontdesk.view"),
    ("shift-entry-list", POST): A("frontdesk.shift_log"),
    ("shift-entry-detail", GET): A("frontdesk.view"),
    ("shift-entry-close", POST): A("frontdesk.shift_log"),
    ("shift-handover-list", GET): A("frontdesk.view"),
    ("shift-handover-list", POST): A("frontdesk.shift_log"),
    ("shift-handover-detail", GET): A("frontdesk.view"),
    # the next shift: anyone with the shift log but who handed over (the side's desk assistant did)
    ("shift-handover-acknowledge", POST): A("frontdesk.shift_log"),
    ("api-frontdesk-custody", GET): A("frontdesk.view", query=_project),
}

OBJECTS = {"shift-entry": "shift_entry", "shift-handover": "shift_handover"}

BODIES = {
    ("shift-entry-list", POST): lambda side, world: {
        "project": side.project.pk,
        "kind": "message",
        "text": "业主留言：请回电",
        "unit": side.unit.pk,
        "from_name": "王女士",
        "contact": "13812345678",
    },
    ("shift-entry-close", POST): lambda side, world: {"outcome": "已回电"},
    ("shift-handover-list", POST): lambda side, world: {"project": side.project.pk, "shift": "夜班"},
    ("shift-handover-acknowledge", POST): lambda side, world: {},
}


def build_side(side, world) -> None:
    """An open entry and a hand-over waiting for the next shift, by a desk assistant of the side
    (not one of the users the matrix calls with)."""
    outgoing = staff(Role.CS_ASSISTANT, side.project)
    side.shift_entry = services.shift_entry_write(
        project=side.project, kind="open_point", text="3号电梯异响待跟进", acting_user=outgoing
    )
    side.shift_handover = services.shift_handover(project=side.project, shift="白班", acting_user=outgoing)
