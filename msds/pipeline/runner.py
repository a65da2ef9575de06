"""In-process runner: receive a file, then walk the step list, checkpointing as it goes.

The checkpoint (the step outputs and which steps are done) is written after a step that changes something
outside it (Route, Publish), after at least CHECKPOINT_EVERY_SECONDS of work since the last one, and when
the walk stops (finished, deferred or failed). Steps are deterministic, so a kill between checkpoints only
means a rerun repeats the few cheap steps since the last one; writing after every step cost about 4 % of a
born-digital document's time.

A rerun skips documents that are finished and resumes an interrupted one at its first unfinished step (a
routed document whose later steps, such as Publish, did not all run is not finished). A document that failed
because of what the file is (a resource limit, a page that cannot be loaded) is not tried again unless asked
(``retry_failed``); one that failed for another reason is. A document whose steps are all done always ends
with the status its record gives it, even when the state database lost it (an emptied or restored file).

Besides its checkpoint (``state.json``) every document keeps its entry as it was received, or as it failed
(``entry.json``): with the originals, that is what ``msds repair`` rebuilds the state database from.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from models.document import DocumentEntry, DocumentStatus
from models.publication import PUBLISHED_STATUSES, Publication
from models.record import SdsRecord
from models.steps import PipelineState
from msds.errors import (
    DiskFull,
    MsdsError,
    PublishFailed,
    RejectedDocument,
    ResourceLimitExceeded,
    StorageFailure,
    UnknownStep,
)
from msds.pipeline.metered_step import run_metered
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.pipeline.steps import RECEIVE, STEP_NAMES, STEPS, Publish, Route
from msds.services.publish import PublishTargets, publication_of, routed_status
from msds.services.receive import check_file, receive_document
from msds.services.supersede import apply_supersede

log = logging.getLogger(__name__)

ENTRY_ARTIFACT = "entry.json"

FINISHED = frozenset(
    {
        DocumentStatus.ACCEPTED,
        DocumentStatus.NEEDS_REVIEW,
        DocumentStatus.PUBLISHED,
        DocumentStatus.SUPERSEDED,
    }
)
# Failures that come from what the file is: running it again gives the same answer, so a rerun leaves them
# alone unless asked (after raising a limit, say).
NOT_RETRIED = frozenset({ResourceLimitExceeded.code, "unreadable_page", "worker_crashed"})
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
CHECKPOINT_EVERY_SECONDS = 0.25
# Steps whose effects reach beyond the checkpoint (the state database, the review queue, the indexes).
_CHECKPOINTED_STEPS = frozenset({Route.name, Publish.name})


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
    # The document waits for Publish, which the batch runs for many documents at once (publish_pending).
    publish_pending: bool = False


def process_bytes(
    data: bytes,
    file_name: str,
    services: PipelineServices,
    *,
    retry_failed: bool = False,
    defer_publish: bool = False,
    rerun_from: str | None = None,
) -> ProcessOutcome:
    """Receive and process one file; never raises for a bad document, the outcome says what happened.

    Raises DiskFull when nothing more can be stored (the data dir stays consistent; a rerun with space
    resumes). With ``defer_publish`` the Publish step is left to :func:`publish_pending`. With
    ``rerun_from`` (a step name), a document already read runs that step and every later one again on what
    the earlier steps stored (after a change of the extraction rules, no OCR is repeated).
    """
    with disk_full_named():
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
        if received.created:
            save_entry(entry, services)
        elif data:
            # An original set aside as damaged (msds repair) is stored again from the bytes sent again.
            services.store.put_original(entry.document_id, data)
        if retry_failed and entry.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED):
            entry = _retry(entry, data, services)
        if entry.status == DocumentStatus.REJECTED:
            return _outcome(file_name, entry, skipped=not received.created)
        if entry.status == DocumentStatus.FAILED and entry.error_code in NOT_RETRIED:
            return _outcome(file_name, entry, skipped=True)
        if rerun_from is not None:
            forget_steps_from(entry, services, rerun_from)
        elif entry.status in FINISHED and all(name in entry.completed_steps for name in STEP_NAMES):
            return _outcome(
                file_name, entry, skipped=True, record=services.repository.get_record(entry.document_id)
            )
        return run_steps(entry, services, defer_publish=defer_publish)


def _retry(entry: DocumentEntry, data: bytes, services: PipelineServices) -> DocumentEntry:
    """Check a rejected or failed document again (a limit may have been raised); a document that passes is
    processed from its first unfinished step."""
    try:
        media_type, pages = check_file(data, services.inspector, services.settings)
    except RejectedDocument as error:
        retried = entry.model_copy(
            update={
                "status": DocumentStatus.REJECTED,
                "error_code": error.code,
                "error_message": error.message,
                "updated_at": services.now(),
            }
        )
    else:
        retried = entry.model_copy(
            update={
                "status": DocumentStatus.RECEIVED,
                "media_type": media_type,
                "pages": pages,
                "error_code": None,
                "error_message": None,
                "updated_at": services.now(),
            }
        )
    services.repository.update(retried)
    save_entry(retried, services)
    return retried


def check_rerun_step(step_name: str) -> str:
    """The step name when a document's steps can be run again from it (any step after Receive)."""
    if step_name not in STEP_NAMES or step_name == RECEIVE:
        raise UnknownStep(f"no step {step_name!r} to run again; steps: {', '.join(STEP_NAMES[1:])}")
    return step_name


def forget_steps_from(entry: DocumentEntry, services: PipelineServices, step_name: str) -> PipelineState:
    """Drop the checkpoints of ``step_name`` and every later step (what the earlier ones stored is kept),
    so that the next run starts there; returns the state as it is now stored."""
    later = set(STEP_NAMES[STEP_NAMES.index(check_rerun_step(step_name)) :])
    state = load_state(entry, services)
    state.completed_steps = [name for name in state.completed_steps if name not in later]
    services.store.put_artifact(entry.document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    return state


def load_state(entry: DocumentEntry, services: PipelineServices) -> PipelineState:
    raw = services.store.get_artifact(entry.document_id, STATE_ARTIFACT)
    if raw is not None:
        return PipelineState.model_validate_json(raw)
    return PipelineState(document_id=entry.document_id, file_name=entry.file_name, completed_steps=[RECEIVE])


def save_entry(entry: DocumentEntry, services: PipelineServices) -> None:
    """Keep the entry next to the document's checkpoint (what a rebuilt state database starts from)."""
    services.store.put_artifact(entry.document_id, ENTRY_ARTIFACT, entry.model_dump_json().encode())


def run_steps(
    entry: DocumentEntry, services: PipelineServices, *, defer_publish: bool = False
) -> ProcessOutcome:
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
    pending = False
    saved = list(state.completed_steps)
    last_saved = time.perf_counter()
    for step in STEPS:
        if step.name in state.completed_steps:
            continue
        if defer_publish and step.name == Publish.name:
            pending = True
            break
        started = time.perf_counter()
        try:
            state = run_metered(step, state, services)
        except StorageFailure:
            raise
        except MsdsError as error:
            return _fail_after(state, saved, entry, services, error.code, f"{step.name}: {error.message}")
        except MemoryError:
            limit = services.settings.worker_memory_mb
            message = (
                f"{step.name}: memory: the document needs more than the worker's {limit} MiB "
                "(MSDS_WORKER_MEMORY_MB)"
            )
            return _fail_after(state, saved, entry, services, ResourceLimitExceeded.code, message)
        except OSError as error:
            if error.errno in _DISK_FULL_ERRNOS:
                raise DiskFull(f"{step.name}: {error}") from error
            log.exception("step %s failed for %s", step.name, entry.document_id)
            return _fail_after(state, saved, entry, services, "internal_error", _crash(step.name, error))
        except Exception as error:  # a bug must not stop the batch; the document is marked and kept
            log.exception("step %s failed for %s", step.name, entry.document_id)
            return _fail_after(state, saved, entry, services, "internal_error", _crash(step.name, error))
        except BaseException:  # Ctrl-C: keep what is done, so the next run starts where this one stopped
            _keep_unsaved(state, saved, services)
            raise
        state.completed_steps.append(step.name)
        state.step_seconds[step.name] = round(time.perf_counter() - started, 4)
        if step.name in _CHECKPOINTED_STEPS or time.perf_counter() - last_saved >= CHECKPOINT_EVERY_SECONDS:
            saved = _checkpoint(state, services)
            last_saved = time.perf_counter()
    _keep_unsaved(state, saved, services)
    final = repository.get(entry.document_id) or entry
    final = settle(final, state, services)
    outcome = _outcome(entry.file_name, final, skipped=False, record=state.record)
    outcome.step_seconds.update(state.step_seconds)
    if pending:
        return _pending(outcome)
    return outcome


def _pending(outcome: ProcessOutcome) -> ProcessOutcome:
    return replace(outcome, publish_pending=True)


def settle(entry: DocumentEntry, state: PipelineState, services: PipelineServices) -> DocumentEntry:
    """Store the steps done and, when Route is among them, the status the record gives the document:
    a document whose steps all ran never stays ``processing`` (a state database that lost its row, or
    one restored from an older copy, gets it back from the checkpoint)."""
    repository = services.repository
    update: dict[str, object] = {"completed_steps": list(state.completed_steps)}
    if Route.name in state.completed_steps and state.record is not None and entry.status not in FINISHED:
        record = state.record
        with repository.transaction():
            current = repository.get(entry.document_id) or entry
            if repository.get_record(entry.document_id) is None:
                repository.save_record(record)
            if current.product_key is None:
                current = apply_supersede(current, record, repository)
            update["status"] = (
                current.status
                if current.status == DocumentStatus.SUPERSEDED
                else routed_status(current, record)
            )
            entry = current.model_copy(update={**update, "updated_at": services.now()})
            repository.update(entry)
        return entry
    entry = entry.model_copy(update=update)
    repository.update(entry)
    return entry


def publish_pending(document_ids: Iterable[str], services: PipelineServices) -> int:
    """Run the Publish step of many documents at once: one search-index commit and one analytics
    transaction for all of them (and the older revisions they superseded), then each checkpoint. Publishing
    is idempotent, so an interruption between the two only means publishing again on the rerun."""
    ids = list(dict.fromkeys(document_ids))
    if not ids:
        return 0
    started = time.perf_counter()
    publications = {document_id: _publications_of(document_id, services) for document_id in ids}
    targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
    failed: set[str] = set()
    with disk_full_named():
        try:
            targets.publish_all(_unique(pub for pubs in publications.values() for pub in pubs))
        except PublishFailed:
            # One record spoils the commit for all: publish each alone, and fail only the ones that fail.
            failed = _publish_one_by_one(publications, targets, services)
        share = round((time.perf_counter() - started) / len(ids), 4)
        _mark_published([document_id for document_id in ids if document_id not in failed], share, services)
    return len(ids) - len(failed)


def _publications_of(document_id: str, services: PipelineServices) -> list[Publication]:
    """What publishing the document sends: its record, and the older revision it superseded."""
    repository = services.repository
    entry = repository.get(document_id)
    record = repository.get_record(document_id)
    if entry is None or record is None or entry.status not in PUBLISHED_STATUSES:
        return []
    publications = [publication_of(entry, record)]
    if entry.supersedes:
        older = repository.get(entry.supersedes)
        older_record = repository.get_record(entry.supersedes)
        if older is not None and older_record is not None and older.status == DocumentStatus.SUPERSEDED:
            publications.append(publication_of(older, older_record))
    return publications


def _unique(publications: Iterable[Publication]) -> list[Publication]:
    return list({publication.document_id: publication for publication in publications}.values())


def _publish_one_by_one(
    publications: dict[str, list[Publication]], targets: PublishTargets, services: PipelineServices
) -> set[str]:
    failed = set()
    for document_id, publishing in publications.items():
        try:
            targets.publish_all(publishing)
        except PublishFailed as error:
            entry = services.repository.get(document_id)
            if entry is not None:
                mark_failed(entry, services, error.code, f"{Publish.name}: {error.message}")
            failed.add(document_id)
    return failed


def _mark_published(document_ids: list[str], seconds: float, services: PipelineServices) -> None:
    """Checkpoint Publish for each document, then record the steps on their entries in one transaction."""
    repository = services.repository
    done: dict[str, tuple[DocumentEntry, list[str]]] = {}
    for document_id in document_ids:
        entry = repository.get(document_id)
        if entry is None:
            continue
        state = load_state(entry, services)
        if Publish.name not in state.completed_steps:
            state.completed_steps.append(Publish.name)
            state.step_seconds[Publish.name] = seconds
            _checkpoint(state, services)
        done[document_id] = (entry, list(state.completed_steps))
    with repository.transaction():  # a worker may be superseding one of these entries now: read them again
        for document_id, (entry, steps) in done.items():
            current = repository.get(document_id) or entry
            repository.update(current.model_copy(update={"completed_steps": steps}))


def _checkpoint(state: PipelineState, services: PipelineServices) -> list[str]:
    """Store the state; return the steps it records as done."""
    services.store.put_artifact(state.document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    return list(state.completed_steps)


def _keep_unsaved(state: PipelineState, saved: list[str], services: PipelineServices) -> None:
    """Checkpoint the state when it records steps the last checkpoint (``saved``) does not."""
    if state.completed_steps != saved:
        _checkpoint(state, services)


def _crash(step_name: str, error: BaseException) -> str:
    return f"{step_name}: {type(error).__name__}: {error}"


def _fail_after(
    state: PipelineState,
    saved: list[str],
    entry: DocumentEntry,
    services: PipelineServices,
    code: str,
    message: str,
) -> ProcessOutcome:
    """Keep the steps done since the last checkpoint, then record the failure."""
    _keep_unsaved(state, saved, services)
    return _fail(entry, services, code, message)


def _fail(entry: DocumentEntry, services: PipelineServices, code: str, message: str) -> ProcessOutcome:
    failed = mark_failed(entry, services, code, message)
    return _outcome(entry.file_name, failed, skipped=False)


def mark_failed(entry: DocumentEntry, services: PipelineServices, code: str, message: str) -> DocumentEntry:
    """Record the document as failed with a named reason (in the state database and next to its
    checkpoint)."""
    failed = entry.model_copy(
        update={
            "status": DocumentStatus.FAILED,
            "error_code": code,
            "error_message": message,
            "updated_at": services.now(),
        }
    )
    with disk_full_named():
        services.repository.update(failed)
        save_entry(failed, services)
    return failed


@contextmanager
def disk_full_named() -> Iterator[None]:
    """Turn a full disk (OSError ENOSPC or EDQUOT, from any file write) into DiskFull."""
    try:
        yield
    except OSError as error:
        if error.errno in _DISK_FULL_ERRNOS:
            raise DiskFull(f"no space left to store the document's data: {error}") from error
        raise


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
