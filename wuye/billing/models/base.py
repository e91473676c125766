"""What the billing tables share: the decimal sizes of rates and quantities, the user model, and the
scope of rows that belong to a unit (owners and tenants see their own units' rows)."""

from django.conf import settings
from django.db.models import Q

from wuye.core.scoping import ScopedQuerySet

RATE = {"max_digits": 14, "decimal_places": 4}
QTY = {"max_digits": 14, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


class UnitScopedQuerySet(ScopedQuerySet):
    def resident_q(self, user):
        from wuye.core.access import resident_unit_ids

        return Q(unit_id__in=resident_unit_ids(user))
