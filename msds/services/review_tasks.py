"""The product's review queue as reviewers work it: tasks opened by Route for sheets that need a human, listed
by priority then age, claimed by one reviewer at a time (a claim expires, so an abandoned task comes back),
released, reassigned by an administrator, and withdrawn when the sheet no longer needs review.

The queue is the same on both hosts (``msds.ports.ReviewTasks``: SQLite locally, DynamoDB on AWS).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.review import (
    ReviewChannel,
    ReviewEvent,
    ReviewEventKind,
    ReviewTask,
    ReviewTaskState,
)
from msds.domain.review_priority import fields_to_check, review_priority
from msds.errors import (
    AccessDenied,
    ConcurrentModification,
    InvalidRequest,
    ReviewClaimed,
    ReviewInA2I,
    ReviewNotFound,
)
from msds.ports import DocumentRepository, ReviewTasks
from msds.services.api_access import REVIEWERS, Caller, check_document_id, require_group

SYSTEM_ACTOR = "msds"
MAX_PAGE_SIZE = 100


def open_review_task(
    tasks: ReviewTasks,
    entry: DocumentEntry,
    record: SdsRecord,
    now: datetime,
    *,
    channel: ReviewChannel = ReviewChannel.QUEUE,
) -> ReviewTask:
    """The document's open task with the record's reasons: a new one (a new attempt after a completed or
    withdrawn review), or the open one brought up to date (its claim kept)."""
    previous = tasks.get(entry.document_id)
    base: dict[str, Any] = {
        "document_id": entry.document_id,
        "file_name": entry.file_name,
        "priority": review_priority(record.review_reasons),
        "reasons": list(record.review_reasons),
        "fields": fields_to_check(record.review_reasons),
        "supplier_ids": list(entry.supplier_ids),
        "language": record.language,
    }
    if previous is not None and previous.state == ReviewTaskState.OPEN:
        task = previous.model_copy(update=base)
        tasks.save(task)
        return task
    attempt = previous.attempt + 1 if previous is not None else 1
    task = ReviewTask(**base, opened_at=now, attempt=attempt, channel=channel)
    tasks.save(task)
    tasks.add_event(
        ReviewEvent(
            document_id=task.document_id,
            at=now,
            actor=SYSTEM_ACTOR,
            kind=ReviewEventKind.OPENED,
            detail={"attempt": attempt, "reasons": [reason.code for reason in task.reasons]},
        )
    )
    return task


def withdraw_review_task(tasks: ReviewTasks, document_id: str, now: datetime, why: str) -> bool:
    """Take an open task out of the queue (the sheet no longer needs review); False when none was open."""
    task = tasks.get(document_id)
    if task is None or task.state != ReviewTaskState.OPEN:
        return False
    withdrawn = task.model_copy(
        update={"state": ReviewTaskState.WITHDRAWN, "claimed_by": None, "claim_expires_at": None}
    )
    if not tasks.replace_if(withdrawn, expected=task):
        return False
    tasks.add_event(
        ReviewEvent(
            document_id=document_id,
            at=now,
            actor=SYSTEM_ACTOR,
            kind=ReviewEventKind.WITHDRAWN,
            detail={"why": why},
        )
    )
    return True


def queue_page(
    caller: Caller, tasks: ReviewTasks, *, limit: int, after: str | None
) -> tuple[list[ReviewTask], str | None]:
    """One page of open tasks in queue order and the position to continue after (None on the last page)."""
    require_group(caller, REVIEWERS)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidRequest(
            f"limit must be between 1 and {MAX_PAGE_SIZE}", [("query.limit", f"outside 1..{MAX_PAGE_SIZE}")]
        )
    page = tasks.open_tasks(limit=limit + 1, after=after)
    more = len(page) > limit
    page = page[:limit]
    return page, (page[-1].queue_position if more and page else None)


def reopen_missing_tasks(repository: DocumentRepository, tasks: ReviewTasks, now: datetime) -> int:
    """Open a task for every sheet waiting for review that has no open one (a queue lost with a damaged
    state database): no sheet waits where no reviewer can see it. Returns how many were opened."""
    opened = 0
    for entry in repository.list(DocumentStatus.NEEDS_REVIEW):
        task = tasks.get(entry.document_id)
        if task is not None and task.state == ReviewTaskState.OPEN:
            continue
        record = repository.get_record(entry.document_id)
        if record is None:
            continue
        open_review_task(tasks, entry, record, now)
        opened += 1
    return opened


def open_task(caller: Caller, tasks: ReviewTasks, document_id: str) -> ReviewTask:
    """The document's open task (ReviewNotFound when the document is not waiting for review)."""
    require_group(caller, REVIEWERS)
    task = tasks.get(check_document_id(document_id))
    if task is None or task.state != ReviewTaskState.OPEN:
        raise ReviewNotFound(f"{document_id} is not waiting for review")
    return task


def claim_task(
    caller: Caller, tasks: ReviewTasks, document_id: str, now: datetime, claim_for: timedelta
) -> ReviewTask:
    """Claim the task for the caller until ``now + claim_for`` (claiming one's own task again extends it);
    ReviewClaimed while another reviewer's claim runs."""
    task = open_task(caller, tasks, document_id)
    _check_in_queue(task)
    holder = task.claimed_at(now)
    if holder is not None and holder != caller.subject:
        raise ReviewClaimed(_claimed_message(task))
    return _change(
        tasks,
        task,
        {"claimed_by": caller.subject, "claim_expires_at": now + claim_for},
        ReviewEvent(
            document_id=document_id,
            at=now,
            actor=caller.subject,
            kind=ReviewEventKind.CLAIMED,
            detail={"until": (now + claim_for).isoformat()},
        ),
    )


def release_task(caller: Caller, tasks: ReviewTasks, document_id: str, now: datetime) -> ReviewTask:
    """Give the task back to the queue: one's own claim, or anyone's for an administrator."""
    task = open_task(caller, tasks, document_id)
    holder = task.claimed_at(now)
    if holder is None:
        return task
    if holder != caller.subject and not caller.is_admin:
        raise ReviewClaimed(_claimed_message(task))
    return _change(
        tasks,
        task,
        {"claimed_by": None, "claim_expires_at": None},
        ReviewEvent(
            document_id=document_id,
            at=now,
            actor=caller.subject,
            kind=ReviewEventKind.RELEASED,
            detail={"held_by": holder},
        ),
    )


def reassign_task(
    caller: Caller,
    tasks: ReviewTasks,
    document_id: str,
    reviewer: str,
    now: datetime,
    claim_for: timedelta,
) -> ReviewTask:
    """An administrator hands the task to a reviewer (whoever held it before)."""
    if not caller.is_admin:
        raise AccessDenied("only an administrator reassigns review tasks")
    reviewer = reviewer.strip()
    if not reviewer:
        raise InvalidRequest("name the reviewer to assign", [("body.reviewer", "blank")])
    task = open_task(caller, tasks, document_id)
    _check_in_queue(task)
    return _change(
        tasks,
        task,
        {"claimed_by": reviewer, "claim_expires_at": now + claim_for},
        ReviewEvent(
            document_id=document_id,
            at=now,
            actor=caller.subject,
            kind=ReviewEventKind.REASSIGNED,
            detail={"from": task.claimed_at(now), "to": reviewer},
        ),
    )


def check_may_submit(caller: Caller, task: ReviewTask, now: datetime) -> None:
    """ReviewClaimed when another reviewer holds the task (ReviewInA2I when an A2I loop has it)."""
    _check_in_queue(task)
    holder = task.claimed_at(now)
    if holder is not None and holder != caller.subject:
        raise ReviewClaimed(_claimed_message(task))


def _check_in_queue(task: ReviewTask) -> None:
    if task.channel == ReviewChannel.A2I:
        raise ReviewInA2I(
            f"{task.document_id} is being reviewed in Amazon A2I; it comes back to this queue if the loop "
            "ends without an answer"
        )


def _change(tasks: ReviewTasks, task: ReviewTask, update: dict[str, Any], event: ReviewEvent) -> ReviewTask:
    changed = task.model_copy(update=update)
    if not tasks.replace_if(changed, expected=task):
        raise ConcurrentModification(f"the review task of {task.document_id} changed meanwhile; try again")
    tasks.add_event(event)
    return changed


def _claimed_message(task: ReviewTask) -> str:
    until = task.claim_expires_at.isoformat(timespec="minutes") if task.claim_expires_at else "released"
    return f"{task.claimed_by} is reviewing {task.document_id} (claimed until {until})"
