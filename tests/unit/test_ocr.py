"""OCR: page images (PDF renders, PNG, JPEG, TIFF) are levelled, turned upright and read, with boxes."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from models.text import TextSource
from msds.adapters.local import tesseract_ocr
from msds.adapters.local.deskew import SkewEstimate, estimate_skew, rotate
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.tesseract_ocr import TesseractOcr, find_tessdata, tesseract_name
from msds.errors import OcrUnavailable
from tests.helpers.text_documents import SDS_LINES_DE, SDS_LINES_EN, image_bytes, page_image, scanned_pdf

RENDERER = PdfiumRenderer(grayscale=True)


@pytest.fixture(scope="module")
def ocr() -> Iterator[TesseractOcr]:
    engine = TesseractOcr()
    yield engine
    engine.close()


def words_of(text: str) -> set[str]:
    return {word.strip(".,:;").lower() for word in text.split()}


def test_iso_codes_map_to_tesseract_names_with_english_always_last(ocr: TesseractOcr) -> None:
    # Given ISO 639-1 codes, English among them or not
    # When they are turned into Tesseract language strings
    # Then each maps to its traineddata name and English is added once, last
    assert tesseract_name("de") == "deu"
    assert tesseract_name("pt-BR") == "por"
    assert ocr.language_spec(["de"]) == "deu+eng"
    assert ocr.language_spec(["en", "fr"]) == "fra+eng"
    assert ocr.language_spec([]) == "eng"
    with pytest.raises(OcrUnavailable):
        tesseract_name("xx")


def test_building_the_engine_limits_tesseract_to_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given no thread limit in the environment
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)

    # When an engine is built
    TesseractOcr()

    # Then OpenMP (when Tesseract uses it) is limited to one thread: parallelism comes from worker processes
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_a_missing_language_pack_is_a_named_error(tmp_path: Path) -> None:
    # Given a tessdata folder holding English only
    shutil.copy(find_tessdata() / "eng.traineddata", tmp_path / "eng.traineddata")
    engine = TesseractOcr(tmp_path)

    # When German OCR is asked for, then OcrUnavailable names the missing pack
    with pytest.raises(OcrUnavailable, match="deu"):
        engine.recognise(page_image(["Sicherheitsdatenblatt"]), 1, ["de"])


def test_a_folder_without_tesseract_data_is_a_named_error_on_first_use(tmp_path: Path) -> None:
    # Given an engine pointed at an empty folder (building it needs no Tesseract: hosts that never OCR work)
    engine = TesseractOcr(tmp_path)

    # When a page is OCR'd, then OcrUnavailable is raised
    with pytest.raises(OcrUnavailable, match=r"eng\.traineddata"):
        engine.recognise(page_image(["Safety data sheet"]), 1, ["en"])


def test_a_scanned_pdf_page_is_read_with_word_boxes_and_confidences(ocr: TesseractOcr) -> None:
    # Given a PDF whose page is a scanned image of an SDS, rendered at 300 dpi
    data = scanned_pdf([page_image(SDS_LINES_EN)])
    image = RENDERER.render(data, 1, 300)

    # When it is OCR'd in English
    page = ocr.recognise(image, 1, ["en"])

    # Then the lines come in order, each word has a box on the image and a confidence
    assert page.source == TextSource.OCR
    assert (page.width, page.height) == (image.width, image.height)
    assert page.lines[0].text == "SAFETY DATA SHEET"
    assert "H319 Causes serious eye irritation." in [line.text for line in page.lines]
    acetone = next(word for word in page.words if word.text == "Acetone")
    assert 0 <= acetone.box.x0 < acetone.box.x1 <= image.width
    assert 0 <= acetone.box.y0 < acetone.box.y1 <= image.height
    assert all(0.0 <= word.confidence <= 1.0 for word in page.words)
    assert acetone.confidence > 0.8
    assert page.mean_confidence > 0.8


def test_the_skew_estimate_finds_the_angle_that_levels_the_lines() -> None:
    # Given a page image turned by known small angles
    page = page_image(SDS_LINES_EN)
    for angle in (-7.5, -2.0, 0.0, 1.5, 6.0):
        turned, _ = rotate(page, angle)

        # When its skew is estimated
        estimate = estimate_skew(turned)

        # Then the estimate undoes the turn within a quarter of a degree
        assert estimate.angle == pytest.approx(-angle, abs=0.25)
        assert not estimate.sideways


def test_a_rotation_maps_points_back_to_the_original_image() -> None:
    # Given a white image with a black square, turned by an odd angle
    original = Image.new("L", (400, 300), 255)
    original.paste(0, (50, 60, 56, 66))
    turned, rotation = rotate(original, 13.0)

    # When the square's centre in the turned image is mapped back
    ys, xs = np.nonzero(np.asarray(turned) < 128)
    centre = (float(xs.mean()) + 0.5, float(ys.mean()) + 0.5)
    back = rotation.to_original(*centre)

    # Then it lands on the square's centre in the original
    assert back == pytest.approx((53.0, 63.0), abs=1.0)


def test_a_skewed_scan_is_levelled_and_read(ocr: TesseractOcr) -> None:
    # Given a scan turned by 4 degrees
    skewed, _ = rotate(page_image(SDS_LINES_EN), 4.0)
    skewed.info["dpi"] = (300, 300)

    # When it is OCR'd
    page = ocr.recognise(skewed, 1, ["en"])

    # Then whole lines are read, and word boxes are on the skewed image as given
    texts = [line.text for line in page.lines]
    assert "SECTION 2: Hazards identification" in texts
    assert "H225 Highly flammable liquid and vapour." in texts
    assert (page.width, page.height) == (skewed.width, skewed.height)
    assert all(0 <= w.box.x0 <= w.box.x1 <= skewed.width and 0 <= w.box.y0 <= w.box.y1 for w in page.words)


@pytest.mark.slow
def test_a_page_scanned_sideways_is_read_upright(ocr: TesseractOcr) -> None:
    # Given a scan turned a quarter clockwise
    sideways, _ = rotate(page_image(SDS_LINES_EN), -90)
    sideways.info["dpi"] = (300, 300)

    # When it is OCR'd
    page = ocr.recognise(sideways, 1, ["en"])

    # Then its lines read normally, and the boxes are those of the sideways image (taller than wide)
    assert page.lines[0].text == "SAFETY DATA SHEET"
    assert "Signal word: Danger" in [line.text for line in page.lines]
    danger = next(word for word in page.words if word.text == "Danger")
    assert danger.box.y1 - danger.box.y0 > danger.box.x1 - danger.box.x0


@pytest.mark.slow
def test_a_page_scanned_sideways_keeps_the_gap_between_a_label_and_its_value_a_column_apart(
    ocr: TesseractOcr,
) -> None:
    # Given a page whose label and value are printed a table column apart, scanned upright and sideways
    lines = ["SAFETY DATA SHEET", "Product name                    Acetone", "Signal word: Danger"]
    upright = page_image(lines)
    sideways, _ = rotate(upright, -90)
    sideways.info["dpi"] = (300, 300)

    # When both are OCR'd
    read_upright = [line.text for line in ocr.recognise(upright, 1, ["en"]).lines]
    read_sideways = [line.text for line in ocr.recognise(sideways, 1, ["en"]).lines]

    # Then the sideways page's line keeps the column gap, as the upright one does
    assert "Product name   Acetone" in read_upright
    assert read_sideways == read_upright


def count_orientation_detections(engine: TesseractOcr, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the engine runs orientation detection."""
    asked: list[int] = []
    detect = engine._orientation

    def counting(gray: Image.Image) -> tuple[int | None, str | None]:
        asked.append(1)
        return detect(gray)

    monkeypatch.setattr(engine, "_orientation", counting)
    return asked


@pytest.mark.slow
def test_the_sideways_pages_of_one_document_ask_which_way_to_turn_only_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a document of three pages scanned sideways, the same way, and an engine that counts its
    # orientation detections
    engine = TesseractOcr()
    asked = count_orientation_detections(engine, monkeypatch)
    sideways, _ = rotate(page_image(SDS_LINES_EN), -90)

    # When its pages are OCR'd in order
    pages = [engine.recognise(sideways, number, ["en"]) for number in (1, 2, 3)]
    engine.close()

    # Then every page reads upright, and only the first one asked which way to turn
    assert all("Signal word: Danger" in [line.text for line in page.lines] for page in pages)
    assert len(asked) == 1


@pytest.mark.slow
def test_a_sideways_page_turned_the_other_way_from_the_one_before_is_still_read_upright(
    ocr: TesseractOcr,
) -> None:
    # Given a document whose first page was scanned a quarter clockwise and whose second a quarter
    # counter-clockwise
    first, _ = rotate(page_image(SDS_LINES_EN), -90)
    second, _ = rotate(page_image(SDS_LINES_EN), 90)

    # When both are OCR'd in order
    ocr.recognise(first, 1, ["en"])
    page = ocr.recognise(second, 2, ["en"])

    # Then the second page is read the right way up all the same
    assert "Signal word: Danger" in [line.text for line in page.lines]
    assert page.mean_confidence > 0.8


@pytest.mark.slow
def test_a_new_document_asks_again_which_way_its_sideways_pages_are_turned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an engine that has just read a document whose page 1 was sideways
    engine = TesseractOcr()
    upright = page_image(SDS_LINES_EN)
    sideways, _ = rotate(upright, -90)
    engine.recognise(sideways, 1, ["en"])
    asked = count_orientation_detections(engine, monkeypatch)

    # When the next document's upright page 1 and sideways page 2 are OCR'd
    engine.recognise(upright, 1, ["en"])
    page = engine.recognise(sideways, 2, ["en"])
    engine.close()

    # Then page 2 asks which way to turn (the earlier document's turn is forgotten), and reads upright
    assert asked == [1]
    assert "Signal word: Danger" in [line.text for line in page.lines]


@pytest.mark.slow
def test_an_upright_page_the_line_estimate_takes_for_sideways_is_still_read_upright(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an upright page whose lines the skew estimate takes for sideways (as a sparse page with a
    # scanner's shadow can fool it) and an orientation detection that cannot tell which way to turn it
    engine = TesseractOcr()
    upright = page_image(SDS_LINES_EN)
    fooled = SkewEstimate(angle=0.0, sideways=True, sharpness=1.0)
    monkeypatch.setattr(
        tesseract_ocr,
        "estimate_skew",
        lambda image: fooled if image.size == upright.size else estimate_skew(image),
    )
    monkeypatch.setattr(engine, "_orientation", lambda gray: (None, None))

    # When it is OCR'd
    page = engine.recognise(upright, 1, ["en"])
    engine.close()

    # Then the guessed quarter turn, read poorly, gives way to the page as it came
    assert "Signal word: Danger" in [line.text for line in page.lines]
    assert page.upright_turn == 0
    assert page.mean_confidence > 0.8


@pytest.mark.slow
def test_an_upside_down_scan_is_read_the_right_way_up(ocr: TesseractOcr) -> None:
    # Given a scan fed upside down
    upside_down, _ = rotate(page_image(SDS_LINES_EN), 180)
    upside_down.info["dpi"] = (300, 300)

    # When it is OCR'd
    page = ocr.recognise(upside_down, 1, ["en"])

    # Then the text is read the right way up
    assert "Signal word: Danger" in [line.text for line in page.lines]
    assert page.mean_confidence > 0.8


def test_a_multi_page_tiff_is_rendered_page_by_page_and_read(ocr: TesseractOcr) -> None:
    # Given a two-page TIFF fax: English first, German second
    data = image_bytes([page_image(SDS_LINES_EN), page_image(SDS_LINES_DE)], "TIFF")

    # When its second page is rendered and OCR'd in German
    image = RENDERER.render(data, 2, 300)
    page = ocr.recognise(image, 2, ["de"])

    # Then the German page is read, umlauts included
    assert page.number == 2
    assert {"sicherheitsdatenblatt", "gefahren", "flüssigkeit"} <= words_of(page.text)
    with pytest.raises(IndexError):
        RENDERER.render(data, 3, 300)


def test_image_pages_keep_their_resolution_and_huge_ones_are_scaled_down() -> None:
    # Given a 300 dpi PNG, a 600 dpi JPEG and a 100 dpi scan
    png = image_bytes([page_image(["PNG page"], dpi=300)], "PNG", dpi=300)
    jpeg = image_bytes([page_image(["JPEG page"], dpi=600)], "JPEG", dpi=600)
    fax = image_bytes([page_image(["Fax page"], dpi=100)], "PNG", dpi=100)

    # When they are rendered for OCR at 300 dpi
    from_png = RENDERER.render(png, 1, 300)
    from_jpeg = RENDERER.render(jpeg, 1, 300)
    from_fax = RENDERER.render(fax, 1, 300)

    # Then the PNG keeps its pixels, the huge JPEG is brought down and the fax is enlarged; all are greyscale
    assert from_png.size == (2481, 3507)
    assert max(from_jpeg.size) <= 14 * 300
    assert from_fax.size == (827 * 3, 1169 * 3)
    assert {from_png.mode, from_jpeg.mode, from_fax.mode} == {"L"}
    assert from_fax.info["dpi"] == pytest.approx((300, 300))


def test_a_pdf_page_renders_at_the_asked_resolution_in_colour_or_grey() -> None:
    # Given a one-page A4 PDF
    data = scanned_pdf([page_image(["Colour page"], dpi=100)])

    # When it is rendered at 150 dpi in colour and in grey
    colour = PdfiumRenderer().render(data, 1, 150)
    grey = PdfiumRenderer(grayscale=True).render(data, 1, 150)

    # Then both are A4 at 150 dpi, in the asked mode
    assert colour.size == grey.size
    assert colour.size == pytest.approx((595 * 150 / 72, 842 * 150 / 72), abs=1)
    assert (colour.mode, grey.mode) == ("RGB", "L")
    assert colour.info["dpi"] == (150, 150)


def test_an_image_with_transparency_is_flattened_on_white() -> None:
    # Given a transparent PNG with black text
    page = page_image(["Transparent page"], dpi=150).convert("LA")
    alpha = page.getchannel("L").point(lambda value: 255 - value)
    page.putalpha(alpha)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG", dpi=(150, 150))

    # When it is rendered
    image = PdfiumRenderer(grayscale=True).render(buffer.getvalue(), 1, 150)

    # Then the background is white, not black
    assert image.getpixel((5, 5)) == 255


def test_a_worker_keeps_only_a_few_language_models_loaded() -> None:
    # Given a fresh engine and a small page image
    engine = TesseractOcr(detect_orientation=False)
    image = Image.new("L", (400, 120), 255)

    # When pages in five different languages are read one after the other
    for language in ("en", "de", "fr", "es", "pt"):
        engine.recognise(image, 1, [language])

    # Then at most three models stay loaded, the most recent ones
    loaded = list(engine._apis)
    engine.close()
    assert len(loaded) <= 3
    assert loaded[-1].startswith("por+eng")
