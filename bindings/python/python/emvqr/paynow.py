"""PayNow (Singapore): codes paying a mobile number or a business (UEN)."""

from ._native import paynow_mobile as mobile
from ._native import paynow_uen as uen

__all__ = ["mobile", "uen"]
