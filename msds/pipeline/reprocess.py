"""Reprocessing a document, the same on both hosts: the next attempt recorded on the document's entry by a
conditional write, and the step the attempt starts from.

An attempt runs the document's steps from its first unfinished one (a failed step, and those after it), or
from the step the caller names (that step's checkpoint and every later one are dropped; what the earlier
steps stored is kept, so no OCR is repeated for a rerun from Extract). A document whose steps are all done
starts from Publish, which changes nothing when published twice.

The attempt number is the attempt's deduplication key: the AWS host names the attempt's execution after it
(``sds-<document id>-a<attempt>``), so two requests that record the same attempt start one execution. A
request may name the attempt it means (``attempt``): repeated, it answers that attempt instead of starting
another one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models.api import ReprocessStarted
from models.document import DocumentEntry, DocumentStatus
from msds.errors import (
    AttemptConflict,
    ConcurrentModification,
    DocumentBusy,
    DocumentNotFound,
    NotReprocessable,
)
from msds.pipeline.runner import check_rerun_step, forget_steps_from, load_state
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import STEP_NAMES, Publish

# A document in one of these is being processed by an attempt (its first, or a reprocess): not again now.
BUSY = frozenset({DocumentStatus.RECEIVED, DocumentStatus.PROCESSING})


@dataclass(frozen=True)
class ReprocessPlan:
    """An attempt recorded on the document: its number and the step it starts from. ``recorded`` is False
    when another request recorded this same attempt first (that request's start is the attempt's)."""

    document_id: str
    file_name: str
    attempt: int
    start_from: str
    recorded: bool
    before: DocumentEntry  # the entry as it was, to give back if the attempt cannot be started


class _Taken(Exception):
    """The entry changed between the read and the conditional write."""


def first_unfinished_step(completed: list[str]) -> str | None:
    """The first pipeline step not checkpointed (None: every step is done)."""
    return next((name for name in STEP_NAMES if name not in completed), None)


def plan_reprocess(
    document_id: str,
    services: PipelineServices,
    *,
    from_step: str | None = None,
    attempt: int | None = None,
) -> ReprocessPlan:
    """Record the document's next attempt and where it starts; the entry is marked processing.

    DocumentNotFound for an unknown id, UnknownStep for a step that cannot be run again, NotReprocessable
    for a rejected file, DocumentBusy while an attempt is running, AttemptConflict when ``attempt`` is
    neither the latest recorded one (answered as it is) nor the next."""
    if from_step is not None:
        check_rerun_step(from_step)
    repository = services.repository
    entry = repository.get(document_id)
    if entry is None:
        raise DocumentNotFound(f"no document {document_id}")
    if entry.status == DocumentStatus.REJECTED:
        raise NotReprocessable(
            f"{document_id} was rejected ({entry.error_code}): the file itself was refused, no step failed"
        )
    if attempt is not None and attempt == entry.attempt:
        return _recorded_already(entry, services)
    if attempt is not None and attempt != entry.attempt + 1:
        raise AttemptConflict(
            f"attempt {attempt} of {document_id} is not the next one: attempt {entry.attempt} is the latest"
        )
    if entry.status in BUSY:
        raise DocumentBusy(
            f"{document_id} is {entry.status.value} (attempt {entry.attempt}); reprocess it once that ends"
        )
    state = load_state(entry, services)
    start_from = from_step or first_unfinished_step(state.completed_steps) or Publish.name
    later = set(STEP_NAMES[STEP_NAMES.index(start_from) :])
    wanted = entry.attempt + 1
    try:
        with repository.transaction():
            current = repository.get(document_id)
            if current is None:
                raise DocumentNotFound(f"no document {document_id}")
            if current.attempt != entry.attempt or current.status in BUSY:
                raise _Taken()
            repository.update(
                current.model_copy(
                    update={
                        "attempt": wanted,
                        "status": DocumentStatus.PROCESSING,
                        "error_code": None,
                        "error_message": None,
                        "completed_steps": [s for s in state.completed_steps if s not in later],
                        "updated_at": services.now(),
                    }
                )
            )
    except (_Taken, ConcurrentModification):
        current = repository.get(document_id)
        if current is not None and current.attempt == wanted:
            return _recorded_already(current, services)
        raise DocumentBusy(f"{document_id} was reprocessed by another request meanwhile") from None
    # Only the request that recorded the attempt drops the checkpoints it reruns.
    forget_steps_from(entry, services, start_from)
    return ReprocessPlan(
        document_id=document_id,
        file_name=entry.file_name,
        attempt=wanted,
        start_from=start_from,
        recorded=True,
        before=entry,
    )


def _recorded_already(entry: DocumentEntry, services: PipelineServices) -> ReprocessPlan:
    state = load_state(entry, services)
    return ReprocessPlan(
        document_id=entry.document_id,
        file_name=entry.file_name,
        attempt=entry.attempt,
        start_from=first_unfinished_step(state.completed_steps) or Publish.name,
        recorded=False,
        before=entry,
    )


def give_back(plan: ReprocessPlan, services: PipelineServices) -> None:
    """The attempt could not be started: the entry gets its status (and error) back, keeping the attempt's
    number (a later request records the next one)."""
    if not plan.recorded:
        return
    repository = services.repository
    with repository.transaction():
        current = repository.get(plan.document_id)
        if current is None or current.attempt != plan.attempt or current.status != DocumentStatus.PROCESSING:
            return
        before = plan.before
        repository.update(
            current.model_copy(
                update={
                    "status": before.status,
                    "error_code": before.error_code,
                    "error_message": before.error_message,
                    "updated_at": services.now(),
                }
            )
        )


def started(plan: ReprocessPlan, services: PipelineServices, **extra: str | None) -> ReprocessStarted:
    """What a request that planned this attempt answers (``extra``: the host's execution name and ARN)."""
    entry = services.repository.get(plan.document_id)
    return ReprocessStarted(
        document_id=plan.document_id,
        file_name=plan.file_name,
        attempt=plan.attempt,
        start_from=plan.start_from,
        started=plan.recorded,
        status=entry.status if entry is not None else DocumentStatus.PROCESSING,
        **extra,
    )


class QueuedReprocessor:
    """Reprocess on the local host: the attempt is recorded, then handed to the processor that runs the
    uploaded documents (worker processes, or the request itself with ``msds serve --workers 0``)."""

    def __init__(self, services: PipelineServices, submit: Callable[[str], None]) -> None:
        self._services = services
        self._submit = submit

    def start(
        self, document_id: str, *, from_step: str | None = None, attempt: int | None = None
    ) -> ReprocessStarted:
        plan = plan_reprocess(document_id, self._services, from_step=from_step, attempt=attempt)
        if plan.recorded:
            try:
                self._submit(document_id)
            except Exception:
                give_back(plan, self._services)
                raise
        return started(plan, self._services)
