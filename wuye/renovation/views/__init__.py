"""Console pages of renovation (issue 12): the register and the new application (lists.py), a
renovation's page with every step and its forms (detail.py), the board of daily patrols (board.py),
the printed papers (papers.py)."""

from wuye.renovation.views.board import board_patrol, renovation_board  # noqa: F401
from wuye.renovation.views.detail import renovation_action, renovation_detail  # noqa: F401
from wuye.renovation.views.lists import renovation_list, renovation_new  # noqa: F401
from wuye.renovation.views.papers import (  # noqa: F401
    entry_confirmation_pdf,
    permit_pdf,
    refund_memo_pdf,
    violation_notice_pdf,
)
