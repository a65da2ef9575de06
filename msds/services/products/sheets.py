"""The supplier sheets a product can be linked to: every stored record that was not rejected or failed,
with its document's status and the revision that replaced it, read once per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from msds.ports import DocumentRepository

# Statuses of documents that have (or will have) a record a product may rest on.
LINKABLE = frozenset(
    {
        DocumentStatus.ACCEPTED,
        DocumentStatus.PUBLISHED,
        DocumentStatus.NEEDS_REVIEW,
        DocumentStatus.SUPERSEDED,
        DocumentStatus.PROCESSING,
        DocumentStatus.RECEIVED,
    }
)
IN_REVIEW = frozenset({DocumentStatus.NEEDS_REVIEW, DocumentStatus.PROCESSING, DocumentStatus.RECEIVED})


@dataclass(frozen=True)
class Sheet:
    """A supplier sheet as the product services see it."""

    entry: DocumentEntry
    record: SdsRecord | None

    @property
    def document_id(self) -> str:
        return self.entry.document_id

    @property
    def supplier_name(self) -> str:
        return self.record.supplier_name.value if self.record and self.record.supplier_name else ""

    @property
    def product_name(self) -> str:
        return self.record.product_name.value if self.record and self.record.product_name else ""

    @property
    def cas_numbers(self) -> list[str]:
        return self.record.cas_numbers if self.record else []

    @property
    def revision(self) -> date | None:
        if self.record is None or self.record.revision_date is None:
            return None
        return revision_date(self.record.revision_date.value)

    @property
    def superseded(self) -> bool:
        return self.entry.status is DocumentStatus.SUPERSEDED

    @property
    def in_review(self) -> bool:
        return self.entry.status in IN_REVIEW


def revision_date(value: str | None) -> date | None:
    """A record's revision date ("2021-03-12", or "2021-03" read as the first of the month)."""
    if not value:
        return None
    text = value.strip()
    if len(text) == 7 and text[4] == "-":
        text += "-01"
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


class SheetIndex:
    """Every linkable sheet, by document id, with the supersede chain followed to the current revision."""

    def __init__(self, documents: DocumentRepository) -> None:
        self._sheets: dict[str, Sheet] = {}
        for entry in documents.list():
            if entry.status not in LINKABLE:
                continue
            self._sheets[entry.document_id] = Sheet(entry, documents.get_record(entry.document_id))

    def all(self) -> list[Sheet]:
        return list(self._sheets.values())

    def get(self, document_id: str) -> Sheet | None:
        return self._sheets.get(document_id)

    def current(self, sheet: Sheet) -> Sheet:
        """The latest revision of the sheet's product (the sheet itself when nothing replaced it)."""
        seen = {sheet.document_id}
        while sheet.entry.superseded_by and sheet.entry.superseded_by not in seen:
            newer = self._sheets.get(sheet.entry.superseded_by)
            if newer is None:
                break
            seen.add(newer.document_id)
            sheet = newer
        return sheet
