"""Page layout: an OCR'd image holding two pages side by side is read one page column after the other.

OCR orders words into lines by their baselines across the whole image, so on a two-pages-to-a-sheet scan
each line runs from the left page into the right one, and Section 3's rows end up glued to whatever the
other page prints beside them. Where the page's geometry shows two page columns with a gutter between them
(msds.domain.page_columns), every line is cut at the gutter and the left column's lines come first, then
the right column's. The page's words (boxes in the image, whatever way the text runs on it) tell the
reading direction and which words each line holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.common import Box
from models.text import Line, PageText, TextSource, Word
from msds.domain.page_columns import Span, find_gutter

# Three spaces: a gap as wide as a table column (the readers' COLUMN_GAP), which cell splitting relies on.
COLUMN_GAP = "   "


def read_side_by_side_pages(page: PageText) -> PageText:
    """The page with its lines in column order when it is two pages side by side; otherwise unchanged,
    but for the gaps between the words of a page read sideways, measured along its lines."""
    if page.source != TextSource.OCR or not page.words:
        return page
    grouped = _words_per_line(page)
    if grouped is None:
        return page
    frame = _reading_frame(page, grouped)
    spans = [frame.span(word) for words in grouped for word in words]
    gutter = find_gutter(spans, frame.along, frame.across)
    if gutter is None and frame.direction == "right":
        return page
    left: list[tuple[Line, list[Word]]] = []
    right: list[tuple[Line, list[Word]]] = []
    for line, words in zip(page.lines, grouped, strict=True):
        sides = [gutter is None or frame.centre(word) < gutter for word in words]
        for target, keep in ((left, True), (right, False)):
            chosen = [word for word, side in zip(words, sides, strict=True) if side == keep]
            if len(chosen) == len(words) and frame.direction == "right":
                target.append((line, words))
            elif chosen:
                target.append((_line(_join(chosen, frame), chosen), chosen))
    # The words follow the lines' new order: later steps pair each line with its words in order.
    ordered = left + right
    return page.model_copy(
        update={
            "lines": tuple(line for line, _ in ordered),
            "words": tuple(word for _, words in ordered for word in words),
        }
    )


def _words_per_line(page: PageText) -> list[list[Word]] | None:
    """Each line's words (the page keeps them in line order); None when they do not add up to the lines."""
    grouped: list[list[Word]] = []
    cursor = 0
    for line in page.lines:
        target = "".join(line.text.split())
        taken: list[Word] = []
        found = ""
        while len(found) < len(target) and cursor < len(page.words):
            word = page.words[cursor]
            cursor += 1
            taken.append(word)
            found += "".join(word.text.split())
        if found != target:
            return None
        grouped.append(taken)
    return grouped if cursor == len(page.words) else None


def _join(words: Sequence[Word], frame: _Frame) -> str:
    """Words joined by one space, and by COLUMN_GAP where the gap along the line is as wide as a table
    column's (the readers' rule, msds.adapters.local.reading_order, measured in the reading frame)."""
    parts = [words[0].text]
    previous = frame.span(words[0])
    for word in words[1:]:
        span = frame.span(word)
        char_width = (previous.u1 - previous.u0) / max(1, len(parts[-1]))
        height = max(previous.v1 - previous.v0, span.v1 - span.v0)
        gap = span.u0 - previous.u1
        parts.append(COLUMN_GAP if gap > 2.5 * char_width and gap > 0.9 * height else " ")
        parts.append(word.text)
        previous = span
    return "".join(parts)


def _line(text: str, words: Sequence[Word]) -> Line:
    box = Box(
        x0=min(word.box.x0 for word in words),
        y0=min(word.box.y0 for word in words),
        x1=max(word.box.x1 for word in words),
        y1=max(word.box.y1 for word in words),
    )
    return Line(text=text, box=box, confidence=sum(word.confidence for word in words) / len(words))


class _Frame:
    """The page turned so that its text reads left to right: ``u`` along the lines, ``v`` down the page."""

    def __init__(self, direction: str, width: float, height: float) -> None:
        self.direction = direction
        self.width, self.height = width, height
        sideways = direction in ("down", "up")
        self.along = height if sideways else width
        self.across = width if sideways else height

    def span(self, word: Word) -> Span:
        b, w, h = word.box, self.width, self.height
        if self.direction == "down":
            u0, v0, u1, v1 = b.y0, w - b.x1, b.y1, w - b.x0
        elif self.direction == "up":
            u0, v0, u1, v1 = h - b.y1, b.x0, h - b.y0, b.x1
        elif self.direction == "left":
            u0, v0, u1, v1 = w - b.x1, h - b.y1, w - b.x0, h - b.y0
        else:
            u0, v0, u1, v1 = b.x0, b.y0, b.x1, b.y1
        return Span(u0, v0, u1, v1, sum(1 for ch in word.text if ch.isalnum()))

    def centre(self, word: Word) -> float:
        span = self.span(word)
        return (span.u0 + span.u1) / 2


def _reading_frame(page: PageText, grouped: Sequence[Sequence[Word]]) -> _Frame:
    """The way most lines of several words run: from their first word's centre to their last's."""
    votes = {"right": 0, "down": 0, "left": 0, "up": 0}
    for words in grouped:
        if len(words) < 2:
            continue
        first, last = words[0].box, words[-1].box
        dx = (last.x0 + last.x1 - first.x0 - first.x1) / 2
        dy = (last.y0 + last.y1 - first.y0 - first.y1) / 2
        if abs(dx) >= abs(dy):
            votes["right" if dx >= 0 else "left"] += 1
        else:
            votes["down" if dy > 0 else "up"] += 1
    direction = max(votes, key=lambda name: (votes[name], name == "right"))
    return _Frame(direction, page.width, page.height)
