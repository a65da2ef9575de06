"""Read text: every page's words and lines, from the PDF text layer where it is usable, else from OCR."""

from __future__ import annotations

from collections.abc import Sequence

from models.common import Box
from models.document import MediaType
from models.text import DocumentText, PageText, TextSource
from msds.domain.text_quality import DEFAULT_RULES, TextQualityRules, assess_text_layer
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
      allowed language that page is read again with it. Later pages use that language. When nothing can
      be detected, the remaining pages are read in English and a reviewer sees the OCR confidences.
    """
    if media_type == MediaType.PDF:
        layer_pages = text_layer.read_pages(data)
        verdicts = [assess_text_layer(page, rules) for page in layer_pages]
        usable = [page.text for page, verdict in zip(layer_pages, verdicts, strict=True) if verdict.usable]
        known_text = "\n".join(usable)
        reader = _OcrReader(renderer, ocr, data, dpi, ocr_languages, language_detector, known_text)
        pages: list[PageText] = []
        for page, verdict in zip(layer_pages, verdicts, strict=True):
            if verdict.usable:
                pages.append(page)
                continue
            read = reader.read(page.number)
            pages.append(_in_points(read, page.width, page.height, verdict.reason))
        return DocumentText(document_id=document_id, pages=tuple(pages))

    reader = _OcrReader(renderer, ocr, data, dpi, ocr_languages, language_detector, "")
    image_pages: list[PageText] = []
    number = 1
    while page_count is None or number <= page_count:
        try:
            image_pages.append(reader.read(number))
        except IndexError:
            if page_count is not None or number == 1:
                raise
            break
        number += 1
    return DocumentText(document_id=document_id, pages=tuple(image_pages))


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
    ) -> None:
        self.renderer, self.ocr, self.data, self.dpi, self.detector = renderer, ocr, data, dpi, detector
        self.allowed = list(dict.fromkeys(code.lower() for code in allowed))
        self._languages: list[str] | None = None
        if len(self.allowed) <= 1 or detector is None:
            self._languages = self.allowed or [ENGLISH]
        elif known_text.strip():
            self._languages = [self._allowed_hint(known_text) or ENGLISH]

    def read(self, page_number: int) -> PageText:
        image = self.renderer.render(self.data, page_number, self.dpi)
        if self._languages is not None:
            return self.ocr.recognise(image, page_number, self._languages)
        # First OCR page of a document whose language is unknown: English first, then the detected language.
        first = self.ocr.recognise(image, page_number, [ENGLISH])
        hint = self._allowed_hint(first.text)
        self._languages = [hint or ENGLISH]
        if hint is None or hint == ENGLISH:
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
        }
    )
