"""Where a batch's diagnostics go: a log file in the data dir, not the terminal (which shows the progress
bar and the summary). An internal error's traceback is written there, with the document it happened to."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOG_FILE = "msds.log"
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_FILE


def send_logs_to_file(data_dir: Path) -> logging.Handler:
    """Route warnings and errors (and Python warnings) of this process to the data dir's log file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path(data_dir), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return handler


@contextmanager
def logs_in_file(data_dir: Path) -> Iterator[Path]:
    """For the duration of a command: this process's diagnostics go to the log file."""
    handler = send_logs_to_file(data_dir)
    try:
        yield log_path(data_dir)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logging.captureWarnings(False)
