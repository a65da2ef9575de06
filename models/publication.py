"""A record as it is published for search and analytics: the record with its document's status and owner."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from models.document import DocumentStatus
from models.record import SdsRecord

# The statuses a published record can have: what Route decided (or a review changed it to), and superseded
# for an older revision that stays findable as history.
PUBLISHED_STATUSES: tuple[DocumentStatus, ...] = (
    DocumentStatus.ACCEPTED,
    DocumentStatus.NEEDS_REVIEW,
    DocumentStatus.SUPERSEDED,
)


class Publication(BaseModel):
    """What the Publish step sends to the search index and the analytics store for one document."""

    record: SdsRecord
    status: DocumentStatus
    supplier_ids: list[str] = Field(
        default_factory=list, description="The supplier accounts that sent these bytes (who may see it)."
    )

    @field_validator("status")
    @classmethod
    def _publishable(cls, value: DocumentStatus) -> DocumentStatus:
        if value not in PUBLISHED_STATUSES:
            allowed = ", ".join(s.value for s in PUBLISHED_STATUSES)
            raise ValueError(f"a record is published as {allowed}, not {value.value}")
        return value

    @property
    def document_id(self) -> str:
        return self.record.document_id

    @classmethod
    def of_record(cls, record: SdsRecord) -> Publication:
        """A record published with the status its routing implies (needs review, or accepted), no owner."""
        status = DocumentStatus.NEEDS_REVIEW if record.needs_review else DocumentStatus.ACCEPTED
        return cls(record=record, status=status)
