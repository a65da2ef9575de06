"""Build DocLine lists from plain text for extractor tests."""

from __future__ import annotations

from models.common import Box
from msds.services.document_lines import DocLine


def doc_lines(text: str, page: int = 1, ocr: bool = False, confidence: float = 1.0) -> list[DocLine]:
    rows = [row for row in text.strip("\n").splitlines() if row.strip()]
    return [
        DocLine(index, page, row, Box(x0=50, y0=50 + 12 * index, x1=500, y1=60 + 12 * index), confidence, ocr)
        for index, row in enumerate(rows)
    ]
