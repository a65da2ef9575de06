"""Running headers and footers: the lines a document prints at the top or foot of several pages."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import groupby

from msds.services.document_lines import DocLine

# Where a page's running lines stand: among its first and last lines.
_TOP_LINES = 6
_FOOT_LINES = 4
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def running_key(text: str) -> str:
    """A line's text with its figures and spacing ignored ("Seite : 2 / 18" and "Seite : 3 / 18" agree)."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip().lower()


def running_keys(lines: list[DocLine]) -> frozenset[str]:
    """The keys (:func:`running_key`) of lines printed at the top or foot of at least half the pages, and of
    two at least: a name that happens to open two of many pages is no running line."""
    pages_of: dict[str, set[int]] = defaultdict(set)
    page_count = 0
    for page, group in groupby(lines, key=lambda line: line.page):
        page_count += 1
        on_page = list(group)
        for line in on_page[:_TOP_LINES] + on_page[-_FOOT_LINES:]:
            key = running_key(line.text)
            if key:
                pages_of[key].add(page)
    needed = max(2, (page_count + 1) // 2)
    return frozenset(key for key, pages in pages_of.items() if len(pages) >= needed)
