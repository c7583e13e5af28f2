"""EMV consumer-presented codes (base64 BER-TLV), built from their flat fields."""

from ._native import cpm_build as build

__all__ = ["build"]
