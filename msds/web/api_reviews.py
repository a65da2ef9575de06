"""JSON API of the review queue: the open tasks, one task with its record, claim, release, reassign (admin),
submit, and a task's audit trail."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from models.api import (
    AssignRequest,
    ReviewCorrections,
    ReviewQueue,
    ReviewResult,
    ReviewTaskDetail,
    ReviewTaskView,
)
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, ReviewEvent
from msds.errors import RecordNotFound
from msds.pipeline.review import claim_period, submit_review
from msds.services.api_access import REVIEWERS, require_group
from msds.services.page_tokens import decode_position, encode_position
from msds.services.review_tasks import claim_task, open_task, queue_page, reassign_task, release_task
from msds.web.auth import Authenticated, api_user, host_of
from msds.web.host import WebHost

router = APIRouter(prefix="/api/reviews", tags=["reviews"])
User = Annotated[Authenticated, Depends(api_user)]
_QUEUE_POSITION = re.compile(r"^[0-9]#[0-9T:.+\-]{19,40}#[0-9a-f]{64}$")


@router.get("", summary="Open review tasks: a possible missed hazard first, then the oldest")
def queue(
    request: Request,
    user: User,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    next_token: Annotated[str | None, Query(max_length=512)] = None,
) -> ReviewQueue:
    host = host_of(request)
    after = decode_position(next_token, _QUEUE_POSITION) if next_token else None
    tasks, more = queue_page(user.caller, host.review_tasks, limit=limit, after=after)
    now = host.services.now()
    return ReviewQueue(
        items=[ReviewTaskView.of(task, now) for task in tasks],
        open_tasks=host.review_tasks.count_open(),
        next_token=encode_position(more) if more else None,
    )


@router.get("/{document_id}", summary="One task, with the record under review")
def task(request: Request, user: User, document_id: str) -> ReviewTaskDetail:
    return task_detail(host_of(request), user, document_id)


@router.post("/{document_id}/claim", summary="Claim the task (one reviewer at a time; a claim expires)")
def claim(request: Request, user: User, document_id: str) -> ReviewTaskView:
    host = host_of(request)
    now = host.services.now()
    claimed = claim_task(user.caller, host.review_tasks, document_id, now, claim_period(host.services))
    return ReviewTaskView.of(claimed, now)


@router.post("/{document_id}/release", summary="Give the task back to the queue")
def release(request: Request, user: User, document_id: str) -> ReviewTaskView:
    host = host_of(request)
    now = host.services.now()
    return ReviewTaskView.of(release_task(user.caller, host.review_tasks, document_id, now), now)


@router.post("/{document_id}/assign", summary="Hand the task to a reviewer (administrators)")
def assign(request: Request, user: User, document_id: str, body: AssignRequest) -> ReviewTaskView:
    host = host_of(request)
    now = host.services.now()
    assigned = reassign_task(
        user.caller, host.review_tasks, document_id, body.reviewer, now, claim_period(host.services)
    )
    return ReviewTaskView.of(assigned, now)


@router.post("/{document_id}", summary="Submit the review: corrections are merged, the sheet is published")
def submit(request: Request, user: User, document_id: str, body: ReviewCorrections) -> ReviewResult:
    host = host_of(request)
    return submit_review(
        user.caller,
        document_id,
        body,
        host.services,
        resume=host.resume_workflow,
        publish_later=host.publish_later,
    )


@router.get("/{document_id}/events", summary="The task's audit trail")
def events(request: Request, user: User, document_id: str) -> list[ReviewEvent]:
    require_group(user.caller, REVIEWERS)
    return host_of(request).review_tasks.events(document_id)


def task_detail(host: WebHost, user: Authenticated, document_id: str) -> ReviewTaskDetail:
    """The open task with its record (shared by the API and the review page)."""
    task = open_task(user.caller, host.review_tasks, document_id)
    record = host.services.repository.get_record(task.document_id)
    if record is None:
        raise RecordNotFound(f"{document_id} has no record to review")
    return ReviewTaskDetail(
        task=ReviewTaskView.of(task, host.services.now()),
        record=record,
        findings=record.findings,
        correctable_fields=[*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS],
    )
