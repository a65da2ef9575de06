"""Reviewed sheets as labels in the corpus label format: what a reviewer confirmed or corrected becomes
evaluation and training data (``msds export --format labels``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from models.review import ReviewEventKind
from msds.ports import DocumentRepository, ReviewTasks
from msds.services.export import record_to_row

# Keys of a prediction row that a label does not have.
_PREDICTION_ONLY = ("needs_review", "review_reasons", "error")


def reviewed_labels(repository: DocumentRepository, tasks: ReviewTasks) -> Iterator[dict[str, Any]]:
    """One label per document with a submitted review: the reviewed record's values, the reviewers, and in
    ``notes`` what they corrected and confirmed (the machine's values are in each correction)."""
    for entry in repository.list():
        submitted = [e for e in tasks.events(entry.document_id) if e.kind == ReviewEventKind.SUBMITTED]
        record = repository.get_record(entry.document_id) if submitted else None
        if record is None:
            continue
        row = record_to_row(record, Path(entry.file_name).stem)
        for key in _PREDICTION_ONLY:
            row.pop(key, None)
        corrections = [c for event in submitted for c in event.detail.get("corrections", [])]
        confirmed = sorted({name for event in submitted for name in event.detail.get("confirmed", [])})
        corrected = sorted({c["field"] for c in corrections})
        last = submitted[-1]
        row.update(
            {
                "file_name": entry.file_name,
                "sha256": entry.document_id,
                "notes": (
                    f"Reviewed by {last.actor} on {last.at.date().isoformat()}; "
                    f"corrected: {', '.join(corrected) or 'nothing'}; "
                    f"confirmed: {', '.join(confirmed) or 'nothing named'}. "
                    "Fields not named were neither corrected nor confirmed."
                ),
                "uncertain": [],
                "reviewers": sorted({event.actor for event in submitted}),
                "corrections": corrections,
                "confirmed_fields": confirmed,
            }
        )
        yield row
