"""Checks that a received file can be read, and counts its pages (PDF via pypdfium2, images via Pillow)."""

from __future__ import annotations

import io
import warnings

import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence, UnidentifiedImageError

from models.document import MediaType
from msds.adapters.local.pdfium_document import open_pdf
from msds.errors import CorruptFile, TruncatedFile, XfaForm


class PdfiumInspector:
    """Implements msds.services.receive.DocumentInspector."""

    def page_count(self, data: bytes, media_type: MediaType) -> int:
        if media_type == MediaType.PDF:
            return self._pdf_pages(data)
        return self._image_pages(data)

    def _pdf_pages(self, data: bytes) -> int:
        # A complete PDF has an end-of-file marker; some writers append junk after it, so look anywhere.
        if data.rfind(b"%%EOF") == -1:
            raise TruncatedFile("the PDF has no end-of-file marker: it was cut off during transfer")
        with open_pdf(data) as document:
            form_type = pdfium_c.FPDF_GetFormType(document.raw)
            if form_type in (pdfium_c.FORMTYPE_XFA_FULL, pdfium_c.FORMTYPE_XFA_FOREGROUND):
                raise XfaForm("the PDF is an XFA form, whose content is not part of the pages")
            pages = len(document)
            if pages == 0:
                raise CorruptFile("the PDF has no pages")
            return pages

    def _image_pages(self, data: bytes) -> int:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    pages = 0
                    for frame in ImageSequence.Iterator(image):
                        frame.load()
                        pages += 1
                    return pages
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as error:
            raise CorruptFile(f"the image cannot be decoded: {error}") from error
        except (OSError, SyntaxError, ValueError) as error:
            if "truncated" in str(error).lower():
                raise TruncatedFile(f"the image is truncated: {error}") from error
            raise CorruptFile(f"the image cannot be decoded: {error}") from error
        except Exception as error:  # on bad bytes Pillow also raises TypeError, KeyError, struct.error...
            raise CorruptFile(f"the image cannot be decoded: {error}") from error
