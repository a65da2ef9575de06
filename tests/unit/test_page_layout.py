"""Two pages side by side on one scanned image are read one page column after the other."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache

import pytest

from models.text import DocumentText, PageText, TextSource
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.reading_order import Direction, Token, order_into_lines, page_text
from msds.services.document_lines import flatten
from msds.services.extract.composition import extract_components
from msds.services.segment import segment_lines
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document

_GUTTER = 40.0


@lru_cache(maxsize=1)
def _generated_pages() -> tuple[PageText, ...]:
    # A generated English sheet of several pages, read from its text layer: words and boxes as OCR gives.
    spec = sample_document(random.Random("two pages side by side"), "two_up", "en", "a", "pdf")
    return tuple(PdfiumTextLayer().read_pages(render_document(spec).pdf))


def _tokens(page: PageText, shift: float) -> list[Token]:
    return [
        Token(w.text, w.box.x0 + shift, w.box.y0, w.box.x1 + shift, w.box.y1, Direction.RIGHT, w.confidence)
        for w in page.words
    ]


def _turned(token: Token, width: float, height: float, direction: Direction) -> Token:
    # The spread turned a quarter either way, as a sheet printed two pages to a side lies on the scanner.
    if direction == Direction.DOWN:  # turned clockwise: the text runs down a portrait image
        return token._replace(
            x0=height - token.y1, y0=token.x0, x1=height - token.y0, y1=token.x1, direction=direction
        )
    if direction == Direction.UP:  # turned counter-clockwise: the text runs up
        return token._replace(
            x0=token.y0, y0=width - token.x1, x1=token.y1, y1=width - token.x0, direction=direction
        )
    return token


def _spread(pages: Sequence[PageText], direction: Direction = Direction.RIGHT) -> DocumentText:
    """Each pair of pages on one image, as OCR orders its words: lines built across both pages."""
    spreads = []
    for number, start in enumerate(range(0, len(pages), 2), start=1):
        pair = pages[start : start + 2]
        width = pair[0].width * 2 + _GUTTER
        height = max(page.height for page in pair)
        tokens = [
            t for index, page in enumerate(pair) for t in _tokens(page, index * (pair[0].width + _GUTTER))
        ]
        if direction != Direction.RIGHT:
            tokens = [_turned(token, width, height, direction) for token in tokens]
            width, height = height, width
        spreads.append(
            page_text(
                order_into_lines(tokens), number=number, width=width, height=height, source=TextSource.OCR
            )
        )
    return DocumentText(document_id="spread", pages=tuple(spreads))


def _as_ocr(pages: Sequence[PageText]) -> DocumentText:
    return DocumentText(
        document_id="pages", pages=tuple(page.model_copy(update={"source": TextSource.OCR}) for page in pages)
    )


@pytest.mark.parametrize("direction", [Direction.RIGHT, Direction.DOWN, Direction.UP])
def test_a_scan_of_two_pages_side_by_side_is_read_page_after_page(direction: Direction) -> None:
    # Given a generated sheet scanned two pages to an image (upright, or the sheet turned either way),
    # whose OCR lines run from the left page into the right one
    pages = _generated_pages()
    spread = _spread(pages, direction)
    assert len(pages) >= 3
    glued = [line.text for page in spread.pages for line in page.lines]
    single = [line.text for page in _as_ocr(pages).pages for line in page.lines]
    assert sum(text not in single for text in glued) > 5
    # When its lines are laid out for segmentation
    lines = flatten(spread)
    # Then they are the lines of each page in turn, as read from the pages one by one
    assert [line.text for line in lines] == [line.text for line in flatten(_as_ocr(pages))]


@pytest.mark.parametrize("direction", [Direction.RIGHT, Direction.DOWN, Direction.UP])
def test_the_lines_of_a_two_page_scan_keep_their_cells_for_label_and_value_pairing(
    direction: Direction,
) -> None:
    # Given a generated sheet scanned two pages to an image
    spread = _spread(_generated_pages(), direction)
    # When its lines are laid out
    lines = flatten(spread)
    # Then every line has its cells, and their text is the line's, gaps aside
    assert lines and all(line.cells for line in lines)
    assert all(" ".join(cell.text for cell in line.cells) == " ".join(line.text.split()) for line in lines)


def test_the_composition_table_of_a_two_page_scan_gives_the_same_components_as_the_pages() -> None:
    # Given the same generated sheet as single pages and as a scan of two pages to an image
    pages = _generated_pages()
    # When each is segmented and its Section 3 components are extracted
    found = []
    for text in (_as_ocr(pages), _spread(pages)):
        lines = flatten(text)
        span = segment_lines(lines).get(3)
        assert span is not None
        components = extract_components(lines[span.first_line : span.end_line], [])
        found.append([(c.cas, c.concentration_range, sorted(c.h_codes)) for c in components])
    # Then the components agree, and there are some
    assert found[0] and found[1] == found[0]


def test_a_portrait_page_with_an_empty_band_between_labels_and_values_keeps_its_lines() -> None:
    # Given one generated page read upright on its own (portrait, so never two pages side by side)
    page = _as_ocr(_generated_pages()[:1])
    # When its lines are laid out
    lines = flatten(page)
    # Then they keep the order the reader gave them
    assert [line.text for line in lines] == [line.text for line in page.pages[0].lines]


def test_a_line_whose_reader_joined_spaced_letters_keeps_its_cells() -> None:
    # Given a text-layer line set partly letter by letter ("J O H N   K I E L   GmbH"), then an e-mail a
    # column further, as the reader joins it ("JOHN KIEL GmbH   sds@example.com")
    letters = [("J", 0), ("O", 8), ("H", 16), ("N", 24), ("K", 39), ("I", 47), ("E", 55), ("L", 63)]
    tokens = [Token(text, x, 10, x + 5.5, 20) for text, x in letters]
    tokens += [Token("GmbH", 76, 10, 103, 20), Token("sds@example.com", 200, 10, 280, 20)]
    page = page_text([tokens], number=1, width=600, height=800, source=TextSource.TEXT_LAYER)
    assert page.lines[0].text == "JOHN KIEL GmbH   sds@example.com"

    # When the document's lines are laid out
    lines = flatten(DocumentText(document_id="d", pages=(page,)))

    # Then the line has its two cells, each spanning its words
    assert [(cell.text, cell.x0, cell.x1) for cell in lines[0].cells] == [
        ("JOHN KIEL GmbH", 0, 103),
        ("sds@example.com", 200, 280),
    ]
