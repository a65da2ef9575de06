"""Bodies of the HTTP API (uploads, documents, reviews): what the routes accept and what they return."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Finding, ReviewReason, SdsRecord
from models.review import (
    REVIEWABLE_CODE_FIELDS,
    REVIEWABLE_VALUE_FIELDS,
    Correction,
    ReviewChannel,
    ReviewEvent,
    ReviewPriority,
    ReviewTask,
)

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
    """``POST /api/uploads``: the file the caller is about to upload."""

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
    """``GET /api/documents/{document_id}``: where a document is in the pipeline."""

    document_id: str
    file_name: str
    status: DocumentStatus
    media_type: MediaType | None = None
    size_bytes: int
    pages: int | None = None
    received_at: datetime
    updated_at: datetime
    completed_steps: list[str] = Field(default_factory=list)
    attempt: int = Field(default=0, description="Reprocess attempts recorded (0: the first run only).")
    error_code: str | None = None
    error_message: str | None = None
    revision_date: str | None = None
    superseded_by: str | None = None
    supersedes: str | None = None
    supplier_ids: list[str] | None = Field(default=None, description="Shown to compliance and reviewers.")
    status_text: str = Field(default="", description="The status (and a rejection's reason) in plain words.")

    @classmethod
    def of(cls, entry: DocumentEntry, *, with_suppliers: bool, status_text: str = "") -> DocumentView:
        view = cls.model_validate(entry.model_dump(exclude={"supplier_ids", "uploaded_by", "product_key"}))
        return view.model_copy(
            update={
                "supplier_ids": list(entry.supplier_ids) if with_suppliers else None,
                "status_text": status_text,
            }
        )


class DocumentPage(BaseModel):
    """``GET /api/documents``: the documents the caller may see, newest first; pass ``next_token`` back."""

    items: list[DocumentView]
    next_token: str | None = None


class DocumentListQuery(_Request):
    """``GET /api/documents`` query string."""

    status: DocumentStatus | None = Field(default=None, description="Only documents with this status.")
    limit: int = Field(default=50, ge=1, le=200, description="Documents per page.")
    next_token: str | None = Field(default=None, max_length=512, description="From the previous page.")


class RevisionHistory(BaseModel):
    """``GET /api/documents/{document_id}/history``: every revision of the product the caller may see,
    newest first, and the document's reviews."""

    document_id: str
    revisions: list[DocumentView]
    reviews: list[ReviewEvent] = Field(default_factory=list)


class Me(BaseModel):
    """``GET /api/me``: the signed-in caller."""

    subject: str
    name: str
    groups: list[str]
    supplier_id: str | None = None


class DocumentRecordView(BaseModel):
    """``GET /api/documents/{document_id}/record``: the document's status and its record."""

    document_id: str
    status: DocumentStatus
    record: SdsRecord


# -- reviews -------------------------------------------------------------------------------------------------


class ReviewCorrections(_Request):
    """``POST /api/reviews/{document_id}``: the reviewer's values. An omitted (or null) field keeps the
    machine's value; an empty list of codes clears that list. An empty body confirms the record as it is."""

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
    confirmed_fields: list[str] = Field(
        default_factory=list,
        max_length=len(REVIEWABLE_VALUE_FIELDS) + len(REVIEWABLE_CODE_FIELDS),
        description="Fields the reviewer looked at and found right (kept in the audit trail).",
    )

    @field_validator("confirmed_fields")
    @classmethod
    def _reviewable(cls, names: list[str]) -> list[str]:
        known = {*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"not reviewable fields: {', '.join(unknown)}")
        return names

    def values(self) -> dict[str, Any]:
        """The fields the reviewer gave, by name (the form of ``models.review.ReviewAnswer.values``)."""
        values = self.model_dump(exclude={"confirmed_fields"})
        return {name: value for name, value in values.items() if value is not None}


class ReviewTaskView(BaseModel):
    """One task of the product's review queue as reviewers see it (the workflow token never leaves)."""

    document_id: str
    file_name: str
    priority: ReviewPriority
    priority_label: str
    reasons: list[ReviewReason]
    fields: list[str] = Field(description="Fields to check, most urgent first.")
    language: str | None = None
    opened_at: datetime
    attempt: int
    claimed_by: str | None = Field(description="Who holds the task now (None when free or expired).")
    claim_expires_at: datetime | None = None
    channel: ReviewChannel = Field(
        default=ReviewChannel.QUEUE,
        description="queue: worked here; a2i: sent to an Amazon A2I human loop (not claimable here).",
    )

    @classmethod
    def of(cls, task: ReviewTask, now: datetime) -> ReviewTaskView:
        holder = task.claimed_at(now)
        return cls(
            document_id=task.document_id,
            file_name=task.file_name,
            priority=task.priority,
            priority_label=task.priority.label,
            reasons=task.reasons,
            fields=task.fields,
            language=task.language,
            opened_at=task.opened_at,
            attempt=task.attempt,
            claimed_by=holder,
            claim_expires_at=task.claim_expires_at if holder else None,
            channel=task.channel,
        )


class ReviewQueue(BaseModel):
    """``GET /api/reviews``: open tasks, a possible missed hazard first, then oldest first."""

    items: list[ReviewTaskView]
    open_tasks: int = Field(description="Open tasks in the whole queue.")
    next_token: str | None = None


class ReviewTaskDetail(BaseModel):
    """``GET /api/reviews/{document_id}``: the task, the record under review, its findings and what may be
    corrected."""

    task: ReviewTaskView
    record: SdsRecord
    findings: list[Finding] = Field(default_factory=list)
    correctable_fields: list[str]


class AssignRequest(_Request):
    """``POST /api/reviews/{document_id}/assign`` (administrators): hand the task to a reviewer."""

    reviewer: str = Field(min_length=1, max_length=128)


class ReviewResult(BaseModel):
    """What a submitted review changed."""

    document_id: str
    status: DocumentStatus
    corrections: list[Correction]
    findings: list[Finding]
    workflow_resumed: bool
    # No workflow waited for the review (its wait had timed out): the reviewed record is published by this
    # reprocess attempt, started from Publish (AWS host); None when it was published in the request.
    publish_attempt: int | None = None


# -- administration ------------------------------------------------------------------------------------------


class ReprocessRequest(_Request):
    """Run a document's pipeline again: from its first unfinished step, or from ``from_step``. ``attempt``
    makes the request safe to repeat: when that attempt is already recorded, the answer is that attempt
    (not a new one)."""

    from_step: str | None = Field(
        default=None, max_length=64, description="Run this step and every later one again (e.g. Extract)."
    )
    attempt: int | None = Field(
        default=None, ge=1, description="The attempt to start; a request repeated with it starts nothing new."
    )


class ReprocessStarted(BaseModel):
    """A reprocess attempt of a document: which one, from which step, and whether this request started it
    (False: the same attempt had already been started, e.g. by a concurrent request)."""

    document_id: str
    file_name: str
    attempt: int
    start_from: str
    started: bool
    status: DocumentStatus
    execution_name: str | None = None  # the AWS host's execution of this attempt
    execution_arn: str | None = None  # ... when this request started it


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
