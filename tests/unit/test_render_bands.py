"""Rendering only what the vision step needs: Section 2's band on pictogram-only pages, nothing else;
pages OCR turned upright are searched upright."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from models.common import Box
from models.vision import PageVision, PictogramDetection
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.services.detect_visuals import BAND_MARGIN, detect_on_pages, keep_inside, pictogram_bands
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


class _UprightOnlyDetector:
    """Finds one pictogram, 100 px from the left and 50 px from the top, but only on a page standing
    upright (taller than wide), as a model trained on upright pictograms does."""

    dpi = 72

    def __init__(self) -> None:
        self.sizes: list[tuple[int, int]] = []

    def detect(
        self, image: Image.Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        self.sizes.append(image.size)
        if image.height <= image.width:
            return PageVision(page=page_number)
        box = Box(x0=100.0, y0=50.0, x1=160.0, y1=110.0)
        return PageVision(
            page=page_number, pictograms=(PictogramDetection(code="GHS02", page=1, score=0.9, box=box),)
        )


class _SidewaysRenderer:
    """Renders every page as a sideways scan: 842 px wide, 595 px tall."""

    def may_hold_drawing(self, data: bytes, page_number: int) -> bool:
        return True

    def render(
        self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
    ) -> Image.Image:
        return Image.new("RGB", (842, 595), "white")


def test_a_page_ocr_turned_upright_is_searched_upright_and_its_boxes_turned_back() -> None:
    # Given a page scanned sideways, which OCR turned a quarter counter-clockwise to read
    detector = _UprightOnlyDetector()

    # When its pictograms are searched
    (page,) = detect_on_pages(b"%PDF-", [1], [], _SidewaysRenderer(), detector, turns={1: 90})

    # Then the detector saw the page upright, and the pictogram's box lies where it is on the page as
    # printed: the upright page's top left is the sideways page's top right
    assert detector.sizes == [(595, 842)]
    (found,) = page.pictograms
    assert (found.box.x0, found.box.y0, found.box.x1, found.box.y1) == (732.0, 100.0, 792.0, 160.0)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_boxes_turned_back_cover_the_same_pixels_the_upright_page_showed(turn: int) -> None:
    # Given a sideways or upside-down page with one dark square, and a detector that reports the box of
    # whatever ink it sees on the upright page
    page_image = Image.new("L", (842, 595), 255)
    page_image.paste(0, (600, 40, 660, 100))

    class InkFinder:
        dpi = 72

        def detect(
            self, image: Image.Image, page_number: int, *, signatures: bool, pictograms: bool = True
        ) -> PageVision:
            x0, y0, x1, y1 = ImageOps.invert(image.convert("L")).getbbox() or (0, 0, 0, 0)
            box = Box(x0=float(x0), y0=float(y0), x1=float(x1), y1=float(y1))
            return PageVision(
                page=page_number, pictograms=(PictogramDetection(code="GHS07", page=1, score=0.9, box=box),)
            )

    class OneImage(_SidewaysRenderer):
        def render(
            self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
        ) -> Image.Image:
            return page_image

    # When the page is searched turned upright
    (page,) = detect_on_pages(b"%PDF-", [1], [], OneImage(), InkFinder(), turns={1: turn})

    # Then the box found comes back onto the square as printed
    (found,) = page.pictograms
    assert (found.box.x0, found.box.y0, found.box.x1, found.box.y1) == (600.0, 40.0, 660.0, 100.0)


def test_on_a_sideways_page_section_2_extends_across_the_page() -> None:
    # Given a sideways page whose Section 2 lines run up the page between x = 300 and x = 500, with one
    # pictogram among them and one further right (Section 3's), both at the same height
    inside = PictogramDetection(
        code="GHS02", page=1, score=0.9, box=Box(x0=350.0, y0=100.0, x1=400.0, y1=150.0)
    )
    outside = PictogramDetection(
        code="GHS08", page=1, score=0.9, box=Box(x0=600.0, y0=100.0, x1=650.0, y1=150.0)
    )
    pages = [PageVision(page=1, pictograms=(inside, outside))]

    # When detections outside Section 2 are dropped
    (kept,) = keep_inside(pages, {1: (300.0, 500.0)}, frozenset({1}))

    # Then only the one among Section 2's lines stays
    assert [d.code for d in kept.pictograms] == ["GHS02"]
