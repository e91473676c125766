"""Console pages of occupancy: move-ins, tenant exits, ownership transfers."""

from wuye.occupancy.views.exits import exit_form_pdf, exit_list, lease_exit  # noqa: F401
from wuye.occupancy.views.move_ins import (  # noqa: F401
    move_in_care_done,
    move_in_detail,
    move_in_list,
    move_in_new,
    move_in_notice_pdf,
)
from wuye.occupancy.views.transfers import transfer_form_pdf, transfer_list, unit_transfer  # noqa: F401
