"""PDF text layer: words and lines in reading order, with boxes in displayed-page points."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen import canvas

from models.text import TextSource
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.reading_order import (
    COLUMN_GAP,
    Direction,
    Token,
    join_words,
    order_into_lines,
    without_rule_marks,
)
from msds.errors import CorruptFile
from tests.helpers.text_documents import A4, SDS_LINES_EN, Placed, lines_pdf, text_pdf

LAYER = PdfiumTextLayer()


def test_lines_come_top_to_bottom_with_words_and_full_confidence() -> None:
    # Given a one-column born-digital page
    data = lines_pdf([SDS_LINES_EN])

    # When its text layer is read
    (page,) = LAYER.read_pages(data)

    # Then every line comes back in order, as drawn, with its words and confidence 1
    assert page.source == TextSource.TEXT_LAYER
    assert [line.text for line in page.lines] == list(SDS_LINES_EN)
    assert page.words[0].text == "SAFETY"
    assert all(word.confidence == 1.0 for word in page.words)
    assert page.mean_confidence == 1.0
    assert (page.width, page.height) == pytest.approx(A4)


def test_a_label_and_its_value_drawn_out_of_order_share_one_line() -> None:
    # Given values drawn before their labels in the content stream, on two baselines
    data = text_pdf(
        [
            [
                Placed("23 °C", 300, 700),
                Placed("-95 °C", 300, 680),
                Placed("Flash point:", 72, 700),
                Placed("Melting point:", 72, 680),
            ]
        ]
    )

    # When the page is read
    (page,) = LAYER.read_pages(data)

    # Then each label comes with its value, labels first, top line first, the column gap kept as three spaces
    assert [line.text for line in page.lines] == ["Flash point:   23 °C", "Melting point:   -95 °C"]


def test_words_printed_close_together_are_joined_by_one_space() -> None:
    # Given two words a normal space apart and a third far to the right
    data = text_pdf([[Placed("Fisher Scientific", 72, 700), Placed("Acros Organics", 300, 700)]])

    # When the page is read
    (page,) = LAYER.read_pages(data)

    # Then the words of one column keep one space and the columns are three spaces apart
    assert page.lines[0].text == "Fisher Scientific   Acros Organics"


def test_word_boxes_are_in_points_from_the_top_left_corner() -> None:
    # Given a word at x=100 pt with its baseline 100 pt below the top of an A4 page
    data = text_pdf([[Placed("Danger", 100, A4[1] - 100, size=20)]])

    # When the page is read
    (page,) = LAYER.read_pages(data)

    # Then its box starts at x=100 and straddles y=100 (ascent above, descent below)
    box = page.words[0].box
    assert box.x0 == pytest.approx(100, abs=0.5)
    assert box.y0 < 100 < box.y1
    assert box.y1 - box.y0 == pytest.approx(20 * 1.15, rel=0.2)


def test_a_page_with_rotate_90_gives_boxes_in_the_displayed_frame() -> None:
    # Given a page whose /Rotate turns it a quarter clockwise when displayed
    data = text_pdf([[Placed("Hazard statements", 72, 500)]], rotation=90)

    # When it is read
    (page,) = LAYER.read_pages(data)

    # Then the page reports its displayed size and the word box lies within it, taller than wide
    box = page.words[0].box
    assert 0 <= box.x0 < box.x1 <= page.width
    assert 0 <= box.y0 < box.y1 <= page.height
    assert (box.y1 - box.y0) > (box.x1 - box.x0)
    assert page.lines[0].text == "Hazard statements"


def test_an_offset_media_box_moves_the_origin_to_its_corner() -> None:
    # Given a page whose MediaBox starts at (100, 100) instead of (0, 0)
    data = text_pdf([[Placed("Supplier", 172, 842)]], media_box=(100, 100, 695, 942))

    # When it is read
    (page,) = LAYER.read_pages(data)

    # Then boxes are measured from the media box's top-left corner
    box = page.words[0].box
    assert box.x0 == pytest.approx(72, abs=0.5)
    assert box.y0 < 100 < box.y1


def test_sideways_text_is_kept_as_its_own_line_after_the_upright_text() -> None:
    # Given a page with upright lines and a note printed upwards in the margin
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, "Product name: Acetone")
    pdf.drawString(72, 680, "Signal word: Danger")
    pdf.saveState()
    pdf.translate(40, 300)
    pdf.rotate(90)
    pdf.drawString(0, 0, "Printed on 2024-01-01")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()

    # When it is read
    (page,) = LAYER.read_pages(buffer.getvalue())

    # Then the upright lines come first and the margin note is one line of its own
    assert [line.text for line in page.lines] == [
        "Product name: Acetone",
        "Signal word: Danger",
        "Printed on 2024-01-01",
    ]


def test_oblique_glyphs_on_a_level_baseline_stay_in_their_line() -> None:
    # Given a table row whose concentration cell is drawn oblique (a skewed text matrix, as synthetic italic
    # and some symbol fonts are), and a stamp turned 45 degrees lower on the page
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 700, "CAS: 584-08-7 Pottasche")
    pdf.drawString(72, 680, "EINECS: 209-529-3 Skin Irrit. 2, H315")
    pdf.saveState()
    pdf.transform(1, 0, 0.34, 1, 400, 700)  # oblique: the baseline stays level
    pdf.drawString(0, 0, "<= 5%")
    pdf.restoreState()
    pdf.saveState()
    pdf.translate(200, 300)
    pdf.rotate(45)
    pdf.drawString(0, 0, "COPY")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()

    # When it is read
    (page,) = LAYER.read_pages(buffer.getvalue())

    # Then the oblique cell is read on its row, and the turned stamp stays a line of its own at the end
    assert [line.text for line in page.lines] == [
        "CAS: 584-08-7 Pottasche   <= 5%",
        "EINECS: 209-529-3 Skin Irrit. 2, H315",
        "COPY",
    ]


def test_tokens_running_down_the_page_are_ordered_in_their_own_frame() -> None:
    # Given two lines of text turned a quarter clockwise (reading downwards, next line to the left)
    tokens = [
        Token("second", 100, 10, 110, 60, Direction.DOWN),
        Token("line", 100, 70, 110, 90, Direction.DOWN),
        Token("first", 120, 10, 130, 50, Direction.DOWN),
        Token("line", 120, 60, 130, 80, Direction.DOWN),
    ]

    # When they are ordered
    lines = order_into_lines(tokens)

    # Then the right-hand line comes first and each reads top to bottom
    assert [" ".join(token.text for token in line) for line in lines] == ["first line", "second line"]


def test_a_rule_read_as_a_tall_mark_does_not_join_the_rows_beside_it() -> None:
    # Given two rows of a scan set close together, their values a little lower than their labels, and the
    # page's shadowed edge read by OCR as a "|" as tall as both rows
    tokens = [
        Token("|", 10, 90, 18, 160),
        Token("Product", 100, 100, 180, 120),
        Token("name", 185, 100, 230, 120),
        Token("Acetone", 400, 108, 480, 128),
        Token("Substance", 100, 130, 190, 150),
        Token("Propanone", 400, 138, 500, 158),
    ]
    # When the tokens are ordered into lines, as read and without the rule marks
    as_read = [" ".join(t.text for t in line) for line in order_into_lines(tokens)]
    cleaned = [" ".join(t.text for t in line) for line in order_into_lines(without_rule_marks(tokens))]
    # Then the mark bridges the rows into one line, and without it each row is a line of its own
    assert len(as_read) == 1
    assert cleaned == ["Product name Acetone", "Substance Propanone"]


def test_page_count_and_one_page_on_its_own() -> None:
    # Given a three-page PDF
    data = lines_pdf([["one"], ["two"], ["three"]])

    # When pages are counted and the second is read alone
    count = LAYER.page_count(data)
    second = LAYER.read_page(data, 2)

    # Then the count and the page are right
    assert count == 3
    assert (second.number, second.text) == (2, "two")


def test_a_file_that_is_not_a_pdf_is_a_named_error() -> None:
    # Given bytes that are not a PDF
    data = b"%PDF-1.7 this is not really a PDF"

    # When they are read, then a CorruptFile error is raised
    with pytest.raises(CorruptFile):
        LAYER.read_pages(data)


def test_a_ten_page_sheet_is_read_whole() -> None:
    # Given a ten-page born-digital sheet with about 60 lines per page
    pages = [
        [
            f"{page}.{row} Keep container tightly closed in a dry and well ventilated place"
            for row in range(60)
        ]
        for page in range(10)
    ]
    data = lines_pdf(pages, size=8)
    LAYER.read_pages(data)  # warm up pdfium and pydantic

    # When it is read
    read = LAYER.read_pages(data)

    # Then all 600 lines are there (speed is reported by `msds bench`, not asserted here)
    assert sum(len(page.lines) for page in read) == 600


def test_a_line_running_down_the_page_keeps_its_table_column_gap() -> None:
    # Given a line printed sideways (running down the page): a label, a word close after it, and a value
    # a table column further down, all in one narrow x band
    label = Token("Supplier", 100, 10, 110, 58, Direction.DOWN)
    close = Token("name", 100, 61, 110, 85, Direction.DOWN)
    value = Token("Acme", 100, 160, 110, 184, Direction.DOWN)

    # When the words are joined
    text = join_words([label, close, value])

    # Then the gaps are measured along the line, not across it
    assert text == "Supplier name" + COLUMN_GAP + "Acme"


def test_a_line_running_up_the_page_keeps_its_table_column_gap() -> None:
    # Given a line printed bottom to top, with its value a table column above its label
    label = Token("Version", 100, 150, 110, 192, Direction.UP)
    value = Token("3.0", 100, 60, 110, 78, Direction.UP)

    # When the words are joined
    text = join_words([label, value])

    # Then the gap is found along the line
    assert text == "Version" + COLUMN_GAP + "3.0"


def test_a_name_set_in_spaced_capitals_is_read_as_its_words() -> None:
    # Given a company name set letter by letter, letters 2.5 points apart and words 7 points apart
    letters = [("J", 0), ("O", 8), ("H", 16), ("N", 24), ("K", 39), ("I", 47), ("E", 55), ("L", 63)]
    tokens = [Token(text, x, 10, x + 5.5, 20) for text, x in letters]
    tokens.append(Token("GmbH", 76, 10, 103, 20))

    # When the words are joined
    text = join_words(tokens)

    # Then the letters make words again, and the word after them keeps its space
    assert text == "JOHN KIEL GmbH"
