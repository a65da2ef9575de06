"""Bodies of the HTTP API (uploads, documents, reviews): what the routes accept and what they return."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Finding, ReviewReason, SdsRecord
from models.review import Correction

# A supplier id names a key prefix and an S3 metadata value: ASCII letters, digits, ".", "_" and "-",
# starting with a letter or digit (so it never collides with the prefixes the product chooses itself).
SUPPLIER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
SupplierId = Annotated[str, StringConstraints(pattern=SUPPLIER_ID_PATTERN)]
PictogramCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[Gg][Hh][Ss]0[1-9]$")
]
StatementCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]
FieldText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- uploads -------------------------------------------------------------------------------------------------


class UploadRequest(_Request):
    """``POST /documents/upload-url``: the file the caller is about to upload."""

    file_name: str = Field(min_length=1, max_length=255, description="The file's name on the caller's side.")
    content_type: MediaType = Field(description="PDF, PNG, JPEG or TIFF.")
    size_bytes: int | None = Field(default=None, gt=0, description="The file's size, checked early if given.")
    supplier_id: SupplierId | None = Field(
        default=None,
        description="Compliance staff: the supplier the sheet belongs to. Suppliers upload as themselves.",
    )

    @field_validator("file_name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(unicodedata.category(char).startswith("C") for char in value):
            raise ValueError("the file name contains control characters")
        if not value.strip():
            raise ValueError("the file name is blank")
        return value.strip()


class UploadPlan(BaseModel):
    """What one presigned upload allows: this key, this content type, 1 to ``max_bytes`` bytes, exactly this
    object metadata (``x-amz-meta-<name>``), until ``expires_at``."""

    key: str
    content_type: MediaType
    max_bytes: int = Field(gt=0)
    metadata: dict[str, str]
    expires_in_seconds: int = Field(gt=0)
    expires_at: datetime


class PresignedUpload(BaseModel):
    """An S3 presigned POST: send ``fields``, then the file as the last form field ``file``, to ``url``."""

    url: str
    fields: dict[str, str]
    key: str
    content_type: MediaType
    max_bytes: int
    expires_at: datetime


# -- documents -----------------------------------------------------------------------------------------------


class DocumentView(BaseModel):
    """``GET /documents/{document_id}``: where a document is in the pipeline."""

    document_id: str
    file_name: str
    status: DocumentStatus
    media_type: MediaType | None = None
    size_bytes: int
    pages: int | None = None
    received_at: datetime
    updated_at: datetime
    completed_steps: list[str] = Field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None
    revision_date: str | None = None
    superseded_by: str | None = None
    supersedes: str | None = None
    supplier_ids: list[str] | None = Field(default=None, description="Shown to compliance and reviewers.")

    @classmethod
    def of(cls, entry: DocumentEntry, *, with_suppliers: bool) -> DocumentView:
        view = cls.model_validate(entry.model_dump(exclude={"supplier_ids", "uploaded_by", "product_key"}))
        return view.model_copy(update={"supplier_ids": list(entry.supplier_ids) if with_suppliers else None})


class DocumentRecordView(BaseModel):
    """``GET /documents/{document_id}/record``: the document's status and its record."""

    document_id: str
    status: DocumentStatus
    record: SdsRecord


# -- reviews -------------------------------------------------------------------------------------------------


class ReviewSummary(BaseModel):
    """One sheet of the review queue and why it is there."""

    document_id: str
    file_name: str
    status: DocumentStatus
    received_at: datetime
    updated_at: datetime
    language: str | None = None
    review_reasons: list[ReviewReason] = Field(default_factory=list)


class ReviewPage(BaseModel):
    """``GET /reviews``: the oldest open reviews first; pass ``next_token`` back for the next page."""

    items: list[ReviewSummary]
    next_token: str | None = None


class ReviewListQuery(_Request):
    """``GET /reviews`` query string."""

    limit: int = Field(default=25, ge=1, le=100, description="Reviews per page.")
    next_token: str | None = Field(default=None, max_length=512, description="From the previous page.")


class ReviewDetail(ReviewSummary):
    """``GET /reviews/{document_id}``: the record under review, its findings and what may be corrected."""

    findings: list[Finding] = Field(default_factory=list)
    record: SdsRecord
    correctable_fields: list[str]


class ReviewCorrections(_Request):
    """``POST /reviews/{document_id}``: the reviewer's values. An omitted (or null) field keeps the machine's
    value; an empty list of codes clears that list. An empty body confirms the record as it is."""

    product_name: FieldText | None = None
    supplier_name: FieldText | None = None
    supplier_country: FieldText | None = None
    emergency_phone: FieldText | None = None
    revision_date: FieldText | None = None
    version: FieldText | None = None
    signal_word: FieldText | None = None
    un_number: FieldText | None = None
    flash_point_c: float | None = Field(default=None, ge=-273.15, le=2000.0)
    has_signature: bool | None = None
    hazard_statements: list[StatementCode] | None = Field(default=None, max_length=100)
    precautionary_statements: list[StatementCode] | None = Field(default=None, max_length=200)
    pictograms: list[PictogramCode] | None = Field(default=None, max_length=9)

    def values(self) -> dict[str, Any]:
        """The fields the reviewer gave, by name (the form of ``models.review.ReviewAnswer.values``)."""
        return {name: value for name, value in self.model_dump().items() if value is not None}


class ReviewResult(BaseModel):
    """What a submitted review changed."""

    document_id: str
    status: DocumentStatus
    corrections: list[Correction]
    findings: list[Finding]
    workflow_resumed: bool


# -- errors --------------------------------------------------------------------------------------------------


class Problem(BaseModel):
    """One thing wrong with a request: where (``body.file_name``, ``query.limit``...) and what."""

    location: str
    message: str


class ErrorBody(BaseModel):
    """Every error response: a stable code, a sentence, and for bad input each problem found."""

    error: str
    message: str
    problems: list[Problem] = Field(default_factory=list)
