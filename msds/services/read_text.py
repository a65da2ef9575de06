"""Read text: every page's words and lines, from the PDF text layer where it is usable, else from OCR."""

from __future__ import annotations

from collections.abc import Sequence

from models.common import Box
from models.document import MediaType
from models.text import DocumentText, PageText, TextSource
from msds.domain.text_quality import DEFAULT_RULES, TextQualityRules, assess_text_layer
from msds.errors import ResourceLimitExceeded
from msds.ports import LanguageDetector, OcrEngine, PageRenderer, PdfTextLayer

ENGLISH = "en"
# A language detected from a first English OCR pass is trusted from this confidence on.
_MIN_HINT_CONFIDENCE = 0.5


def read_document_text(
    document_id: str,
    data: bytes,
    media_type: MediaType,
    text_layer: PdfTextLayer,
    renderer: PageRenderer,
    ocr: OcrEngine,
    ocr_languages: Sequence[str],
    dpi: int,
    *,
    language_detector: LanguageDetector | None = None,
    page_count: int | None = None,
    rules: TextQualityRules = DEFAULT_RULES,
    max_document_chars: int | None = None,
    max_page_chars: int | None = None,
) -> DocumentText:
    """Read every page of a PDF or image file.

    PDF: the text layer is read for all pages and each page is judged (msds.domain.text_quality). Pages
    whose layer is usable keep it (boxes in points). The others are rendered at ``dpi`` and OCR'd; their
    PageText records why the layer was rejected (``text_layer_rejected``) and their boxes are converted
    to points, so every page of a PDF shares one unit. Images (PNG, JPEG, TIFF): every page is OCR'd, boxes
    stay in pixels. ``page_count`` is the number of image pages when known (the receive step counted them);
    without it pages are rendered until the renderer raises IndexError.

    OCR languages: ``ocr_languages`` (ISO 639-1, in order of preference) are the languages OCR may use;
    English is always added by the engine. Recognising with all of them at once would be several times
    slower and no more accurate, so with one language it is used as given, and with several:

    * without ``language_detector``, the whole list is passed to the engine as given;
    * with a detector, the language is taken from the usable text-layer pages when there are any;
      otherwise the first page to OCR is read in English (fast, and the Tesseract adapter re-reads a
      page it finds to be in Korean or Japanese script), its language is detected, and when it is another
      allowed language that page is read again with it. Later pages use that language. While nothing can
      be detected (a cover page with a title and a logo), pages are read in English and the next one is
      tried; once the language is known, those pages are read again with it and the more confident
      reading is kept. A document whose language is never found stays in English, and its OCR
      confidences tell the reviewer so.

    A document holding more than ``max_document_chars`` characters raises ResourceLimitExceeded
    (``document_chars``) as soon as that is known: after the text layer, before any OCR, and after each
    OCR'd page; so does an OCR'd page holding more than ``max_page_chars`` (``page_chars``; the text
    layer checks its own pages).
    """
    if media_type == MediaType.PDF:
        layer_pages = text_layer.read_pages(data)
        _check_length(layer_pages, max_document_chars)
        verdicts = [assess_text_layer(page, rules) for page in layer_pages]
        usable = [page.text for page, verdict in zip(layer_pages, verdicts, strict=True) if verdict.usable]
        known_text = "\n".join(usable)
        reader = _OcrReader(
            renderer, ocr, data, dpi, ocr_languages, language_detector, known_text, max_page_chars
        )
        pages: list[PageText] = []
        for page, verdict in zip(layer_pages, verdicts, strict=True):
            pages.append(page if verdict.usable else reader.read(page.number))
            if not verdict.usable:
                _check_length(pages, max_document_chars)
        pages = _revisit(reader, pages)
        for index, (page, verdict) in enumerate(zip(layer_pages, verdicts, strict=True)):
            if not verdict.usable:
                pages[index] = _in_points(pages[index], page.width, page.height, verdict.reason)
        _check_length(pages, max_document_chars)
        return DocumentText(document_id=document_id, pages=tuple(pages))

    reader = _OcrReader(renderer, ocr, data, dpi, ocr_languages, language_detector, "", max_page_chars)
    image_pages: list[PageText] = []
    number = 1
    while page_count is None or number <= page_count:
        try:
            image_pages.append(reader.read(number))
            _check_length(image_pages, max_document_chars)
        except IndexError:
            if page_count is not None or number == 1:
                raise
            break
        number += 1
    image_pages = _revisit(reader, image_pages)
    _check_length(image_pages, max_document_chars)
    return DocumentText(document_id=document_id, pages=tuple(image_pages))


def _check_length(pages: Sequence[PageText], limit: int | None) -> None:
    if limit is None:
        return
    total = sum(len(line.text) for page in pages for line in page.lines)
    if total > limit:
        raise ResourceLimitExceeded(
            "document_chars",
            f"the document holds {total:,} characters of text; the limit is {limit:,} "
            "(MSDS_MAX_DOCUMENT_CHARS)",
        )


def _revisit(reader: _OcrReader, pages: list[PageText]) -> list[PageText]:
    """Read again, in the language found later, the pages read in English before it was known (a cover
    page with a few words of Japanese, say); keep whichever reading is more confident."""
    if not reader.unsettled_pages or reader.languages in (None, [ENGLISH]):
        return pages
    revised = list(pages)
    by_number = {page.number: index for index, page in enumerate(pages)}
    for number in reader.unsettled_pages:
        index = by_number[number]
        again = reader.read(number)
        if again.mean_confidence >= revised[index].mean_confidence:
            revised[index] = again
    return revised


class _OcrReader:
    """Renders and OCRs pages, settling the OCR language on the first page it reads."""

    def __init__(
        self,
        renderer: PageRenderer,
        ocr: OcrEngine,
        data: bytes,
        dpi: int,
        allowed: Sequence[str],
        detector: LanguageDetector | None,
        known_text: str,
        max_page_chars: int | None = None,
    ) -> None:
        self.renderer, self.ocr, self.data, self.dpi, self.detector = renderer, ocr, data, dpi, detector
        self.max_page_chars = max_page_chars
        self.allowed = list(dict.fromkeys(code.lower() for code in allowed))
        self._languages: list[str] | None = None
        self._unsettled: list[int] = []
        # The text-layer pages tell the language, asked only when a page needs OCR (a detection request
        # costs money on the AWS host, and most born-digital sheets need none).
        self._known_text = known_text if known_text.strip() else ""
        if len(self.allowed) <= 1 or detector is None:
            self._languages = self.allowed or [ENGLISH]

    @property
    def unsettled_pages(self) -> list[int]:
        """Pages read in English before the document's language was known."""
        return list(self._unsettled)

    @property
    def languages(self) -> list[str] | None:
        return self._languages

    def read(self, page_number: int) -> PageText:
        page = self._read(page_number)
        characters = sum(len(line.text) for line in page.lines)
        if self.max_page_chars is not None and characters > self.max_page_chars:
            raise ResourceLimitExceeded(
                "page_chars",
                f"OCR found {characters:,} characters on page {page_number}; the limit is "
                f"{self.max_page_chars:,} (MSDS_MAX_PAGE_CHARS)",
            )
        return page

    def _read(self, page_number: int) -> PageText:
        image = self.renderer.render(self.data, page_number, self.dpi)
        if self._languages is None and self._known_text:
            self._languages = [self._allowed_hint(self._known_text) or ENGLISH]
        if self._languages is not None:
            return self.ocr.recognise(image, page_number, self._languages)
        # The language is not known yet: read in English, and try to tell the language from the result.
        first = self.ocr.recognise(image, page_number, [ENGLISH])
        hint = self._allowed_hint(first.text)
        if hint is None:
            self._unsettled.append(page_number)
            return first
        self._languages = [hint]
        if hint == ENGLISH:
            return first
        second = self.ocr.recognise(image, page_number, self._languages)
        return second if second.text.strip() else first

    def _allowed_hint(self, text: str) -> str | None:
        if self.detector is None:
            return None
        language, confidence = self.detector.detect(text)
        if language is None or confidence < _MIN_HINT_CONFIDENCE or language not in self.allowed:
            return None
        return language


def _in_points(page: PageText, width: float, height: float, rejected: str) -> PageText:
    """An OCR'd PDF page with its pixel boxes converted to the page's points."""
    scale_x = width / page.width if page.width else 1.0
    scale_y = height / page.height if page.height else 1.0

    def scaled(box: Box) -> dict[str, float]:
        return {
            "x0": box.x0 * scale_x,
            "y0": box.y0 * scale_y,
            "x1": box.x1 * scale_x,
            "y1": box.y1 * scale_y,
        }

    return PageText.model_validate(
        {
            "number": page.number,
            "width": width,
            "height": height,
            "source": TextSource.OCR,
            "lines": [
                {"text": ln.text, "box": scaled(ln.box), "confidence": ln.confidence} for ln in page.lines
            ],
            "words": [{"text": w.text, "box": scaled(w.box), "confidence": w.confidence} for w in page.words],
            "mean_confidence": page.mean_confidence,
            "text_layer_rejected": rejected,
            "upright_turn": page.upright_turn,
        }
    )
