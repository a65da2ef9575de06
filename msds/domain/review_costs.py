"""What accepting a wrong identity value costs, measured in human reviews (one review costs 1).

A sheet is worth a review for one field when the expected cost of accepting it, (1 - confidence) x cost,
is more than the review itself: with a calibrated confidence, a product or supplier name costing 4 reviews
when wrong is reviewed below 0.75, a revision date costing 2.5 below 0.60. A wrong product or supplier name
files the sheet under the wrong product (every later search and consolidation goes wrong); a wrong revision
date makes a current sheet look stale or a stale one current. Other identity fields (version, supplier
country, emergency phone) are shown for checking when a sheet goes to review anyway, but never send it alone.
"""

from __future__ import annotations

from typing import Final

REVIEW_COST: Final = 1.0
WRONG_VALUE_COST: Final[dict[str, float]] = {
    "product_name": 4.0,
    "supplier_name": 4.0,
    "revision_date": 2.5,
}


def worth_reviewing(confidence: float, wrong_value_cost: float) -> bool:
    """Whether the expected cost of accepting a value exceeds one review."""
    return (1.0 - confidence) * wrong_value_cost > REVIEW_COST
