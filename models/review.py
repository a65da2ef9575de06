"""Human review: what a reviewer answered, and each correction kept with its provenance (training data)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

# Fields a reviewer can correct: one value each, or a list of codes for the last three.
REVIEWABLE_VALUE_FIELDS: tuple[str, ...] = (
    "product_name",
    "supplier_name",
    "supplier_country",
    "emergency_phone",
    "revision_date",
    "version",
    "signal_word",
    "un_number",
    "flash_point_c",
    "has_signature",
)
REVIEWABLE_CODE_FIELDS: tuple[str, ...] = ("hazard_statements", "precautionary_statements", "pictograms")


class ReviewAnswer(BaseModel):
    """One reviewer's submitted form: field name -> the value they confirmed or typed."""

    reviewer: str
    submitted_at: datetime
    values: dict[str, Any] = Field(default_factory=dict)


class Correction(BaseModel):
    """A value a reviewer changed: the machine's value, the reviewer's, who and when."""

    document_id: str
    field: str
    machine_value: Any
    reviewer_value: Any
    reviewer: str
    reviewed_at: datetime
    review_id: str
