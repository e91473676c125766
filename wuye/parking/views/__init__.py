"""Parking console pages (server-rendered, Chinese first) for the front desk, the cashier and the gate:
spaces, monthly rentals, IC cards, temporary stays and the Monday list."""

from wuye.parking.views.cards import card_issue, card_list, card_return  # noqa: F401
from wuye.parking.views.gate import gate, session_close, session_detail, session_open  # noqa: F401
from wuye.parking.views.rentals import rent, rental_collect_cash, rental_list, vehicle_new  # noqa: F401
from wuye.parking.views.spaces import space_list, space_new  # noqa: F401
from wuye.parking.views.weekly import weekly  # noqa: F401
