"""Page images from PDF (pypdfium2) and image files (Pillow), for OCR and the vision model."""

from __future__ import annotations

import io
import math
import warnings

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from models.document import MediaType
from msds.adapters.local.pdfium_document import load_page
from msds.domain.file_types import sniff_media_type
from msds.errors import CorruptFile, ResourceLimitExceeded, UnsupportedType
from msds.services.detect_visuals import CAPPED_DPI
from msds.settings import DEFAULT_MAX_RENDER_PIXELS

# The longest side an image page may keep, in inches at the requested dpi: legal paper is 14 in long, so a
# page scanned at twice the requested resolution is brought down to it instead of being OCR'd at 600 dpi.
_MAX_PAGE_INCHES = 14.0
_MIN_PAGE_INCHES = 3.0
# A path of at least this many straight segments may be handwriting drawn as a polyline; table rules, boxes
# and underlines have a handful.
_POLYLINE_SEGMENTS = 16
# Annotations that draw nothing a hand made: links, and the popup of a note.
_INERT_ANNOTATIONS = frozenset({pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP})
# An image whose own resolution is known and below this share of the requested dpi is enlarged: Tesseract
# reads small type (fax-quality scans) far better at about 300 dpi.
_UPSCALE_BELOW = 0.7


class PdfiumRenderer:
    """Implements msds.ports.PageRenderer.

    PDF pages are rendered at ``dpi`` with annotations and form fields drawn, /Rotate and the crop box
    applied (the same frame as the text layer's boxes, scaled by dpi/72). Image files (PNG, JPEG, TIFF with
    one image per page) keep their own resolution: EXIF orientation is applied, transparency is flattened
    on white, pages larger than 14 in at ``dpi`` are scaled down and images whose stated resolution is
    well below ``dpi`` are scaled up. No image has more than ``max_pixels`` pixels: a larger page (a PDF
    page can be 200 x 200 in) is rendered at the resolution that fits. The returned image's
    ``info["dpi"]`` holds its effective resolution when known. ``grayscale=True`` returns mode ``L``
    images, otherwise ``RGB``.
    """

    def __init__(self, grayscale: bool = False, *, max_pixels: int = DEFAULT_MAX_RENDER_PIXELS) -> None:
        self._grayscale = grayscale
        self._max_pixels = max_pixels
        self._opened: tuple[bytes, pdfium.PdfDocument] | None = None

    def render(
        self, data: bytes, page_number: int, dpi: int, *, band: tuple[float, float] | None = None
    ) -> Image.Image:
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, not {dpi}")
        if sniff_media_type(data[:1024]) == MediaType.PDF:
            return self._render_pdf(data, page_number, dpi, band)
        return self._render_image(data, page_number, dpi)

    def page_count(self, data: bytes) -> int:
        """Pages of a PDF, or frames of an image file."""
        if sniff_media_type(data[:1024]) == MediaType.PDF:
            document = _open_pdf(data)
            try:
                return len(document)
            finally:
                document.close()
        with _open_image(data) as image:
            return getattr(image, "n_frames", 1)

    def may_hold_drawing(self, data: bytes, page_number: int) -> bool:
        if sniff_media_type(data[:1024]) != MediaType.PDF:
            return True
        document = self._document(data)
        try:
            if not 1 <= page_number <= len(document):
                raise IndexError(f"page {page_number} is outside 1..{len(document)}")
            page = load_page(document, page_number)
            try:
                return _has_drawing(page)
            finally:
                page.close()
        except BaseException:
            self.close()
            raise

    def _document(self, data: bytes) -> pdfium.PdfDocument:
        """The PDF opened (with its forms) once for all the pages rendered from the same bytes in a row."""
        if self._opened is not None and self._opened[0] is data:
            return self._opened[1]
        self.close()
        document = _open_pdf(data)
        document.init_forms()
        self._opened = (data, document)
        return document

    def close(self) -> None:
        """Close the PDF kept open between pages."""
        if self._opened is not None:
            self._opened[1].close()
            self._opened = None

    def _render_pdf(
        self, data: bytes, page_number: int, dpi: int, band: tuple[float, float] | None = None
    ) -> Image.Image:
        document = self._document(data)
        effective: float = dpi
        try:
            if not 1 <= page_number <= len(document):
                raise IndexError(f"page {page_number} is outside 1..{len(document)}")
            page = load_page(document, page_number)
            try:
                options: dict[str, object] = {"draw_annots": True, "may_draw_forms": True}
                if self._grayscale:
                    options["force_bitmap_format"] = pdfium_c.FPDFBitmap_Gray
                width, height = page.get_size()
                scale = fitting_scale(width, height, dpi / 72.0, self._max_pixels)
                if scale != dpi / 72.0:
                    effective = scale * 72.0
                mode = "L" if self._grayscale else "RGB"
                top, bottom = band if band is not None else (0.0, height)
                top, bottom = max(0.0, min(top, height)), max(0.0, min(bottom, height))
                if band is not None and bottom > top:
                    options["crop"] = (0, height - bottom, 0, top)
                bitmap = page.render(scale=scale, **options)
                # to_pil may share the bitmap's buffer: copy before the bitmap is released.
                image = bitmap.to_pil().convert(mode)
                bitmap.close()
                if band is not None:
                    # Only the band was drawn: put it where it belongs on a white page of the full size.
                    page_image = Image.new(
                        mode, (math.ceil(width * scale), math.ceil(height * scale)), "white"
                    )
                    if bottom > top:
                        page_image.paste(image, (0, math.ceil(top * scale)))
                    image = page_image
            finally:
                page.close()
        except BaseException:
            self.close()  # a document that failed to render is not kept
            raise
        image.info["dpi"] = (effective, effective)
        if effective != dpi:
            image.info[CAPPED_DPI] = effective
        return image

    def _render_image(self, data: bytes, page_number: int, dpi: int) -> Image.Image:
        with _open_image(data) as container:
            frames = getattr(container, "n_frames", 1)
            if not 1 <= page_number <= frames:
                raise IndexError(f"page {page_number} is outside 1..{frames}")
            try:
                frame = ImageSequence.Iterator(container)[page_number - 1]
                own_dpi = _resolution(frame)
                full_width = frame.width
                if frame.format == "JPEG":
                    # Decode a large JPEG at 1/2, 1/4 or 1/8 of its size straight away when that is enough.
                    wanted = _fit_scale(frame.size, own_dpi, dpi, self._max_pixels)
                    if wanted < 1.0:
                        frame.draft(frame.mode, (round(frame.width * wanted), round(frame.height * wanted)))
                frame.load()
                if own_dpi is not None and frame.width != full_width:
                    own_dpi *= frame.width / full_width
                image = _normalise_mode(ImageOps.exif_transpose(frame) or frame, self._grayscale)
            except (OSError, ValueError, EOFError) as error:
                raise CorruptFile(f"page {page_number} of the image cannot be decoded: {error}") from error
        return _fit(image, own_dpi, dpi, self._max_pixels)


def fitting_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """``scale`` (pixels per unit), or the largest scale at which a ``width`` x ``height`` page has at most
    ``max_pixels`` pixels (rounding included)."""
    width, height = max(abs(width), 1e-3), max(abs(height), 1e-3)
    if (width * scale + 1) * (height * scale + 1) <= max_pixels:
        return scale
    fitted = (max_pixels / (width * height)) ** 0.5
    while fitted > 0 and (width * fitted + 1) * (height * fitted + 1) > max_pixels:
        fitted *= 0.99
    return fitted


def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise CorruptFile(f"the PDF cannot be parsed: {error}") from error


def _open_image(data: bytes) -> Image.Image:
    # The pixel limit is the product's (MSDS_MAX_IMAGE_PIXELS, checked when the file was received), not
    # Pillow's warning threshold; what Pillow refuses outright is named as the limit it is.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except UnidentifiedImageError as error:
        raise UnsupportedType("the file is neither a PDF nor a PNG, JPEG or TIFF image") from error
    except Image.DecompressionBombError as error:
        raise ResourceLimitExceeded("image_pixels", f"the image is too large to decode: {error}") from error
    except OSError as error:
        raise CorruptFile(f"the image cannot be decoded: {error}") from error


def _resolution(image: Image.Image) -> float | None:
    """The image's stated resolution when it is believable: the page it implies is paper-sized."""
    value = image.info.get("dpi")
    try:
        x_dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    if x_dpi <= 0:
        return None
    # Encoders often write 72 or 96 whatever the scan was: a 2480 px page "at 72 dpi" would be 34 in long.
    longest_inches = max(image.size) / x_dpi
    return x_dpi if _MIN_PAGE_INCHES <= longest_inches <= _MAX_PAGE_INCHES * 1.5 else None


def _normalise_mode(image: Image.Image, grayscale: bool) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale scans: keep the top 8 bits.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("L" if grayscale else "RGB")


def _fit_scale(size: tuple[int, int], own_dpi: float | None, dpi: float, max_pixels: int) -> float:
    longest = max(size)
    scale = 1.0
    if longest > _MAX_PAGE_INCHES * dpi:
        scale = _MAX_PAGE_INCHES * dpi / longest
    elif own_dpi is not None and own_dpi < _UPSCALE_BELOW * dpi:
        scale = dpi / own_dpi
    return fitting_scale(size[0], size[1], scale, max_pixels)


def _fit(image: Image.Image, own_dpi: float | None, dpi: float, max_pixels: int) -> Image.Image:
    scale = _fit_scale(image.size, own_dpi, dpi, max_pixels)
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    if own_dpi is not None:
        effective = own_dpi * scale
        image.info["dpi"] = (effective, effective)
    elif scale != 1.0:
        image.info["dpi"] = (dpi, dpi)
    return image


def _has_drawing(page: pdfium.PdfPage) -> bool:
    """Whether the page has an object that can show handwriting or artwork: an image, a form XObject (it may
    hold either), an annotation other than a link, a path with a curve, or a long polyline. Text objects and
    short straight paths (rules, boxes) cannot."""
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) not in _INERT_ANNOTATIONS:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, index))
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_SHADING):
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and _is_drawn_path(pdfium_c.FPDFPage_GetObject(raw, index)):
            return True
    return False


def _is_drawn_path(path: object) -> bool:
    segments = pdfium_c.FPDFPath_CountSegments(path)
    if segments >= _POLYLINE_SEGMENTS:
        return True
    segment = pdfium_c.FPDFPath_GetPathSegment
    kinds = (pdfium_c.FPDFPathSegment_GetType(segment(path, i)) for i in range(segments))
    return pdfium_c.FPDF_SEGMENT_BEZIERTO in kinds
