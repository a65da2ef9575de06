"""Document state in SQLite: entries, records and the supersede chain."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from msds.adapters.local.sqlite_wal import open_shared
from msds.errors import DiskFull, StateDamaged

_Method = TypeVar("_Method", bound=Callable[..., Any])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    product_key TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE INDEX IF NOT EXISTS documents_product ON documents(product_key);
CREATE TABLE IF NOT EXISTS records (
    document_id TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
"""


def named_errors(path: Path, error: sqlite3.Error) -> Exception:
    """The product's error for what SQLite reports about the state database at ``path``."""
    text = str(error).lower()
    if "full" in text:
        return DiskFull(f"no space left for the state database {path}: {error}")
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return error  # another process holds it longer than the busy timeout: not damage
    return StateDamaged(
        f"the state database {path} cannot be read ({error}); `msds repair` rebuilds it from the stored "
        "originals and checkpoints"
    )


def _raise_named(path: Path, error: sqlite3.Error) -> NoReturn:
    named = named_errors(path, error)
    if named is error:
        raise error
    raise named from error


def _named(method: _Method) -> _Method:
    @functools.wraps(method)
    def wrapper(self: SqliteDocumentRepository, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            _raise_named(self.path, error)

    return wrapper  # type: ignore[return-value]


class SqliteDocumentRepository:
    """Implements msds.ports.DocumentRepository. Safe for several processes (WAL, busy timeout).

    SQLite's errors come out named: a full disk as DiskFull, a file that is not (or no longer) a readable
    database as StateDamaged, which ``msds repair`` mends.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        try:
            with self._connect() as connection:
                connection.executescript(_SCHEMA)
        except sqlite3.Error as error:
            self.close()
            _raise_named(path, error)

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        """Close this thread's connection (a later call opens a new one)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    @_named
    def document_ids(self) -> set[str]:
        """The ids of every document the database knows."""
        return {row[0] for row in self._connect().execute("SELECT document_id FROM documents")}

    def _connect(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = open_shared(self._path)
            self._local.connection = connection
        return connection

    @_named
    def insert_if_absent(self, entry: DocumentEntry) -> bool:
        cursor = self._connect().execute(
            "INSERT OR IGNORE INTO documents(document_id, status, product_key, body) VALUES (?, ?, ?, ?)",
            (entry.document_id, entry.status.value, entry.product_key, entry.model_dump_json()),
        )
        return cursor.rowcount == 1

    @_named
    def get(self, document_id: str) -> DocumentEntry | None:
        row = (
            self._connect()
            .execute("SELECT body FROM documents WHERE document_id = ?", (document_id,))
            .fetchone()
        )
        return DocumentEntry.model_validate_json(row[0]) if row else None

    @_named
    def update(self, entry: DocumentEntry) -> None:
        self._connect().execute(
            "UPDATE documents SET status = ?, product_key = ?, body = ? WHERE document_id = ?",
            (entry.status.value, entry.product_key, entry.model_dump_json(), entry.document_id),
        )

    @_named
    def list(self, status: DocumentStatus | None = None) -> list[DocumentEntry]:
        if status is None:
            rows = self._connect().execute("SELECT body FROM documents ORDER BY rowid").fetchall()
        else:
            rows = (
                self._connect()
                .execute("SELECT body FROM documents WHERE status = ? ORDER BY rowid", (status.value,))
                .fetchall()
            )
        return [DocumentEntry.model_validate_json(row[0]) for row in rows]

    @_named
    def find_current_by_product(self, product_key: str) -> DocumentEntry | None:
        rows = (
            self._connect()
            .execute(
                "SELECT body FROM documents WHERE product_key = ? AND status NOT IN (?, ?, ?)",
                (
                    product_key,
                    DocumentStatus.SUPERSEDED.value,
                    DocumentStatus.REJECTED.value,
                    DocumentStatus.FAILED.value,
                ),
            )
            .fetchall()
        )
        entries = [DocumentEntry.model_validate_json(row[0]) for row in rows]
        if not entries:
            return None
        return max(entries, key=lambda e: (e.revision_date or "", e.received_at))

    @_named
    def save_record(self, record: SdsRecord) -> None:
        self._connect().execute(
            "INSERT INTO records(document_id, body) VALUES (?, ?) "
            "ON CONFLICT(document_id) DO UPDATE SET body = excluded.body",
            (record.document_id, record.model_dump_json()),
        )

    @_named
    def get_record(self, document_id: str) -> SdsRecord | None:
        row = (
            self._connect()
            .execute("SELECT body FROM records WHERE document_id = ?", (document_id,))
            .fetchone()
        )
        return SdsRecord.model_validate_json(row[0]) if row else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        connection = self._connect()
        if connection.in_transaction:  # nested: the outer transaction already holds the lock
            yield
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            _raise_named(self._path, error)
        try:
            yield
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        try:
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            _raise_named(self._path, error)
