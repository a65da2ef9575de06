"""The stored state of a received document."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class MediaType(StrEnum):
    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TIFF = "image/tiff"


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    ACCEPTED = "accepted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    FAILED = "failed"
    SUPERSEDED = "superseded"


class DocumentEntry(BaseModel):
    """One row of the document repository."""

    document_id: str
    file_name: str
    media_type: MediaType | None = None
    size_bytes: int
    pages: int | None = None
    status: DocumentStatus
    received_at: datetime
    updated_at: datetime
    completed_steps: list[str] = Field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None
    product_key: str | None = None
    revision_date: str | None = None
    superseded_by: str | None = None
    supersedes: str | None = None
    # Who sent it: the suppliers whose uploads carried these bytes (each sees the document through the API;
    # the same bytes sent by two suppliers are one document) and the user whose upload created the entry.
    supplier_ids: list[str] = Field(default_factory=list)
    uploaded_by: str | None = None
    # The latest processing attempt: 0 is the first; each reprocess records the next one (a conditional
    # write), and the AWS host names that attempt's execution after it.
    attempt: int = Field(default=0, ge=0)
