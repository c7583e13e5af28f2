"""KHQR (Cambodia, Bakong): codes built as the official generator builds them."""

from ._native import BuiltKhqr, KhqrError
from ._native import khqr_build as build

__all__ = ["BuiltKhqr", "KhqrError", "build"]
