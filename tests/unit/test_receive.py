"""Receive: every rejection is named and recorded, nothing sent is lost, and re-uploads change nothing."""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from models.document import DocumentEntry, DocumentStatus, MediaType
from msds.adapters.local.file_store import FolderDocumentStore
from msds.adapters.local.pdfium_inspector import PdfiumInspector
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.errors import (
    CorruptFile,
    DocumentNotFound,
    EmptyFile,
    EncryptedPdf,
    RejectedDocument,
    TooLarge,
    TooManyPages,
    TruncatedFile,
    UnsupportedType,
    XfaForm,
)
from msds.services.receive import ReceiveOutcome, document_id_of, receive_document
from msds.settings import Settings
from msds.synth import bad_inputs

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Receiver:
    """The receive service wired to the local adapters, with a fixed clock."""

    store: FolderDocumentStore
    repository: SqliteDocumentRepository
    settings: Settings
    clock: datetime = T0

    def receive(self, data: bytes, file_name: str = "upload.bin") -> ReceiveOutcome:
        return receive_document(
            data,
            file_name,
            store=self.store,
            repository=self.repository,
            inspector=PdfiumInspector(),
            settings=self.settings,
            now=lambda: self.clock,
        )

    def assert_rejected_and_kept(
        self, outcome: ReceiveOutcome, data: bytes, error: type[RejectedDocument]
    ) -> DocumentEntry:
        """The outcome and the stored entry name the rejection, and the original bytes are kept."""
        assert outcome.created is True
        assert outcome.rejected is True
        stored = self.repository.get(document_id_of(data))
        assert stored is not None
        assert stored == outcome.entry
        assert stored.status == DocumentStatus.REJECTED
        assert stored.error_code == error.code
        assert stored.error_message
        assert stored.size_bytes == len(data)
        assert self.store.get_original(stored.document_id) == data
        return stored


def make_receiver(tmp_path: Path, settings: Settings | None = None) -> Receiver:
    return Receiver(
        store=FolderDocumentStore(tmp_path / "store"),
        repository=SqliteDocumentRepository(tmp_path / "state.sqlite3"),
        settings=settings or Settings(data_dir=tmp_path),
    )


@pytest.fixture
def receiver(tmp_path: Path) -> Receiver:
    return make_receiver(tmp_path)


def image_bytes(image_format: str, frames: int = 1, size: tuple[int, int] = (96, 64)) -> bytes:
    """A deterministic, detailed greyscale image (detail so that cutting it leaves real data missing)."""
    width, height = size
    images = [
        Image.frombytes(
            "L",
            size,
            bytes(
                ((x * 7 + y * 13 + (x * y) % 31 + page * 50) % 256)
                for y in range(height)
                for x in range(width)
            ),
        )
        for page in range(frames)
    ]
    buffer = io.BytesIO()
    if frames == 1:
        images[0].save(buffer, format=image_format)
    else:
        images[0].save(buffer, format=image_format, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def scrambled(data: bytes, start: int) -> bytes:
    """The same header, then every 7th byte flipped: the file is recognised but its data is garbage."""
    damaged = bytearray(data)
    for index in range(start, len(damaged), 7):
        damaged[index] ^= 0x5A
    return bytes(damaged)


def tiff_whose_second_page_has_no_dimensions() -> bytes:
    """A one-page TIFF whose next-IFD pointer leads to a page without width and height."""
    data = bytearray(image_bytes("TIFF", size=(8, 8)))
    assert data[:4] == b"II*\x00"
    first_ifd = struct.unpack_from("<I", data, 4)[0]
    entries = struct.unpack_from("<H", data, first_ifd)[0]
    struct.pack_into("<I", data, first_ifd + 2 + 12 * entries, len(data))
    data += struct.pack("<H", 1) + struct.pack("<HHII", 259, 3, 1, 1) + struct.pack("<I", 0)
    return bytes(data)


# --- rejections ---------------------------------------------------------------------------------------------


def test_an_empty_file_is_rejected_as_empty_and_recorded(receiver: Receiver) -> None:
    # Given an upload of zero bytes
    data = bad_inputs.empty_file()
    # When it is received
    outcome = receiver.receive(data, "empty.pdf")
    # Then a REJECTED entry names the empty file, and there were no bytes to keep
    assert outcome.created is True
    stored = receiver.repository.get(document_id_of(data))
    assert stored is not None
    assert stored.status == DocumentStatus.REJECTED
    assert stored.error_code == EmptyFile.code
    assert stored.size_bytes == 0
    assert stored.file_name == "empty.pdf"
    with pytest.raises(DocumentNotFound):
        receiver.store.get_original(stored.document_id)


def test_a_truncated_pdf_is_rejected_as_truncated_and_kept(receiver: Receiver) -> None:
    # Given the first half of a valid PDF
    data = bad_inputs.truncated_pdf()
    # When it is received
    outcome = receiver.receive(data, "cut.pdf")
    # Then it is rejected as truncated, recorded as a PDF, and its bytes are kept
    stored = receiver.assert_rejected_and_kept(outcome, data, TruncatedFile)
    assert stored.media_type == MediaType.PDF


def test_a_corrupt_pdf_is_rejected_as_corrupt_and_kept(receiver: Receiver) -> None:
    # Given a file with a PDF header and no PDF structure
    data = bad_inputs.corrupt_pdf()
    # When it is received
    outcome = receiver.receive(data, "corrupt.pdf")
    # Then it is rejected as corrupt (not as truncated: it has an end marker) and kept
    receiver.assert_rejected_and_kept(outcome, data, CorruptFile)


def test_an_encrypted_pdf_is_rejected_with_its_reason_and_kept(receiver: Receiver) -> None:
    # Given a PDF that needs a user password to open
    data = bad_inputs.encrypted_pdf(user_password="secret")
    # When it is received
    outcome = receiver.receive(data, "locked.pdf")
    # Then it is rejected as encrypted, the message says why, and its bytes are kept
    stored = receiver.assert_rejected_and_kept(outcome, data, EncryptedPdf)
    assert "password" in (stored.error_message or "")


def test_an_xfa_form_is_rejected_with_its_reason_and_kept(receiver: Receiver) -> None:
    # Given a PDF whose content is a dynamic XFA form
    data = bad_inputs.xfa_pdf()
    # When it is received
    outcome = receiver.receive(data, "form.pdf")
    # Then it is rejected as an XFA form and kept
    stored = receiver.assert_rejected_and_kept(outcome, data, XfaForm)
    assert "XFA" in (stored.error_message or "")


def test_a_pdf_with_more_pages_than_the_limit_is_rejected_and_kept(tmp_path: Path) -> None:
    # Given a page limit of 3 and a 4-page PDF
    receiver = make_receiver(tmp_path, Settings(data_dir=tmp_path, max_pages=3))
    data = bad_inputs.pdf_with_pages(4)
    # When it is received
    outcome = receiver.receive(data, "long.pdf")
    # Then it is rejected as too many pages, the message gives the count and the limit, and it is kept
    stored = receiver.assert_rejected_and_kept(outcome, data, TooManyPages)
    assert "4 pages" in (stored.error_message or "")
    assert "limit is 3" in (stored.error_message or "")


def test_a_pdf_with_exactly_the_page_limit_is_accepted(tmp_path: Path) -> None:
    # Given a page limit of 3 and a 3-page PDF
    receiver = make_receiver(tmp_path, Settings(data_dir=tmp_path, max_pages=3))
    data = bad_inputs.pdf_with_pages(3)
    # When it is received
    outcome = receiver.receive(data, "three.pdf")
    # Then it is accepted with its 3 pages
    assert outcome.rejected is False
    assert outcome.entry.status == DocumentStatus.RECEIVED
    assert outcome.entry.pages == 3


def test_a_file_larger_than_the_limit_is_rejected_and_kept(tmp_path: Path) -> None:
    # Given a valid PDF one byte larger than the size limit
    data = bad_inputs.pdf_with_pages(1)
    receiver = make_receiver(tmp_path, Settings(data_dir=tmp_path, max_file_bytes=len(data) - 1))
    # When it is received
    outcome = receiver.receive(data, "big.pdf")
    # Then it is rejected as too large, the message gives the limit, and it is kept
    stored = receiver.assert_rejected_and_kept(outcome, data, TooLarge)
    assert f"{len(data) - 1:,}" in (stored.error_message or "")


def test_a_file_exactly_at_the_size_limit_is_accepted(tmp_path: Path) -> None:
    # Given a valid PDF exactly as large as the size limit
    data = bad_inputs.pdf_with_pages(1)
    receiver = make_receiver(tmp_path, Settings(data_dir=tmp_path, max_file_bytes=len(data)))
    # When it is received
    outcome = receiver.receive(data, "fits.pdf")
    # Then it is accepted
    assert outcome.rejected is False
    assert outcome.entry.media_type == MediaType.PDF


def test_a_zip_archive_is_rejected_as_unsupported_and_the_message_names_it(receiver: Receiver) -> None:
    # Given a ZIP archive named like a PDF
    data = bad_inputs.zip_file()
    # When it is received
    outcome = receiver.receive(data, "sheet.pdf")
    # Then it is rejected as an unsupported type named ZIP, with no media type, and kept
    stored = receiver.assert_rejected_and_kept(outcome, data, UnsupportedType)
    assert "ZIP" in (stored.error_message or "")
    assert stored.media_type is None


def test_a_word_document_is_rejected_as_unsupported_and_the_message_names_it(receiver: Receiver) -> None:
    # Given a DOCX file
    data = bad_inputs.docx_file()
    # When it is received
    outcome = receiver.receive(data, "sheet.docx")
    # Then it is rejected as an unsupported type whose message names DOCX and lists what is accepted
    stored = receiver.assert_rejected_and_kept(outcome, data, UnsupportedType)
    message = stored.error_message or ""
    assert "DOCX" in message
    assert "PDF" in message


@pytest.mark.parametrize(("image_format", "media_type"), [("PNG", MediaType.PNG), ("JPEG", MediaType.JPEG)])
def test_a_truncated_image_is_rejected_as_truncated_and_kept(
    receiver: Receiver, image_format: str, media_type: MediaType
) -> None:
    # Given the first half of a valid image
    whole = image_bytes(image_format)
    data = whole[: len(whole) // 2]
    # When it is received
    outcome = receiver.receive(data, f"scan.{image_format.lower()}")
    # Then it is rejected as truncated, recorded with its sniffed type, and kept
    stored = receiver.assert_rejected_and_kept(outcome, data, TruncatedFile)
    assert stored.media_type == media_type


@pytest.mark.parametrize("image_format", ["PNG", "JPEG"])
def test_a_corrupt_image_is_rejected_as_corrupt_and_kept(receiver: Receiver, image_format: str) -> None:
    # Given a complete image whose data after the header is scrambled
    data = scrambled(image_bytes(image_format), start=100)
    # When it is received
    outcome = receiver.receive(data, f"scan.{image_format.lower()}")
    # Then it is rejected as corrupt and kept
    receiver.assert_rejected_and_kept(outcome, data, CorruptFile)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_tiff_whose_next_page_is_broken_is_rejected_as_corrupt_and_kept(receiver: Receiver) -> None:
    # Given a TIFF whose second page has no dimensions (Pillow raises TypeError on it)
    data = tiff_whose_second_page_has_no_dimensions()
    # When it is received
    outcome = receiver.receive(data, "scan.tif")
    # Then it is rejected as corrupt and kept, rather than crashing the receive step
    receiver.assert_rejected_and_kept(outcome, data, CorruptFile)


# --- acceptances --------------------------------------------------------------------------------------------


def test_a_pdf_named_png_is_accepted_as_a_pdf_by_its_content(receiver: Receiver) -> None:
    # Given a valid two-page PDF whose name says PNG
    data = bad_inputs.pdf_with_pages(2)
    # When it is received
    outcome = receiver.receive(data, "sheet.png")
    # Then it is accepted as a PDF with 2 pages, keeps its name, and is stored
    assert outcome.created is True
    assert outcome.rejected is False
    entry = outcome.entry
    assert entry.media_type == MediaType.PDF
    assert entry.pages == 2
    assert entry.file_name == "sheet.png"
    assert entry.error_code is None
    assert receiver.repository.get(entry.document_id) == entry
    assert receiver.store.get_original(entry.document_id) == data


def test_a_pdf_with_only_an_owner_password_is_accepted(receiver: Receiver) -> None:
    # Given a PDF encrypted with an owner password but no user password (opens without asking)
    data = bad_inputs.encrypted_pdf(user_password="", owner_password="owner-secret")
    assert b"/Encrypt" in data
    # When it is received
    outcome = receiver.receive(data, "restricted.pdf")
    # Then it is accepted with its one page
    assert outcome.rejected is False
    assert outcome.entry.status == DocumentStatus.RECEIVED
    assert outcome.entry.pages == 1


def test_a_multi_page_tiff_counts_its_pages(receiver: Receiver) -> None:
    # Given a TIFF with 3 pages
    data = image_bytes("TIFF", frames=3)
    # When it is received
    outcome = receiver.receive(data, "scan.tif")
    # Then it is accepted as a TIFF of 3 pages
    assert outcome.rejected is False
    assert outcome.entry.media_type == MediaType.TIFF
    assert outcome.entry.pages == 3


def test_a_jpeg_is_accepted_as_one_page(receiver: Receiver) -> None:
    # Given a valid JPEG
    data = image_bytes("JPEG")
    # When it is received
    outcome = receiver.receive(data, "photo.jpg")
    # Then it is accepted as a one-page JPEG
    assert outcome.rejected is False
    assert outcome.entry.media_type == MediaType.JPEG
    assert outcome.entry.pages == 1


def test_the_document_id_is_the_sha256_of_the_bytes_whatever_the_name(receiver: Receiver) -> None:
    # Given a PDF
    data = bad_inputs.pdf_with_pages(1)
    # When it is received
    outcome = receiver.receive(data, "any-name.pdf")
    # Then its id is the SHA-256 of its bytes, and the entry records size and time of receipt
    assert outcome.entry.document_id == hashlib.sha256(data).hexdigest()
    assert outcome.entry.size_bytes == len(data)
    assert outcome.entry.received_at == T0
    assert outcome.entry.updated_at == T0


# --- idempotence --------------------------------------------------------------------------------------------


def test_receiving_the_same_bytes_twice_returns_the_same_entry_and_changes_nothing(
    receiver: Receiver, tmp_path: Path
) -> None:
    # Given a PDF that was received once
    data = bad_inputs.pdf_with_pages(2)
    first = receiver.receive(data, "first.pdf")
    [original_path] = [path for path in tmp_path.rglob(first.entry.document_id) if path.is_file()]
    mtime_before = original_path.stat().st_mtime_ns
    # When the same bytes arrive again later, under another name
    receiver.clock = T0 + timedelta(hours=1)
    second = receiver.receive(data, "second.pdf")
    # Then the first entry is returned unchanged, not created, and nothing was added or rewritten
    assert second.created is False
    assert second.entry == first.entry
    assert second.entry.file_name == "first.pdf"
    assert second.entry.received_at == T0
    assert receiver.repository.list() == [first.entry]
    assert original_path.stat().st_mtime_ns == mtime_before
    assert receiver.store.get_original(first.entry.document_id) == data


def test_receiving_a_rejected_file_again_returns_the_recorded_rejection(tmp_path: Path) -> None:
    # Given an encrypted PDF that was rejected once
    receiver = make_receiver(tmp_path)
    data = bad_inputs.encrypted_pdf()
    first = receiver.receive(data, "locked.pdf")
    # When the same bytes arrive again
    receiver.clock = T0 + timedelta(days=1)
    second = receiver.receive(data, "locked-again.pdf")
    # Then the recorded rejection is returned as it was, and there is still one entry
    assert second.created is False
    assert second.rejected is True
    assert second.entry == first.entry
    assert second.entry.error_code == EncryptedPdf.code
    assert len(receiver.repository.list()) == 1
