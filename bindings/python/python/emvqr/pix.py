"""Pix (Brazil): static codes."""

from ._native import pix_build as build

__all__ = ["build"]
