"""Parking API: output serializers per resource, explicit input serializers per action.

Inputs only parse and shape; every rule (permissions, plates, the resident rule, overlaps, deposits,
the tariff) is the service's. Renters' mobiles are masked for roles without people.view_personal.
One module per resource: `spaces`, `vehicles`, `rentals` (with the Monday list), `cards`,
`sessions` (temporary stays and the fee quote); `fields` holds what they share.
"""

# One namespace for the views (`from wuye.parking.api import serializers as s`), built from the
# modules named after what they hold.
from wuye.parking.api.serializers.cards import *  # noqa: F403
from wuye.parking.api.serializers.fields import *  # noqa: F403
from wuye.parking.api.serializers.rentals import *  # noqa: F403
from wuye.parking.api.serializers.sessions import *  # noqa: F403
from wuye.parking.api.serializers.spaces import *  # noqa: F403
from wuye.parking.api.serializers.vehicles import *  # noqa: F403
