"""Console pages of key custody: the register and overdue lists (lists.py), a key's card with its
actions (actions.py)."""

from wuye.keys.views.actions import key_action, key_detail  # noqa: F401
from wuye.keys.views.lists import key_list, key_overdue, key_register  # noqa: F401
