"""Process many files with a pool of worker processes, a progress bar and a summary."""

from __future__ import annotations

import multiprocessing
import resource
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from msds.composition import build_local_services
from msds.pipeline.runner import ProcessOutcome, process_bytes
from msds.pipeline.services import PipelineServices
from msds.services.export import error_row, record_to_row
from msds.settings import Settings

_worker_services: PipelineServices | None = None
_worker_rerun_from: str | None = None


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


def _init_worker(settings_json: str, rerun_from: str | None = None) -> None:
    global _worker_services, _worker_rerun_from
    _worker_services = build_local_services(Settings.model_validate_json(settings_json))
    _worker_rerun_from = rerun_from


def _process_path(path: str) -> FileResult:
    assert _worker_services is not None, "worker not initialised"
    return process_path(Path(path), _worker_services, rerun_from=_worker_rerun_from)


def process_path(path: Path, services: PipelineServices, *, rerun_from: str | None = None) -> FileResult:
    row_id = path.stem
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"unreadable: {exc}"
        return FileResult(str(path), "unreadable", False, None, message, error_row(row_id, None, message))
    outcome: ProcessOutcome = process_bytes(data, path.name, services, rerun_from=rerun_from)
    error = f"{outcome.error_code}: {outcome.error_message}" if outcome.error_code else None
    if outcome.record is not None and error is None:
        row = record_to_row(outcome.record, row_id)
        needs_review: bool | None = outcome.record.needs_review
    else:
        row = error_row(row_id, outcome.document_id, error or f"no record ({outcome.status})")
        needs_review = None
    record = outcome.record
    return FileResult(
        str(path),
        outcome.status.value,
        outcome.skipped,
        needs_review,
        error,
        row,
        step_seconds=dict(outcome.step_seconds),
        ocr_pages=record.ocr_pages if record else 0,
        pages=record.pages if record else 0,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )


def run_batch(
    files: list[Path],
    settings: Settings,
    workers: int,
    show_progress: bool = True,
    *,
    rerun_from: str | None = None,
) -> list[FileResult]:
    """Process every file; results come back in input order. Ctrl-C keeps what is finished. With
    ``rerun_from``, documents already read run that step and the later ones again."""
    results: dict[int, FileResult] = {}
    bar = tqdm(total=len(files), unit="doc", disable=not show_progress, file=sys.stderr, dynamic_ncols=True)
    try:
        for index, result in _results(files, settings, workers, rerun_from):
            results[index] = result
            bar.set_postfix_str(_short_status(result), refresh=False)
            bar.update(1)
    finally:
        bar.close()
    return [results[i] for i in sorted(results)]


def _results(
    files: list[Path], settings: Settings, workers: int, rerun_from: str | None
) -> Iterator[tuple[int, FileResult]]:
    if workers <= 1 or len(files) <= 1:
        services = build_local_services(settings)
        for index, path in enumerate(files):
            yield index, process_path(path, services, rerun_from=rerun_from)
        return
    context = multiprocessing.get_context("spawn")  # pdfium and tesseract are not fork-safe
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings.model_dump_json(), rerun_from),
    ) as pool:
        futures: dict[Future[FileResult], int] = {
            pool.submit(_process_path, str(p)): i for i, p in enumerate(files)
        }
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _short_status(result: FileResult) -> str:
    name = Path(result.path).name
    return f"{name[:30]}: {result.status}"


def summarise(results: list[FileResult], echo: Callable[[str], None]) -> None:
    counts = Counter(r.status for r in results)
    skipped = sum(1 for r in results if r.skipped)
    review = sum(1 for r in results if r.needs_review)
    echo(f"{len(results)} files: " + ", ".join(f"{n} {status}" for status, n in counts.most_common()))
    echo(f"  {skipped} already done (skipped), {review} need review")
    errors = Counter((r.error or "").split(":")[0] for r in results if r.error)
    if errors:
        echo("  errors: " + ", ".join(f"{n} {code}" for code, n in errors.most_common()))
