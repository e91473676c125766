"""Console pages of occupancy: move-ins, tenant exits, ownership transfers."""

from wuye.occupancy.views.exits import exit_list, lease_exit  # noqa: F401
from wuye.occupancy.views.move_ins import move_in_care_done, move_in_detail, move_in_list, move_in_new  # noqa: F401
from wuye.occupancy.views.transfers import transfer_list, unit_transfer  # noqa: F401
