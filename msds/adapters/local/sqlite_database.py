"""One SQLite file shared by the local adapters: a connection per thread (WAL, busy timeout) and each
adapter's schema created on first use."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from msds.adapters.local.sqlite_wal import open_shared


class SqliteDatabase:
    def __init__(self, path: Path, schema: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        self.connection().executescript(schema)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, in autocommit mode (statements are atomic on their own)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = open_shared(self._path)
            self._local.connection = connection
        return connection
