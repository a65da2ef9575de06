"""Read text: the text layer where it is usable, OCR for the other pages, in the document's language."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest
from PIL.Image import Image

from models.document import MediaType
from models.text import PageText, TextSource
from msds.adapters.local.deskew import rotate
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.tesseract_ocr import TesseractOcr
from msds.services.read_text import read_document_text
from tests.helpers.text_documents import (
    SDS_LINES_DE,
    SDS_LINES_EN,
    concatenate,
    image_bytes,
    lines_pdf,
    page_image,
    scanned_pdf,
    shift_letters,
)

ALL_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "ko", "ja")


@dataclass
class RecordingOcr:
    """The real OCR engine, with a record of which page was read in which languages."""

    engine: TesseractOcr
    calls: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    def recognise(self, image: Image, page_number: int, languages: Sequence[str]) -> PageText:
        self.calls.append((page_number, tuple(languages)))
        return self.engine.recognise(image, page_number, languages)


@pytest.fixture(scope="module")
def engine() -> Iterator[TesseractOcr]:
    tesseract = TesseractOcr()
    yield tesseract
    tesseract.close()


@pytest.fixture(scope="module")
def detector() -> LinguaDetector:
    return LinguaDetector()


@pytest.fixture
def ocr(engine: TesseractOcr) -> RecordingOcr:
    return RecordingOcr(engine)


def read(
    data: bytes,
    ocr: RecordingOcr,
    *,
    media_type: MediaType = MediaType.PDF,
    languages: Sequence[str] = ALL_LANGUAGES,
    detector: LinguaDetector | None = None,
) -> list[PageText]:
    text = read_document_text(
        "doc-1",
        data,
        media_type,
        PdfiumTextLayer(),
        PdfiumRenderer(grayscale=True),
        ocr,
        languages,
        300,
        language_detector=detector,
    )
    assert text.document_id == "doc-1"
    return list(text.pages)


def test_a_born_digital_pdf_keeps_its_text_layer_and_nothing_is_ocrd(ocr: RecordingOcr) -> None:
    # Given a two-page born-digital PDF
    data = lines_pdf([SDS_LINES_EN[:6], SDS_LINES_EN[6:]])

    # When its text is read
    pages = read(data, ocr)

    # Then both pages come from the text layer and OCR was never called
    assert [page.source for page in pages] == [TextSource.TEXT_LAYER, TextSource.TEXT_LAYER]
    assert [page.text_layer_rejected for page in pages] == [None, None]
    assert ocr.calls == []


def test_a_page_with_shifted_glyphs_goes_to_ocr(ocr: RecordingOcr, detector: LinguaDetector) -> None:
    # Given a PDF whose first page is born-digital and whose second is a scan carrying a text layer in
    # which every letter is shifted (what a font with a broken encoding leaves behind)
    first = lines_pdf([SDS_LINES_EN[:5]])
    scan_with_shifted_layer = scanned_pdf(
        [page_image(SDS_LINES_EN)], [shift_letters("\n".join(SDS_LINES_EN), 3)]
    )
    data = concatenate(first, scan_with_shifted_layer)

    # When its text is read
    pages = read(data, ocr, detector=detector)

    # Then the first page keeps its text layer, and the second is OCR'd with the reason recorded
    assert pages[0].source == TextSource.TEXT_LAYER
    assert pages[1].source == TextSource.OCR
    assert pages[1].text_layer_rejected == "implausible_words"
    assert "SECTION 2: Hazards identification" in [line.text for line in pages[1].lines]
    assert ocr.calls == [(2, ("en",))]


def test_ocr_boxes_of_a_pdf_page_are_in_points(ocr: RecordingOcr) -> None:
    # Given a scanned A4 PDF page without any text layer
    data = scanned_pdf([page_image(SDS_LINES_EN)])

    # When its text is read
    (page,) = read(data, ocr, languages=["en"])

    # Then the page is measured in points and so are its word boxes
    assert page.source == TextSource.OCR
    assert page.text_layer_rejected == "too_few_characters"
    assert (page.width, page.height) == pytest.approx((595, 842))
    assert all(0 <= w.box.x0 <= w.box.x1 <= 595 and 0 <= w.box.y0 <= w.box.y1 <= 842 for w in page.words)
    title = page.words[0]
    assert title.text == "SAFETY"
    assert title.box.x0 == pytest.approx(0.8 * 72, abs=3)


@pytest.mark.slow
def test_a_pdf_page_scanned_sideways_says_which_way_it_was_turned_to_be_read(ocr: RecordingOcr) -> None:
    # Given a PDF holding one page scanned a quarter turn clockwise
    sideways, _ = rotate(page_image(SDS_LINES_EN), -90)
    data = scanned_pdf([sideways])

    # When its text is read
    (page,) = read(data, ocr, languages=["en"])

    # Then it was read upright, and says it was turned a quarter counter-clockwise for that (the
    # pictogram search turns it the same way)
    assert "Signal word: Danger" in [line.text for line in page.lines]
    assert page.upright_turn == 90


def test_every_page_of_an_image_file_is_ocrd(ocr: RecordingOcr) -> None:
    # Given a two-page TIFF
    data = image_bytes([page_image(SDS_LINES_EN[:4]), page_image(SDS_LINES_EN[4:8])], "TIFF")

    # When its text is read (page count unknown)
    pages = read(data, ocr, media_type=MediaType.TIFF, languages=["en"])

    # Then both pages are OCR'd, in pixels, and reading stops after the last page
    assert [page.number for page in pages] == [1, 2]
    assert all(page.source == TextSource.OCR for page in pages)
    assert pages[1].lines[0].text == "SECTION 2: Hazards identification"
    assert pages[0].width == pytest.approx(2481)


def test_the_language_of_the_text_layer_chooses_the_ocr_language(
    ocr: RecordingOcr, detector: LinguaDetector
) -> None:
    # Given a German PDF: a born-digital page, then a scanned one
    data = concatenate(lines_pdf([SDS_LINES_DE]), scanned_pdf([page_image(SDS_LINES_DE)]))

    # When its text is read with a detector
    pages = read(data, ocr, detector=detector)

    # Then the scanned page is OCR'd in German straight away
    assert ocr.calls == [(2, ("de",))]
    assert "ABSCHNITT 2: Mögliche Gefahren" in [line.text for line in pages[1].lines]


def test_the_language_of_a_scan_is_found_from_a_first_english_reading(
    ocr: RecordingOcr, detector: LinguaDetector
) -> None:
    # Given a scanned German sheet and no text layer to tell its language
    data = scanned_pdf([page_image(SDS_LINES_DE)])

    # When its text is read with a detector
    (page,) = read(data, ocr, detector=detector)

    # Then the page is read in English, found German, and read again in German
    assert ocr.calls == [(1, ("en",)), (1, ("de",))]
    assert "Flüssigkeit und Dampf leicht entzündbar." in [line.text for line in page.lines]


def test_without_a_detector_the_languages_are_passed_as_given(ocr: RecordingOcr) -> None:
    # Given a scanned page and two allowed languages, no detector
    data = scanned_pdf([page_image(SDS_LINES_EN[:3])])

    # When its text is read
    read(data, ocr, languages=["de", "en"])

    # Then the engine gets both languages at once
    assert ocr.calls == [(1, ("de", "en"))]


@pytest.mark.slow
def test_a_cover_page_read_before_the_language_was_known_is_read_again(
    ocr: RecordingOcr, detector: LinguaDetector
) -> None:
    # Given a scanned German sheet whose first page shows only a code and a date
    data = scanned_pdf([page_image(["SDB 4711-0815", "2024-01-01"]), page_image(SDS_LINES_DE)])

    # When its text is read with a detector
    pages = read(data, ocr, detector=detector)

    # Then page 1 is read in English (nothing to detect), page 2 settles German, and page 1 is read again
    assert ocr.calls == [(1, ("en",)), (2, ("en",)), (2, ("de",)), (1, ("de",))]
    assert pages[0].lines[0].text == "SDB 4711-0815"
