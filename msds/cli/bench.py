"""`msds bench`: throughput, OCR seconds per page and peak memory, on fresh data directories.

Born-digital files and files needing OCR are timed in separate runs (which is which is decided first,
untimed, from each file's text layer with the rule ReadText uses). Each run processes its files exactly
as `msds process` does (worker processes with their limits, batched publishing) into a fresh data dir.
Throughput counts from the moment every worker is up (processes started, code imported) to the last
result, so a short run is not dominated by start-up; the start-up time and the wall time including it are
reported beside it. The machine's load average is reported with every run: on a shared machine the
figures are only indicative. ``--json`` prints everything as one JSON object (what README's performance
table is generated from: ``make bench-table``).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from models.document import MediaType
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.cli.batch import BatchTiming, FileResult, run_batch
from msds.domain.file_types import sniff_media_type
from msds.domain.text_quality import assess_text_layer
from msds.settings import Settings

BENCH_FORMAT = 1
GROUPS = ("born_digital", "needs_ocr")


@dataclass
class RunFigures:
    documents: int
    processed: int
    pages: int
    ocr_pages: int
    startup_seconds: float
    processing_seconds: float
    wall_seconds: float
    documents_per_second: float
    pages_per_second: float
    seconds_per_ocr_page: float | None
    peak_rss_mb_per_worker: float
    largest_document: str | None
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    steps_ms: dict[str, dict[str, float]] = field(default_factory=dict)


def run_benchmark(
    files: list[Path],
    settings: Settings,
    workers: int,
    echo: Callable[[str], None],
    *,
    runs: int = 1,
    as_json: bool = False,
    show_progress: bool = True,
) -> dict[str, Any]:
    """Time each group ``runs`` times; print a report (or JSON) and return the figures."""
    digital, needs_ocr = split_born_digital(files)
    if not as_json:
        echo(
            f"{len(digital)} born-digital files, {len(needs_ocr)} needing OCR (images or unusable text layer)"
        )
    report: dict[str, Any] = {
        "format": BENCH_FORMAT,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"workers": workers, "ocr_dpi": settings.ocr_dpi, "languages": list(settings.languages)},
        "folders": sorted({str(path.parent) for path in files}),
        "groups": {},
    }
    for name, group in zip(GROUPS, (digital, needs_ocr), strict=True):
        if not group:
            continue
        figures = []
        for run in range(runs):
            if not as_json:
                echo(f"\n== {name.replace('_', '-')} ({len(group)} files), run {run + 1} of {runs} ==")
            figures.append(time_group(group, settings, workers, show_progress=show_progress and not as_json))
            if not as_json:
                print_run(figures[-1], workers, echo)
        report["groups"][name] = summary(figures)
    if as_json:
        import json

        print(json.dumps(report, indent=2))
    return report


def time_group(files: list[Path], settings: Settings, workers: int, *, show_progress: bool) -> RunFigures:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="msds-bench-") as scratch:
        fresh = settings.model_copy(update={"data_dir": Path(scratch)})
        timing = BatchTiming()
        results = run_batch(files, fresh, workers, show_progress=show_progress, isolate=True, timing=timing)
    return figures_of(results, timing, load_before, os.getloadavg())


def figures_of(
    results: list[FileResult],
    timing: BatchTiming,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> RunFigures:
    done = [r for r in results if r.step_seconds]
    pages = sum(r.pages for r in done)
    processing = max(timing.finished - timing.workers_ready, 1e-9)
    scanned = [r for r in done if r.ocr_pages > 0]
    ocr_pages = sum(r.ocr_pages for r in scanned)
    ocr_seconds = sum(r.step_seconds.get("ReadText", 0.0) for r in scanned)
    biggest = max(done, key=lambda r: (r.peak_rss_mb, r.pages), default=None)
    steps: dict[str, list[float]] = {}
    for result in done:
        for name, seconds in result.step_seconds.items():
            steps.setdefault(name, []).append(seconds)
    if done:
        per_document = timing.publish_seconds / len(done)
        steps["Publish (batched, main process)"] = [per_document]
    return RunFigures(
        documents=len(results),
        processed=len(done),
        pages=pages,
        ocr_pages=ocr_pages,
        startup_seconds=round(timing.workers_ready - timing.started, 2),
        processing_seconds=round(processing, 2),
        wall_seconds=round(timing.finished - timing.started, 2),
        documents_per_second=round(len(results) / processing, 2),
        pages_per_second=round(pages / processing, 1),
        seconds_per_ocr_page=round(ocr_seconds / ocr_pages, 3) if ocr_pages else None,
        peak_rss_mb_per_worker=max((r.peak_rss_mb for r in done), default=0.0),
        largest_document=Path(biggest.path).name if biggest else None,
        load_before=_rounded(load_before),
        load_after=_rounded(load_after),
        steps_ms={
            name: {
                "mean": round(statistics.mean(values) * 1000, 1),
                "median": round(statistics.median(values) * 1000, 1),
                "max": round(max(values) * 1000, 1),
            }
            for name, values in steps.items()
        },
    )


def summary(runs: list[RunFigures]) -> dict[str, Any]:
    """The runs of one group and their medians (the figure to quote)."""

    def median(name: str) -> float | None:
        values = [getattr(run, name) for run in runs if getattr(run, name) is not None]
        return round(statistics.median(values), 3) if values else None

    return {
        "runs": [run.__dict__ for run in runs],
        "median": {
            name: median(name)
            for name in (
                "documents_per_second",
                "pages_per_second",
                "seconds_per_ocr_page",
                "peak_rss_mb_per_worker",
                "processing_seconds",
                "startup_seconds",
            )
        },
        "documents": runs[0].documents,
        "pages": runs[0].pages,
        "ocr_pages": runs[0].ocr_pages,
    }


def print_run(figures: RunFigures, workers: int, echo: Callable[[str], None]) -> None:
    echo(
        f"documents: {figures.documents} ({figures.processed} processed, "
        f"{figures.documents - figures.processed} rejected or failed), {figures.pages} pages"
    )
    echo(
        f"throughput: {figures.documents_per_second:.2f} documents/s, {figures.pages_per_second:.1f} pages/s "
        f"with {workers} workers ({figures.processing_seconds:.1f} s once the workers were up; start-up "
        f"{figures.startup_seconds:.1f} s; wall {figures.wall_seconds:.1f} s)"
    )
    if figures.seconds_per_ocr_page is not None:
        echo(
            f"OCR: {figures.ocr_pages} pages, {figures.seconds_per_ocr_page:.2f} s/page "
            "(read-text step time per OCR page, one core)"
        )
    echo(
        f"peak memory per worker: {figures.peak_rss_mb_per_worker:.0f} MB (the worker that processed "
        f"{figures.largest_document})"
    )
    echo(
        "load average before/after: "
        + " ".join(f"{v:.2f}" for v in figures.load_before)
        + " / "
        + " ".join(f"{v:.2f}" for v in figures.load_after)
    )
    for name, values in figures.steps_ms.items():
        echo(f"  step {name:<30} mean {values['mean']:8.1f} ms   max {values['max']:8.1f} ms")


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "processor": platform.processor() or platform.machine(),
    }


def split_born_digital(files: list[Path]) -> tuple[list[Path], list[Path]]:
    layer = PdfiumTextLayer()
    digital: list[Path] = []
    others: list[Path] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            others.append(path)
            continue
        if sniff_media_type(data[:1024]) != MediaType.PDF:
            others.append(path)
            continue
        try:
            pages = layer.read_pages(data)
        except Exception:  # unreadable files belong to the run that will reject them
            others.append(path)
            continue
        usable = all(assess_text_layer(page).usable for page in pages)
        (digital if usable else others).append(path)
    return digital, others


def _rounded(values: tuple[float, float, float]) -> tuple[float, float, float]:
    return (round(values[0], 2), round(values[1], 2), round(values[2], 2))
