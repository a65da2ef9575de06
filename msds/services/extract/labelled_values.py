"""Find the value printed beside or below a field label ("Product name: X", "Handelsname\\nX")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msds.services.document_lines import DocLine

# A second "Label: value" pair on the same line ends the first value: up to three words, the first
# capitalised, right before a colon.
_COLON = re.compile(r"\s?[:：](?:\s|$)")
_WORD = re.compile(r"\S+")
# A line that is itself "Some label : value" or ends with a colon belongs to another field.
_OTHER_LABEL_LINE = re.compile(r"^[^:：]{2,40}\s?[:：](?:\s*$|\s+\S)")
_SUBSECTION_PREFIX = re.compile(r"^\s*\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?\s*")
_EMPTY_VALUE = re.compile(r"^[\s:：.\-–_*]*$")
# What follows a label word inside a heading ("Details of the supplier of the safety data sheet",
# "Bezeichnung des Stoffs bzw. des Gemischs", "Identificação do produto e da empresa") is not a value.
_HEADING_CONTINUATION = re.compile(
    r"^(?:of|the|and|for|des|der|die|das|und|bzw|beziehungsweise|zum|zur|du|de|la|le|et|del|y|e|da|do|das|dos|"
    r"della|dello|di|van|het|en|oraz|i|identification|identifica[cç][aã]o|identificaci[oó]n|information|"
    r"informationen|informa[cç][oõ]es|details|angaben|datos|dados|données|ou|or|oder|o)\b|^[/(]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledValue:
    value: str
    line: DocLine
    same_line: bool


def strip_subsection_number(text: str) -> str:
    return _SUBSECTION_PREFIX.sub("", text)


def clean_value(text: str) -> str:
    text = text.strip().strip(":：").strip()
    # A column gap (three or more spaces, see reading_order.COLUMN_GAP) ends the value: what follows
    # belongs to the next column.
    text = re.split(r"\s{3,}", text, maxsplit=1)[0]
    for colon in _COLON.finditer(text):
        start = _label_start(text[: colon.start()])
        if start:
            text = text[:start]
            break
    return re.sub(r"\s{2,}", " ", text).strip(" ;,|")


def _label_start(before_colon: str) -> int | None:
    """Where the shortest capitalised run of at most three words before a colon begins (not at 0)."""
    words = list(_WORD.finditer(before_colon))
    for count in (1, 2, 3):
        if len(words) <= count:
            return None
        first = words[-count]
        if first.group(0)[0].isupper():
            return first.start()
    return None


def find_labelled_values(
    lines: list[DocLine], label: re.Pattern[str], *, lookahead: int = 2, max_label_offset: int = 60
) -> list[LabelledValue]:
    """Every value that follows the label, in document order.

    The value is the text after the label on the same line, or else the next non-empty line(s),
    as long as that line does not itself look like another label.
    """
    found: list[LabelledValue] = []
    for position, line in enumerate(lines):
        text = strip_subsection_number(line.text)
        match = label.search(text)
        if match is None or match.start() > max_label_offset:
            continue
        rest = clean_value(match.group(1))
        if rest and not _EMPTY_VALUE.match(rest) and not _HEADING_CONTINUATION.match(rest):
            found.append(LabelledValue(rest, line, True))
            continue
        for following in lines[position + 1 : position + 1 + lookahead]:
            if _SUBSECTION_PREFIX.match(following.text) or label.search(
                strip_subsection_number(following.text)
            ):
                break  # a heading or a label of its own: its turn comes in the loop
            if _OTHER_LABEL_LINE.match(following.text):
                break
            candidate = clean_value(following.text)
            if candidate and not _EMPTY_VALUE.match(candidate):
                if not _HEADING_CONTINUATION.match(candidate):
                    found.append(LabelledValue(candidate, following, False))
                break
    return found
