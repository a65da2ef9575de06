"""Human review: what a reviewer answered, and each correction kept with its provenance (training data)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any

from pydantic import BaseModel, Field

from models.record import ReviewReason

# Fields a reviewer can correct: one value each, or a list of codes for the last three.
REVIEWABLE_VALUE_FIELDS: tuple[str, ...] = (
    "product_name",
    "supplier_name",
    "supplier_country",
    "emergency_phone",
    "revision_date",
    "version",
    "signal_word",
    "un_number",
    "flash_point_c",
    "has_signature",
)
REVIEWABLE_CODE_FIELDS: tuple[str, ...] = ("hazard_statements", "precautionary_statements", "pictograms")


class ReviewAnswer(BaseModel):
    """One reviewer's submitted form: field name -> the value they confirmed or typed."""

    reviewer: str
    submitted_at: datetime
    values: dict[str, Any] = Field(default_factory=dict)


class Correction(BaseModel):
    """A value a reviewer changed: the machine's value, the reviewer's, who and when."""

    document_id: str
    field: str
    machine_value: Any
    reviewer_value: Any
    reviewer: str
    reviewed_at: datetime
    review_id: str


class ReviewPriority(IntEnum):
    """Where a sheet stands in the queue: a possible missed hazard first, then other errors, then identity
    fields (lower is more urgent)."""

    POSSIBLE_MISSED_HAZARD = 0
    VALIDATION_ERROR = 1
    IDENTITY = 2

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]


_PRIORITY_LABELS = {
    ReviewPriority.POSSIBLE_MISSED_HAZARD: "possible missed hazard",
    ReviewPriority.VALIDATION_ERROR: "validation error",
    ReviewPriority.IDENTITY: "identity fields",
}


class ReviewTaskState(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class ReviewChannel(StrEnum):
    """Who works the task: the product's own queue, or an Amazon A2I human loop (opt-in)."""

    QUEUE = "queue"
    A2I = "a2i"


class ReviewTask(BaseModel):
    """One sheet waiting for (or done with) a human review in the product's queue.

    A task is claimed by one reviewer until ``claim_expires_at``; an expired claim is free again, so an
    abandoned task goes back to the queue by itself. ``task_token`` is the waiting workflow's token on the
    AWS host (never shown to users)."""

    document_id: str
    file_name: str
    priority: ReviewPriority
    reasons: list[ReviewReason] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list, description="Fields to check, most urgent first.")
    supplier_ids: list[str] = Field(default_factory=list)
    language: str | None = None
    opened_at: datetime
    state: ReviewTaskState = ReviewTaskState.OPEN
    attempt: int = Field(default=1, ge=1)
    claimed_by: str | None = None
    claim_expires_at: datetime | None = None
    completed_by: str | None = None
    completed_at: datetime | None = None
    channel: ReviewChannel = ReviewChannel.QUEUE
    task_token: str | None = None
    human_loop_name: str | None = None

    def claimed_at(self, now: datetime) -> str | None:
        """The reviewer holding the task at ``now`` (None when it is free or its claim expired)."""
        if self.state != ReviewTaskState.OPEN or self.claimed_by is None:
            return None
        if self.claim_expires_at is not None and self.claim_expires_at <= now:
            return None
        return self.claimed_by

    @property
    def version(self) -> str:
        """What a conditional write compares (state, attempt, claim holder and expiry, workflow token): a
        task changed by another writer since it was read has another version."""
        expires = self.claim_expires_at.isoformat() if self.claim_expires_at else ""
        return f"{self.state.value}|{self.attempt}|{self.claimed_by or ''}|{expires}|{self.task_token or ''}"

    @property
    def queue_position(self) -> str:
        """The task's place in the queue as a sortable text: priority, then age, then id."""
        return f"{int(self.priority)}#{self.opened_at.astimezone(UTC).isoformat()}#{self.document_id}"


class ReviewEventKind(StrEnum):
    OPENED = "opened"
    CLAIMED = "claimed"
    RELEASED = "released"
    REASSIGNED = "reassigned"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class ReviewEvent(BaseModel):
    """One line of a review's audit trail."""

    document_id: str
    at: datetime
    actor: str
    kind: ReviewEventKind
    review_id: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
