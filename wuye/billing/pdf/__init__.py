"""Printable billing papers in Chinese: the receipt (收据, the payer's copy and the finance stub on
one A4 sheet with a cut line) and the deposit refund memo (《押金退还备忘表》).

Built from the shared flowables in wuye.core.pdf; every label comes from the translation catalogue
and the papers print in Chinese unless the caller asks for another language.

A package with one module per paper; everything other modules use is importable from here.
"""

from wuye.billing.pdf.formats import money, rmb_upper
from wuye.billing.pdf.receipt import (
    MAX_LINES,
    METHOD_ZH,
    RECEIPT_MARGIN,
    receipt_lines,
    receipt_pdf,
    receipts_with_lines,
)
from wuye.billing.pdf.refund_memo import refund_memo_pdf, refund_memo_rows

__all__ = [
    "MAX_LINES",
    "METHOD_ZH",
    "RECEIPT_MARGIN",
    "money",
    "receipt_lines",
    "receipt_pdf",
    "receipts_with_lines",
    "refund_memo_pdf",
    "refund_memo_rows",
    "rmb_upper",
]
