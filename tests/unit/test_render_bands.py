"""Rendering only what the vision step needs: Section 2's band on pictogram-only pages, nothing else."""

from __future__ import annotations

import numpy as np
from PIL import Image

from models.vision import PageVision
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.services.detect_visuals import BAND_MARGIN, detect_on_pages, pictogram_bands
from msds.synth import hostile


def _ink_rows(image: Image.Image) -> np.ndarray:
    grey = np.asarray(image.convert("L"))
    return np.flatnonzero((grey < 128).any(axis=1))


def test_a_band_is_drawn_alone_on_a_white_page_of_the_full_size() -> None:
    # Given a page of text lines from 52 pt down to about 200 pt
    data = hostile.sheet_pdf()
    renderer = PdfiumRenderer()
    whole = renderer.render(data, 1, 72)
    # When only the band from 100 to 150 points is rendered
    band = renderer.render(data, 1, 72, band=(100.0, 150.0))
    # Then the image has the whole page's size, and ink only within the band (at 72 dpi, 1 pixel a point)
    assert band.size == whole.size
    rows = _ink_rows(band)
    assert rows.size > 0 and rows.min() >= 100 and rows.max() < 151
    assert (np.asarray(band)[100:150] == np.asarray(whole)[100:150]).all()


def test_bands_widen_section_2_by_the_margin_and_skip_pages_it_fills() -> None:
    # Given Section 2 spanning a strip of page 1 and nearly all of page 2
    spans = {1: (300.0, 400.0), 2: (40.0, 800.0)}
    # When the bands are worked out for 842-point pages
    bands = pictogram_bands(spans, {1: 842.0, 2: 842.0})
    # Then page 1 gets its strip plus the margin, and page 2 is drawn whole
    assert bands == {1: (300.0 - BAND_MARGIN, 400.0 + BAND_MARGIN)}


class _Recorder:
    """Stands in for the renderer and the detector, recording what was asked."""

    dpi = 72

    def __init__(self, text_only_pages: frozenset[int] = frozenset()) -> None:
        self.renders: list[tuple[int, tuple[float, float] | None]] = []
        self.detections: list[tuple[int, bool, bool]] = []
        self.text_only_pages = text_only_pages

    def may_hold_drawing(self, data: bytes, page_number: int) -> bool:
        return page_number not in self.text_only_pages

    def render(
        self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
    ) -> Image.Image:
        self.renders.append((page_number, band))
        return Image.new("RGB", (595, 842), "white")

    def detect(
        self, image: Image.Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        self.detections.append((page_number, pictograms, signatures))
        return PageVision(page=page_number)


def test_each_page_is_rendered_once_and_searched_only_for_what_it_can_hold() -> None:
    # Given Section 2 on pages 1-2 (with a band on page 1) and signatures looked for on pages 2 and 5
    recorder = _Recorder()
    # When the detector runs
    detect_on_pages(b"%PDF-", [1, 2], [2, 5], recorder, recorder, bands={1: (100.0, 300.0), 2: (0.0, 50.0)})
    # Then page 1 is drawn in its band and searched for pictograms only; page 2, also a signature page, is
    # drawn whole and searched for both; page 5 for signatures only
    assert recorder.renders == [(1, (100.0, 300.0)), (2, None), (5, None)]
    assert recorder.detections == [(1, True, False), (2, True, True), (5, False, True)]


def test_a_signature_page_that_can_show_only_text_is_neither_drawn_nor_searched() -> None:
    # Given signatures looked for on pages 2, 4 and 5, of which page 4 draws nothing but text and rules
    recorder = _Recorder(text_only_pages=frozenset({4}))
    # When the detector runs
    detect_on_pages(b"%PDF-", [1], [2, 4, 5], recorder, recorder)
    # Then page 4 is skipped, while the pictogram page and the other signature pages are drawn and searched
    assert recorder.renders == [(1, None), (2, None), (5, None)]
    assert recorder.detections == [(1, True, False), (2, False, True), (5, False, True)]
