"""`msds bench`: end-to-end throughput, OCR time per page and peak memory, on a fresh data directory."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from models.document import MediaType
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.cli.batch import FileResult, run_batch
from msds.domain.file_types import sniff_media_type
from msds.domain.text_quality import assess_text_layer
from msds.settings import Settings


def run_benchmark(files: list[Path], settings: Settings, workers: int, echo: Callable[[str], None]) -> None:
    """Time born-digital files and files needing OCR in separate runs, each on a fresh data directory.

    Which is which is decided first, untimed, from each file's text layer (the same rule ReadText uses).
    """
    digital, needs_ocr = split_born_digital(files)
    echo(f"{len(digital)} born-digital files, {len(needs_ocr)} needing OCR (images or unusable text layer)")
    for title, group in (("born-digital", digital), ("needing OCR", needs_ocr)):
        if not group:
            continue
        echo(f"\n== {title} ==")
        with tempfile.TemporaryDirectory(prefix="msds-bench-") as scratch:
            fresh = settings.model_copy(update={"data_dir": Path(scratch)})
            started = time.perf_counter()
            results = run_batch(group, fresh, workers, show_progress=True)
            elapsed = time.perf_counter() - started
        report(results, elapsed, workers, echo)


def split_born_digital(files: list[Path]) -> tuple[list[Path], list[Path]]:
    layer = PdfiumTextLayer()
    digital: list[Path] = []
    others: list[Path] = []
    for path in files:
        data = path.read_bytes()
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


def report(results: list[FileResult], elapsed: float, workers: int, echo: Callable[[str], None]) -> None:
    done = [r for r in results if r.step_seconds]
    pages = sum(r.pages for r in done)
    echo(f"documents: {len(results)} ({len(done)} processed, {len(results) - len(done)} rejected or failed)")
    echo(f"wall time: {elapsed:.1f} s with {workers} workers")
    echo(f"throughput: {len(results) / elapsed:.2f} documents/s, {pages / elapsed:.1f} pages/s")
    digital = [r for r in done if r.ocr_pages == 0]
    if digital:
        per_doc = [sum(r.step_seconds.values()) for r in digital]
        echo(
            f"born-digital: {len(digital)} documents, median {statistics.median(per_doc):.3f} s/document "
            f"of pipeline time per worker"
        )
    scanned = [r for r in done if r.ocr_pages > 0]
    if scanned:
        ocr_seconds = sum(r.step_seconds.get("ReadText", 0.0) for r in scanned)
        ocr_pages = sum(r.ocr_pages for r in scanned)
        echo(
            f"OCR: {ocr_pages} pages in {len(scanned)} documents, {ocr_seconds / ocr_pages:.2f} s/page "
            "(read-text step time per OCR page, one core)"
        )
    if done:
        biggest = max(done, key=lambda r: r.pages)
        echo(
            f"peak memory per worker: {max(r.peak_rss_mb for r in done):.0f} MB "
            f"(largest document: {biggest.pages} pages, {Path(biggest.path).name})"
        )
    steps: dict[str, list[float]] = {}
    for r in done:
        for name, seconds in r.step_seconds.items():
            steps.setdefault(name, []).append(seconds)
    for name, values in steps.items():
        echo(
            f"  step {name:<15} mean {statistics.mean(values) * 1000:8.1f} ms"
            f"   max {max(values) * 1000:8.1f} ms"
        )
