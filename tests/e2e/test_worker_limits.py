"""A document that needs more memory than a worker may use fails by name, alone, and is not tried again
unless asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from msds.settings import Settings
from msds.synth import bad_inputs

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e_worker_limits")]

# 144 megapixels decode to 144 MB of greyscale and 432 MB of colour: more than a worker limited to 400 MiB
# (which already holds the product's code) can take.
LIMITS = {"MSDS_WORKER_MEMORY_MB": "400", "MSDS_MAX_IMAGE_PIXELS": "200000000"}


def _msds(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    names = set(Settings.environment_names())
    environment = {key: value for key, value in os.environ.items() if key not in names} | LIMITS
    return subprocess.run(
        [sys.executable, "-m", "msds.cli.main", "--data-dir", str(data), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _report(path: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {Path(line["path"]).name: line for line in lines}


def test_a_document_over_the_worker_memory_limit_fails_by_name_and_is_retried_only_when_asked(
    tmp_path: Path,
) -> None:
    # Given a folder with a huge (blank) scan and a Word document
    folder = tmp_path / "inbox"
    folder.mkdir()
    Image.new("L", (12_000, 12_000), 255).save(folder / "huge-scan.png")
    (folder / "notes.docx").write_bytes(bad_inputs.docx_file())
    data, report = tmp_path / "data", tmp_path / "report.jsonl"
    # When they are processed by one worker limited to 400 MiB
    first = _msds(data, "process", str(folder), "--workers", "1", "--quiet", "--report", str(report))
    # Then the scan fails as resource_limit naming memory and the setting, the Word file is still rejected by
    # name, and the exit code says a document failed
    lines = _report(report)
    assert first.returncode == 4, first.stderr
    assert lines["huge-scan.png"]["outcome"] == "resource_limit"
    assert (
        "memory" in lines["huge-scan.png"]["error"]
        and "MSDS_WORKER_MEMORY_MB" in lines["huge-scan.png"]["error"]
    )
    assert lines["notes.docx"]["outcome"] == "unsupported_type"
    assert "Traceback" not in first.stderr
    # When the command runs again, and then again with --retry-failed
    again = _msds(data, "process", str(folder), "--workers", "1", "--quiet", "--report", str(report))
    skipped = _report(report)["huge-scan.png"]
    retried_run = _msds(
        data, "process", str(folder), "--workers", "1", "--quiet", "--retry-failed", "--report", str(report)
    )
    retried = _report(report)["huge-scan.png"]
    # Then the plain rerun leaves it alone and says how to retry; --retry-failed tries it again
    assert again.returncode == 4 and skipped["already_done"] is True
    assert "--retry-failed" in again.stderr
    assert retried_run.returncode == 4 and retried["already_done"] is False
    assert retried["outcome"] == "resource_limit"
