"""What OCR reads for a letter of print, as regular-expression pieces: e for c and c for e, o for a, 0 for o,
l or 1 for i, rn for m, 5 for s, n for u, b for h, and back."""

from __future__ import annotations

import re
from functools import cache

LOOKALIKES: dict[str, str] = {
    "a": "o", "b": "h", "c": "e", "e": "c", "h": "b", "i": "l1|", "l": "i1|", "n": "u", "o": "a0", "s": "5",
    "u": "n",
}  # fmt: skip
"""Lower-case letter -> the characters OCR reads for it in print."""


def tolerant_char(char: str) -> str:
    """A regex piece matching ``char`` or what OCR reads for it (case as the pattern's flags say)."""
    lower = char.lower()
    if lower == "m":
        return f"(?:{re.escape(char)}|rn)"
    others = LOOKALIKES.get(lower)
    return f"[{re.escape(char)}{re.escape(others)}]" if others else re.escape(char)


def tolerant_word(word: str) -> str:
    """A regex piece matching ``word`` with any letter read as OCR reads it ("SECTlON", "SECTI0N")."""
    return "".join(tolerant_char(char) for char in word)


@cache
def _representatives() -> dict[int, str]:
    """Each character of :data:`LOOKALIKES` -> the first letter of the group it is confused within."""
    groups: list[set[str]] = []
    for letter, others in LOOKALIKES.items():
        group = {letter, *others}
        joined = [existing for existing in groups if existing & group]
        for existing in joined:
            group |= existing
            groups.remove(existing)
        groups.append(group)
    table: dict[int, str] = {}
    for group in groups:
        first = min(char for char in group if char.isalpha())
        table.update({ord(char): first for char in group})
    return table


def skeleton(folded: str) -> str:
    """Lower-case text with every letter OCR confuses replaced by one of its group (rn read as m), so a word
    and its misreadings share one key ("manufacturcr" and "manufacturer")."""
    return folded.replace("rn", "m").translate(_representatives())
