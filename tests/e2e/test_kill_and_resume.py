"""kill -9 in the middle of a batch, and in the middle of `msds repair`: the rerun ends where an
uninterrupted run does (the same export, every record published)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.composition import SEARCH_INDEX_FOLDER
from msds.settings import Settings
from tests.helpers.synthetic import GeneratedSet, generate_set

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e_kill")]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSet:
    """Ten born-digital sheets in four languages (and their labels.jsonl)."""
    return generate_set(
        tmp_path_factory.mktemp("kill_sheets"), 10, seed=23, languages=("en", "de", "fr", "es")
    )


def _environment() -> dict[str, str]:
    names = set(Settings.environment_names())
    return {key: value for key, value in os.environ.items() if key not in names}


def _command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "msds.cli.main", "--data-dir", str(data), *args]


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(data, *args), env=_environment(), capture_output=True, text=True, timeout=600, check=False
    )


def _export(data: Path) -> str:
    result = _run(data, "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _kill_when(data: Path, args: tuple[str, ...], ready: Callable[[], bool]) -> int:
    """Start the command, SIGKILL it (with its workers) as soon as ``ready()``; return its exit code."""
    process = subprocess.Popen(
        _command(data, *args),
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait(timeout=60)


def _checkpoints(data: Path) -> int:
    return sum(1 for _ in (data / "store" / "artifacts").glob("*/*/state.json"))


def _reference(sheets: GeneratedSet, tmp_path: Path) -> str:
    data = tmp_path / "uninterrupted"
    assert _run(data, "process", str(sheets.folder), "--workers", "2", "--quiet").returncode == 0
    return _export(data)


def test_a_batch_killed_with_sigkill_then_run_again_exports_what_an_uninterrupted_run_does(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given the export of an uninterrupted batch
    reference = _reference(sheets, tmp_path)
    data = tmp_path / "killed"
    # When the same batch is killed with SIGKILL, main process and workers, once a document has a checkpoint
    code = _kill_when(
        data, ("process", str(sheets.folder), "--workers", "2", "--quiet"), lambda: _checkpoints(data) >= 1
    )
    # And the same command runs again
    rerun = _run(data, "process", str(sheets.folder), "--workers", "2", "--quiet")
    # Then the first run was killed mid-way, the rerun finishes, and the export is the uninterrupted one's
    assert code == -signal.SIGKILL
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert _export(data) == reference
    # And every record is in the search index once
    assert TantivySearchIndex(data / SEARCH_INDEX_FOLDER).count() == reference.count("\n")


def test_repair_killed_with_sigkill_then_run_again_rebuilds_the_state_an_uninterrupted_run_has(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given a processed folder whose state database was then emptied
    reference = _reference(sheets, tmp_path)
    data = tmp_path / "uninterrupted"
    database = data / "state.sqlite3"
    database.write_bytes(b"")
    for side in ("-wal", "-shm"):
        Path(f"{database}{side}").unlink(missing_ok=True)
    # When `msds repair` is killed with SIGKILL while it rebuilds the database
    rebuilding = database.with_name(database.name + ".rebuild")
    code = _kill_when(data, ("repair",), rebuilding.exists)
    # And it runs again
    again = _run(data, "repair")
    # Then the first repair was killed mid-way, the second finishes, and the export is the uninterrupted one's
    assert code == -signal.SIGKILL
    assert again.returncode == 0, again.stderr
    documents = len(sheets.paths) + 1  # the sheets and labels.jsonl (rejected, and recorded as such)
    assert f"state database rebuilt: {documents} documents" in again.stderr
    assert _export(data) == reference
    assert TantivySearchIndex(data / SEARCH_INDEX_FOLDER).count() == reference.count("\n")
