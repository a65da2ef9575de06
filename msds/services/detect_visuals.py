"""Detect pictograms and signatures: which pages to look at, and how detections join the record.

Rendering and running the vision model costs far more than reading text, so only the pages that can
hold what is looked for are rendered: the pages of Section 2 (the label), and for signatures the pages
of Sections 15-16 and the last page, where sheets are signed, when they may hold a drawing at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from PIL.Image import Image

from models.common import Box
from models.record import Evidence, Extracted, Pictogram, PictogramSource
from models.steps import Segmentation
from models.vision import PageVision
from msds.domain.ghs_rules import pictogram_name
from msds.ports import PageRenderer, VisionDetector

# Key of a rendered image's info holding the resolution it was rendered at when the pixel cap lowered it.
CAPPED_DPI = "msds_capped_dpi"
PICTOGRAM_MIN_SCORE = 0.5
# Points drawn above and below Section 2's extent on a page: more than a pictogram is tall.
BAND_MARGIN = 120.0
SIGNATURE_MIN_SCORE = 0.5
# A mark found at this overlap on two different pages is printed page furniture (a letterhead drawing).
_SAME_PLACE_IOU = 0.8


def pages_for_pictograms(segmentation: Segmentation, page_of_line: list[int], page_count: int) -> list[int]:
    """The pages Section 2 spans; the first two pages when Section 2 was not found."""
    span = segmentation.get(2)
    if span is None or not page_of_line:
        return list(range(1, min(page_count, 2) + 1))
    first = page_of_line[span.first_line]
    last = page_of_line[max(span.first_line, span.end_line - 1)]
    return list(range(first, last + 1))


def pages_for_signatures(segmentation: Segmentation, page_of_line: list[int], page_count: int) -> list[int]:
    pages = {page_count} if page_count else set()
    for number in (15, 16):
        span = segmentation.get(number)
        if span is not None and page_of_line:
            last = page_of_line[max(span.first_line, span.end_line - 1)]
            pages.update(range(page_of_line[span.first_line], last + 1))
    return sorted(p for p in pages if p >= 1)


def detect_on_pages(
    data: bytes,
    pictogram_pages: list[int],
    signature_pages: list[int],
    renderer: PageRenderer,
    detector: VisionDetector,
    bands: dict[int, tuple[float, float]] | None = None,
    turns: dict[int, int] | None = None,
    widths: dict[int, float] | None = None,
) -> list[PageVision]:
    """Render each needed page once and run the detectors it needs; boxes come back in the frame of the
    page's text: scaled to the page's width in ``widths`` (a PDF's text is in points, an image file's in
    the pixels OCR read), or in points (1/72 inch) for a page not in it. Signatures are looked for only on
    pages that may hold a drawing (``PageRenderer.may_hold_drawing``).

    A page looked at for pictograms only is drawn only within its band in ``bands`` (top, bottom in
    points; see :func:`pictogram_bands`), when it has one: what lies outside could not be kept anyway.
    A page in ``turns`` (counter-clockwise degrees that make it upright, as OCR found; ``PageText.
    upright_turn``) is searched upright, since the models know pictograms and signatures the right way
    up, and its boxes are turned back onto the page as printed."""
    results: list[PageVision] = []
    # Handwriting needs ink a hand made: a page that draws nothing but text and straight rules is not
    # rendered for signatures (most born-digital last pages), which saves most of the step's time.
    signature_pages = [page for page in signature_pages if renderer.may_hold_drawing(data, page)]
    for page in sorted(set(pictogram_pages) | set(signature_pages)):
        wants_signatures, wants_pictograms = page in signature_pages, page in pictogram_pages
        band = (bands or {}).get(page) if not wants_signatures else None
        image = (
            renderer.render(data, page, detector.dpi, band=band)
            if band is not None
            else renderer.render(data, page, detector.dpi)
        )
        turn = (turns or {}).get(page, 0) % 360
        upright = image.rotate(turn, expand=True) if turn else image
        found = detector.detect(upright, page, signatures=wants_signatures, pictograms=wants_pictograms)
        if turn:
            found = _turned_back(found, turn, image.size)
        results.append(_in_points(found, _text_scale(image, detector.dpi, (widths or {}).get(page))))
    return results


def _text_scale(image: Image, asked: int, text_width: float | None) -> float:
    """The factor from the rendered image's pixels to the page text's frame: the text's page width over the
    image's where it is known (an image file is rendered at a resolution of its own), else points."""
    if text_width is not None and text_width > 0 and image.width > 0:
        return text_width / image.width
    return 72.0 / _rendered_dpi(image, asked)


def _turned_back(page: PageVision, turn: int, size: tuple[int, int]) -> PageVision:
    """Detections on the page turned ``turn`` degrees counter-clockwise, with their boxes on the page as
    rendered (``size``: its width and height in pixels)."""
    width, height = size

    def back(box: Box) -> Box:
        if turn == 90:
            return Box(x0=width - box.y1, y0=box.x0, x1=width - box.y0, y1=box.x1)
        if turn == 270:
            return Box(x0=box.y0, y0=height - box.x1, x1=box.y1, y1=height - box.x0)
        if turn == 180:
            return Box(x0=width - box.x1, y0=height - box.y1, x1=width - box.x0, y1=height - box.y0)
        raise ValueError(f"a page is turned by quarter turns, not {turn} degrees")

    return PageVision(
        page=page.page,
        pictograms=tuple(d.model_copy(update={"box": back(d.box)}) for d in page.pictograms),
        signatures=tuple(d.model_copy(update={"box": back(d.box)}) for d in page.signatures),
    )


def pictogram_bands(
    spans: dict[int, tuple[float, float]], page_heights: dict[int, float]
) -> dict[int, tuple[float, float]]:
    """The part of each page worth drawing for pictograms: Section 2's vertical extent on it (``spans``,
    what :func:`keep_inside` keeps) widened by BAND_MARGIN points, so a pictogram that reaches into the
    extent is drawn whole. Pages where the band would be most of the page are drawn whole."""
    bands = {}
    for page, (top, bottom) in spans.items():
        height = page_heights.get(page)
        if height is None:
            continue
        band = (max(0.0, top - BAND_MARGIN), min(height, bottom + BAND_MARGIN))
        if band[1] - band[0] < 0.8 * height:
            bands[page] = band
    return bands


def _rendered_dpi(image: Image, asked: int) -> float:
    """The resolution the page was rendered at: lower than asked for a page too large for the pixel cap
    (the renderer says so under ``CAPPED_DPI``)."""
    capped = image.info.get(CAPPED_DPI)
    return float(capped) if isinstance(capped, int | float) and capped > 0 else float(asked)


def reference_page(signature_pages: list[int], page_count: int) -> int | None:
    """A page that is not one a sheet is signed on (the first such page), to compare signatures with."""
    return next((p for p in range(1, page_count + 1) if p not in signature_pages), None)


def detect_reference(
    data: bytes, page: int, renderer: PageRenderer, detector: VisionDetector, width: float | None = None
) -> PageVision:
    """Signature detections on a page outside the signed pages, in the frame of :func:`detect_on_pages`
    (``width``: the page's width in its text's frame); used only to recognise marks every page repeats."""
    image = renderer.render(data, page, detector.dpi)
    found = detector.detect(image, page, signatures=True)
    return _in_points(found.model_copy(update={"pictograms": ()}), _text_scale(image, detector.dpi, width))


def drop_repeated_signatures(
    pages: list[PageVision], reference: PageVision | None = None
) -> list[PageVision]:
    """Drop signature detections found at the same place on another page: a hand-signed mark appears
    once, while a letterhead or footer drawing that looks like handwriting repeats on every page."""
    others = [*pages, *([reference] if reference is not None else [])]

    def repeated(page: int, box: Box) -> bool:
        return any(
            other.page != page and _overlap(box, seen.box) >= _SAME_PLACE_IOU
            for other in others
            for seen in other.signatures
        )

    return [
        page.model_copy(
            update={"signatures": tuple(d for d in page.signatures if not repeated(page.page, d.box))}
        )
        for page in pages
    ]


def _overlap(a: Box, b: Box) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    if width <= 0 or height <= 0:
        return 0.0
    shared = width * height
    return shared / ((a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - shared)


def _in_points(page: PageVision, scale: float) -> PageVision:
    def scaled(box: Box) -> Box:
        return Box(x0=box.x0 * scale, y0=box.y0 * scale, x1=box.x1 * scale, y1=box.y1 * scale)

    return PageVision(
        page=page.page,
        pictograms=tuple(d.model_copy(update={"box": scaled(d.box)}) for d in page.pictograms),
        signatures=tuple(d.model_copy(update={"box": scaled(d.box)}) for d in page.signatures),
    )


def keep_inside(
    pages: list[PageVision], spans: dict[int, tuple[float, float]], sideways: frozenset[int] = frozenset()
) -> list[PageVision]:
    """Drop pictogram detections outside Section 2's extent down its pages (in points): a page Section 2
    shares with Section 3 also shows the ingredients' small pictograms, not the label's. On the pages in
    ``sideways`` (printed a quarter turn round) the lines run up or down the page, so the extent is
    across it: ``spans`` holds x, not y, there."""
    kept = []
    for page in pages:
        span = spans.get(page.page)
        if span is None:
            kept.append(page)
            continue
        low, high = span
        across = page.page in sideways
        inside = tuple(
            d
            for d in page.pictograms
            if (d.box.x1 if across else d.box.y1) >= low and (d.box.x0 if across else d.box.y0) <= high
        )
        kept.append(page.model_copy(update={"pictograms": inside}))
    return kept


def merge_pictograms(from_text: Iterable[Pictogram], pages: Iterable[PageVision]) -> list[Pictogram]:
    """One entry per pictogram code, saying whether it was named in text, shown as an image, or both."""
    merged: dict[str, Pictogram] = {p.code: p.model_copy(deep=True) for p in from_text}
    for page in pages:
        for detection in page.pictograms:
            if detection.score < PICTOGRAM_MIN_SCORE:
                continue
            evidence = Evidence(page=detection.page, box=detection.box, snippet=f"image of {detection.code}")
            existing = merged.get(detection.code)
            if existing is None:
                merged[detection.code] = Pictogram(
                    code=detection.code,
                    name_en=pictogram_name(detection.code),
                    source=PictogramSource.IMAGE,
                    confidence=round(detection.score, 3),
                    evidence=[evidence],
                )
                continue
            if existing.source == PictogramSource.TEXT:
                existing.source = PictogramSource.BOTH
            existing.confidence = round(max(existing.confidence, detection.score), 3)
            existing.evidence.append(evidence)
    return sorted(merged.values(), key=lambda p: p.code)


def signature_field(pages: Iterable[PageVision], pages_checked: int) -> Extracted[bool] | None:
    """Whether a handwritten signature appears, with the best detection as evidence."""
    detections = [d for page in pages for d in page.signatures]
    if pages_checked == 0:
        return None
    best = max(detections, key=lambda d: d.score, default=None)
    if best is None or best.score < SIGNATURE_MIN_SCORE:
        confidence = 1.0 - (best.score if best else 0.0)
        return Extracted[bool](value=False, confidence=round(min(confidence, 0.9), 3))
    evidence = Evidence(page=best.page, box=best.box, snippet="handwritten signature")
    return Extracted[bool](value=True, confidence=round(best.score, 3), evidence=[evidence])
