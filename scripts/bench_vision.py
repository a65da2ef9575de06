"""Time the vision model per page on one core: rendering at RENDER_DPI, pictograms, signatures.

Usage: .venv/bin/python scripts/bench_vision.py [--documents 6] [--seed 11] [--pages 6] [PATH ...]

Pages come from generated SDS documents (msds.synth, pictograms as images, some signed) and from any
PDF or image files given. The process is pinned to one CPU, OpenCV and onnxruntime use one thread.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import time
from pathlib import Path

import cv2

from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document
from msds.vision.detector import VisionModel
from msds.vision.processing import RENDER_DPI


def generated_documents(count: int, seed: int) -> list[tuple[str, bytes]]:
    out = []
    for index in range(count):
        rng = random.Random(f"bench-vision:{seed}:{index}")
        spec = sample_document(
            rng, f"bench_{index}", ("en", "de", "fr", "es")[index % 4], "abcd"[index % 4], "pdf"
        )
        spec = dataclasses.replace(spec, pictogram_source="image", has_signature=index % 2 == 0)
        out.append((spec.doc_id, render_document(spec).pdf))
    return out


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"{name:<28} mean {statistics.mean(values) * 1000:7.1f} ms"
        f"  median {statistics.median(values) * 1000:7.1f}"
        f"  p90 {p90 * 1000:7.1f}  max {ordered[-1] * 1000:7.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--documents", type=int, default=6)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--pages", type=int, default=6, help="at most this many pages per file")
    parser.add_argument("--model", type=Path, help="artefacts folder (default: msds/data/vision)")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cv2.setNumThreads(1)
    model = VisionModel(args.model, threads=1)
    renderer = PdfiumRenderer()
    documents = generated_documents(args.documents, args.seed)
    documents += [(path.stem, path.read_bytes()) for path in args.paths]
    timings: dict[str, list[float]] = {
        "render": [],
        "pictograms": [],
        "signatures": [],
        "both": [],
        "all": [],
    }
    warm = renderer.render(documents[0][1], 1, RENDER_DPI)
    model.detect_pictograms(warm)
    model.detect_signatures(warm)
    found = 0
    for _, data in documents:
        for page in range(1, min(renderer.page_count(data), args.pages) + 1):
            started = time.perf_counter()
            image = renderer.render(data, page, RENDER_DPI)
            rendered = time.perf_counter()
            found += len(model.detect_pictograms(image))
            pictograms = time.perf_counter()
            model.detect_signatures(image)
            done = time.perf_counter()
            timings["render"].append(rendered - started)
            timings["pictograms"].append(pictograms - rendered)
            timings["signatures"].append(done - pictograms)
            timings["both"].append(done - rendered)
            timings["all"].append(done - started)
    print(f"{len(timings['all'])} pages at {RENDER_DPI} dpi, one core; {found} pictograms found")
    labels = {
        "render": "render (pdfium)",
        "pictograms": "pictogram detection",
        "signatures": "signature detection",
        "both": "detection, both",
        "all": "render + detection",
    }
    for key, label in labels.items():
        print(summary(label, timings[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
