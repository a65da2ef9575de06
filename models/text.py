"""Text read from a document: pages, lines and words with boxes and confidences."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from models.common import Box, Frozen


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    NONE = "none"


class Word(Frozen):
    text: str
    box: Box
    confidence: float = 1.0


class Line(Frozen):
    text: str
    box: Box
    confidence: float = 1.0


class PageText(Frozen):
    """One page: its lines in reading order, where they came from and how sure the reader is."""

    number: int = Field(ge=1)
    width: float
    height: float
    source: TextSource
    lines: tuple[Line, ...] = ()
    words: tuple[Word, ...] = ()
    mean_confidence: float = 1.0
    text_layer_rejected: str | None = None
    upright_turn: Literal[0, 90, 180, 270] = Field(
        default=0,
        description="Counter-clockwise degrees the page image was turned to be read upright (OCR of a page "
        "scanned sideways or upside down); 0 for a text layer.",
    )

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class DocumentText(Frozen):
    """Output of the read-text step."""

    document_id: str
    pages: tuple[PageText, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source == TextSource.OCR)
