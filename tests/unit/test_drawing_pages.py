"""Which PDF pages may hold a drawing (handwriting, artwork): only those are searched for signatures."""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from msds.adapters.local.pdfium_renderer import PdfiumRenderer


def _pdf(draw: Callable[[Canvas], None]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setFont("Helvetica", 10)
    for row in range(20):
        canvas.drawString(50, 780 - row * 16, f"16.{row} Other information, line {row}")
    canvas.rect(40, 400, 500, 60)  # a table frame
    canvas.line(40, 380, 540, 380)  # a rule
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_page_of_text_frames_and_rules_cannot_hold_a_drawing() -> None:
    # Given a born-digital page of text lines, a table frame and a rule
    data = _pdf(lambda canvas: None)
    # When the renderer is asked whether it may hold a drawing
    answer = PdfiumRenderer().may_hold_drawing(data, 1)
    # Then it may not
    assert answer is False


def test_a_page_with_an_embedded_image_may_hold_a_drawing() -> None:
    # Given the same page with a small scanned signature image placed on it
    image = Image.new("L", (120, 40), 255)
    data = _pdf(lambda canvas: canvas.drawImage(ImageReader(image), 60, 200, width=120, height=40))
    # When asked
    answer = PdfiumRenderer().may_hold_drawing(data, 1)
    # Then it may
    assert answer is True


def test_a_page_with_a_curve_may_hold_a_drawing() -> None:
    # Given the same page with one Bezier stroke, as a signature drawn on a tablet is stored
    data = _pdf(lambda canvas: canvas.bezier(60, 200, 90, 260, 120, 150, 160, 210))
    # When asked
    answer = PdfiumRenderer().may_hold_drawing(data, 1)
    # Then it may
    assert answer is True


def test_a_page_with_a_long_polyline_may_hold_a_drawing() -> None:
    # Given the same page with a stroke made of many short straight segments
    def polyline(canvas: Canvas) -> None:
        path = canvas.beginPath()
        path.moveTo(60, 200)
        for step in range(1, 24):
            path.lineTo(60 + 4 * step, 200 + (step % 3) * 5)
        canvas.drawPath(path, stroke=1, fill=0)

    data = _pdf(polyline)
    # When asked
    answer = PdfiumRenderer().may_hold_drawing(data, 1)
    # Then it may
    assert answer is True


def test_a_link_does_not_make_a_drawing_but_a_note_annotation_does() -> None:
    # Given one page with a web link only, and one with a note annotation
    linked = _pdf(lambda canvas: canvas.linkURL("https://example.com", (50, 700, 200, 720)))
    noted = _pdf(lambda canvas: canvas.textAnnotation("Checked", Rect=(50, 600, 70, 620)))
    renderer = PdfiumRenderer()
    # When each is asked
    answers = (renderer.may_hold_drawing(linked, 1), renderer.may_hold_drawing(noted, 1))
    # Then the link changes nothing and the annotation, which draws, may hold a drawing
    assert answers == (False, True)


def test_every_page_of_an_image_file_may_hold_a_drawing() -> None:
    # Given a scanned page as a PNG file
    buffer = io.BytesIO()
    Image.new("L", (200, 280), 255).save(buffer, format="PNG")
    # When asked
    answer = PdfiumRenderer().may_hold_drawing(buffer.getvalue(), 1)
    # Then it may: an image is all drawing
    assert answer is True
