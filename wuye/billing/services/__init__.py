"""Billing writes. Import from here: `from wuye.billing import services`."""

from wuye.billing.services.bank import bank_import  # noqa: F401
from wuye.billing.services.batch import BatchResult, PaymentRow, payment_batch_create  # noqa: F401
from wuye.billing.services.charges import (  # noqa: F401
    charge_create,
    charge_tickets,
    fee_item_save,
    meter_install,
    meter_reading_record,
    meter_replace,
    tariff_create,
)
from wuye.billing.services.credit import apply_credit  # noqa: F401
from wuye.billing.services.deposits import (  # noqa: F401
    deposit_refund_approve,
    deposit_refund_decide,
    deposit_refund_reject,
    deposit_refund_request,
)
from wuye.billing.services.meter_round import meter_reading_round  # noqa: F401
from wuye.billing.services.payments import payment_create, receipt_void  # noqa: F401
from wuye.billing.services.runs import charge_run_create, charge_run_preview, period_bounds  # noqa: F401
from wuye.billing.services.walk_in import walk_in_payment_create  # noqa: F401
