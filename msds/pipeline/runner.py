"""In-process runner: receive a file, then walk the step list, checkpointing after every step.

A rerun skips documents that are finished and resumes an interrupted one at its first unfinished step (a
routed document whose later steps, such as Publish, did not all run is not finished).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.steps import PipelineState
from msds.errors import MsdsError
from msds.pipeline.metered_step import run_metered
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.pipeline.steps import RECEIVE, STEP_NAMES, STEPS
from msds.services.receive import receive_document

log = logging.getLogger(__name__)

FINISHED = frozenset(
    {
        DocumentStatus.ACCEPTED,
        DocumentStatus.NEEDS_REVIEW,
        DocumentStatus.PUBLISHED,
        DocumentStatus.SUPERSEDED,
    }
)


@dataclass(frozen=True)
class ProcessOutcome:
    file_name: str
    document_id: str
    status: DocumentStatus
    skipped: bool
    error_code: str | None = None
    error_message: str | None = None
    record: SdsRecord | None = None
    step_seconds: dict[str, float] = field(default_factory=dict)


def process_bytes(
    data: bytes, file_name: str, services: PipelineServices, *, rerun_from: str | None = None
) -> ProcessOutcome:
    """Receive and process one file; never raises for a bad document, the outcome says what happened.

    With ``rerun_from`` (a step name), a document already read runs that step and every later one again
    on what the earlier steps stored (after a change of the extraction rules, no OCR is repeated)."""
    received = receive_document(
        data,
        file_name,
        store=services.store,
        repository=services.repository,
        inspector=services.inspector,
        settings=services.settings,
        now=services.now,
    )
    entry = received.entry
    if entry.status == DocumentStatus.REJECTED:
        return _outcome(file_name, entry, skipped=not received.created)
    if rerun_from is not None:
        _forget_steps_from(entry, services, rerun_from)
    elif entry.status in FINISHED and all(name in entry.completed_steps for name in STEP_NAMES):
        return _outcome(
            file_name, entry, skipped=True, record=services.repository.get_record(entry.document_id)
        )
    return run_steps(entry, services)


class UnknownStep(MsdsError):
    code = "unknown_step"


def _forget_steps_from(entry: DocumentEntry, services: PipelineServices, step_name: str) -> None:
    if step_name not in STEP_NAMES or step_name == RECEIVE:
        raise UnknownStep(f"no step {step_name!r} to run again; steps: {', '.join(STEP_NAMES[1:])}")
    later = set(STEP_NAMES[STEP_NAMES.index(step_name) :])
    state = load_state(entry, services)
    state.completed_steps = [name for name in state.completed_steps if name not in later]
    services.store.put_artifact(entry.document_id, STATE_ARTIFACT, state.model_dump_json().encode())


def load_state(entry: DocumentEntry, services: PipelineServices) -> PipelineState:
    raw = services.store.get_artifact(entry.document_id, STATE_ARTIFACT)
    if raw is not None:
        return PipelineState.model_validate_json(raw)
    return PipelineState(document_id=entry.document_id, file_name=entry.file_name, completed_steps=[RECEIVE])


def run_steps(entry: DocumentEntry, services: PipelineServices) -> ProcessOutcome:
    repository = services.repository
    state = load_state(entry, services)
    entry = entry.model_copy(
        update={
            "status": DocumentStatus.PROCESSING,
            "updated_at": services.now(),
            "error_code": None,
            "error_message": None,
        }
    )
    repository.update(entry)
    for step in STEPS:
        if step.name in state.completed_steps:
            continue
        started = time.perf_counter()
        try:
            state = run_metered(step, state, services)
        except MsdsError as error:
            return _fail(entry, services, error.code, f"{step.name}: {error.message}")
        except Exception as error:  # a bug must not stop the batch; the document is marked and kept
            log.exception("step %s failed for %s", step.name, entry.document_id)
            return _fail(entry, services, "internal_error", f"{step.name}: {type(error).__name__}: {error}")
        state.completed_steps.append(step.name)
        state.step_seconds[step.name] = round(time.perf_counter() - started, 4)
        services.store.put_artifact(entry.document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    final = repository.get(entry.document_id) or entry
    final = final.model_copy(update={"completed_steps": state.completed_steps})
    repository.update(final)
    outcome = _outcome(entry.file_name, final, skipped=False, record=state.record)
    outcome.step_seconds.update(state.step_seconds)
    return outcome


def _fail(entry: DocumentEntry, services: PipelineServices, code: str, message: str) -> ProcessOutcome:
    failed = entry.model_copy(
        update={
            "status": DocumentStatus.FAILED,
            "error_code": code,
            "error_message": message,
            "updated_at": services.now(),
        }
    )
    services.repository.update(failed)
    return _outcome(entry.file_name, failed, skipped=False)


def _outcome(
    file_name: str, entry: DocumentEntry, *, skipped: bool, record: SdsRecord | None = None
) -> ProcessOutcome:
    return ProcessOutcome(
        file_name=file_name,
        document_id=entry.document_id,
        status=entry.status,
        skipped=skipped,
        error_code=entry.error_code,
        error_message=entry.error_message,
        record=record,
    )
