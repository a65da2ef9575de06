"""Two pages side by side on one scanned image: find the gutter between them.

A sheet copied two pages to a sheet (or a book-style scan) holds two page columns on one image. Read as one
page, every line runs from the left page into the right one. The geometry that gives such an image away,
whatever printed it: in the direction the text reads, the page is wider than tall, and a tall band through
its middle holds no words, with a block of text on either side of it that runs down most of the page.
A single page whose labels and values happen to leave a band empty is portrait in the reading direction,
so it is never split.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Span(NamedTuple):
    """A word's box in the reading frame: ``u`` along the line, ``v`` across it (down the page)."""

    u0: float
    v0: float
    u1: float
    v1: float
    characters: int


# The gutter is looked for in this middle part of the page's reading width.
_MIDDLE = (0.3, 0.7)
# Histogram resolution along the line, in parts of the page's reading width.
_BINS = 400
# An empty band at least this share of the reading width wide (two page margins make it wider).
_MIN_GUTTER = 0.012
# Words that may cross the band (a fold or a speck read as a word), as a share of the page's words.
_MAX_CROSSING = 0.01
# Each side holds at least this share of the characters, and its words run down this share of the
# height the page's text takes.
_MIN_SIDE_SHARE = 0.08
_MIN_SIDE_HEIGHT = 0.5
# Wider than tall in the reading direction: two portrait pages side by side.
_MIN_ASPECT = 1.1
_MIN_WORDS = 40


def find_gutter(words: Sequence[Span], width: float, height: float) -> float | None:
    """The position along the line (in ``u``) of the gutter between two page columns, or None when the
    page is not two pages side by side. ``width`` and ``height`` are the page's extent along and across
    the lines."""
    if width <= 0 or height <= 0 or width < _MIN_ASPECT * height or len(words) < _MIN_WORDS:
        return None
    counts = [0] * _BINS
    scale = _BINS / width
    for word in words:
        first = max(0, int(word.u0 * scale))
        last = min(_BINS - 1, int(word.u1 * scale))
        for position in range(first, last + 1):
            counts[position] += 1
    allowed = int(_MAX_CROSSING * len(words))
    band = _widest_quiet_run(counts, int(_MIDDLE[0] * _BINS), int(_MIDDLE[1] * _BINS), allowed)
    if band is None or (band[1] - band[0]) < _MIN_GUTTER * _BINS:
        return None
    gutter = (band[0] + band[1]) / 2 / scale
    left = [word for word in words if word.u1 <= gutter]
    right = [word for word in words if word.u0 >= gutter]
    total = sum(word.characters for word in words) or 1
    top = min(word.v0 for word in words)
    text_height = max(word.v1 for word in words) - top
    for side in (left, right):
        if not side or sum(word.characters for word in side) < _MIN_SIDE_SHARE * total:
            return None
        if max(word.v1 for word in side) - min(word.v0 for word in side) < _MIN_SIDE_HEIGHT * text_height:
            return None
    return gutter


def _widest_quiet_run(counts: list[int], start: int, end: int, allowed: int) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for position in range(start, end + 1):
        quiet = position < end and counts[position] <= allowed
        if quiet and run_start is None:
            run_start = position
        elif not quiet and run_start is not None:
            if best is None or position - run_start > best[1] - best[0]:
                best = (run_start, position)
            run_start = None
    return best
