"""Synthetic SDS files for the end-to-end tests, made with msds.synth in a temporary folder, and the
local services that process them with a deterministic clock."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import random
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from msds.composition import build_local_services
from msds.pipeline.services import PipelineServices
from msds.settings import Settings
from msds.synth import generate
from msds.synth.documents import sample_document
from msds.synth.layouts import render_document

# Generated revision dates lie between 2014 and 2024; this clock makes their age findings deterministic.
FIXED_NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class TickingClock:
    """A clock that starts at ``start`` and moves on one second every time it is read."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self._next = start

    def __call__(self) -> datetime:
        now = self._next
        self._next += timedelta(seconds=1)
        return now


def local_settings(data_dir: Path) -> Settings:
    """Product defaults, a private data dir, one worker; the environment is not read."""
    return Settings(data_dir=data_dir, workers=1)


def local_services(data_dir: Path, start: datetime = FIXED_NOW) -> PipelineServices:
    """The local host's services (real adapters) with a ticking clock instead of the wall clock."""
    services = build_local_services(local_settings(data_dir))
    services.now = TickingClock(start)
    return services


@dataclass(frozen=True)
class GeneratedSet:
    """Files written by msds.synth.generate and their labels, keyed by file name."""

    folder: Path
    paths: tuple[Path, ...]
    labels: dict[str, dict[str, Any]]

    @property
    def labels_path(self) -> Path:
        return self.folder / "labels.jsonl"

    def label(self, path: Path) -> dict[str, Any]:
        return self.labels[path.name]

    def in_language(self, language: str) -> Path:
        return next(path for path in self.paths if self.label(path)["language"] == language)


def generate_set(
    folder: Path,
    count: int,
    seed: int,
    languages: Iterable[str],
    *,
    scanned_fraction: float = 0.0,
    scan_dpi: int = 150,
) -> GeneratedSet:
    paths = generate(
        folder, count, seed, languages=tuple(languages), scanned_fraction=scanned_fraction, scan_dpi=scan_dpi
    )
    return GeneratedSet(folder, tuple(paths), read_labels(folder / "labels.jsonl"))


def load_set(folder: Path) -> GeneratedSet:
    """A set generate_set wrote earlier (paths in label order)."""
    labels = read_labels(folder / "labels.jsonl")
    return GeneratedSet(folder, tuple(folder / name for name in labels), labels)


def read_labels(path: Path) -> dict[str, dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["file_name"]: row for row in rows}


def codes(values: Iterable[str]) -> set[str]:
    """Statement codes compared the way the evaluation does: upper case, no spaces ("P301 + P310")."""
    return {"".join(value.split()).upper() for value in values}


@dataclass(frozen=True)
class Revision:
    path: Path
    revision_date: str
    product_name: str
    supplier_name: str


def revisions_of_one_product(
    folder: Path, revision_dates: Iterable[date], *, seed: int = 11, language: str = "en", layout: str = "a"
) -> list[Revision]:
    """Born-digital sheets of the same product from the same supplier, one per revision date.

    Built from one msds.synth document spec in which only the revision date and the version change (no
    separate print date, so the header prints the revision date alone).
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = sample_document(random.Random(f"revisions:{seed}"), "revision", language, layout, "pdf")
    revisions = []
    for number, revised in enumerate(revision_dates, start=1):
        spec = dataclasses.replace(base, revision_date=revised, print_date=None, version=f"{number}.0")
        path = folder / f"revision_{revised.isoformat()}.pdf"
        path.write_bytes(render_document(spec).pdf)
        revisions.append(Revision(path, revised.isoformat(), base.product.name, base.supplier.name))
    return revisions


def build_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that ``build`` fills once per test session, even when pytest-xdist runs several workers.

    The workers of one session share the parent of their base temporary folders; a file lock makes the
    first worker build while the others wait, and then read what it built. A failed build is retried by
    the next worker that needs the folder.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    done = folder / ".complete"
    with _locked(root / f"shared-{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            build(folder)
            done.touch()
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def backfill_sheets(folder: Path, count: int, in_review: int, *, seed: int = 3) -> dict[Path, bool]:
    """Born-digital sheets for a backfill, path -> whether it must go to review: ``in_review`` of them (spread
    evenly) print hazard statements but no pictogram at all (a pictogram the H-codes imply is missing: a
    reviewer must look), the others name each pictogram and show it."""
    folder.mkdir(parents=True, exist_ok=True)
    languages = ("en", "de", "fr", "es")
    sheets: dict[Path, bool] = {}
    attempt = 0
    while len(sheets) < count:
        attempt += 1
        rng = random.Random(f"backfill:{seed}:{attempt}")
        spec = sample_document(
            rng, f"backfill_{attempt:03d}", languages[attempt % 4], "abcd"[attempt % 4], "pdf"
        )
        review = sum(sheets.values()) < in_review and len(sheets) % max(1, count // max(1, in_review)) == 0
        if review and not spec.product.pictograms:
            continue
        spec = dataclasses.replace(spec, pictogram_source=None if review else "both")
        path = folder / f"backfill_{len(sheets):03d}.pdf"
        path.write_bytes(render_document(spec).pdf)
        sheets[path] = review
    return sheets
