"""Generate a folder of synthetic SDS files plus labels.jsonl, deterministically for a seed."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msds.synth.documents import LAYOUTS, SCAN_OUTPUTS, DocumentSpec, sample_document
from msds.synth.labels import build_label
from msds.synth.layouts import RenderResult, render_document
from msds.synth.reference import LANGUAGES
from msds.synth.scan import scan_document

MIN_PAGES, MAX_PAGES = 3, 8


def generate(
    out_dir: Path,
    count: int,
    seed: int,
    languages: Sequence[str] = LANGUAGES,
    scanned_fraction: float = 0.25,
    *,
    scan_dpi: int = 200,
) -> list[Path]:
    """Write `count` synthetic SDS files and `labels.jsonl` into out_dir; return the document paths in order.

    Languages and the four layouts are spread evenly; round(count * scanned_fraction) documents are
    scanned-looking (image-only PDF, multi-page TIFF, or the first page as PNG/JPEG).
    """
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages:
        raise ValueError(f"unsupported languages {unknown or languages!r}; choose from {LANGUAGES}")
    if count < 0 or not 0.0 <= scanned_fraction <= 1.0:
        raise ValueError("count must be >= 0 and scanned_fraction within [0, 1]")
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = random.Random(f"msds-synth-plan:{seed}")
    assigned_languages = _spread(list(languages), count, plan)
    assigned_layouts = _spread(list(LAYOUTS), count, plan)
    scanned = sorted(plan.sample(range(count), round(count * scanned_fraction)))
    scan_kinds = _spread(list(SCAN_OUTPUTS), len(scanned), plan)
    outputs = dict.fromkeys(range(count), "pdf") | dict(zip(scanned, scan_kinds, strict=True))
    paths: list[Path] = []
    labels: list[dict[str, Any]] = []
    for index in range(count):
        rng = random.Random(f"msds-synth-doc:{seed}:{index}")
        language = assigned_languages[index]
        doc_id = f"synth_{index:04d}_{language}"
        spec = sample_document(rng, doc_id, language, assigned_layouts[index], outputs[index])
        spec, rendered = _render_within_page_limits(spec)
        if spec.scanned:
            data, pages = scan_document(rendered.pdf, spec.output, spec.seed, scan_dpi)
        else:
            data, pages = rendered.pdf, rendered.pages
        path = out_dir / f"{doc_id}.{spec.extension}"
        path.write_bytes(data)
        paths.append(path)
        labels.append(build_label(spec, rendered, path.name, pages, hashlib.sha256(data).hexdigest(), seed))
    with (out_dir / "labels.jsonl").open("w", encoding="utf-8") as handle:
        for label in labels:
            handle.write(json.dumps(label, ensure_ascii=False) + "\n")
    return paths


def _spread(values: list[str], count: int, rng: random.Random) -> list[str]:
    """Each value about equally often (all of them once count allows), in random order."""
    order = list(values)
    rng.shuffle(order)
    out = [order[i % len(order)] for i in range(count)]
    rng.shuffle(out)
    return out


def _render_within_page_limits(spec: DocumentSpec) -> tuple[DocumentSpec, RenderResult]:
    rendered = render_document(spec)
    attempts = 0
    while rendered.pages > MAX_PAGES and attempts < 3:
        spec = dataclasses.replace(
            spec, page_breaks=(), verbosity=max(1, spec.verbosity - 2), font_size=max(8.0, spec.font_size - 1)
        )
        rendered = render_document(spec)
        attempts += 1
    extra_breaks = [b for b in (9, 5, 13, 7, 11, 15) if b not in spec.page_breaks]
    while rendered.pages < MIN_PAGES and extra_breaks:
        spec = dataclasses.replace(spec, page_breaks=tuple(sorted((*spec.page_breaks, extra_breaks.pop(0)))))
        rendered = render_document(spec)
    return spec, rendered
