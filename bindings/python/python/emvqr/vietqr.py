"""VietQR (Vietnam): transfers to an account or a card."""

from ._native import vietqr_account as account
from ._native import vietqr_card as card

__all__ = ["account", "card"]
