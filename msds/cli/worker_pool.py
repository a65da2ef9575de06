"""Worker processes for a batch, each document under a memory and a time limit.

The main process hands one file at a time to each worker over a pipe and watches it: a worker that takes
longer than ``document_seconds`` on one document, or whose resident memory passes ``worker_memory_mb``, is
stopped (SIGKILL) and its document recorded as ``resource_limit``; a worker that dies on its own costs its
document a ``worker_crashed`` record. Either way a fresh worker takes the next file, so one document never
takes the batch down. Inside the worker the same memory limit is set as RLIMIT_DATA, so most oversized
allocations fail at once (a MemoryError, recorded the same way) instead of growing until they are seen.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from msds.cli.batch import (
    BatchOptions,
    BatchTiming,
    FileResult,
    limit_message,
    process_path,
    record_lost_document,
)
from msds.cli.files import InputFile
from msds.cli.heap import collect_less_often, freeze_warm_heap
from msds.cli.logs import send_logs_to_file
from msds.composition import build_local_services
from msds.errors import DiskFull, MsdsError, StateDamaged, StorageFailure, WorkerStartFailed
from msds.pipeline.services import PipelineServices
from msds.services.extract.warm_up import warm_up_extraction
from msds.settings import Settings

log = logging.getLogger(__name__)

_POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    task: tuple[int, InputFile] | None = None
    started: float = 0.0
    document_id: str | None = None
    ready: bool = False


class WorkerPool:
    def __init__(self, settings: Settings, workers: int, options: BatchOptions) -> None:
        self._settings = settings
        self._size = workers
        self._options = options
        self._context = multiprocessing.get_context("spawn")  # pdfium and tesseract are not fork-safe
        self._services: PipelineServices | None = None

    def run(
        self, items: list[InputFile], timing: BatchTiming | None = None
    ) -> Iterator[tuple[int, FileResult]]:
        """Yield (index, result) for every item as documents finish, in no particular order. The workers
        are all up before the first file is handed out (``timing.workers_ready``). A worker whose memory
        has grown past ``worker_recycle_mb`` after a document is replaced by a fresh one."""
        queue = deque(enumerate(items))
        workers: list[_Worker | None] = [self._start() for _ in range(min(self._size, len(items)))]
        try:
            for worker in workers:
                assert worker is not None
                self._wait_ready(worker)
            if timing is not None:
                timing.workers_ready = time.monotonic()
            while any(worker is not None for worker in workers):
                for position, worker in enumerate(workers):
                    if worker is None or worker.task is not None or not worker.ready:
                        continue
                    if not queue:
                        _stop(worker)
                        workers[position] = None
                    elif _resident_mb(worker.process.pid) > self._settings.worker_recycle_mb:
                        _stop(worker)  # a fresh worker takes the next file once it is up
                        workers[position] = self._start()
                    else:
                        self._assign(worker, queue)
                active = [worker for worker in workers if worker is not None]
                if not active:
                    break
                wait([w.connection for w in active] + [w.process.sentinel for w in active], _POLL_SECONDS)
                for position, worker in enumerate(workers):
                    if worker is None:
                        continue
                    finished = self._collect(worker)
                    if finished is None and worker.task is not None:
                        finished = self._enforce_limits(worker)
                    if finished is not None:
                        yield finished
                    if not worker.process.is_alive():
                        _close(worker)
                        workers[position] = self._start() if queue else None
        finally:
            for worker in workers:
                if worker is not None:
                    _stop(worker)

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self._settings.model_dump_json(), self._options),
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _wait_ready(self, worker: _Worker) -> None:
        """Block until the worker says it is ready (or fails to start: WorkerStartFailed)."""
        while not worker.ready:
            wait([worker.connection, worker.process.sentinel])
            self._collect(worker)

    def _assign(self, worker: _Worker, queue: deque[tuple[int, InputFile]]) -> None:
        index, item = queue.popleft()
        worker.task, worker.started, worker.document_id = (index, item), time.monotonic(), None
        worker.connection.send((os.fsencode(item.path), item.name))

    def _collect(self, worker: _Worker) -> tuple[int, FileResult] | None:
        """Read the worker's messages; the result when its document is finished (or the worker died
        with it). A worker that dies before it is ready stops the batch (WorkerStartFailed)."""
        try:
            while worker.connection.poll():
                kind, payload = worker.connection.recv()
                if kind == "ready":
                    worker.ready = True
                elif kind == "start_failed":
                    code, message = payload
                    error = WorkerStartFailed(message)
                    error.code = code
                    raise error
                elif kind == "received":
                    worker.document_id = payload
                elif kind == "done" and worker.task is not None:
                    index = worker.task[0]
                    worker.task = None
                    return index, payload
                elif kind == "storage_failure":
                    code, message = payload
                    raise DiskFull(message) if code == DiskFull.code else StateDamaged(message)
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel says so below
        if worker.process.is_alive():
            return None
        worker.process.join()
        code = worker.process.exitcode
        how = _signal_name(-code) if code is not None and code < 0 else f"exit status {code}"
        if not worker.ready:
            raise WorkerStartFailed(f"a worker process could not start ({how}); see the messages above")
        if worker.task is None:
            return None
        index, item = worker.task
        worker.task = None
        limit = self._settings.worker_memory_mb
        return index, record_lost_document(
            item,
            worker.document_id,
            self._parent_services(),
            "worker_crashed",
            f"the worker processing this document died ({how}); it may have needed more than the "
            f"{limit} MiB memory limit (MSDS_WORKER_MEMORY_MB)",
        )

    def _enforce_limits(self, worker: _Worker) -> tuple[int, FileResult] | None:
        assert worker.task is not None
        elapsed = time.monotonic() - worker.started
        limit: str | None = None
        if elapsed > self._settings.document_seconds:
            limit = "time"
        elif _resident_mb(worker.process.pid) > self._settings.worker_memory_mb:
            limit = "memory"
        if limit is None:
            return None
        index, item = worker.task
        _kill(worker)
        worker.task = None
        code, message = limit_message(limit, self._settings, elapsed)
        return index, record_lost_document(item, worker.document_id, self._parent_services(), code, message)

    def _parent_services(self) -> PipelineServices:
        if self._services is None:
            self._services = build_local_services(self._settings)
        return self._services


def _worker_main(connection: Connection, settings_json: str, options: BatchOptions) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    settings = Settings.model_validate_json(settings_json)
    send_logs_to_file(settings.data_dir)
    _limit_memory(settings.worker_memory_mb)
    try:
        services = build_local_services(settings)
    except MsdsError as error:
        connection.send(("start_failed", (error.code, error.message)))
        return
    except Exception as error:
        connection.send(("start_failed", (WorkerStartFailed.code, f"{type(error).__name__}: {error}")))
        return
    # Patterns and tables every document uses are built now, not inside the first document's time.
    warm_up_extraction(services.catalog, services.matcher)
    collect_less_often()
    connection.send(("ready", None))
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        raw_path, name = task
        item = InputFile(Path(os.fsdecode(raw_path)), name)
        try:
            result = _process(item, services, settings, options, connection)
        except StorageFailure as error:
            connection.send(("storage_failure", (error.code, error.message)))
            return
        connection.send(("done", result))
        # What a document loaded for later ones (models, tables, caches) stays for the worker's life.
        freeze_warm_heap()


def _process(
    item: InputFile,
    services: PipelineServices,
    settings: Settings,
    options: BatchOptions,
    connection: Connection,
) -> FileResult:
    try:
        return process_path(
            item,
            services,
            options,
            defer_publish=True,
            announce=lambda document_id: connection.send(("received", document_id)),
        )
    except StorageFailure:
        raise
    except MemoryError:
        code, message = limit_message("memory", settings)
        return _lost(item, services, code, message)
    except Exception as error:  # a bug in receiving must not stop the batch either
        log.exception("receiving %s failed", item.shown)
        return _lost(item, services, "internal_error", f"Receive: {type(error).__name__}: {error}")


def _lost(item: InputFile, services: PipelineServices, code: str, message: str) -> FileResult:
    return record_lost_document(item, None, services, code, message)


def _limit_memory(megabytes: int) -> None:
    wanted = megabytes * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _die_with_parent() -> None:
    """Ask the kernel to stop this worker when the main process dies (kill -9 leaves no orphans)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _resident_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE_BYTES / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError):
        worker.process.kill()
    worker.process.join(5)
    _close(worker)


def _close(worker: _Worker) -> None:
    with contextlib.suppress(OSError):
        worker.connection.close()


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        with contextlib.suppress(OSError, BrokenPipeError):
            worker.connection.send(None)
        worker.process.join(2)
    if worker.process.is_alive():
        _kill(worker)
    _close(worker)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
