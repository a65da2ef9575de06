"""Bounded resources: what a PDF or image would cost is checked before it is decoded, and named."""

from __future__ import annotations

import pytest

from models.document import MediaType
from msds.adapters.local.pdf_streams import check_pdf_streams
from msds.adapters.local.pdfium_inspector import PdfiumInspector
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.domain.file_types import sniff_media_type
from msds.errors import CorruptFile, EncryptedPdf, ResourceLimitExceeded, TruncatedFile, UnreadablePage
from msds.services.detect_visuals import CAPPED_DPI
from msds.synth import bad_inputs, hostile

MIB = 1024 * 1024


def test_a_stream_inflating_past_the_limit_is_refused_without_inflating_it_whole() -> None:
    # Given a 64 KiB content stream that inflates to 96 MiB
    data = hostile.one_page_pdf(hostile.flate_bomb(96 * MIB), stream_extra=b" /Filter /FlateDecode")
    # When its streams are checked against a 32 MiB limit
    # Then the check names the stream limit and its setting
    with pytest.raises(ResourceLimitExceeded) as refused:
        check_pdf_streams(data, max_stream_bytes=32 * MIB, max_image_pixels=10**8)
    assert refused.value.limit == "stream_bytes"
    assert "MSDS_MAX_STREAM_BYTES" in refused.value.message


def test_an_image_declaring_too_many_pixels_is_refused() -> None:
    # Given a PDF whose image declares 100,000 x 100,000 pixels
    data = hostile.image_bomb_pdf()
    # When its streams are checked
    # Then the image limit is named
    with pytest.raises(ResourceLimitExceeded) as refused:
        check_pdf_streams(data, max_stream_bytes=64 * MIB, max_image_pixels=40_000_000)
    assert refused.value.limit == "image_pixels"


def test_megabytes_of_text_on_one_page_are_refused_before_pdfium_reads_them() -> None:
    # Given a page whose content stream shows 5 MB of text
    data = hostile.text_bomb_page()
    # When its streams are checked with a page limit of 100,000 characters
    # Then the page text limit is named
    with pytest.raises(ResourceLimitExceeded) as refused:
        check_pdf_streams(data, max_stream_bytes=256 * MIB, max_image_pixels=10**8, max_page_chars=100_000)
    assert refused.value.limit == "page_chars"


def test_an_ordinary_sheet_passes_every_stream_check() -> None:
    # Given a small born-digital sheet
    data = hostile.sheet_pdf(pages=3)
    # When its streams are checked with the default limits
    # Then nothing is refused
    check_pdf_streams(
        data,
        max_stream_bytes=256 * MIB,
        max_image_pixels=80_000_000,
        max_page_chars=100_000,
        max_document_chars=10**6,
    )


def test_the_text_layer_refuses_a_page_over_the_character_limit() -> None:
    # Given a page of some 900 characters
    data = hostile.sheet_pdf()
    # When the text layer reads it with a limit of 100 characters a page
    # Then the limit is named with the page
    with pytest.raises(ResourceLimitExceeded) as refused:
        PdfiumTextLayer(max_page_chars=100).read_pages(data)
    assert refused.value.limit == "page_chars" and "page 1" in refused.value.message


def test_a_200_inch_page_is_rendered_within_the_pixel_cap_at_a_lower_resolution() -> None:
    # Given a 200 x 200 inch page
    data = hostile.huge_page_pdf()
    # When it is rendered at 300 dpi with a cap of 4 million pixels
    image = PdfiumRenderer(max_pixels=4_000_000).render(data, 1, 300)
    # Then the image stays within the cap and says the resolution it was really rendered at
    assert image.width * image.height <= 4_000_000
    assert image.info[CAPPED_DPI] == pytest.approx(image.width / 200, rel=0.01)


def test_a_pdf_that_opens_is_accepted_without_its_end_of_file_marker() -> None:
    # Given a whole PDF whose %%EOF marker is missing, and one cut in half
    whole = hostile.without_eof_pdf()
    cut = bad_inputs.truncated_pdf()
    inspector = PdfiumInspector()
    # When both are inspected
    pages = inspector.page_count(whole, MediaType.PDF)
    # Then the whole one is accepted and only the one that does not open is called truncated
    assert pages == 1
    with pytest.raises(TruncatedFile):
        inspector.page_count(cut, MediaType.PDF)


@pytest.mark.parametrize(
    "make",
    [hostile.page_tree_cycle_pdf, hostile.page_tree_deep_pdf, lambda: hostile.page_count_pdf(10)],
    ids=["cycle", "deep", "count"],
)
def test_pages_the_page_tree_cannot_reach_are_named_unreadable(make: object) -> None:
    # Given a PDF whose page tree is broken
    data = make()  # type: ignore[operator]
    # When it is inspected
    # Then the pages that cannot be loaded are named
    with pytest.raises(UnreadablePage) as refused:
        PdfiumInspector().page_count(data, MediaType.PDF)
    assert "cannot be loaded" in refused.value.message


def test_a_broken_pdf_read_after_an_encrypted_one_is_not_called_encrypted() -> None:
    # Given an encrypted PDF inspected first (pdfium remembers its password error)
    inspector = PdfiumInspector()
    with pytest.raises(EncryptedPdf):
        inspector.page_count(bad_inputs.encrypted_pdf(), MediaType.PDF)
    # When a PDF without pages and without encryption is inspected next
    # Then it is corrupt, not encrypted
    with pytest.raises(CorruptFile) as refused:
        inspector.page_count(hostile.no_pages_pdf(), MediaType.PDF)
    assert type(refused.value) is CorruptFile


def test_an_image_declaring_more_pixels_than_the_limit_is_refused_at_receive() -> None:
    # Given a PNG header declaring 50,000 x 50,000 pixels
    data = hostile.png_declaring(50_000, 50_000)
    # When it is inspected
    # Then the image limit is named
    with pytest.raises(ResourceLimitExceeded) as refused:
        PdfiumInspector(max_image_pixels=40_000_000).page_count(data, MediaType.PNG)
    assert refused.value.limit == "image_pixels"


@pytest.mark.parametrize(
    "head",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>%PDF-1.4</text></svg>',
        b"<!DOCTYPE html><p>%PDF-1.7</p>",
        b"PK\x03\x04 ... %PDF-1.7",
    ],
    ids=["svg", "html", "zip"],
)
def test_markup_or_an_archive_mentioning_the_pdf_header_is_not_a_pdf(head: bytes) -> None:
    # Given a file of another type carrying "%PDF-" in its first bytes
    # When it is sniffed
    # Then it is not taken for a PDF
    assert sniff_media_type(head) is None


def test_a_pdf_after_a_few_bytes_of_junk_is_still_a_pdf() -> None:
    # Given mail headers before the PDF header
    # When it is sniffed
    # Then it is a PDF
    assert sniff_media_type(b"X-Mailer: gateway\r\n\r\n%PDF-1.7\n") == MediaType.PDF
