"""Pictogram benchmark: the project's vision model and the PyPI package ``ghs-parser``, same files, one run.

    .venv/bin/python scripts/bench_pictograms.py [--files DIR] [--labels labels.jsonl] [--limit N]
        [--pages 2] [--no-pipeline] [--ghs-parser-version 0.1.3] [--venv DIR] [--cores 1] [--json OUT]

Defaults: ``../shared/corpus/dev/files``, scored against the ``pictograms`` of
``../shared/corpus/dev/labels.jsonl``.

ghs-parser runs in a throwaway virtual environment that this script creates under a temporary folder
(``python -m venv`` + ``pip install ghs-parser==<version>``), through a small runner script, so that it and
its dependencies (OpenCV, PyMuPDF, a pinned NumPy) never touch the project's environment; it is never a
project dependency. Its public API is used as shipped: ``find_icons_in_pdf(path)`` renders the first two pages
at 400 dpi, finds red diamond-like contours, template-matches its nine icons and returns every icon whose best
match reaches its default threshold (0.4); the icon file names give the codes.

Rows of the table (micro-averaged precision/recall/F1 over (document, code) pairs):

- ``ghs-parser``: as above, first two pages.
- ``msds detector, image only``: the project's detector (msds.vision.detector.VisionModel) on the same first
  ``--pages`` pages, rendered with the project's renderer at the model's resolution; time = render + detect.
- ``msds pipeline, image only`` / ``text only`` / ``image + text``: the local pipeline run on the document
  (text layer or OCR, segmentation, extraction, then the vision step on the Section 2 pages). Its record's
  pictograms say where each came from: image detections, text mentions, or both; image + text is their
  union.
  Time: the vision step alone for the image row, the whole pipeline (OCR included) for the others.

Seconds per document are measured around each tool's own call, after its one-off start-up (interpreter,
imports, model load), which is reported apart. Both tools are pinned to the same CPU cores (``--cores``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = REPO_ROOT.parent / "shared" / "corpus" / "dev"
GHS_CODES = tuple(f"GHS0{i}" for i in range(1, 10))

RUNNER = textwrap.dedent(
    '''
    """Runs ghs-parser on the paths read from stdin, one JSON line per path (inside its own venv)."""
    import json, logging, sys, time
    logging.disable(logging.CRITICAL)
    import ghs_parser
    from ghs_parser import find_icons_in_pdf
    print(json.dumps({"ready": True, "version": getattr(ghs_parser, "__version__", None)}), flush=True)
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        started = time.perf_counter()
        error = None
        try:
            result = find_icons_in_pdf(path)
            icons = dict(result[0]) if result else {}
            if result is None:
                error = "ghs-parser could not open the file"
        except Exception as exc:  # report and go on with the next file
            icons, error = {}, f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        found = {name: float(score) for name, score in icons.items()}
        print(json.dumps({"path": path, "icons": found, "seconds": seconds, "error": error}), flush=True)
    '''
)


class BenchmarkError(Exception):
    """The benchmark cannot run as asked (missing files, ghs-parser not installable)."""


@dataclass
class Row:
    """One tool's answers: document id -> codes found, and seconds per document."""

    name: str
    pages: str
    found: dict[str, set[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    startup_seconds: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    misses: int
    exact_documents: int
    documents: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.misses
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(labels: dict[str, set[str]], found: dict[str, set[str]]) -> Score:
    tp = fp = fn = exact = 0
    for doc_id, truth in labels.items():
        predicted = found.get(doc_id, set())
        tp += len(truth & predicted)
        fp += len(predicted - truth)
        fn += len(truth - predicted)
        exact += predicted == truth
    return Score(tp, fp, fn, exact, len(labels))


# --- inputs ---------------------------------------------------------------------------------------


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


def documents(
    files_dir: Path, labels: dict[str, dict[str, Any]], limit: int | None
) -> list[tuple[str, Path]]:
    by_stem = {path.stem: path for path in sorted(files_dir.iterdir()) if path.is_file()}
    chosen = []
    for doc_id, row in sorted(labels.items()):
        path = files_dir / (row.get("file_name") or doc_id)
        if not path.is_file():  # labels may spell the extension differently ("x.PDF" for x.pdf)
            path = by_stem.get(doc_id, path)
        if not path.is_file():
            raise BenchmarkError(f"{path} (labelled as {doc_id}) is not there")
        chosen.append((doc_id, path))
    return chosen[:limit] if limit else chosen


def pin_cores(cores: int) -> set[int] | None:
    """Restrict this process (and the children it starts later) to the first ``cores`` CPUs."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))[: max(1, cores)]
    os.sched_setaffinity(0, set(allowed))
    return set(allowed)


# --- ghs-parser, in its own environment --------------------------------------------------------------------


def ghs_parser_environment(folder: Path, version: str, log: Any) -> Path:
    """A venv in ``folder`` with ghs-parser installed; returns its python. Reused when already there."""
    python = folder / "bin" / "python"
    requirement = "ghs-parser" if version == "latest" else f"ghs-parser=={version}"
    if not python.is_file():
        log(f"creating a throwaway virtual environment in {folder}")
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    check = subprocess.run([str(python), "-c", "import ghs_parser"], capture_output=True)
    if check.returncode != 0:
        log(f"installing {requirement} into it (pip)")
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BenchmarkError(f"pip could not install {requirement}: {done.stderr.strip()[-800:]}")
    return python


def installed_version(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "from importlib.metadata import version; print(version('ghs-parser'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def run_ghs_parser(python: Path, docs: Sequence[tuple[str, Path]], scratch: Path, log: Any) -> Row:
    runner = scratch / "ghs_parser_runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    row = Row(f"ghs-parser {installed_version(python)}", "first 2")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(python), str(runner)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=scratch,
    )
    assert process.stdin is not None and process.stdout is not None
    ready = json.loads(process.stdout.readline() or "{}")
    if not ready.get("ready"):
        process.kill()
        raise BenchmarkError("the ghs-parser runner did not start")
    row.startup_seconds = time.perf_counter() - started
    for index, (doc_id, path) in enumerate(docs, start=1):
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        row.found[doc_id] = {name[:5].upper() for name in answer["icons"] if name[:5].upper() in GHS_CODES}
        row.seconds[doc_id] = answer["seconds"]
        if answer["error"]:
            row.errors[doc_id] = answer["error"]
        found = sorted(row.found[doc_id])
        log(f"  ghs-parser {index}/{len(docs)} {doc_id}: {found} {answer['seconds']:.2f} s")
    process.stdin.close()
    process.wait(timeout=60)
    return row


# --- the project ----------------------------------------------------------------------------------


def run_detector(docs: Sequence[tuple[str, Path]], pages: int, model_dir: Path | None, log: Any) -> Row:
    import cv2
    from PIL import Image

    from msds.adapters.local.pdfium_renderer import PdfiumRenderer
    from msds.vision.detector import ARTEFACTS_DIR, VisionModel
    from msds.vision.processing import RENDER_DPI

    cv2.setNumThreads(1)
    started = time.perf_counter()
    model = VisionModel.load(model_dir or ARTEFACTS_DIR)
    model.detect_pictograms(Image.new("RGB", (850, 1100), "white"))  # warm-up, part of start-up
    renderer = PdfiumRenderer()
    row = Row("msds detector, image only", f"first {pages}")
    row.startup_seconds = time.perf_counter() - started
    for index, (doc_id, path) in enumerate(docs, start=1):
        data = path.read_bytes()
        began = time.perf_counter()
        codes: set[str] = set()
        try:
            for page in range(1, min(pages, renderer.page_count(data)) + 1):
                image = renderer.render(data, page, RENDER_DPI)
                codes.update(d.code for d in model.detect_pictograms(image))
        except Exception as error:  # a file the renderer refuses: no detections, error reported
            row.errors[doc_id] = f"{type(error).__name__}: {error}"
        row.seconds[doc_id] = time.perf_counter() - began
        row.found[doc_id] = codes
        log(f"  msds detector {index}/{len(docs)} {doc_id}: {sorted(codes)} {row.seconds[doc_id]:.2f} s")
    return row


def run_pipeline(
    docs: Sequence[tuple[str, Path]], scratch: Path, model_dir: Path | None, log: Any
) -> list[Row]:
    """The local pipeline on each document; rows for its image detections, its text, and both."""
    from models.record import PictogramSource
    from msds.composition import build_local_services
    from msds.pipeline.runner import process_bytes
    from msds.settings import Settings
    from msds.vision.detector import VisionModel

    started = time.perf_counter()
    services = build_local_services(Settings(data_dir=scratch / "pipeline-data", workers=1))
    if services.vision is None or model_dir is not None:
        services.vision = VisionModel(model_dir)
    image = Row("msds pipeline, image only", "Section 2", note="time: vision step")
    text = Row("msds pipeline, text only", "all (text)", note="time: whole pipeline")
    both = Row("msds pipeline, image + text", "all", note="time: whole pipeline")
    startup = time.perf_counter() - started
    for row in (image, text, both):
        row.startup_seconds = startup
    for index, (doc_id, path) in enumerate(docs, start=1):
        data = path.read_bytes()
        began = time.perf_counter()
        outcome = process_bytes(data, path.name, services)
        elapsed = time.perf_counter() - began
        pictograms = outcome.record.pictograms if outcome.record is not None else []
        image.found[doc_id] = {p.code for p in pictograms if p.source != PictogramSource.TEXT}
        text.found[doc_id] = {p.code for p in pictograms if p.source != PictogramSource.IMAGE}
        both.found[doc_id] = {p.code for p in pictograms}
        image.seconds[doc_id] = outcome.step_seconds.get("DetectPictogramsAndSignatures", 0.0)
        text.seconds[doc_id] = both.seconds[doc_id] = elapsed
        if outcome.error_code:
            for row in (image, text, both):
                row.errors[doc_id] = f"{outcome.error_code}: {outcome.error_message}"
        log(
            f"  msds pipeline {index}/{len(docs)} {doc_id}: image {sorted(image.found[doc_id])} "
            f"text {sorted(text.found[doc_id])} {elapsed:.2f} s"
        )
    return [image, text, both]


# --- report ---------------------------------------------------------------------------------------


def table(rows: Iterable[Row], labels: dict[str, set[str]]) -> str:
    header = ("tool", "pages", "docs", "P", "R", "F1", "exact", "s/doc", "median", "start-up s", "errors")
    lines = [header]
    for row in rows:
        result = score(labels, row.found)
        times = list(row.seconds.values())
        lines.append(
            (
                row.name,
                row.pages,
                str(result.documents),
                f"{result.precision:.3f}",
                f"{result.recall:.3f}",
                f"{result.f1:.3f}",
                f"{result.exact_documents}/{result.documents}",
                f"{statistics.mean(times):.3f}" if times else "-",
                f"{statistics.median(times):.3f}" if times else "-",
                f"{row.startup_seconds:.1f}",
                str(len(row.errors)),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        cells = [cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(line)]
        out.append("  ".join(cells))
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def details(rows: Sequence[Row], labels: dict[str, set[str]]) -> dict[str, Any]:
    return {
        row.name: {
            "pages": row.pages,
            "note": row.note,
            "score": score(labels, row.found).__dict__,
            "startup_seconds": round(row.startup_seconds, 3),
            "documents": {
                doc_id: {
                    "labelled": sorted(labels[doc_id]),
                    "found": sorted(row.found.get(doc_id, set())),
                    "seconds": round(row.seconds.get(doc_id, 0.0), 4),
                    "error": row.errors.get(doc_id),
                }
                for doc_id in labels
            },
        }
        for row in rows
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, default=SHARED_DEV / "files")
    parser.add_argument("--labels", type=Path, default=SHARED_DEV / "labels.jsonl")
    parser.add_argument("--limit", type=int, help="only the first N labelled documents (by id)")
    parser.add_argument(
        "--pages", type=int, default=2, help="pages the standalone detector reads (default 2)"
    )
    parser.add_argument("--no-pipeline", action="store_true", help="image-only rows; skip the text pipeline")
    parser.add_argument("--ghs-parser-version", default="0.1.3", help='a version, or "latest"')
    parser.add_argument("--venv", type=Path, help="keep ghs-parser's venv here (default: a temporary folder)")
    parser.add_argument("--model", type=Path, help="vision artefacts folder (default: msds/data/vision)")
    parser.add_argument("--cores", type=int, default=1, help="CPU cores both tools are pinned to")
    parser.add_argument("--json", type=Path, help="write per-document results here")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        labels_rows = load_labels(args.labels)
        docs = documents(args.files, labels_rows, args.limit)
    except (OSError, BenchmarkError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    labels = {doc_id: set(labels_rows[doc_id].get("pictograms") or []) for doc_id, _ in docs}
    cores = pin_cores(args.cores)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    log(f"{len(docs)} documents from {args.files}; pinned to CPUs {sorted(cores) if cores else 'all'}")
    with tempfile.TemporaryDirectory(prefix="bench-pictograms-") as temporary:
        scratch = Path(temporary)
        try:
            setup_started = time.perf_counter()
            python = ghs_parser_environment(
                args.venv or scratch / "ghs-parser-venv", args.ghs_parser_version, log
            )
            log(f"ghs-parser environment ready in {time.perf_counter() - setup_started:.1f} s")
            rows = [run_ghs_parser(python, docs, scratch, log)]
        except (OSError, subprocess.SubprocessError, BenchmarkError) as error:
            print(f"error: ghs-parser could not run: {error}", file=sys.stderr)
            return 1
        rows.append(run_detector(docs, args.pages, args.model, log))
        if not args.no_pipeline:
            rows.extend(run_pipeline(docs, scratch, args.model, log))
    print(table(rows, labels))
    print(
        "\nP/R/F1 micro-averaged over (document, pictogram) pairs against the labels' `pictograms`; "
        "'exact' = documents whose set is exactly right; s/doc = mean seconds per document after start-up "
        "(pipeline image-only row: the vision step's time; text and image + text rows: the whole pipeline)."
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(details(rows, labels), indent=1), encoding="utf-8")
        log(f"per-document results in {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
