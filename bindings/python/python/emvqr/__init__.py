"""EMV QR payment codes: one verdict for any scanned text, builders, QR render and scan.

A thin layer over the ``emvqr`` Rust crate: every rule, table and decision is the crate's.

>>> import emvqr
>>> v = emvqr.check("hello, world", now_ms=1_767_225_600_000)
>>> (v.valid, v.family, v.error.kind)
(False, 'unknown', 'not_payment_code')
"""

from . import cpm, elqr, khqr, paynow, pix, promptpay, vietqr
from ._native import (
    BuiltKhqr,
    EmvqrError,
    Intent,
    KhqrError,
    Problem,
    RenderError,
    ScanError,
    Verdict,
    __version__,
    build,
    check,
    parse,
    render_png,
    render_svg,
    scan,
    verify,
)

__all__ = [
    "BuiltKhqr",
    "EmvqrError",
    "Intent",
    "KhqrError",
    "Problem",
    "RenderError",
    "ScanError",
    "Verdict",
    "__version__",
    "build",
    "check",
    "cpm",
    "elqr",
    "khqr",
    "parse",
    "paynow",
    "pix",
    "promptpay",
    "render_png",
    "render_svg",
    "scan",
    "verify",
    "vietqr",
]
