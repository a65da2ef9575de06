"""The warehouse on the local host: the star schema in a DuckDB file (``<data dir>/warehouse.duckdb``).

A load replaces the rows of the tables it names in one transaction (DELETE, then INSERT with bound
parameters), so loading twice leaves the same rows. Writers take the same kind of exclusive file lock as the
analytics store; the connection is closed after each call so other tools can open the file in between.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from msds.adapters.local.file_lock import exclusive
from msds.errors import PublishFailed
from msds.services.warehouse.dialect import Dialect, query, schema
from msds.services.warehouse.rows import table_columns


class DuckDbWarehouse:
    """Implements msds.ports.Warehouse with a DuckDB database file at ``path``."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    def create(self) -> None:
        with self._connection():
            pass

    def replace(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        columns = table_columns()
        unknown = [name for name in tables if name not in columns]
        if unknown:
            raise PublishFailed(f"no warehouse table {', '.join(unknown)}")
        with self._connection() as connection:
            try:
                connection.execute("BEGIN TRANSACTION")
                for name, rows in tables.items():
                    connection.execute(f"DELETE FROM {name}")
                    _insert(connection, name, columns[name], rows)
                connection.execute("COMMIT")
            except Exception as error:
                connection.execute("ROLLBACK")
                raise PublishFailed(f"warehouse {self._path}: {error}") from error

    def replace_watch_list(self, list_name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        with self._connection() as connection:
            try:
                connection.execute("BEGIN TRANSACTION")
                connection.execute("DELETE FROM wh_watch_list WHERE list_name = ?", [list_name])
                _insert(connection, "wh_watch_list", table_columns()["wh_watch_list"], rows)
                connection.execute("COMMIT")
            except Exception as error:
                connection.execute("ROLLBACK")
                raise PublishFailed(f"warehouse {self._path}: {error}") from error

    def run(self, name: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
        sql = query(name, Dialect.DUCKDB)
        with self._connection() as connection:
            used = {key: value for key, value in parameters.items() if f"${key}" in sql}
            cursor = connection.execute(sql, used)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cursor.fetchall()]

    def counts(self) -> dict[str, int]:
        with self._connection() as connection:
            return {
                name: int(connection.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])
                for name in table_columns()
            }

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted (for comparing two loads)."""
        with self._connection() as connection:
            return {
                name: sorted(
                    connection.execute(f"SELECT * FROM {name}").fetchall(),
                    key=lambda row: tuple(str(v) for v in row),
                )
                for name in table_columns()
            }

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        import duckdb

        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, exclusive(self._path.with_name(self._path.name + ".lock")):
            try:
                connection = duckdb.connect(str(self._path))
            except duckdb.Error as error:
                raise PublishFailed(f"duckdb {self._path} cannot be opened: {error}") from error
            try:
                for statement in schema(Dialect.DUCKDB):
                    connection.execute(statement)
                yield connection
            finally:
                connection.close()


def _insert(connection: Any, name: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    placeholders = ", ".join("?" for _ in columns)
    connection.executemany(
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({placeholders})",
        [[row.get(column) for column in columns] for row in rows],
    )


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
