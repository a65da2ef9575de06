"""Small value types shared by every model."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base for immutable value objects."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Box(Frozen):
    """Axis-aligned rectangle in page points (PDF) or pixels (images), origin top-left."""

    x0: float
    y0: float
    x1: float
    y1: float


class Provenance(StrEnum):
    """How a value came to be in the record."""

    EXTRACTED = "extracted"
    CATALOG = "catalog"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    DERIVED = "derived"
    DETECTED = "detected"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"
