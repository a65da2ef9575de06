"""What OCR reads for a letter of print, as regular-expression pieces: e for c and c for e, o for a, 0 for o,
l or 1 for i, rn for m, 5 for s, n for u, b for h, and back."""

from __future__ import annotations

import re

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
