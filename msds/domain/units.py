"""Unit conversions used when normalising physical data."""

from __future__ import annotations


def fahrenheit_to_celsius(value: float) -> float:
    return round((value - 32.0) * 5.0 / 9.0, 1)
