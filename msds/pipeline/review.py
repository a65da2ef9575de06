"""Human review on either host: a reviewer's answer merged into the record (validated again, the sheet
accepted, the corrections kept), the review task completed with its audit trail, and the record published
again, or the waiting workflow resumed so that it publishes.

The product's review queue (web app and JSON API) and Amazon A2I answers (opt-in, AWS host) both come here.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from models.api import ReviewCorrections, ReviewResult
from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.review import Correction, ReviewAnswer, ReviewEvent, ReviewEventKind, ReviewTask, ReviewTaskState
from models.steps import PipelineState
from msds.errors import ConfigurationError, DocumentNotFound, MsdsError, ReviewNotOpen, StepFailed
from msds.pipeline.runner import load_state
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.ports import ReviewTasks
from msds.services.api_access import Caller
from msds.services.publish import PublishTargets, publish_document
from msds.services.review_merge import apply_review
from msds.services.review_queue import review_answer
from msds.services.review_tasks import check_may_submit, open_task
from msds.services.validate import validate_record

log = logging.getLogger(__name__)

CORRECTIONS_ARTIFACT = "review-{review_id}.json"
# A task whose token the waiting workflow stores while it is being completed is read again this often.
_COMPLETE_ATTEMPTS = 3


@dataclass(frozen=True)
class MergedReview:
    entry: DocumentEntry
    state: PipelineState
    record: SdsRecord
    corrections: list[Correction]


# Resumes the workflow waiting for this task (AWS host); True when it was waiting and resumed.
ResumeWorkflow = Callable[[ReviewTask, MergedReview], bool]
# Publishes a document's reviewed record away from the request (AWS host: a reprocess attempt from Publish,
# since Publish may wait longer than a web request may last); returns the attempt started, or None when
# it cannot hand it off (then it is published in the request).
PublishLater = Callable[[str], int | None]


def review_tasks_of(services: PipelineServices) -> ReviewTasks:
    if services.review_tasks is None:
        raise ConfigurationError("this host has no review queue configured")
    return services.review_tasks


def submit_review(
    caller: Caller,
    document_id: str,
    corrections: ReviewCorrections,
    services: PipelineServices,
    *,
    resume: ResumeWorkflow | None = None,
    publish_later: PublishLater | None = None,
) -> ReviewResult:
    """Merge a reviewer's corrections (an empty body confirms the record as it is) and complete the task.
    ReviewClaimed when another reviewer holds it (or it is reviewed in Amazon A2I), ReviewNotFound when the
    sheet does not wait for review."""
    tasks = review_tasks_of(services)
    task = open_task(caller, tasks, document_id)
    check_may_submit(caller, task, services.now())
    answer = review_answer(caller, corrections, services.catalog, services.now)
    return complete_review(
        task,
        answer,
        f"queue-{uuid.uuid4().hex}",
        services,
        actor=caller.subject,
        detail={"confirmed": sorted(set(corrections.confirmed_fields))},
        resume=resume,
        publish_later=publish_later,
    )


def complete_review(
    task: ReviewTask,
    answer: ReviewAnswer,
    review_id: str,
    services: PipelineServices,
    *,
    actor: str,
    detail: dict[str, Any] | None = None,
    resume: ResumeWorkflow | None = None,
    only_if_open: bool = True,
    publish_later: PublishLater | None = None,
) -> ReviewResult:
    """Complete an open review task with a reviewer's answer (from the product's queue, or an A2I loop's):
    the task is completed first, by a conditional write, so that a review is completed once (ReviewNotOpen
    when another writer got there first); the answer is merged into the record (the task reopened as it was
    when that fails); the submission joins the audit trail; and the workflow waiting on the task's token is
    resumed, or, when none waits any more, the reviewed record is published: by ``publish_later`` when
    given (away from the caller, whose time is short), else here.

    A task whose workflow token (or claim expiry) was stored since it was read is completed as it is now, so
    that the token stored a moment ago is the one resumed."""
    tasks = review_tasks_of(services)
    now = services.now()
    for _ in range(_COMPLETE_ATTEMPTS):
        completed = task.model_copy(
            update={
                "state": ReviewTaskState.COMPLETED,
                "completed_by": actor,
                "completed_at": now,
                "claimed_by": None,
                "claim_expires_at": None,
            }
        )
        if tasks.replace_if(completed, expected=task):
            break
        current = tasks.get(task.document_id)
        if current is None or not _same_review(current, task):
            raise ReviewNotOpen(f"the review of {task.document_id} was submitted or reassigned meanwhile")
        task = current
    else:
        raise ReviewNotOpen(f"the review task of {task.document_id} keeps changing; try again")
    try:
        merged = merge_review(task.document_id, answer, review_id, services, only_if_open=only_if_open)
    except MsdsError:
        tasks.replace_if(task, expected=completed)  # the task goes back to the queue as it was
        raise
    tasks.add_event(
        ReviewEvent(
            document_id=task.document_id,
            at=now,
            actor=actor,
            kind=ReviewEventKind.SUBMITTED,
            review_id=review_id,
            detail={"corrections": [c.model_dump(mode="json") for c in merged.corrections], **(detail or {})},
        )
    )
    resumed = bool(resume is not None and task.task_token and resume(task, merged))
    attempt = None
    if not resumed:  # no workflow will publish the reviewed record
        attempt = _publish(task.document_id, services, publish_later)
    return ReviewResult(
        document_id=task.document_id,
        status=merged.entry.status,
        corrections=merged.corrections,
        findings=merged.record.findings,
        workflow_resumed=resumed,
        publish_attempt=attempt,
    )


def _publish(document_id: str, services: PipelineServices, later: PublishLater | None) -> int | None:
    """The attempt that publishes the reviewed record, or None when it was published here (no way to hand
    it off, or the hand-off was refused: the review is merged already, so it is published all the same)."""
    attempt = None
    if later is not None:
        try:
            attempt = later(document_id)
        except MsdsError as error:
            log.warning("publishing %s later failed (%s); publishing it now", document_id, error.code)
    if attempt is None:
        publish_again(document_id, services)
    return attempt


def _same_review(current: ReviewTask, read: ReviewTask) -> bool:
    """Still the review that was read: open, the same attempt, channel and claim holder (only the workflow's
    token or the claim's expiry may have changed)."""
    return (
        current.state == ReviewTaskState.OPEN
        and current.attempt == read.attempt
        and current.channel == read.channel
        and current.claimed_by == read.claimed_by
    )


def merge_review(
    document_id: str, answer: ReviewAnswer, review_id: str, services: PipelineServices, *, only_if_open: bool
) -> MergedReview:
    """Merge a reviewer's answer into the record (validated again), accept the sheet, keep the corrections
    as training data and checkpoint the state. ``only_if_open``: ReviewNotOpen when the sheet was reviewed
    meanwhile (checked in the same transaction as the writes)."""
    repository = services.repository
    record = repository.get_record(document_id)
    if record is None:
        raise StepFailed(f"{document_id} has no record to merge the review into")
    merged, corrections = apply_review(record, answer, services.catalog, review_id)
    merged.findings = validate_record(
        merged, services.catalog, services.now().date(), services.settings.revision_max_age_days
    )
    with repository.transaction():
        entry = repository.get(document_id)
        if entry is None:
            raise DocumentNotFound(f"no document {document_id}")
        if entry.status == DocumentStatus.NEEDS_REVIEW:
            entry = entry.model_copy(update={"status": DocumentStatus.ACCEPTED, "updated_at": services.now()})
        elif only_if_open:
            raise ReviewNotOpen(f"{document_id} was reviewed meanwhile (status {entry.status.value})")
        repository.save_record(merged)
        repository.update(entry)
    body = json.dumps([c.model_dump(mode="json") for c in corrections], ensure_ascii=False, indent=1)
    services.store.put_artifact(
        document_id, CORRECTIONS_ARTIFACT.format(review_id=review_id), body.encode("utf-8")
    )
    state = load_state(entry, services)
    state.record = merged
    services.store.put_artifact(document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    return MergedReview(entry=entry, state=state, record=merged, corrections=corrections)


def publish_again(document_id: str, services: PipelineServices) -> None:
    """Publish the document's stored record (a deployment without search and analytics has nothing to do)."""
    if services.search_index is None and services.analytics is None:
        return
    targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
    publish_document(document_id, services.repository, targets, services.now)


def claim_period(services: PipelineServices) -> timedelta:
    return timedelta(minutes=services.settings.review_claim_minutes)
