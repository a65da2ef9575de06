"""Opening a PDF with pypdfium2, with the product's named errors for files it cannot open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from msds.errors import CorruptFile, EncryptedPdf, UnreadablePage

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The opened document, closed on exit; EncryptedPdf or CorruptFile when it cannot be opened."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        # pdfium's last error is left over from an earlier document when a load fails without setting
        # one: a password error counts only for a file that is encrypted at all.
        if getattr(error, "err_code", None) == _PASSWORD_ERROR and b"/Encrypt" in data:
            raise EncryptedPdf("the PDF is protected by a password and cannot be opened") from error
        raise CorruptFile(f"the PDF cannot be parsed: {error}") from error
    try:
        yield document
    finally:
        document.close()


def load_page(document: pdfium.PdfDocument, page_number: int) -> pdfium.PdfPage:
    """Page ``page_number`` (1-based); UnreadablePage when pdfium cannot load it."""
    try:
        return document[page_number - 1]
    except pdfium.PdfiumError as error:
        raise UnreadablePage(
            f"page {page_number} cannot be loaded ({error}): the page tree is broken or the file was cut"
        ) from error
