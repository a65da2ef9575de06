"""Running headers and footers, and a Section 3 row broken by a page break under one."""

from __future__ import annotations

import dataclasses

from msds.services.document_lines import DocLine
from msds.services.extract.composition import extract_components
from msds.services.running_lines import running_keys
from tests.unit.lines import doc_lines

_HEADER = "Sicherheitsdatenblatt\nHandelsname :   Haftgrund 850\nSeite : {page} / 3"


def _pages(*bodies: str) -> list[DocLine]:
    lines: list[DocLine] = []
    for page, body in enumerate(bodies, start=1):
        for line in doc_lines(_HEADER.format(page=page) + "\n" + body, page=page):
            lines.append(dataclasses.replace(line, index=len(lines)))
    return lines


def test_lines_at_the_top_of_every_page_are_running_lines_whatever_their_figures() -> None:
    # Given three pages opening with the same header, the page number changing
    lines = _pages("1. Identification", "2. Hazards", "3. Composition")
    # When the running lines are found
    keys = running_keys(lines)
    # Then the header lines are, the page number ignored, and the body lines are not
    assert {"sicherheitsdatenblatt", "handelsname : haftgrund #", "seite : # / #"} <= keys
    assert "1. identification" not in keys and "# . identification" not in keys


def test_a_name_opening_two_of_many_pages_is_no_running_line() -> None:
    # Given six pages, two of which open with the same component name
    bodies = ["Isopropanol   67-63-0", "x", "y", "Isopropanol   67-63-0", "z", "w"]
    lines: list[DocLine] = []
    for page, body in enumerate(bodies, start=1):
        for line in doc_lines(body, page=page):
            lines.append(dataclasses.replace(line, index=len(lines)))
    # When / Then
    assert "isopropanol #-#-#" not in running_keys(lines)


def test_a_row_broken_by_a_page_break_keeps_its_name_under_the_next_pages_header() -> None:
    # Given a Section 3 row whose name starts at the foot of one page and whose figures follow the next page's
    # running header
    lines = _pages(
        "1. Identification\nHandelsname :   Haftgrund 850",
        "3.2 Gemische\nGefährliche Inhaltsstoffe\n"
        "KOHLENWASSERSTOFFE, C10-C13, N-ALKANE ; REACH-Registrierungsnr. : 01-",
        "2119457273-39 ; EG-Nr. : 918-481-9\nGewichtsanteil :   ≥ 1 - < 5 %\n"
        "Einstufung 1272/2008 [CLP] :   Asp. Tox. 1 ; H304",
    )
    section3 = [line for line in lines if line.page >= 2][4:]
    # When the components are read with the document's running lines
    components = extract_components(section3, [], running_keys(lines))
    # Then the row keeps its name, not the header's
    assert [(c.name, c.concentration) for c in components] == [
        ("KOHLENWASSERSTOFFE, C10-C13, N-ALKANE", "≥ 1 - < 5 %")
    ]
