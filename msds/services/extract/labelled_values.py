"""Find the value printed beside or below a field label ("Product name: X", "Handelsname\\nX")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msds.domain.field_labels import is_field_label
from msds.domain.label_words import looks_like_label
from msds.domain.no_data import says_no_data
from msds.domain.section_headings import match_heading
from msds.services.document_lines import Cell, DocLine

# A second "Label: value" pair on the same line ends the first value: up to three words, the first
# capitalised, right before a colon.
_COLON = re.compile(r"\s?[:：](?:\s|$)")
_WORD = re.compile(r"\S+")
# A line that is itself "Some label : value" or ends with a colon belongs to another field.
# A line that opens with a label of its own: its colon ends the first cell ("Tel.: 123"); a value followed, a
# column further, by another label ("ACME INTERNATIONAL   PHONE: 123") is a value.
_OTHER_LABEL_LINE = re.compile(r"^(?:(?!\s{3})[^:：]){2,40}\s*[:：](?:\s*$|\s+\S)")
_SUBSECTION_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?|[가-하]\s*[.)])\s*")
# What may stand before a label: a subsection number, a Korean enumerator ("가."), a bullet ("○").
_LABEL_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?|[가-하]\s*[.)]|[○●■□▶▷◆◇])\s*")
# Cells of a line: a column gap (three or more spaces, see reading_order.COLUMN_GAP) separates them.
_CELL_GAP = re.compile(r"\s{3,}")
_EMPTY_VALUE = re.compile(r"^[\s:：.\-–_*>|»》]*$")
# What follows a label word inside a heading ("Details of the supplier of the safety data sheet",
# "Bezeichnung des Stoffs bzw. des Gemischs", "Identificação do produto e da empresa") is not a value; a
# word joined to the next by a hyphen starts a name ("Di-isocianato de ...").
_HEADING_CONTINUATION = re.compile(
    r"^(?:of|the|and|for|des|der|die|das|und|bzw|beziehungsweise|zum|zur|du|de|la|le|et|del|y|e|da|do|das|dos|"
    r"della|dello|di|van|het|en|oraz|i|identification|identifica[cç][aã]o|identificaci[oó]n|information|"
    r"informationen|informa[cç][oõ]es|details|angaben|datos|dados|données|ou|or|oder|o)(?![\w-])|^/|"
    # A parenthesis after the label goes on with it ("(continued)"), unless it opens a company's form
    # ("(주)") or a chemical name with its stereodescriptor or locants ("(±)-Naringenin", "(1R,2S)-...").
    r"^\((?!주\))(?![^()\s]{1,12}\)-)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledValue:
    value: str
    line: DocLine
    same_line: bool
    # The label as printed ("Lieferant", "Manufacturer's name:"): its role words tell supplier from maker.
    label: str = ""


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
        if says_no_data(value):
            return ""
        if _HEADING_CONTINUATION.match(value) or looks_like_label(value):
            if position == 0 and len(cells) > 1:
                continue
            return ""
        return value
    return ""


def _cell_under(label_line: DocLine, label_start: int, following: DocLine) -> str:
    """The part of the next line that sits under the label's cell: by geometry when the reader gave the
    cells' places (the cell below that overlaps the label's cell most), else when both lines are split into
    the same number of columns, by column ("Firma:   Kontaktadresse:" / "BASF SE   BASF Oesterreich GmbH")."""
    below = cell_below(label_line, label_start, following)
    if below is not None:
        return below
    label_line_text = strip_subsection_number(label_line.text)
    offset = len(label_line.text) - len(label_line_text)
    label_cells = [m.start() for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", label_line_text)]
    cells = [m.group(0) for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", following.text)]
    if len(label_cells) < 2 or len(cells) != len(label_cells):
        return following.text
    column = max(index for index, start in enumerate(label_cells) if start <= label_start - offset)
    return cells[column]


def cell_below(label_line: DocLine, label_start: int, following: DocLine) -> str | None:
    """The cell of the next line under the cell of the label line holding ``label_start`` (an offset in the
    label line's text), found by the cells' places on the page: the one overlapping it most, else the one
    that starts within the label cell's span. None when the lines have no cells or, when the label line is
    split into columns, no cell of the next line lies under the label's (a value of another column)."""
    label = label_line.cell_at(label_start)
    if label is None or not following.cells or following.page != label_line.page:
        return None
    if len(label_line.cells) == 1 and len(following.cells) == 1:
        return None  # no columns: the plain reading of the next line holds
    width = max(label.x1 - label.x0, 1.0)

    def overlap(cell: Cell) -> float:
        return min(cell.x1, label.x1) - max(cell.x0, label.x0)

    best = max(following.cells, key=overlap)
    if overlap(best) > 0.2 * min(width, best.x1 - best.x0):
        return best.text
    return None


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
        offset = len(line.text) - len(text)
        heading = match_heading(line.text)
        if heading is not None and heading.printed_number is not None:
            continue  # a numbered section heading ("1. Identification of the substance ..."), not a label
        following_line = lines[position + 1] if position + 1 < len(lines) else None
        wrapped = _beside_wrapped_label(text, line.page, following_line, label)
        if wrapped is not None:
            found.append(LabelledValue(wrapped[0], line, True, wrapped[1]))
            continue
        for match in _label_matches(label, text, max_label_offset):
            printed = text[match.start() : match.start(1)].strip()
            rest = _value_cell(match.group(1))
            if rest:
                found.append(LabelledValue(rest, line, True, printed))
                continue
            for following in lines[position + 1 : position + 1 + lookahead]:
                if _SUBSECTION_PREFIX.match(following.text) or label.search(
                    strip_subsection_number(following.text)
                ):
                    break  # a heading or a label of its own: its turn comes in the loop
                if _OTHER_LABEL_LINE.match(following.text) or _opens_with_field_label(following.text):
                    break
                candidate = clean_value(_cell_under(line, offset + match.start(), following))
                if says_no_data(candidate):
                    break
                if candidate and not _EMPTY_VALUE.match(candidate):
                    if not _HEADING_CONTINUATION.match(candidate) and not looks_like_label(candidate):
                        above = _centred_line_above(lines, position, following)
                        if above is not None:
                            candidate = f"{above} {candidate}"
                        found.append(LabelledValue(candidate, following, False, printed))
                    break
    return found


_FIRST_COLON = re.compile(r"[:：]")


def _opens_with_field_label(text: str) -> bool:
    """A line whose text before its colon is a field label of the table, however long ("Principais usos
    recomendados para a substância ou mistura: Uso Medicinal")."""
    colon = _FIRST_COLON.search(text)
    return colon is not None and is_field_label(text[: colon.start()])


# The rest of a label cell that wrapped onto the next line: a few words, no figure, no second cell.
_MAX_WRAPPED_LABEL_TAIL = 40
_MAX_LABEL_WORDS = 8


def _beside_wrapped_label(
    text: str, line_page: int, following: DocLine | None, label: re.Pattern[str]
) -> tuple[str, str] | None:
    """(value, label as printed) when a label cell wraps onto the next line while its value sits beside the
    label's first part: "Nome do produto (nome   Ácido Sulfúrico" / "comercial):". The first words of the line
    and the next line together make the whole label, which the first words alone do not."""
    if following is None or following.page != line_page:
        return None
    tail = following.text.strip()
    if not tail or len(tail) > _MAX_WRAPPED_LABEL_TAIL or _CELL_GAP.search(tail):
        return None
    if any(char.isdigit() for char in tail) or not any(char.isalpha() for char in tail):
        return None
    words = list(_WORD.finditer(text))
    for count in range(1, min(len(words), _MAX_LABEL_WORDS + 1)):
        head = text[: words[count - 1].end()]
        whole = label.match(f"{head} {tail}")
        if whole is None or whole.group(1).strip(" :：.") or _label_complete(label, head):
            continue
        value = _value_cell(text[words[count - 1].end() :])
        return (value, f"{head} {tail}") if value else None
    return None


def _label_complete(label: re.Pattern[str], text: str) -> bool:
    match = label.match(text)
    return match is not None and not match.group(1).strip(" :：.")


def _starts_its_cell(text: str, match: re.Match[str]) -> bool:
    """A label begins its cell, perhaps after other label words ("Name of the supplier"), or ends with its
    colon: a label word inside a name ("Acme Supply Company") is part of the name."""
    gaps = [gap.end() for gap in _CELL_GAP.finditer(text, 0, match.start())]
    before = text[gaps[-1] if gaps else 0 : match.start()].strip()
    if not any(char.isalpha() for char in before) or looks_like_label(before):
        return True
    return text[match.start() : match.start(1)].rstrip().endswith((":", "："))


def _label_matches(label: re.Pattern[str], text: str, max_label_offset: int) -> list[re.Match[str]]:
    """The label where the line first holds it, and every later cell that starts with the label (a row of
    labels: "Hersteller   Lieferant", each with its value beside it or in its column below)."""
    first = label.search(text)
    while first is not None and not _starts_its_cell(text, first):
        first = label.search(text, first.start() + 1)
    if first is None or first.start() > max_label_offset:
        return []
    matches = [first]
    for gap in _CELL_GAP.finditer(text, first.start()):
        later = label.match(text, gap.end())
        if later is None or later.end() == later.start():
            continue
        # The cell is the label (alone, or ended by its colon), not a value that starts with a label word
        # ("Company XYZ Ltd").
        printed = text[later.start() : later.start(1)].rstrip()
        if not _CELL_GAP.split(later.group(1), maxsplit=1)[0].strip() or printed.endswith((":", "：")):
            matches.append(later)
    return matches
