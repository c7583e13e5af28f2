"""ELQR (Kyrgyzstan): payloads and payment links."""

from ._native import elqr_build as build
from ._native import elqr_build_link as build_link

__all__ = ["build", "build_link"]
