"""Receive: check a file, give it its content id, store it once and record it (or why it was rejected)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from models.document import DocumentEntry, DocumentStatus, MediaType
from msds.domain.file_types import describe_unknown, sniff_media_type
from msds.errors import EmptyFile, RejectedDocument, TooLarge, TooManyPages, UnsupportedType
from msds.ports import DocumentInspector, DocumentRepository, DocumentStore
from msds.settings import Settings


@dataclass(frozen=True)
class ReceiveOutcome:
    entry: DocumentEntry
    created: bool

    @property
    def rejected(self) -> bool:
        return self.entry.status == DocumentStatus.REJECTED


def document_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def receive_document(
    data: bytes,
    file_name: str,
    *,
    store: DocumentStore,
    repository: DocumentRepository,
    inspector: DocumentInspector,
    settings: Settings,
    now: Callable[[], datetime] = utc_now,
    supplier_id: str | None = None,
    uploaded_by: str | None = None,
) -> ReceiveOutcome:
    """Check and record one uploaded file.

    The same bytes received twice return the existing entry unchanged, except that a supplier who had not
    sent them before is added to its ``supplier_ids``. A rejected file is recorded with its named reason
    and its bytes are kept, so nothing a supplier sent is lost.
    """
    document_id = document_id_of(data)
    existing = repository.get(document_id)
    if existing is not None:
        if supplier_id is not None:
            existing = add_supplier(repository, document_id, supplier_id, now) or existing
        return ReceiveOutcome(existing, created=False)

    timestamp = now()
    entry = DocumentEntry(
        document_id=document_id,
        file_name=file_name,
        size_bytes=len(data),
        status=DocumentStatus.RECEIVED,
        received_at=timestamp,
        updated_at=timestamp,
        supplier_ids=[supplier_id] if supplier_id else [],
        uploaded_by=uploaded_by,
    )
    # Keep the bytes before anything can go wrong while inspecting them: nothing a supplier sent is lost.
    if data:
        store.put_original(document_id, data)
    try:
        media_type, pages = check_file(data, inspector, settings)
        entry = entry.model_copy(update={"media_type": media_type, "pages": pages})
    except RejectedDocument as error:
        entry = entry.model_copy(
            update={
                "status": DocumentStatus.REJECTED,
                "error_code": error.code,
                "error_message": error.message,
                "media_type": sniff_media_type(data[:1024]),
            }
        )
    created = repository.insert_if_absent(entry)
    if not created:  # another worker received the same bytes at the same moment
        stored = repository.get(document_id)
        if stored is not None and supplier_id is not None:
            stored = add_supplier(repository, document_id, supplier_id, now) or stored
        return ReceiveOutcome(stored or entry, created=False)
    return ReceiveOutcome(entry, created=True)


def record_unread(
    document_id: str,
    file_name: str,
    size_bytes: int,
    error: RejectedDocument,
    *,
    repository: DocumentRepository,
    now: Callable[[], datetime] = utc_now,
) -> ReceiveOutcome:
    """Record a file that was not read into memory (larger than the size limit) as rejected with its
    named reason; its bytes stay where they are and are not stored. A second time returns the entry."""
    existing = repository.get(document_id)
    if existing is not None:
        return ReceiveOutcome(existing, created=False)
    timestamp = now()
    entry = DocumentEntry(
        document_id=document_id,
        file_name=file_name,
        size_bytes=size_bytes,
        status=DocumentStatus.REJECTED,
        received_at=timestamp,
        updated_at=timestamp,
        error_code=error.code,
        error_message=error.message,
    )
    created = repository.insert_if_absent(entry)
    return ReceiveOutcome(entry if created else repository.get(document_id) or entry, created=created)


def too_large(size_bytes: int, settings: Settings) -> TooLarge:
    return TooLarge(f"the file has {size_bytes:,} bytes; the limit is {settings.max_file_bytes:,}")


def add_supplier(
    repository: DocumentRepository,
    document_id: str,
    supplier_id: str,
    now: Callable[[], datetime] = utc_now,
) -> DocumentEntry | None:
    """Record that a supplier sent a document's bytes (so it sees the document); None when there is no
    such document. Atomic against other workers; a supplier already recorded changes nothing."""
    with repository.transaction():
        entry = repository.get(document_id)
        if entry is None or supplier_id in entry.supplier_ids:
            return entry
        entry = entry.model_copy(
            update={"supplier_ids": [*entry.supplier_ids, supplier_id], "updated_at": now()}
        )
        repository.update(entry)
    return entry


def check_file(data: bytes, inspector: DocumentInspector, settings: Settings) -> tuple[MediaType, int]:
    """Return (media type, page count) or raise the named rejection."""
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    if len(data) > settings.max_file_bytes:
        raise too_large(len(data), settings)
    media_type = sniff_media_type(data[:1024])
    if media_type is None:
        raise UnsupportedType(
            f"the file is {describe_unknown(data[:1024])}; accepted are PDF, PNG, JPEG and TIFF"
        )
    pages = inspector.page_count(data, media_type)
    if pages > settings.max_pages:
        raise TooManyPages(f"the document has {pages} pages; the limit is {settings.max_pages}")
    return media_type, pages
