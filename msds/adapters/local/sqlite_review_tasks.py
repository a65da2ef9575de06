"""The review queue in SQLite (the local host): tasks and their audit trail, beside the document state.

Conditional writes compare the stored row's version (``ReviewTask.version``: state, claim holder, claim
expiry, attempt and workflow token) inside one ``UPDATE ... WHERE``, so two reviewers (or two server
processes) cannot both claim a task.
"""

from __future__ import annotations

from pathlib import Path

from models.review import ReviewEvent, ReviewTask, ReviewTaskState
from msds.adapters.local.sqlite_database import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_tasks (
    document_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    position TEXT NOT NULL,
    version TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_tasks_open ON review_tasks(state, position);
CREATE TABLE IF NOT EXISTS review_events (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_events_document ON review_events(document_id, sequence);
"""


class SqliteReviewTasks:
    """Implements msds.ports.ReviewTasks in the local state database."""

    def __init__(self, path: Path) -> None:
        self._connect = SqliteDatabase(path, _SCHEMA).connection

    def save(self, task: ReviewTask) -> None:
        self._connect().execute(
            "INSERT OR REPLACE INTO review_tasks(document_id, state, position, version, body) "
            "VALUES (?, ?, ?, ?, ?)",
            (task.document_id, task.state.value, task.queue_position, task.version, task.model_dump_json()),
        )

    def get(self, document_id: str) -> ReviewTask | None:
        row = (
            self._connect()
            .execute("SELECT body FROM review_tasks WHERE document_id = ?", (document_id,))
            .fetchone()
        )
        return ReviewTask.model_validate_json(row[0]) if row else None

    def open_tasks(self, *, limit: int, after: str | None = None) -> list[ReviewTask]:
        rows = (
            self._connect()
            .execute(
                "SELECT body FROM review_tasks WHERE state = ? AND position > ? ORDER BY position LIMIT ?",
                (ReviewTaskState.OPEN.value, after or "", limit),
            )
            .fetchall()
        )
        return [ReviewTask.model_validate_json(row[0]) for row in rows]

    def count_open(self) -> int:
        row = (
            self._connect()
            .execute("SELECT COUNT(*) FROM review_tasks WHERE state = ?", (ReviewTaskState.OPEN.value,))
            .fetchone()
        )
        return int(row[0])

    def replace_if(self, task: ReviewTask, *, expected: ReviewTask) -> bool:
        cursor = self._connect().execute(
            "UPDATE review_tasks SET state = ?, position = ?, version = ?, body = ? "
            "WHERE document_id = ? AND version = ?",
            (
                task.state.value,
                task.queue_position,
                task.version,
                task.model_dump_json(),
                task.document_id,
                expected.version,
            ),
        )
        return cursor.rowcount == 1

    def add_event(self, event: ReviewEvent) -> None:
        self._connect().execute(
            "INSERT INTO review_events(document_id, body) VALUES (?, ?)",
            (event.document_id, event.model_dump_json()),
        )

    def events(self, document_id: str) -> list[ReviewEvent]:
        rows = (
            self._connect()
            .execute("SELECT body FROM review_events WHERE document_id = ? ORDER BY sequence", (document_id,))
            .fetchall()
        )
        return [ReviewEvent.model_validate_json(row[0]) for row in rows]
