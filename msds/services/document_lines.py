"""A document's lines as one flat, indexed sequence: the common currency of segmentation and extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.common import Box
from models.record import Evidence
from models.text import DocumentText, Line, TextSource, Word
from msds.services.page_layout import read_side_by_side_pages

# Soft hyphens and PDFium's U+FFFE hyphenation marker carry no text.
_INVISIBLE = str.maketrans("", "", "\u00ad\ufffe\u200b")
# The readers join a line's words with one space, and words a table column apart with three or more
# (reading_order.COLUMN_GAP): the line's cells.
_COLUMN_GAP = re.compile(r"\s{3,}")


@dataclass(frozen=True)
class Cell:
    """One cell of a line: the text between column gaps, where it starts in the line's text, and its
    horizontal extent on the page."""

    text: str
    start: int
    x0: float
    x1: float


class PageCells:
    """The cells of one page's lines, worked out the first time a line of the page is asked for them
    (only the lines label/value pairing looks at need them)."""

    __slots__ = ("_cells", "_lines", "_words")

    def __init__(self, lines: tuple[Line, ...], words: tuple[Word, ...]) -> None:
        self._lines, self._words = lines, words
        self._cells: list[tuple[Cell, ...]] | None = None

    def of(self, row: int) -> tuple[Cell, ...]:
        """The cells of the page's line number ``row`` (0-based, among all the page's lines)."""
        if self._cells is None:
            self._cells = _page_cells(self._lines, self._words)
        return self._cells[row]


@dataclass(frozen=True)
class DocLine:
    index: int
    page: int
    text: str
    box: Box
    confidence: float
    ocr: bool
    page_cells: PageCells | None = field(default=None, compare=False, repr=False)
    row: int = field(default=0, compare=False, repr=False)

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The line's cells with their place on the page, when the reader gave the words' boxes (else
        empty)."""
        return () if self.page_cells is None else self.page_cells.of(self.row)

    def cell_at(self, offset: int) -> Cell | None:
        """The cell holding a character offset of the text (None without cells)."""
        holding = [cell for cell in self.cells if cell.start <= offset]
        return holding[-1] if holding else None

    def evidence(self, section: int | None = None, snippet: str | None = None) -> Evidence:
        return Evidence(page=self.page, box=self.box, snippet=(snippet or self.text)[:300], section=section)


def flatten(text: DocumentText) -> list[DocLine]:
    """Every page's lines in reading order (a scanned image of two pages side by side is read one page
    column after the other, msds.services.page_layout), blank ones left out, numbered through the document."""
    lines: list[DocLine] = []
    for page in map(read_side_by_side_pages, text.pages):
        ocr = page.source == TextSource.OCR
        cells = PageCells(page.lines, page.words)
        for row, line in enumerate(page.lines):
            value = line.text.translate(_INVISIBLE)
            if value.strip():
                lines.append(
                    DocLine(len(lines), page.number, value, line.box, line.confidence, ocr, cells, row)
                )
    return lines


def _page_cells(lines: tuple[Line, ...], words: tuple[Word, ...]) -> list[tuple[Cell, ...]]:
    """Each line's cells, from the page's words (the readers list them line by line, in reading order).
    Where the words do not spell the lines exactly, no line of the page gets cells."""
    found: list[tuple[Cell, ...]] = []
    position = 0
    for line in lines:
        cells: list[Cell] = []
        start = 0
        for part in _COLUMN_GAP.split(line.text):
            start = line.text.index(part, start) if part else start
            # Compared without blanks: a reader may join words ("J O H N" set letter by letter reads "JOHN").
            target = "".join(part.split())
            if not target:
                continue
            spelled, end = "", position
            while end < len(words) and len(spelled) < len(target):
                spelled += "".join(words[end].text.split())
                end += 1
            if spelled != target:
                return [() for _ in lines]
            taken = words[position:end]
            cells.append(Cell(part.strip().translate(_INVISIBLE), start, taken[0].box.x0, taken[-1].box.x1))
            position = end
            start += len(part)
        found.append(tuple(cells))
    if position != len(words):
        return [() for _ in lines]
    return found


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
