"""Runs the pipeline for received documents in the background while the local web app serves pages.

Worker processes (spawned: pdfium and Tesseract are not fork-safe) each build the local services once and
walk the step list for one document id at a time. On start, every document left received or processing by
an earlier run is queued again, so an interrupted server loses nothing. A worker whose server is gone (killed,
so the pool was never shut down) stops by itself instead of waiting for work forever.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor

from models.document import DocumentStatus
from msds.composition import build_local_services
from msds.pipeline.runner import run_steps
from msds.pipeline.services import PipelineServices
from msds.ports import DocumentRepository
from msds.settings import Settings

log = logging.getLogger(__name__)
RESUMED_STATUSES = (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING)
_worker_services: PipelineServices | None = None
PARENT_CHECK_SECONDS = 2.0


def _init_worker(settings_json: str, server_pid: int) -> None:
    global _worker_services
    leave_with_parent(server_pid)
    _worker_services = build_local_services(Settings.model_validate_json(settings_json))


def leave_with_parent(parent_pid: int, every_seconds: float = PARENT_CHECK_SECONDS) -> None:
    """Exit this process once its parent is no longer ``parent_pid`` (the parent died and the process was
    handed to another). A pool's workers block on their task queue, whose pipe they hold both ends of, so
    they would never notice on their own. A document cut short is resumed by the next server."""

    def watch() -> None:
        while True:
            time.sleep(every_seconds)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


def _process(document_id: str) -> str:
    assert _worker_services is not None, "worker not initialised"
    return process_stored(document_id, _worker_services)


def process_stored(document_id: str, services: PipelineServices) -> str:
    """Run the pipeline's unfinished steps for a received document; return its status afterwards."""
    entry = services.repository.get(document_id)
    if entry is None or entry.status == DocumentStatus.REJECTED:
        return "skipped"
    return run_steps(entry, services).status.value


class BackgroundProcessor:
    """Implements the web app's document processor with a pool of worker processes."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings.model_dump_json(), os.getpid()),
        )
        self._pending: dict[str, Future[str]] = {}
        self._lock = threading.Lock()

    def submit(self, document_id: str) -> None:
        with self._lock:
            running = self._pending.get(document_id)
            if running is not None and not running.done():
                return
            future = self._pool.submit(_process, document_id)
            self._pending[document_id] = future
        future.add_done_callback(lambda done: self._finished(document_id, done))

    def resume_unfinished(self, repository: DocumentRepository) -> int:
        """Queue every document an earlier run left received or processing; return how many."""
        waiting = [entry for status in RESUMED_STATUSES for entry in repository.list(status)]
        for entry in waiting:
            self.submit(entry.document_id)
        return len(waiting)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _finished(self, document_id: str, future: Future[str]) -> None:
        with self._lock:
            if self._pending.get(document_id) is future:
                del self._pending[document_id]
        error = future.exception()
        if error is not None:
            log.error("processing %s failed: %s", document_id, error)


class InlineProcessor:
    """Runs the pipeline in the calling thread (``msds serve --workers 0``, and the tests)."""

    def __init__(self, services: PipelineServices) -> None:
        self._services = services

    def submit(self, document_id: str) -> None:
        process_stored(document_id, self._services)

    def resume_unfinished(self, repository: DocumentRepository) -> int:
        waiting = [entry for status in RESUMED_STATUSES for entry in repository.list(status)]
        for entry in waiting:
            self.submit(entry.document_id)
        return len(waiting)

    def close(self) -> None:
        return None
