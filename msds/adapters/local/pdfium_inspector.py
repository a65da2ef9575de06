"""Checks that a received file can be read, and counts its pages (PDF via pypdfium2, images via Pillow).

Every PDF pdfium opens is accepted whatever its trailer says (a missing ``%%EOF`` only names the reason
when the file does not open). Each page must be reachable through the page tree (a cycle, a tree too deep
or a count that lies leave pages that cannot be loaded: ``unreadable_page``), and what the file would cost
to decode is bounded before anything decodes it (stream sizes, image pixels: ``resource_limit``).
"""

from __future__ import annotations

import io
import warnings

import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence, UnidentifiedImageError

from models.document import MediaType
from msds.adapters.local.pdf_streams import check_pdf_streams
from msds.adapters.local.pdfium_document import open_pdf
from msds.errors import (
    CorruptFile,
    EncryptedPdf,
    ResourceLimitExceeded,
    TooManyPages,
    TruncatedFile,
    UnreadablePage,
    XfaForm,
)
from msds.settings import (
    DEFAULT_MAX_DOCUMENT_CHARS,
    DEFAULT_MAX_IMAGE_PIXELS,
    DEFAULT_MAX_PAGE_CHARS,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_STREAM_BYTES,
)

_LISTED_PAGES = 10


class PdfiumInspector:
    """Implements msds.ports.DocumentInspector."""

    def __init__(
        self,
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_stream_bytes: int = DEFAULT_MAX_STREAM_BYTES,
        max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
        max_page_chars: int = DEFAULT_MAX_PAGE_CHARS,
        max_document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS,
    ) -> None:
        self._max_page_chars = max_page_chars
        self._max_document_chars = max_document_chars
        self._max_pages = max_pages
        self._max_stream_bytes = max_stream_bytes
        self._max_image_pixels = max_image_pixels

    def page_count(self, data: bytes, media_type: MediaType) -> int:
        if media_type == MediaType.PDF:
            return self._pdf_pages(data)
        return self._image_pages(data)

    def _pdf_pages(self, data: bytes) -> int:
        try:
            with open_pdf(data) as document:
                form_type = pdfium_c.FPDF_GetFormType(document.raw)
                if form_type in (pdfium_c.FORMTYPE_XFA_FULL, pdfium_c.FORMTYPE_XFA_FOREGROUND):
                    raise XfaForm("the PDF is an XFA form, whose content is not part of the pages")
                pages = len(document)
                if pages <= 0:
                    raise CorruptFile("the PDF has no pages")
                if pages > self._max_pages:
                    raise TooManyPages(f"the document has {pages} pages; the limit is {self._max_pages}")
                _check_pages_load(document.raw, pages)
        except (CorruptFile, EncryptedPdf) as error:
            if type(error) is CorruptFile and data.rfind(b"%%EOF") == -1 and "no pages" not in error.message:
                raise TruncatedFile(
                    "the PDF cannot be opened and has no end-of-file marker: it was cut off during transfer"
                ) from error
            raise
        check_pdf_streams(
            data,
            max_stream_bytes=self._max_stream_bytes,
            max_image_pixels=self._max_image_pixels,
            max_page_chars=self._max_page_chars,
            max_document_chars=self._max_document_chars,
        )
        return pages

    def _image_pages(self, data: bytes) -> int:
        try:
            with warnings.catch_warnings():
                # The pixel limit is ours (below); Pillow's own bomb check must not fire first.
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    pages = 0
                    for frame in ImageSequence.Iterator(image):
                        pages += 1
                        if pages > self._max_pages:
                            raise TooManyPages(
                                f"the image has more pages than the limit of {self._max_pages}"
                            )
                        width, height = frame.size
                        if width * height > self._max_image_pixels:
                            raise ResourceLimitExceeded(
                                "image_pixels",
                                f"page {pages} is {width:,} x {height:,} pixels; the limit is "
                                f"{self._max_image_pixels:,} (MSDS_MAX_IMAGE_PIXELS)",
                            )
                        if width <= 0 or height <= 0:
                            raise CorruptFile(f"page {pages} of the image has no pixels")
                        frame.load()
                    return pages
        except (TooManyPages, ResourceLimitExceeded, CorruptFile, MemoryError):
            raise  # MemoryError: the worker's memory limit, which the runner records as resource_limit
        except Image.DecompressionBombError as error:
            raise ResourceLimitExceeded(
                "image_pixels", f"the image is too large to decode: {error}"
            ) from error
        except UnidentifiedImageError as error:
            raise CorruptFile(f"the image cannot be decoded: {error}") from error
        except (OSError, SyntaxError, ValueError) as error:
            if "truncated" in str(error).lower():
                raise TruncatedFile(f"the image is truncated: {error}") from error
            raise CorruptFile(f"the image cannot be decoded: {error}") from error
        except Exception as error:  # on bad bytes Pillow also raises TypeError, KeyError, struct.error...
            raise CorruptFile(f"the image cannot be decoded: {error}") from error


def _check_pages_load(raw: object, pages: int) -> None:
    """Every page must be found through the page tree (without parsing its content)."""
    size = pdfium_c.FS_SIZEF()
    missing = [index + 1 for index in range(pages) if not pdfium_c.FPDF_GetPageSizeByIndexF(raw, index, size)]
    if not missing:
        return
    listed = ", ".join(str(number) for number in missing[:_LISTED_PAGES])
    more = f" and {len(missing) - _LISTED_PAGES} more" if len(missing) > _LISTED_PAGES else ""
    raise UnreadablePage(
        f"{len(missing)} of {pages} pages cannot be loaded (page {listed}{more}): the page tree is broken "
        "(a cycle, a tree too deep, a page count that does not match its pages) or the file was cut"
    )
