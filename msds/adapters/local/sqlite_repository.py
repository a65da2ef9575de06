"""Document state in SQLite: entries, records and the supersede chain."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord

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


class SqliteDocumentRepository:
    """Implements msds.ports.DocumentRepository. Safe for several processes (WAL, busy timeout)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._local = threading.local()
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self._path, timeout=30.0, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def insert_if_absent(self, entry: DocumentEntry) -> bool:
        cursor = self._connect().execute(
            "INSERT OR IGNORE INTO documents(document_id, status, product_key, body) VALUES (?, ?, ?, ?)",
            (entry.document_id, entry.status.value, entry.product_key, entry.model_dump_json()),
        )
        return cursor.rowcount == 1

    def get(self, document_id: str) -> DocumentEntry | None:
        row = (
            self._connect()
            .execute("SELECT body FROM documents WHERE document_id = ?", (document_id,))
            .fetchone()
        )
        return DocumentEntry.model_validate_json(row[0]) if row else None

    def update(self, entry: DocumentEntry) -> None:
        self._connect().execute(
            "UPDATE documents SET status = ?, product_key = ?, body = ? WHERE document_id = ?",
            (entry.status.value, entry.product_key, entry.model_dump_json(), entry.document_id),
        )

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

    def save_record(self, record: SdsRecord) -> None:
        self._connect().execute(
            "INSERT INTO records(document_id, body) VALUES (?, ?) "
            "ON CONFLICT(document_id) DO UPDATE SET body = excluded.body",
            (record.document_id, record.model_dump_json()),
        )

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
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
