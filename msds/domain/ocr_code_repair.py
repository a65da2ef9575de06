"""Repair statement codes whose letter OCR misread as a digit ("1319" for H319, "0264" for P264).

Only a code-shaped token at the start of a line or column (where statement lists put their codes) is repaired,
and only into a code that exists; the caller lowers the confidence of what it reads from a repaired line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# At the start of the line, or of a column (after a gap of three spaces: "Hazard statements   1319 ...").
# The letters themselves count too, upper or lower case ("P301 + p312", "| p264"), so that a combination with
# one damaged part is repaired whole.
_LEADING_CODES = re.compile(
    r"^((?:.*?\s{3,})?\W{0,3})((?:[1lI|0OQHhPp]\d{3}\s*\+\s*)*[1lI|0OQHhPp]\d{3})(?=\s+\D|\s*$)"
)
_TOKEN = re.compile(r"([1lI|0OQHhPp])(\d{3})")
_LETTER_FOR: dict[str, str] = {
    **{mark: "H" for mark in "1lI|Hh"},
    **{mark: "P" for mark in "0OQPp"},
}


def repair_line(line: str, exists: Callable[[str], bool]) -> str | None:
    """The line with its leading OCR-damaged codes repaired, or None when there is nothing to repair."""
    match = _LEADING_CODES.match(line)
    if match is None:
        return None
    tokens = _TOKEN.findall(match.group(2))
    codes = [_LETTER_FOR[first] + digits for first, digits in tokens]
    if not all(exists(code) for code in codes):
        return None
    repaired = f"{match.group(1)}{'+'.join(codes)}{line[match.end() :]}"
    if all(first in "HP" for first, _ in tokens):
        return None  # every letter was printed right: nothing was repaired
    return repaired
