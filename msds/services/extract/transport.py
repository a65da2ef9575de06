"""Section 14: the UN number of the first transport mode."""

from __future__ import annotations

import re

from models.record import Extracted
from msds.services.document_lines import DocLine

# "UN/ID No" and "UN/NA" (the US DOT's North American numbers share the table), "UN#"; a number followed by a
# slash and digits is a regulation's ("1907/2006"), not a UN number (UN1907 itself is soda lime).
_UN = re.compile(
    r"\b(?:UN|ONU|UNO|VN)(?:\s*/\s*(?:ID|NA))?\s*[-‐]?\s*"
    r"(?:(?:No|Nr|N°|Nº|#|number|nummer|num[ée]ro|n[uú]mero|번호|番号)\.?\s*)?"
    r"[:.]?\s*(\d{4})(?!\d|/\d)\b",
    re.IGNORECASE,
)
_LABEL_THEN_NUMBER = re.compile(
    r"(?:UN(?:\s*/\s*(?:ID|NA))?[-\s]?(?:No|Nr|#|number|nummer)|num[ée]ro\s+(?:ONU|UN)|"
    r"n[uú]mero\s+(?:ONU|UN|da\s+ONU)|N°\s*ONU|UN\s*번호|유엔\s*번호|国連番号)\.?\s*(?:\([^)\n]{0,40}\))?\s*"
    r"[:：]?[\s\-–]*(?:UN\s*)?(\d{4})(?!\d|/\d)\b",
    re.IGNORECASE,
)


_LABEL_ONLY = re.compile(
    r"^\W{0,3}(?:\d{1,2}\.\d\.?\s*)?(?:UN[-\s]?(?:No|Nr|number|nummer)|num[ée]ro\s+(?:ONU|UN)|"
    r"n[uú]mero\s+(?:ONU|UN|da\s+ONU)|N°\s*ONU|UN\s*번호|유엔\s*번호|国連番号)\W*$",
    re.IGNORECASE,
)
_FOUR_DIGITS = re.compile(r"(?<![\d.,/])(\d{4})(?![\d.,/])")


def extract_un_number(section14: list[DocLine]) -> Extracted[str] | None:
    text = "\n".join(line.text for line in section14)
    matches = [m for m in (_UN.search(text), _LABEL_THEN_NUMBER.search(text)) if m]
    if not matches:
        return _from_table(section14)
    first = min(matches, key=lambda m: m.start())
    number = first.group(1)
    if number == "0000":  # a blank form's placeholder
        return None
    line = next((each for each in section14 if number in each.text), section14[0])
    return Extracted[str](value=f"UN{number}", confidence=0.9, evidence=[line.evidence(section=14)])


def _from_table(section14: list[DocLine]) -> Extracted[str] | None:
    """A label alone on its line with the numbers per transport mode below it ("ADR: - DOT: 3077")."""
    for position, line in enumerate(section14):
        if not _LABEL_ONLY.match(line.text):
            continue
        for following in section14[position + 1 : position + 3]:
            number = _FOUR_DIGITS.search(following.text)
            if number:
                return Extracted[str](
                    value=f"UN{number.group(1)}", confidence=0.75, evidence=[following.evidence(section=14)]
                )
    return None
