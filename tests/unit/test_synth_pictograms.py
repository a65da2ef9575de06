"""GHS pictogram drawings of the synthetic SDS generator."""

from __future__ import annotations

import io
from itertools import combinations

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen.canvas import Canvas

from msds.synth.pictograms import PICTOGRAM_CODES, draw_pictogram, pictogram_png, render_pictogram


@pytest.mark.parametrize("code", PICTOGRAM_CODES)
def test_every_pictogram_has_a_red_diamond_border_a_white_field_and_a_black_symbol(code: str) -> None:
    # Given a raster pictogram
    pixels = np.asarray(render_pictogram(code, 120)).astype(int)
    # When the border, the field inside it and the centre region are sampled
    top_edge = pixels[6, 60]
    inner_field = pixels[60, 22]
    centre = pixels[30:90, 30:90]
    # Then the border is red, the field white and the symbol dark
    assert top_edge[0] > 180 and top_edge[1] < 80 and top_edge[2] < 80
    assert inner_field.min() > 200
    assert (centre.sum(axis=2) < 150).sum() > 200


def test_the_nine_pictograms_are_drawn_differently() -> None:
    # Given all nine raster pictograms in grey
    images = {
        code: np.asarray(render_pictogram(code, 96).convert("L")).astype(int) for code in PICTOGRAM_CODES
    }
    # When each pair is compared pixel by pixel
    differences = {(a, b): np.abs(images[a] - images[b]).mean() for a, b in combinations(PICTOGRAM_CODES, 2)}
    # Then every pair differs clearly
    assert min(differences.values()) > 3


def test_raster_pictogram_is_a_png_image() -> None:
    # Given a pictogram as PNG bytes
    data = pictogram_png("GHS02", 64)
    # When the bytes are inspected
    # Then they start with the PNG signature
    assert data.startswith(b"\x89PNG\r\n\x1a\n")


def test_vector_pictogram_draws_red_shapes_without_any_text() -> None:
    # Given a PDF page with a vector pictogram
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100), invariant=True)
    draw_pictogram(canvas, "GHS06", 10, 10, 80)
    canvas.showPage()
    canvas.save()
    # When the page is rendered and its text read
    document = pdfium.PdfDocument(buffer.getvalue())
    text = document[0].get_textpage().get_text_range()
    pixels = np.asarray(document[0].render(scale=1).to_pil().convert("RGB")).astype(int)
    # Then there is no text, but there are red and black pixels
    red = (pixels[:, :, 0] > 180) & (pixels[:, :, 1] < 80) & (pixels[:, :, 2] < 80)
    black = pixels.sum(axis=2) < 100
    assert text.strip() == ""
    assert red.sum() > 50
    assert black.sum() > 50


def test_an_unknown_pictogram_code_is_rejected() -> None:
    # Given a code that is not GHS01..GHS09
    # When it is drawn
    # Then a ValueError names it
    with pytest.raises(ValueError, match="GHS10"):
        render_pictogram("GHS10", 32)
