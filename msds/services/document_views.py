"""What a signed-in caller may read of the documents: the list of them, one document's status and record, its
record as CSV, its original file, a rendered page and its revision history.

Suppliers see only the documents they sent; another supplier's document answers exactly as an unknown id
(``msds.services.api_access.visible_entry``), so ids do not leak. Staff see every document.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC

from models.api import DocumentPage, DocumentView, RevisionHistory
from models.document import DocumentEntry, DocumentStatus
from msds.domain.plain_words import status_text
from msds.errors import AccessDenied, DocumentNotFound, InvalidRequest, RecordNotFound
from msds.ports import DocumentRepository, DocumentStore, PageRenderer, ReviewTasks
from msds.services.api_access import EVERYONE, SUPPLIER_CLAIM, Caller, require_group, visible_entry
from msds.services.export import LABEL_KEYS, csv_cell, record_to_row
from msds.services.page_tokens import decode_position, encode_position

PAGE_DPI = 100
PAGE_IMAGE_ARTIFACT = "page-{page}-{dpi}dpi.png"
RECORD_CSV_COLUMNS = ("document_id", "status", *LABEL_KEYS, "needs_review", "review_reasons")
_POSITION = re.compile(r"^[0-9T:.+\-]{19,40}#[0-9a-f]{64}$")


def document_view(entry: DocumentEntry, caller: Caller) -> DocumentView:
    return DocumentView.of(
        entry, with_suppliers=caller.is_staff, status_text=status_text(entry.status, entry.error_code)
    )


def visible_documents(
    caller: Caller,
    repository: DocumentRepository,
    *,
    status: DocumentStatus | None = None,
    limit: int = 50,
    next_token: str | None = None,
) -> DocumentPage:
    """The documents the caller may see, newest received first, one page at a time."""
    require_group(caller, EVERYONE)
    if not caller.is_staff and caller.supplier_id is None:
        raise AccessDenied(f"a supplier's token must carry {SUPPLIER_CLAIM}")
    after = decode_position(next_token, _POSITION) if next_token else None
    entries = [
        entry
        for entry in repository.list(status)
        if caller.is_staff or caller.supplier_id in entry.supplier_ids
    ]
    entries.sort(key=_position, reverse=True)
    if after is not None:
        entries = [entry for entry in entries if _position(entry) < after]
    page = entries[:limit]
    more = len(entries) > limit
    return DocumentPage(
        items=[document_view(entry, caller) for entry in page],
        next_token=encode_position(_position(page[-1])) if more and page else None,
    )


def record_csv(caller: Caller, repository: DocumentRepository, document_id: str) -> str:
    """The document's record as a CSV file of one row (the columns of ``msds export --format csv``)."""
    entry = visible_entry(caller, repository, document_id)
    record = repository.get_record(entry.document_id)
    if record is None:
        raise RecordNotFound(f"{document_id} has no record yet (status {entry.status.value})")
    row = record_to_row(record, entry.file_name.rsplit(".", 1)[0])
    row["status"] = entry.status.value
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RECORD_CSV_COLUMNS)
    writer.writerow([csv_cell(row.get(column)) for column in RECORD_CSV_COLUMNS])
    return out.getvalue()


def original_file(
    caller: Caller, repository: DocumentRepository, store: DocumentStore, document_id: str
) -> tuple[DocumentEntry, bytes]:
    """The document's entry and the bytes it was received as."""
    entry = visible_entry(caller, repository, document_id)
    if entry.size_bytes == 0:
        return entry, b""  # an empty upload is recorded, but there are no bytes to store
    return entry, store.get_original(entry.document_id)


def page_image(
    caller: Caller,
    repository: DocumentRepository,
    store: DocumentStore,
    renderer: PageRenderer,
    document_id: str,
    page: int,
    dpi: int = PAGE_DPI,
) -> bytes:
    """The page rendered as PNG (kept as an artifact after the first time)."""
    entry = visible_entry(caller, repository, document_id)
    if entry.status == DocumentStatus.REJECTED or not entry.pages:
        raise RecordNotFound(f"{document_id} has no pages to show (status {entry.status.value})")
    if not 1 <= page <= entry.pages:
        raise InvalidRequest(
            f"page {page} is outside 1..{entry.pages}", [("path.page", f"outside 1..{entry.pages}")]
        )
    return rendered_page(entry.document_id, store, renderer, page, dpi)


def rendered_page(
    document_id: str, store: DocumentStore, renderer: PageRenderer, page: int, dpi: int
) -> bytes:
    """A page of the original as PNG, rendered once and kept as the artifact ``page_artifact(page, dpi)``."""
    name = page_artifact(page, dpi)
    cached = store.get_artifact(document_id, name)
    if cached is not None:
        return cached
    image = renderer.render(store.get_original(document_id), page, dpi)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    png = out.getvalue()
    store.put_artifact(document_id, name, png)
    return png


def page_artifact(page: int, dpi: int) -> str:
    return PAGE_IMAGE_ARTIFACT.format(page=page, dpi=dpi)


def revision_history(
    caller: Caller, repository: DocumentRepository, tasks: ReviewTasks | None, document_id: str
) -> RevisionHistory:
    """Every revision of the document's product the caller may see (newer and older, by the supersede
    links), newest first, with the document's review trail."""
    entry = visible_entry(caller, repository, document_id)
    chain = [entry]
    seen = {entry.document_id}
    for link in ("superseded_by", "supersedes"):
        current = entry
        while (next_id := getattr(current, link)) and next_id not in seen:
            found = repository.get(next_id)
            if found is None:
                break
            seen.add(next_id)
            chain.append(found)
            current = found
    visible = [item for item in chain if caller.is_staff or caller.supplier_id in item.supplier_ids]
    visible.sort(key=lambda item: (item.revision_date or "", item.received_at), reverse=True)
    reviews = tasks.events(entry.document_id) if tasks is not None and caller.is_staff else []
    return RevisionHistory(
        document_id=entry.document_id,
        revisions=[document_view(item, caller) for item in visible],
        reviews=reviews,
    )


def _position(entry: DocumentEntry) -> str:
    return f"{entry.received_at.astimezone(UTC).isoformat()}#{entry.document_id}"


def not_found(document_id: str) -> DocumentNotFound:
    return DocumentNotFound(f"no document {document_id}")
