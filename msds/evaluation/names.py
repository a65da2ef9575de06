"""Matching of product and supplier names: exact, near-identical, or one containing the other."""

from __future__ import annotations

from typing import Literal

from rapidfuzz import fuzz

NameRule = Literal["exact", "ratio", "containment", "none"]

RATIO_THRESHOLD = 90.0
CONTAINMENT_SHARE = 0.7


def match_names(expected: str, predicted: str) -> tuple[NameRule, float]:
    """Compare two already normalised names; return the first rule that matches and the fuzz.ratio score.

    Rules in order: equal strings; ``fuzz.ratio`` >= 90; one contains the other and the shorter has at
    least 70% of the longer's length. Otherwise "none".
    """
    ratio = float(fuzz.ratio(expected, predicted))
    if expected == predicted:
        return "exact", ratio
    if ratio >= RATIO_THRESHOLD:
        return "ratio", ratio
    shorter, longer = sorted((expected, predicted), key=len)
    if shorter and shorter in longer and len(shorter) >= CONTAINMENT_SHARE * len(longer):
        return "containment", ratio
    return "none", ratio
