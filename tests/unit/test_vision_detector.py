from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from PIL import Image

from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.services.detect_visuals import detect_on_pages
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document
from msds.vision.detector import VisionModel
from msds.vision.errors import VisionModelMissing
from msds.vision.synthetic.clutter import stamp, table, text_line
from msds.vision.synthetic.degrade import recolour
from msds.vision.synthetic.drawings import (
    drawn_pictogram,
    logo,
    marine_pollutant_mark,
    nfpa_diamond,
    transport_label,
)
from msds.vision.synthetic.handwriting import signature

CODES = [f"GHS0{i}" for i in range(1, 10)]


@pytest.fixture(scope="module")
def model() -> VisionModel:
    return VisionModel()


class OnePage:
    """A renderer that draws every page as the same image."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image

    def may_hold_drawing(self, data: bytes, page_number: int) -> bool:
        return True

    def render(
        self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
    ) -> Image.Image:
        return self.image


def _page_with(sprites: list[tuple[Image.Image, tuple[int, int]]]) -> Image.Image:
    page = Image.new("RGB", (850, 1100), "white")
    for sprite, (x, y) in sprites:
        page.paste(sprite.convert("RGB"), (x, y), sprite.getchannel("A"))
    return page


def _generated_sheet(render: str) -> tuple[bytes, set[str]]:
    """A generated English SDS whose Section 2 shows its pictograms as images, and those pictograms."""
    for attempt in range(50):
        spec = sample_document(random.Random(f"vision-test:{attempt}"), "vision_test", "en", "a", "pdf")
        if len(spec.product.pictograms) >= 2:
            spec = dataclasses.replace(
                spec, pictogram_source="image", pictogram_render=render, has_signature=False
            )
            return render_document(spec).pdf, set(spec.product.pictograms)
    raise AssertionError("no generated product with pictograms")


@pytest.mark.parametrize("render", ["vector", "raster"])
def test_the_pictograms_of_a_generated_sheet_are_found(model: VisionModel, render: str) -> None:
    # Given a generated sheet showing its pictograms as vector drawings or raster images
    pdf, expected = _generated_sheet(render)
    renderer = PdfiumRenderer()

    # When its first two pages are rendered at the model's resolution and searched
    found = {
        d.code for page in (1, 2) for d in model.detect_pictograms(renderer.render(pdf, page, model.dpi))
    }

    # Then exactly its pictograms are found
    assert found == expected


def test_the_pictograms_of_a_page_scanned_sideways_are_found_once_it_is_turned_upright(
    model: VisionModel,
) -> None:
    # Given a label page with three pictograms, scanned a quarter turn clockwise (OCR turned it back a
    # quarter counter-clockwise to read it)
    codes = ["GHS02", "GHS05", "GHS07"]
    upright = _page_with([(drawn_pictogram(code, 90), (60 + i * 160, 300)) for i, code in enumerate(codes)])
    sideways = upright.rotate(-90, expand=True)

    # When the page is searched with the turn OCR found
    (page,) = detect_on_pages(b"%PDF-", [1], [], OnePage(sideways), model, turns={1: 90})

    # Then its three pictograms are found, each where it is on the sideways page: the upright page's
    # row of pictograms runs down the sideways page, 300 px in from its right edge
    found = sorted(page.pictograms, key=lambda d: d.box.y0)
    assert [d.code for d in found] == codes
    scale = 72.0 / model.dpi
    for i, detection in enumerate(found):
        centre_x = (detection.box.x0 + detection.box.x1) / 2 / scale
        centre_y = (detection.box.y0 + detection.box.y1) / 2 / scale
        assert abs(centre_x - (sideways.width - 345)) < 15
        assert abs(centre_y - (105 + i * 160)) < 15


def test_all_nine_pictograms_are_found_in_colour_and_in_black_and_white(model: VisionModel) -> None:
    # Given the nine pictograms in colour on one row and printed black-and-white on another, at two sizes
    rng = random.Random(5)
    sprites = []
    for i, code in enumerate(CODES):
        sprites.append((drawn_pictogram(code, 70), (20 + i * 90, 100)))
        sprites.append((recolour(rng, drawn_pictogram(code, 45), "bw"), (20 + i * 90, 300)))
    page = _page_with(sprites)

    # When pictograms are detected
    detections = model.detect_pictograms(page)

    # Then each one is found once, with its code, where it was drawn
    found = sorted((d.code, round(d.box.y0 / 100)) for d in detections)
    assert found == sorted([(code, 1) for code in CODES] + [(code, 3) for code in CODES])


def test_transport_labels_nfpa_diamonds_and_logos_are_not_reported(model: VisionModel) -> None:
    # Given transport class labels, the marine-pollutant mark, NFPA diamonds and logos, but no GHS pictogram
    rng = random.Random(11)
    sprites = [(transport_label(rng, 90), (30 + (i % 7) * 115, 40 + (i // 7) * 120)) for i in range(14)]
    sprites += [(marine_pollutant_mark(rng, 90), (30, 300)), (nfpa_diamond(rng, 100), (160, 300))]
    sprites += [(nfpa_diamond(rng, 60), (300, 320)), (logo(rng, 200), (400, 320))]
    page = _page_with(sprites)

    # When pictograms are detected
    detections = model.detect_pictograms(page)

    # Then nothing is reported
    assert detections == []


def test_a_handwritten_signature_is_found_and_printed_text_stamps_and_tables_are_not(
    model: VisionModel,
) -> None:
    # Given a page with printed lines, a stamp, a table and one handwritten signature
    rng = random.Random(3)
    sprites = [(text_line(rng, 14), (60, 80 + 40 * i)) for i in range(6)]
    sprites += [(stamp(rng, 110), (500, 420)), (table(rng, 300), (60, 700))]
    sprites.append((signature(rng, 45), (120, 470)))
    page = _page_with(sprites)

    # When signatures are detected
    detections = model.detect_signatures(page)

    # Then the one detection is the signature
    assert len(detections) == 1
    box = detections[0].box
    assert box.x0 < 200 and box.y0 < 520 and box.y1 > 480


def test_an_empty_page_gives_nothing(model: VisionModel) -> None:
    # Given a blank page
    page = Image.new("RGB", (850, 1100), "white")

    # When both detectors run through the pipeline's interface
    found = model.detect(page, 3, signatures=True)

    # Then nothing is found
    assert found.page == 3
    assert found.pictograms == () and found.signatures == ()


def test_a_missing_model_is_a_named_error(tmp_path: Path) -> None:
    # Given a folder without trained artefacts
    model = VisionModel(tmp_path)

    # When a page is searched, Then the error names what is missing
    with pytest.raises(VisionModelMissing):
        model.detect_pictograms(Image.new("RGB", (100, 100), "white"))


def test_the_pictograms_of_an_image_file_come_back_in_the_pixels_its_text_was_read_in(
    model: VisionModel,
) -> None:
    # Given an image-file page rendered for the model at 850 px wide, whose text OCR read at 2125 px wide
    page_image = _page_with([(drawn_pictogram("GHS05", 90), (100, 400))])

    # When the page is searched with the width of its text's frame
    (page,) = detect_on_pages(b"II*\x00", [1], [], OnePage(page_image), model, widths={1: 2125.0})

    # Then the pictogram's box is in the text's pixels (2.5 times the rendered image's), where Section 2's
    # extent is measured, not in points
    (detection,) = page.pictograms
    centre_y = (detection.box.y0 + detection.box.y1) / 2
    assert abs(centre_y - 2.5 * 445) < 2.5 * 15
