"""Bad-input helpers of the synthetic SDS generator: each file is what it claims to be."""

from __future__ import annotations

import io
import zipfile

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from msds.synth import bad_inputs


def test_empty_file_has_no_bytes() -> None:
    # Given the empty-file helper
    # When it is called
    data = bad_inputs.empty_file()
    # Then there are no bytes
    assert data == b""


def test_truncated_pdf_has_a_pdf_header_but_no_end_and_does_not_open() -> None:
    # Given a truncated PDF
    data = bad_inputs.truncated_pdf()
    # When it is inspected and opened
    # Then it looks like a PDF at the start, lacks %%EOF, and PDFium refuses it
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" not in data
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_corrupt_pdf_does_not_open() -> None:
    # Given a corrupt PDF
    data = bad_inputs.corrupt_pdf()
    # When it is opened
    # Then it starts like a PDF but PDFium refuses it
    assert data.startswith(b"%PDF-")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_encrypted_pdf_opens_only_with_its_password() -> None:
    # Given an encrypted PDF
    data = bad_inputs.encrypted_pdf(user_password="secret")
    # When it is opened without and with the password
    # Then it has an /Encrypt dictionary, fails without the password and opens with it
    assert b"/Encrypt" in data
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)
    assert len(pdfium.PdfDocument(data, password="secret")) == 1


def test_xfa_pdf_declares_a_dynamic_xfa_form() -> None:
    # Given a PDF with an XFA form
    data = bad_inputs.xfa_pdf()
    # When PDFium reads its form type
    document = pdfium.PdfDocument(data)
    # Then it is a valid one-page PDF whose AcroForm carries /XFA
    assert b"/XFA" in data
    assert len(document) == 1
    assert document.get_formtype() == pdfium_raw.FORMTYPE_XFA_FULL


def test_static_xfa_pdf_is_reported_as_xfa_foreground() -> None:
    # Given an XFA PDF that does not need rendering
    data = bad_inputs.xfa_pdf(needs_rendering=False)
    # When PDFium reads its form type
    form_type = pdfium.PdfDocument(data).get_formtype()
    # Then it is the static XFA kind
    assert form_type == pdfium_raw.FORMTYPE_XFA_FOREGROUND


def test_zip_and_docx_files_carry_the_zip_signature() -> None:
    # Given a ZIP archive and a Word document
    archive = bad_inputs.zip_file()
    word = bad_inputs.docx_file()
    # When their bytes and contents are inspected
    names = zipfile.ZipFile(io.BytesIO(word)).namelist()
    # Then both start with PK\x03\x04 and the Word file holds word/document.xml
    assert archive.startswith(b"PK\x03\x04")
    assert word.startswith(b"PK\x03\x04")
    assert "word/document.xml" in names


@pytest.mark.parametrize("count", [1, 5, 60])
def test_pdf_with_pages_has_exactly_that_many_pages(count: int) -> None:
    # Given a PDF made with a page count
    data = bad_inputs.pdf_with_pages(count)
    # When PDFium counts its pages
    pages = len(pdfium.PdfDocument(data))
    # Then the count matches
    assert pages == count


def test_not_an_sds_pdf_is_a_readable_invoice() -> None:
    # Given the non-SDS PDF
    document = pdfium.PdfDocument(bad_inputs.not_an_sds_pdf())
    # When its text is read
    text = document[0].get_textpage().get_text_range()
    # Then it is an invoice, not a safety data sheet
    assert "INVOICE" in text
    assert "SAFETY DATA SHEET" not in text.upper()


def test_bad_inputs_are_deterministic() -> None:
    # Given the helpers that build files
    makers = (
        bad_inputs.truncated_pdf,
        bad_inputs.corrupt_pdf,
        bad_inputs.encrypted_pdf,
        bad_inputs.xfa_pdf,
        bad_inputs.zip_file,
        bad_inputs.docx_file,
        bad_inputs.not_an_sds_pdf,
    )
    # When each is called twice
    # Then both calls give the same bytes
    for make in makers:
        assert make() == make(), make.__name__
