"""The CLI run in the test process."""

from __future__ import annotations

from pathlib import Path

from msds.cli.main import main


def cli(data_dir: Path, *args: str) -> int:
    """``msds --data-dir DATA_DIR ARGS...`` in this process; its exit code."""
    return main(["--data-dir", str(data_dir), *args])
