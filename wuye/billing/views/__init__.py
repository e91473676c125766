"""Billing console pages (server-rendered, Chinese first): the cashier's desk and a unit's account,
charge runs, deposits, meter readings, arrears and the daily close."""

from wuye.billing.views.accounts import (  # noqa: F401
    billing_home,
    desk,
    receipt_detail,
    receipt_print,
    receipt_void,
    unit_account,
)
from wuye.billing.views.deposits import (  # noqa: F401
    deposit_decide,
    deposit_detail,
    deposit_list,
    deposit_memo,
    deposit_refund,
)
from wuye.billing.views.meters import meter_install, meter_readings, meter_replace  # noqa: F401
from wuye.billing.views.notices import dunning, payment_notices  # noqa: F401
from wuye.billing.views.reports import arrears, cashier_close  # noqa: F401
from wuye.billing.views.runs import charge_run_commit, charge_runs  # noqa: F401
