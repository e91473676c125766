"""Billing API serializers: output serializers per resource, explicit input serializers per action.

Inputs only parse and shape; every rule (permissions, amounts, idempotency, locks) is the
service's. Money goes out as strings with two decimals ("250.00"), as DRF renders Decimal.
One module per group of views: `receivables` (fee items, meters, runs, charges), `payments`
(payments, receipts, deposits, bank files), `accounts` (a unit's account, settlement, reports).
"""

# The flat names stay importable from here (other apps build on them: parking's API).
from wuye.billing.api.serializers.accounts import *  # noqa: E402, F403
from wuye.billing.api.serializers.fields import *  # noqa: E402, F403
from wuye.billing.api.serializers.payments import *  # noqa: E402, F403
from wuye.billing.api.serializers.receivables import *  # noqa: E402, F403
