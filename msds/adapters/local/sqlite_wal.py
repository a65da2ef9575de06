"""Opening a SQLite database that several processes share, in write-ahead-log mode."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

# How long a lock may keep a connection waiting (seconds), and how often the switch to WAL is tried.
BUSY_TIMEOUT_SECONDS = 30.0
_WAL_ATTEMPTS = 100
_WAL_PAUSE_SECONDS = 0.05


def open_shared(path: Path, *, synchronous_normal: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode, the database in WAL mode; ``synchronous_normal`` syncs at
    checkpoints only (safe with WAL)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    _use_wal(connection)
    if synchronous_normal:
        connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def _use_wal(connection: sqlite3.Connection) -> None:
    for attempt in range(_WAL_ATTEMPTS):
        try:
            # The mode is kept in the file: once one process has set it, the others need not (and the
            # switch, which needs the database to itself, is what processes opening it at once collide on).
            if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            # SQLite refuses the switch at once, without waiting, while another process holds the file.
            if "locked" not in str(error) or attempt + 1 == _WAL_ATTEMPTS:
                raise
            time.sleep(_WAL_PAUSE_SECONDS)
