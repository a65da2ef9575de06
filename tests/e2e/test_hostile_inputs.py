"""Every kind of hostile input in one `msds process` call, under a memory cap: each gets its named outcome,
the batch finishes with no traceback, and a rerun changes nothing."""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from msds.cli.files import display_name
from msds.settings import Settings
from msds.synth.hostile import HOSTILE_KINDS, HOSTILE_SETTINGS, PROCESSED, WrittenInput, write_hostile_inputs

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e_hostile")]

# The whole batch (Python, pdfium, Tesseract, onnxruntime and two workers) lives within this address space
# per process: a page rendered at full resolution or a stream inflated whole would need several times more.
MEMORY_CAP_BYTES = 3 * 1024**3
WORKER_MEMORY_MB = "1200"
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _capped() -> None:
    """In the child before exec: the memory cap, and (as root) no permission to ignore file modes, so a
    file without read permission cannot be read."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0)


def _environment() -> dict[str, str]:
    names = set(Settings.environment_names())
    base = {key: value for key, value in os.environ.items() if key not in names}
    return base | HOSTILE_SETTINGS | {"MSDS_WORKER_MEMORY_MB": WORKER_MEMORY_MB}


def _msds(*args: str, preexec: Callable[[], None] | None = _capped) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "msds.cli.main", *args],
        env=_environment(),
        preexec_fn=preexec,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _report(path: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {line["path"]: line for line in lines}


def _can_read_without_permission(probe: Path) -> bool:
    """Whether a process started like the batch can still read a file whose mode forbids it."""
    result = subprocess.run(
        [sys.executable, "-c", f"open({str(probe)!r}, 'rb').read()"],
        preexec_fn=_capped,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def _expected(written: list[WrittenInput], unreadable_is_readable: bool) -> dict[str, str]:
    expected = {}
    for item in written:
        outcome = item.kind.expect
        if item.kind.name == "unreadable_file" and unreadable_is_readable:
            outcome = PROCESSED  # nothing can keep this process from reading it
        expected[display_name(item.path)] = outcome
    return expected


def test_the_generator_makes_at_least_sixty_kinds_with_distinct_names() -> None:
    # Given the hostile kinds
    names = [kind.name for kind in HOSTILE_KINDS]
    # When they are counted
    # Then there are at least sixty, each named once, and every named outcome is a stable code
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    assert all(kind.expect.replace("_", "").isalpha() for kind in HOSTILE_KINDS)


def test_every_hostile_input_gets_its_named_outcome_in_one_batch_and_a_rerun_changes_nothing(
    tmp_path: Path,
) -> None:
    # Given a folder holding one input of every hostile kind
    folder, data = tmp_path / "inbox", tmp_path / "data"
    written = write_hostile_inputs(folder, tmp_path / "elsewhere")
    unreadable = next(item.path for item in written if item.kind.name == "unreadable_file")
    expected = _expected(written, _can_read_without_permission(unreadable))
    report = tmp_path / "report.jsonl"
    # When one `msds process` call runs on it with two workers, under the memory cap
    first = _msds(
        "--data-dir", str(data), "process", str(folder), "--workers", "2", "--quiet", "--report", str(report)
    )
    # Then the batch finishes, saying that some inputs were not processed (exit 3), without a traceback
    output = first.stdout + first.stderr
    assert first.returncode == 3, output
    assert "Traceback" not in output
    # And every input has exactly its expected named outcome
    outcomes = {path: line["outcome"] for path, line in _report(report).items()}
    mismatches = {
        path: (want, outcomes.get(path)) for path, want in expected.items() if outcomes.get(path) != want
    }
    assert mismatches == {}, output
    # When the same command runs again
    rerun_report = tmp_path / "rerun.jsonl"
    export_before = _msds("--data-dir", str(data), "export", "--format", "jsonl", preexec=None).stdout
    second = _msds(
        "--data-dir",
        str(data),
        "process",
        str(folder),
        "--workers",
        "2",
        "--quiet",
        "--report",
        str(rerun_report),
    )
    export_after = _msds("--data-dir", str(data), "export", "--format", "jsonl", preexec=None).stdout
    # Then nothing is processed again: every document is already done, with the same outcome and id, and the
    # stored records are the same
    assert second.returncode == 3 and "Traceback" not in second.stdout + second.stderr
    again = _report(rerun_report)
    before = _report(report)
    assert {path: (line["outcome"], line["document_id"]) for path, line in again.items()} == {
        path: (line["outcome"], line["document_id"]) for path, line in before.items()
    }
    assert all(line["already_done"] for line in again.values() if line["document_id"] is not None)
    assert export_after == export_before and export_before.count("\n") >= 30
