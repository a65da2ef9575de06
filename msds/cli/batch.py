"""Process many files with worker processes, a progress bar and a summary.

Each document runs in a worker process with a memory and a time limit (``worker_memory_mb``,
``document_seconds``): a worker that exceeds one, or dies, costs only the document it was processing,
which is recorded as ``resource_limit`` (or ``worker_crashed``) while a fresh worker takes the next file.
The Publish step of finished documents runs in the main process, ``publish_batch`` documents at a time
(one search-index commit and one analytics transaction for many records instead of one each).
"""

from __future__ import annotations

import hashlib
import resource
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from models.document import DocumentStatus
from msds.cli.files import CHOSEN_SKIPS, InputFile, Inputs, SkippedInput, SpecialFile, read_regular_file
from msds.composition import build_local_services
from msds.errors import ResourceLimitExceeded
from msds.pipeline.runner import ProcessOutcome, mark_failed, process_bytes, publish_pending, save_entry
from msds.pipeline.services import PipelineServices
from msds.services.export import error_row, record_to_row
from msds.services.receive import document_id_of, receive_document, record_unread, too_large
from msds.settings import Settings

# How long finished documents may wait for their Publish step when fewer than publish_batch are waiting.
PUBLISH_EVERY_SECONDS = 5.0
# Exit codes of `process` and `extract` (README): some inputs were not files that could be read; some
# documents failed (a resource limit, a page that cannot be loaded, an internal error).
EXIT_INPUTS_SKIPPED = 3
EXIT_DOCUMENTS_FAILED = 4


@dataclass
class BatchTiming:
    """When a batch started, when its workers were all up (started and imported), and when it ended
    (monotonic seconds); filled by run_batch for `msds bench`."""

    started: float = 0.0
    workers_ready: float = 0.0
    finished: float = 0.0
    publish_seconds: float = 0.0  # spent publishing, in batches, on the main process's publishing thread


@dataclass(frozen=True)
class BatchOptions:
    retry_failed: bool = False
    follow_symlinks: bool = False
    rerun_from: str | None = None  # a step name: documents already read run it and the later ones again


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str
    skipped: bool
    needs_review: bool | None
    error: str | None
    row: dict[str, Any]
    step_seconds: dict[str, float] = field(default_factory=dict)
    ocr_pages: int = 0
    pages: int = 0
    peak_rss_mb: float = 0.0
    document_id: str | None = None
    publish_pending: bool = False


def process_path(
    item: InputFile,
    services: PipelineServices,
    options: BatchOptions = BatchOptions(),
    *,
    defer_publish: bool = False,
    announce: Callable[[str], None] | None = None,
) -> FileResult:
    """Read one input file and process it; every way it can go wrong ends in a named result.
    ``announce`` is told the document id once the bytes are read (before anything looks inside them)."""
    try:
        data, size = read_regular_file(
            item.path, follow_symlinks=options.follow_symlinks, max_bytes=services.settings.max_file_bytes
        )
    except SpecialFile as special:
        return _input_result(item, special.reason.value, special.message)
    except OSError as error:
        return _input_result(item, "unreadable", f"cannot be read: {error.strerror or error}")
    if data is None:
        return _too_large(item, size, services)
    if announce is not None:
        announce(document_id_of(data))
    outcome: ProcessOutcome = process_bytes(
        data,
        item.name,
        services,
        retry_failed=options.retry_failed,
        defer_publish=defer_publish,
        rerun_from=options.rerun_from,
    )
    return result_of(item, outcome)


def result_of(item: InputFile, outcome: ProcessOutcome) -> FileResult:
    row_id = Path(item.name).stem
    error = f"{outcome.error_code}: {outcome.error_message}" if outcome.error_code else None
    if outcome.record is not None and error is None:
        row = record_to_row(outcome.record, row_id)
        needs_review: bool | None = outcome.record.needs_review
    else:
        row = error_row(row_id, outcome.document_id, error or f"no record ({outcome.status})")
        needs_review = None
    record = outcome.record
    return FileResult(
        item.shown,
        outcome.status.value,
        outcome.skipped,
        needs_review,
        error,
        row,
        step_seconds=dict(outcome.step_seconds),
        ocr_pages=record.ocr_pages if record else 0,
        pages=record.pages if record else 0,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        document_id=outcome.document_id,
        publish_pending=outcome.publish_pending,
    )


def _input_result(item: InputFile | SkippedInput, status: str, message: str) -> FileResult:
    error = f"{status}: {message}"
    return FileResult(item.shown, status, False, None, error, error_row(Path(item.name).stem, None, error))


def _too_large(item: InputFile, size: int, services: PipelineServices) -> FileResult:
    digest = hashlib.sha256()
    with item.path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    received = record_unread(
        digest.hexdigest(),
        item.name,
        size,
        too_large(size, services.settings),
        repository=services.repository,
        now=services.now,
    )
    if received.created:
        save_entry(received.entry, services)
    entry = received.entry
    return result_of(
        item,
        ProcessOutcome(
            file_name=item.name,
            document_id=entry.document_id,
            status=entry.status,
            skipped=not received.created,
            error_code=entry.error_code,
            error_message=entry.error_message,
        ),
    )


def run_batch(
    files: list[InputFile] | list[Path],
    settings: Settings,
    workers: int,
    show_progress: bool = True,
    *,
    options: BatchOptions = BatchOptions(),
    isolate: bool = False,
    timing: BatchTiming | None = None,
) -> list[FileResult]:
    """Process every file; results come back in input order. Ctrl-C keeps what is finished.

    ``isolate`` runs documents in worker processes with the memory and time limits even with one worker
    (the command line always does); without it one worker runs in this process (tests, scripts).
    """
    items = [f if isinstance(f, InputFile) else InputFile.of(f) for f in files]
    timing = timing if timing is not None else BatchTiming()
    timing.started = timing.workers_ready = time.monotonic()
    results: dict[int, FileResult] = {}
    bar = tqdm(total=len(items), unit="doc", disable=not show_progress, file=sys.stderr, dynamic_ncols=True)
    publisher = _Publisher(settings, timing)
    try:
        for index, result in _results(items, settings, workers, options, isolate, timing):
            if result.publish_pending and result.document_id is not None:
                publisher.add(result.document_id)
            results[index] = replace(result, publish_pending=False)
            bar.set_postfix_str(_short_status(result), refresh=False)
            bar.update(1)
    finally:
        bar.close()
        publisher.close()
        timing.finished = time.monotonic()
    return [results[i] for i in sorted(results)]


class _Publisher:
    """Publishes the documents the workers finished, in batches, on a thread of the main process (while
    the workers go on): every ``publish_batch`` documents or PUBLISH_EVERY_SECONDS, and what is left at the
    end. A storage failure on the thread stops the batch like one in a worker."""

    def __init__(self, settings: Settings, timing: BatchTiming) -> None:
        self._settings = settings
        self._timing = timing
        self._waiting: list[str] = []
        self._condition = threading.Condition()
        self._closing = False
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def add(self, document_id: str) -> None:
        with self._condition:
            self._waiting.append(document_id)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="msds-publish", daemon=True)
                self._thread.start()
            if len(self._waiting) >= self._settings.publish_batch:
                self._condition.notify()
        self.raise_error()

    def raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        """Publish what is left and stop the thread."""
        with self._condition:
            self._closing = True
            self._condition.notify()
        if self._thread is not None:
            self._thread.join()
        self.raise_error()

    def _run(self) -> None:
        services: PipelineServices | None = None
        while True:
            with self._condition:
                self._condition.wait_for(
                    lambda: self._closing or len(self._waiting) >= self._settings.publish_batch,
                    timeout=PUBLISH_EVERY_SECONDS,
                )
                waiting, self._waiting = self._waiting, []
                closing = self._closing
            if waiting:
                try:
                    services = services or build_local_services(self._settings)
                    started = time.monotonic()
                    publish_pending(waiting, services)
                    self._timing.publish_seconds += time.monotonic() - started
                except BaseException as error:  # handed to the main thread, which stops the batch
                    self._error = error
                    return
            if closing:
                return


def _results(
    items: list[InputFile],
    settings: Settings,
    workers: int,
    options: BatchOptions,
    isolate: bool,
    timing: BatchTiming,
) -> Iterator[tuple[int, FileResult]]:
    if not isolate and workers <= 1:
        services = build_local_services(settings)
        for index, item in enumerate(items):
            yield index, process_path(item, services, options, defer_publish=True)
        return
    from msds.cli.worker_pool import WorkerPool

    yield from WorkerPool(settings, max(1, workers), options).run(items, timing)


def record_lost_document(
    item: InputFile, document_id: str | None, services: PipelineServices, code: str, message: str
) -> FileResult:
    """A worker died (or was stopped at a limit) while processing ``item``: record the document as failed
    with the named reason, receiving it first when the worker had not got that far."""
    entry = services.repository.get(document_id) if document_id else None
    if entry is None:
        try:
            data, _ = read_regular_file(
                item.path, follow_symlinks=True, max_bytes=services.settings.max_file_bytes
            )
        except (OSError, SpecialFile) as error:
            return _input_result(item, "unreadable", f"cannot be read: {error}")
        if data is None:
            return _input_result(item, "too_large", "the file grew beyond the size limit")
        # Stored and recorded without looking inside: looking inside is what stopped the worker.
        document_id = document_id_of(data)
        entry = services.repository.get(document_id)
        if entry is None:
            entry = receive_document(
                data,
                item.name,
                store=services.store,
                repository=services.repository,
                inspector=_NoInspection(),
                settings=services.settings,
                now=services.now,
            ).entry
    failed = mark_failed(entry, services, code, message)
    return result_of(item, ProcessOutcome(item.name, failed.document_id, failed.status, False, code, message))


class _NoInspection:
    def page_count(self, data: bytes, media_type: Any) -> int:
        return 0


def limit_message(limit: str, settings: Settings, elapsed: float | None = None) -> tuple[str, str]:
    """The (code, message) of a document whose worker was stopped at a limit."""
    if limit == "time":
        return (
            ResourceLimitExceeded.code,
            f"time: the document took more than {settings.document_seconds} s "
            f"(MSDS_DOCUMENT_SECONDS); stopped after {elapsed or 0:.0f} s",
        )
    return (
        ResourceLimitExceeded.code,
        f"memory: the worker needed more than {settings.worker_memory_mb} MiB (MSDS_WORKER_MEMORY_MB)",
    )


def _short_status(result: FileResult) -> str:
    name = Path(result.path).name
    return f"{name[:30]}: {result.status}"


def skipped_results(inputs: Inputs) -> list[FileResult]:
    """The paths that were not processed, as results (for the summary and the extract output)."""
    return [_input_result(item, item.reason.value, item.message) for item in inputs.skipped]


def outcome_of(result: FileResult) -> str:
    """One word for what happened to an input: ``processed`` (it has a record), the named reason it was
    rejected or failed, or why the path was not read."""
    if result.error:
        return result.error.split(":", 1)[0]
    return "processed"


def report_lines(results: list[FileResult], inputs: Inputs) -> list[dict[str, Any]]:
    """The machine-readable summary: one line per input path (processed or not)."""
    lines = [
        {
            "path": result.path,
            "outcome": outcome_of(result),
            "status": result.status,
            "error": result.error,
            "document_id": result.document_id,
            "already_done": result.skipped,
        }
        for result in results
    ]
    for item in inputs.skipped:
        lines.append(
            {
                "path": item.shown,
                "outcome": item.reason.value,
                "status": "not_processed",
                "error": f"{item.reason.value}: {item.message}",
                "document_id": None,
                "already_done": False,
            }
        )
    return lines


def exit_code(results: list[FileResult], inputs: Inputs) -> int:
    """0 when every input was processed (a document rejected by name counts as processed); 3 when some
    inputs were not files that could be read; 4 when some documents failed."""
    if any(item.reason not in CHOSEN_SKIPS for item in inputs.skipped) or any(
        r.document_id is None and r.error for r in results
    ):
        return EXIT_INPUTS_SKIPPED
    if any(r.status == DocumentStatus.FAILED.value for r in results):
        return EXIT_DOCUMENTS_FAILED
    return 0


def summarise(results: list[FileResult], echo: Callable[[str], None], inputs: Inputs | None = None) -> None:
    counts = Counter(r.status for r in results)
    skipped = sum(1 for r in results if r.skipped)
    review = sum(1 for r in results if r.needs_review)
    echo(f"{len(results)} files: " + ", ".join(f"{n} {status}" for status, n in counts.most_common()))
    echo(f"  {skipped} already done (skipped), {review} need review")
    errors = Counter((r.error or "").split(":")[0] for r in results if r.error)
    if errors:
        echo("  errors: " + ", ".join(f"{n} {code}" for code, n in errors.most_common()))
    not_retried = sum(1 for r in results if r.skipped and r.status == DocumentStatus.FAILED.value)
    if not_retried:
        echo(f"  {not_retried} failed earlier and were not tried again (--retry-failed to try them)")
    if inputs is not None and inputs.skipped:
        reasons = Counter(item.reason.value for item in inputs.skipped)
        echo(
            f"  {len(inputs.skipped)} paths not processed: "
            + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
        )
        for item in inputs.skipped[:20]:
            echo(f"    {item.reason.value}: {item.name}: {item.message}")
        if len(inputs.skipped) > 20:
            echo(f"    ... and {len(inputs.skipped) - 20} more")
