"""A newer revision of the same product from the same supplier supersedes the older; history is kept."""

from __future__ import annotations

import re
import unicodedata

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from msds.ports import DocumentRepository


def product_key(record: SdsRecord) -> str | None:
    """Supplier and product, normalised, or None when either is unknown."""
    if record.product_name is None or record.supplier_name is None:
        return None
    return f"{_normalise(record.supplier_name.value)}::{_normalise(record.product_name.value)}"


def _normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return re.sub(r"[\W_]+", " ", folded).strip()


def apply_supersede(entry: DocumentEntry, record: SdsRecord, repository: DocumentRepository) -> DocumentEntry:
    """Link this entry with the current revision of its product; call inside a repository transaction.

    Returns the updated entry (not yet saved). The other entry, if superseded, is saved here.
    """
    key = product_key(record)
    revision = record.revision_date.value if record.revision_date else None
    entry = entry.model_copy(update={"product_key": key, "revision_date": revision})
    if key is None:
        return entry
    current = repository.find_current_by_product(key)
    if current is None or current.document_id == entry.document_id:
        return entry
    if (revision or "") >= (current.revision_date or ""):
        repository.update(
            current.model_copy(
                update={
                    "status": DocumentStatus.SUPERSEDED,
                    "superseded_by": entry.document_id,
                    "updated_at": entry.updated_at,
                }
            )
        )
        return entry.model_copy(update={"supersedes": current.document_id})
    return entry.model_copy(
        update={"status": DocumentStatus.SUPERSEDED, "superseded_by": current.document_id}
    )
