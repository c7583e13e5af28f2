"""PromptPay (Thailand): credit transfers and bill payments."""

from ._native import promptpay_bill_payment as bill_payment
from ._native import promptpay_ewallet as ewallet
from ._native import promptpay_mobile as mobile
from ._native import promptpay_national_id as national_id

__all__ = ["bill_payment", "ewallet", "mobile", "national_id"]
