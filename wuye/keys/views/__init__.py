"""Console pages of key custody: the register and overdue lists (lists.py), a key's card with its
actions (actions.py), the printed receipt and register (papers.py)."""

from wuye.keys.views.actions import key_action, key_detail  # noqa: F401
from wuye.keys.views.lists import key_list, key_overdue, key_register  # noqa: F401
from wuye.keys.views.papers import key_receipt_pdf, key_register_pdf  # noqa: F401
