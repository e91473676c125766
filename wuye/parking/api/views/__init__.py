"""Parking API (spec 03, seed 000 §17): spaces, vehicles, monthly rentals and their Monday list, IC
cards, temporary stays and the fee quote. Every view: parse (input serializer) → fetch in scope
(`visible_to`, out of scope 404) → call one service (permissions 403, rules 400 with a code) →
answer with the output serializer. Parking is staff work: owners and tenants get 403.

Import from here: `from wuye.parking.api import views` (wuye/parking/api/urls.py registers the viewsets).
"""

from wuye.parking.api.views.cards import CardViewSet  # noqa: F401
from wuye.parking.api.views.rentals import RentalViewSet  # noqa: F401
from wuye.parking.api.views.sessions import SessionViewSet, fee_quote  # noqa: F401
from wuye.parking.api.views.spaces import ParkingSpaceViewSet  # noqa: F401
from wuye.parking.api.views.vehicles import VehicleViewSet  # noqa: F401
