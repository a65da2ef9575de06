"""The same cases against the review queue in SQLite (local host) and in DynamoDB (AWS, on moto): queue order
and paging, conditional writes that compare the stored version, and each task's audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from moto import mock_aws

from models.review import ReviewEvent, ReviewEventKind, ReviewPriority, ReviewTask, ReviewTaskState
from msds.adapters.aws.dynamo_review_tasks import DynamoReviewTasks, review_tasks_table_definition
from msds.adapters.local.sqlite_review_tasks import SqliteReviewTasks
from msds.ports import ReviewTasks
from tests.aws.support import client

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
TABLE = "msds-review-tasks-test"
Factory = Callable[[], ReviewTasks]


def doc_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def task(
    seed: str, priority: ReviewPriority = ReviewPriority.IDENTITY, minutes: int = 0, **changes: object
) -> ReviewTask:
    base = ReviewTask(
        document_id=doc_id(seed),
        file_name=f"{seed}.pdf",
        priority=priority,
        fields=["product_name"],
        supplier_ids=["ACME"],
        opened_at=T0 + timedelta(minutes=minutes),
    )
    return base.model_copy(update=changes)


@pytest.fixture(params=["sqlite", "dynamodb"])
def queues(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of review queues on one shared state (two calls = two server processes)."""
    if request.param == "sqlite":
        yield lambda: SqliteReviewTasks(tmp_path / "state.sqlite3")
        return
    request.getfixturevalue("aws_credentials")
    with mock_aws():
        client("dynamodb").create_table(**review_tasks_table_definition(TABLE))
        yield lambda: DynamoReviewTasks(client("dynamodb"), TABLE)


def test_a_saved_task_reads_back_as_saved_and_an_unknown_one_is_none(queues: Factory) -> None:
    # Given a task with reasons, suppliers and a workflow token
    tasks = queues()
    saved = task("a", task_token="token-1", language="de")
    # When it is saved and read back, with an id nobody saved
    tasks.save(saved)
    # Then it is the same task, and the unknown id has none
    assert tasks.get(saved.document_id) == saved
    assert tasks.get(doc_id("nobody")) is None


def test_open_tasks_come_by_priority_then_age_and_page_after_a_position(queues: Factory) -> None:
    # Given identity checks and possible missed hazards opened at different times, and a completed task
    tasks = queues()
    hazard = ReviewPriority.POSSIBLE_MISSED_HAZARD
    opened = [
        task("old identity", minutes=0),
        task("new hazard", hazard, minutes=20),
        task("old hazard", hazard, minutes=10),
        task("validation", ReviewPriority.VALIDATION_ERROR, minutes=5),
        task("new identity", minutes=30),
    ]
    for item in opened:
        tasks.save(item)
    tasks.save(task("done", hazard, minutes=1, state=ReviewTaskState.COMPLETED))
    # When the queue is read two at a time, each page after the last position of the one before
    pages: list[list[str]] = []
    after: str | None = None
    while True:
        page = tasks.open_tasks(limit=2, after=after)
        if not page:
            break
        pages.append([item.file_name for item in page])
        after = page[-1].queue_position
    # Then the hazards come first (oldest first), then the validation error, then the identity checks
    assert pages == [
        ["old hazard.pdf", "new hazard.pdf"],
        ["validation.pdf", "old identity.pdf"],
        ["new identity.pdf"],
    ]
    # ... and the completed task is neither listed nor counted
    assert tasks.count_open() == 5


def test_a_conditional_replace_wins_once_when_two_writers_read_the_same_task(queues: Factory) -> None:
    # Given an open task that two server processes read at the same time
    first, second = queues(), queues()
    first.save(task("claimed"))
    read_by_first, read_by_second = first.get(doc_id("claimed")), second.get(doc_id("claimed"))
    assert read_by_first is not None and read_by_second is not None
    # When both claim it for their reviewer
    rita = read_by_first.model_copy(
        update={"claimed_by": "rita", "claim_expires_at": T0 + timedelta(hours=1)}
    )
    ralf = read_by_second.model_copy(
        update={"claimed_by": "ralf", "claim_expires_at": T0 + timedelta(hours=1)}
    )
    won, lost = (
        first.replace_if(rita, expected=read_by_first),
        second.replace_if(ralf, expected=read_by_second),
    )
    # Then the first claim is stored, and the second changes nothing
    assert (won, lost) == (True, False)
    stored = first.get(doc_id("claimed"))
    assert stored is not None and stored.claimed_by == "rita"


def test_a_replace_compares_the_workflow_token_and_the_claim_expiry_too(queues: Factory) -> None:
    # Given a task read by a reviewer, after which the workflow stored its token on it
    tasks = queues()
    original = task("tokened", claimed_by="rita", claim_expires_at=T0 + timedelta(minutes=30))
    tasks.save(original)
    tasks.save(original.model_copy(update={"task_token": "token-of-the-waiting-workflow"}))
    # When the reviewer completes the task as read, and then one with another claim expiry
    completed = original.model_copy(update={"state": ReviewTaskState.COMPLETED})
    extended = original.model_copy(update={"claim_expires_at": T0 + timedelta(hours=2)})
    stale_completion = tasks.replace_if(completed, expected=original)
    stale_extension = tasks.replace_if(
        extended, expected=original.model_copy(update={"claim_expires_at": T0 + timedelta(minutes=31)})
    )
    # Then neither write happens: the stored task keeps its token and stays open
    assert (stale_completion, stale_extension) == (False, False)
    stored = tasks.get(original.document_id)
    assert stored is not None and stored.state == ReviewTaskState.OPEN
    assert stored.task_token == "token-of-the-waiting-workflow"


def test_a_replace_of_a_task_nobody_saved_changes_nothing(queues: Factory) -> None:
    # Given an empty queue
    tasks = queues()
    ghost = task("ghost")
    # When a task is replaced as if it were stored
    replaced = tasks.replace_if(ghost.model_copy(update={"claimed_by": "rita"}), expected=ghost)
    # Then nothing is written
    assert replaced is False and tasks.get(ghost.document_id) is None


def test_a_completed_task_leaves_the_queue_and_a_new_attempt_comes_back(queues: Factory) -> None:
    # Given an open task
    tasks = queues()
    opened = task("again")
    tasks.save(opened)
    # When it is completed, then opened again as a new attempt (the sheet was routed to review once more)
    completed = opened.model_copy(update={"state": ReviewTaskState.COMPLETED, "completed_by": "rita"})
    assert tasks.replace_if(completed, expected=opened)
    listed_after_completion = [t.document_id for t in tasks.open_tasks(limit=10)]
    tasks.save(task("again", attempt=2, minutes=60))
    # Then the completed task is out of the queue, and the new attempt is in it
    assert listed_after_completion == [] and tasks.count_open() == 1
    (again,) = tasks.open_tasks(limit=10)
    assert again.attempt == 2


def test_events_are_kept_per_task_oldest_first(queues: Factory) -> None:
    # Given a task and another one
    tasks = queues()
    kinds = [
        ReviewEventKind.OPENED,
        ReviewEventKind.CLAIMED,
        ReviewEventKind.RELEASED,
        ReviewEventKind.SUBMITTED,
    ]
    # When events are added to both, several at the same moment
    for kind in kinds:
        tasks.add_event(ReviewEvent(document_id=doc_id("a"), at=T0, actor="rita", kind=kind))
        tasks.add_event(
            ReviewEvent(document_id=doc_id("b"), at=T0, actor="ralf", kind=ReviewEventKind.OPENED)
        )
    # Then each task's trail has its own events, in the order they were added
    assert [event.kind for event in tasks.events(doc_id("a"))] == kinds
    assert len(tasks.events(doc_id("b"))) == 4
    assert tasks.events(doc_id("nobody")) == []
