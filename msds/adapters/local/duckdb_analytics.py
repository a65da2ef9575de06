"""Analytics on the local host: published records in a DuckDB file, in the tables Redshift has on AWS.

The tables and rows are msds.services.analytics_rows' (infra/sql/001_tables.sql states the same tables for
Redshift). A load replaces the document's rows in every table in one transaction: its document row and child
rows are deleted, then the record's rows inserted, so loading twice leaves the same rows. Values are always
bound as parameters, never written into SQL text.

DuckDB lets one process write a database file at a time: the local runner's workers take an exclusive file
lock around each load, and the connection is closed after it, so the file can be opened by other tools
(``duckdb .msds-data/analytics.duckdb``) between loads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.publication import Publication
from msds.adapters.local.file_lock import exclusive
from msds.errors import PublishFailed
from msds.services.analytics_rows import TABLES, Table, analytics_rows


class DuckDbAnalyticsStore:
    """Implements msds.ports.AnalyticsStore with a DuckDB database file at ``path``."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._ready = False

    @property
    def path(self) -> Path:
        return self._path

    def publish(self, publication: Publication) -> None:
        self.publish_all([publication])

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """Replace the rows of every publication in one transaction; return how many were loaded."""
        if not publications:
            return 0
        with self._connection() as connection:
            try:
                connection.execute("BEGIN TRANSACTION")
                for publication in publications:
                    for table in TABLES:
                        connection.execute(
                            f"DELETE FROM {table.name} WHERE document_id = ?", [publication.document_id]
                        )
                    for name, rows in analytics_rows(publication).items():
                        if rows:
                            _insert(connection, _table(name), rows)
                connection.execute("COMMIT")
            except Exception as error:
                connection.execute("ROLLBACK")
                raise PublishFailed(f"duckdb {self._path}: {error}") from error
        return len(publications)

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        import duckdb

        with self._lock, exclusive(self._path.with_name(self._path.name + ".lock")):
            try:
                connection = duckdb.connect(str(self._path))
            except duckdb.Error as error:
                raise PublishFailed(f"duckdb {self._path} cannot be opened: {error}") from error
            try:
                if not self._ready:
                    _create_tables(connection)
                    self._ready = True
                yield connection
            finally:
                connection.close()


def _create_tables(connection: Any) -> None:
    """Create the tables, and add the columns a file made by an earlier version lacks (repeatable)."""
    for table in TABLES:
        columns = ",\n  ".join(f"{name} {kind}" for name, kind in table.columns)
        key = ", ".join(table.key)
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {table.name} (\n  {columns},\n  PRIMARY KEY ({key})\n)"
        )
        for name, kind in table.columns:
            if name not in table.key:
                nullable = kind.replace(" NOT NULL", "")
                connection.execute(f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {name} {nullable}")


def _insert(connection: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    names = table.column_names
    placeholders = ", ".join("?" for _ in names)
    connection.executemany(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({placeholders})",
        [[row.get(name) for name in names] for row in rows],
    )


def _table(name: str) -> Table:
    return next(table for table in TABLES if table.name == name)
