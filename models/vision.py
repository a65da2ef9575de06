"""What the vision model finds on a rendered page."""

from __future__ import annotations

from pydantic import Field

from models.common import Box, Frozen


class PictogramDetection(Frozen):
    code: str = Field(pattern=r"^GHS0[1-9]$")
    page: int = Field(ge=1)
    box: Box
    score: float = Field(ge=0.0, le=1.0)


class SignatureDetection(Frozen):
    page: int = Field(ge=1)
    box: Box
    score: float = Field(ge=0.0, le=1.0)


class PageVision(Frozen):
    """Detections on one page; boxes in the page's points (the text layer's unit)."""

    page: int = Field(ge=1)
    pictograms: tuple[PictogramDetection, ...] = ()
    signatures: tuple[SignatureDetection, ...] = ()
