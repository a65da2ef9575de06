"""Opening a PDF with pypdfium2, with the product's named errors for files it cannot open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from msds.errors import CorruptFile, EncryptedPdf

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The opened document, closed on exit; EncryptedPdf or CorruptFile when it cannot be opened."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedPdf("the PDF is protected by a password and cannot be opened") from error
        raise CorruptFile(f"the PDF cannot be parsed: {error}") from error
    try:
        yield document
    finally:
        document.close()
