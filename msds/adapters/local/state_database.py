"""The state database file itself: is it whole, what can still be read from it, and putting a rebuilt one
in its place without a moment where a half-built file is the state (an interruption leaves the old file or
no file, and either is noticed and repaired on the next start)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from pydantic import ValidationError

from models.document import DocumentEntry
from models.record import SdsRecord

_HEADER = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")


def health(path: Path, stored_ids: dict[str, bool]) -> str | None:
    """Why the state database at ``path`` needs repair, or None when it is whole. ``stored_ids`` maps each
    stored document id to whether it has an entry or checkpoint artifact (a document that got that far
    must have a row; an original alone may be a receive that was interrupted, which the next receive
    finishes)."""
    expected = {document_id for document_id, recorded in stored_ids.items() if recorded}
    if not path.exists() or path.stat().st_size == 0:
        if expected:
            return f"it is missing or empty while {len(expected)} documents are stored"
        return None
    with path.open("rb") as handle:
        if handle.read(len(_HEADER)) != _HEADER:
            return "it is not an SQLite database (its header is damaged)"
    try:
        connection = sqlite3.connect(path, timeout=30.0)
        try:
            known = {row[0] for row in connection.execute("SELECT document_id FROM documents")}
            connection.execute("SELECT count(*) FROM records").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        if isinstance(error, sqlite3.OperationalError) and "no such table" in str(error) and not expected:
            return None  # a new database the schema is not written to yet
        return f"it cannot be read ({error})"
    missing = expected - known
    if missing:
        return f"{len(missing)} stored documents are missing from it"
    return None


def integrity_problem(path: Path) -> str | None:
    """SQLite's own integrity check of the file, or None when it passes (or there is no file)."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path, timeout=30.0)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return str(error)
    return None if rows == ["ok"] else "; ".join(rows[:5])


def salvage(path: Path) -> tuple[dict[str, DocumentEntry], dict[str, SdsRecord], bool]:
    """The entries and records that can still be read from the database at ``path`` (row by row, as far
    as the file lets), and whether all of it could be read."""
    entries: dict[str, DocumentEntry] = {}
    records: dict[str, SdsRecord] = {}
    if not path.exists() or path.stat().st_size == 0:
        return entries, records, True
    try:
        connection = sqlite3.connect(path, timeout=30.0)
    except sqlite3.Error:
        return entries, records, False
    try:
        document_rows, documents_whole = _rows(connection, "documents")
        record_rows, records_whole = _rows(connection, "records")
    finally:
        connection.close()
    complete = documents_whole and records_whole
    for document_id, body in document_rows:
        try:
            entries[document_id] = DocumentEntry.model_validate_json(body)
        except (ValidationError, ValueError):
            complete = False
    for document_id, body in record_rows:
        try:
            records[document_id] = SdsRecord.model_validate_json(body)
        except (ValidationError, ValueError):
            complete = False
    return entries, records, complete


def _rows(connection: sqlite3.Connection, table: str) -> tuple[list[tuple[str, str]], bool]:
    """(document id, body) of a table's rows as far as they can be read, and whether all could be."""
    rows: list[tuple[str, str]] = []
    try:
        for row in connection.execute(f"SELECT document_id, body FROM {table}"):
            rows.append((row[0], row[1]))
    except sqlite3.Error:
        return rows, False
    return rows, True


def remove(path: Path) -> None:
    """Delete a database file and its side files (WAL, shared memory, journal)."""
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def settle_file(path: Path) -> None:
    """Fold a finished database's WAL into the file and leave it in rollback-journal mode with no side
    files, so the file alone is the whole database and can be moved."""
    connection = sqlite3.connect(path, timeout=30.0)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()


def replace(path: Path, rebuilt: Path, *, keep_old: bool) -> Path | None:
    """Put ``rebuilt`` in the place of the database at ``path``; the old file (and its side files) is kept
    beside it when ``keep_old`` (a damaged file, for whoever wants to look at it) and removed otherwise.
    Returns where the old file went."""
    kept: Path | None = None
    if path.exists() and keep_old:
        kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, kept)
    for suffix in ("", *_SIDE_FILES):
        old = Path(f"{path}{suffix}")
        if kept is not None and suffix and old.exists():
            os.replace(old, Path(f"{kept}{suffix}"))
        else:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    os.replace(rebuilt, path)
    return kept


# The tables the store can rebuild; every other table of the file (accounts, sessions, API tokens, review
# tasks and their events) exists only here, so a rebuild carries it over row by row.
REBUILT_TABLES = frozenset({"documents", "records"})


def carry_over(old: Path, rebuilt: Path) -> tuple[list[str], list[str]]:
    """Copy every table the store cannot rebuild from the old database at ``old`` into ``rebuilt`` (its
    schema and as many rows as the old file still gives). Returns the tables carried over whole and those
    that could be read only in part or not at all."""
    whole: list[str] = []
    partial: list[str] = []
    if not old.exists() or old.stat().st_size == 0:
        return whole, partial
    source = sqlite3.connect(old, timeout=30.0)
    try:
        tables = source.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    except sqlite3.Error:
        source.close()
        return whole, ["every table (the old file cannot be read)"]
    target = sqlite3.connect(rebuilt, timeout=30.0)
    try:
        for name, sql in tables:
            if name in REBUILT_TABLES or not sql:
                continue
            complete = _copy_table(source, target, name, sql)
            (whole if complete else partial).append(name)
        target.commit()
    finally:
        target.close()
        source.close()
    return whole, partial


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, name: str, sql: str) -> bool:
    target.execute(
        sql.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1)
        if "IF NOT EXISTS" not in sql.upper()
        else sql
    )
    quoted = '"' + name.replace('"', '""') + '"'
    try:
        cursor = source.execute(f"SELECT * FROM {quoted}")
        while rows := cursor.fetchmany(500):
            marks = ", ".join("?" * len(rows[0]))
            target.executemany(f"INSERT OR IGNORE INTO {quoted} VALUES ({marks})", rows)
    except sqlite3.Error:
        return False
    return True
