"""Parking services: vehicles, monthly rentals with their checks and rent charges, IC cards with
their deposits in the billing ledger, temporary stays and their fee."""

from wuye.parking.services.cards import (  # noqa: F401
    card_issue,
    card_return,
)
from wuye.parking.services.gate import (  # noqa: F401
    fee_quote,
    session_close,
    session_open,
)
from wuye.parking.services.rentals import (  # noqa: F401
    rental_collect_cash,
    rental_create,
    rental_payment_key,
    rentals_on,
    session_payment_key,
)
from wuye.parking.services.spaces import (  # noqa: F401
    card_deposit_amount,
    parking_setting,
    space_save,
    standard_rent,
    vehicle_register,
)
