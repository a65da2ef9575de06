"""A document's lines as one flat, indexed sequence: the common currency of segmentation and extraction."""

from __future__ import annotations

from dataclasses import dataclass

from models.common import Box
from models.record import Evidence
from models.text import DocumentText, TextSource
from msds.services.page_layout import read_side_by_side_pages

# Soft hyphens and PDFium's U+FFFE hyphenation marker carry no text.
_INVISIBLE = str.maketrans("", "", "\u00ad\ufffe\u200b")


@dataclass(frozen=True)
class DocLine:
    index: int
    page: int
    text: str
    box: Box
    confidence: float
    ocr: bool

    def evidence(self, section: int | None = None, snippet: str | None = None) -> Evidence:
        return Evidence(page=self.page, box=self.box, snippet=(snippet or self.text)[:300], section=section)


def flatten(text: DocumentText) -> list[DocLine]:
    """Every page's lines in reading order (a scanned image of two pages side by side is read one page
    column after the other, msds.services.page_layout), blank ones left out, numbered through the document."""
    lines: list[DocLine] = []
    for page in map(read_side_by_side_pages, text.pages):
        ocr = page.source == TextSource.OCR
        for line in page.lines:
            value = line.text.translate(_INVISIBLE)
            if value.strip():
                lines.append(DocLine(len(lines), page.number, value, line.box, line.confidence, ocr))
    return lines


def join_lines(lines: list[DocLine]) -> tuple[str, list[int]]:
    """Join lines with newlines; also return the start offset of each line in the joined text."""
    offsets: list[int] = []
    parts: list[str] = []
    position = 0
    for line in lines:
        offsets.append(position)
        parts.append(line.text)
        position += len(line.text) + 1
    return "\n".join(parts), offsets


def line_at(offsets: list[int], position: int) -> int:
    """Index (into the list passed to join_lines) of the line holding a character offset."""
    low, high = 0, len(offsets) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if offsets[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low
