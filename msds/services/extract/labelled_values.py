"""Find the value printed beside or below a field label ("Product name: X", "Handelsname\\nX")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msds.domain.label_words import looks_like_label
from msds.domain.section_headings import match_heading
from msds.services.document_lines import DocLine

# A second "Label: value" pair on the same line ends the first value: up to three words, the first
# capitalised, right before a colon.
_COLON = re.compile(r"\s?[:：](?:\s|$)")
_WORD = re.compile(r"\S+")
# A line that is itself "Some label : value" or ends with a colon belongs to another field.
_OTHER_LABEL_LINE = re.compile(r"^[^:：]{2,40}\s?[:：](?:\s*$|\s+\S)")
_SUBSECTION_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?|[가-하]\s*[.)])\s*")
# What may stand before a label: a subsection number, a Korean enumerator ("가."), a bullet ("○").
_LABEL_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?|[가-하]\s*[.)]|[○●■□▶▷◆◇])\s*")
# Cells of a line: a column gap (three or more spaces, see reading_order.COLUMN_GAP) separates them.
_CELL_GAP = re.compile(r"\s{3,}")
_EMPTY_VALUE = re.compile(r"^[\s:：.\-–_*>|»》]*$")
# What follows a label word inside a heading ("Details of the supplier of the safety data sheet",
# "Bezeichnung des Stoffs bzw. des Gemischs", "Identificação do produto e da empresa") is not a value.
_HEADING_CONTINUATION = re.compile(
    r"^(?:of|the|and|for|des|der|die|das|und|bzw|beziehungsweise|zum|zur|du|de|la|le|et|del|y|e|da|do|das|dos|"
    r"della|dello|di|van|het|en|oraz|i|identification|identifica[cç][aã]o|identificaci[oó]n|information|"
    r"informationen|informa[cç][oõ]es|details|angaben|datos|dados|données|ou|or|oder|o)\b|^/|^\((?!주\))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledValue:
    value: str
    line: DocLine
    same_line: bool


def strip_subsection_number(text: str) -> str:
    return _LABEL_PREFIX.sub("", text)


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


def _value_cell(after_label: str) -> str:
    """The value on the label's own line: the first cell after the label, or, when that cell only goes on
    with the label ("Manufacturer information   PepsiCo Inc.", "Einzelheiten zum Lieferanten, der   ...")
    or is another label, the next cell."""
    cells = [cell for cell in _CELL_GAP.split(after_label) if cell.strip()]
    for position, cell in enumerate(cells[:2]):
        value = clean_value(cell)
        if not value or _EMPTY_VALUE.match(value):
            continue
        if _HEADING_CONTINUATION.match(value) or looks_like_label(value):
            if position == 0 and len(cells) > 1:
                continue
            return ""
        return value
    return ""


def _cell_under(label_line: str, label_start: int, following: str) -> str:
    """The part of the next line that sits under the label's cell, when both lines are split into the same
    columns ("Firma:   Kontaktadresse:" / "BASF SE   BASF Oesterreich GmbH")."""
    label_cells = [m.start() for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", label_line)]
    below = [m.group(0) for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", following)]
    if len(label_cells) < 2 or len(below) != len(label_cells):
        return following
    column = max(index for index, start in enumerate(label_cells) if start <= label_start)
    return below[column]


def _centred_line_above(lines: list[DocLine], position: int, below: DocLine) -> str | None:
    """A value cell centred on its label in a two-column table starts on the line above the label:
    "Saint-Gobain do Brasil" / "Nome da empresa:" / "Produtos Industriais ... Ltda." The line above joins the
    value when it starts in the value's column, right of the label, and both it and the line below lie
    within half a line of the label's band."""
    if position == 0 or position + 1 >= len(lines) or lines[position + 1] is not below:
        return None
    label, above = lines[position], lines[position - 1]
    height = label.box.y1 - label.box.y0
    top, bottom = label.box.y0 - height / 2, label.box.y1 + height / 2
    in_column = above.box.x0 >= label.box.x1 and abs(above.box.x0 - below.box.x0) <= 3
    centred = above.box.y1 > top and below.box.y0 < bottom and above.page == label.page == below.page
    value = clean_value(above.text)
    if not (in_column and centred) or not value or looks_like_label(value) or ":" in above.text:
        return None
    return value


def find_labelled_values(
    lines: list[DocLine], label: re.Pattern[str], *, lookahead: int = 2, max_label_offset: int = 60
) -> list[LabelledValue]:
    """Every value that follows the label, in document order.

    The value is the text after the label on the same line, or else the next non-empty line(s), as long as
    that line does not itself look like another label. A section heading is never a field label, and a value
    that is itself a heading or label in any supported language is never a value.
    """
    found: list[LabelledValue] = []
    for position, line in enumerate(lines):
        text = strip_subsection_number(line.text)
        match = label.search(text)
        if match is None or match.start() > max_label_offset:
            continue
        heading = match_heading(line.text)
        if heading is not None and heading.printed_number is not None:
            continue  # a numbered section heading ("1. Identification of the substance ..."), not a label
        rest = _value_cell(match.group(1))
        if rest:
            found.append(LabelledValue(rest, line, True))
            continue
        for following in lines[position + 1 : position + 1 + lookahead]:
            if _SUBSECTION_PREFIX.match(following.text) or label.search(
                strip_subsection_number(following.text)
            ):
                break  # a heading or a label of its own: its turn comes in the loop
            if _OTHER_LABEL_LINE.match(following.text):
                break
            candidate = clean_value(_cell_under(text, match.start(), following.text))
            if candidate and not _EMPTY_VALUE.match(candidate):
                if not _HEADING_CONTINUATION.match(candidate) and not looks_like_label(candidate):
                    above = _centred_line_above(lines, position, following)
                    if above is not None:
                        candidate = f"{above} {candidate}"
                    found.append(LabelledValue(candidate, following, False))
                break
    return found
