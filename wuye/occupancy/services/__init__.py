"""Occupancy writes: one service per state change. Import from here: `from wuye.occupancy import services`."""

from wuye.occupancy.services.exits import exit_outstanding, tenant_exit_cancel, tenant_exit_request  # noqa: F401
from wuye.occupancy.services.move_ins import move_in_care_done, move_in_record  # noqa: F401
from wuye.occupancy.services.transfers import ownership_transfer, transfer_missing  # noqa: F401
