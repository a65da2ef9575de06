"""Local accounts, sign-in sessions and API tokens in SQLite (the local host's identity store).

Passwords are kept as argon2id hashes; session cookies and API tokens only as their SHA-256, so the database
holds nothing a browser or an ERP system could replay.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from models.accounts import Account, Session
from msds.adapters.local.sqlite_database import SqliteDatabase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    user_name TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL COLLATE NOCASE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


class SqliteAccounts:
    """Accounts (with password hashes) and API tokens of the local host."""

    def __init__(self, path: Path) -> None:
        self._connect = SqliteDatabase(path, _SCHEMA).connection

    def insert(self, account: Account, password_hash: str) -> bool:
        cursor = self._connect().execute(
            "INSERT OR IGNORE INTO accounts(user_name, password_hash, body) VALUES (?, ?, ?)",
            (account.user_name, password_hash, account.model_dump_json()),
        )
        return cursor.rowcount == 1

    def update(self, account: Account, password_hash: str | None = None) -> bool:
        if password_hash is None:
            cursor = self._connect().execute(
                "UPDATE accounts SET body = ? WHERE user_name = ?",
                (account.model_dump_json(), account.user_name),
            )
        else:
            cursor = self._connect().execute(
                "UPDATE accounts SET body = ?, password_hash = ? WHERE user_name = ?",
                (account.model_dump_json(), password_hash, account.user_name),
            )
        return cursor.rowcount == 1

    def get(self, user_name: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        row = (
            self._connect()
            .execute("SELECT body, password_hash FROM accounts WHERE user_name = ?", (user_name,))
            .fetchone()
        )
        return (Account.model_validate_json(row[0]), str(row[1])) if row else None

    def list(self) -> list[Account]:
        rows = self._connect().execute("SELECT body FROM accounts ORDER BY user_name").fetchall()
        return [Account.model_validate_json(row[0]) for row in rows]

    def add_token(self, token_hash: str, user_name: str, label: str, created_at: datetime) -> None:
        self._connect().execute(
            "INSERT INTO api_tokens(token_hash, user_name, label, created_at) VALUES (?, ?, ?, ?)",
            (token_hash, user_name, label, created_at.isoformat()),
        )

    def token_owner(self, token_hash: str) -> str | None:
        row = (
            self._connect()
            .execute("SELECT user_name FROM api_tokens WHERE token_hash = ?", (token_hash,))
            .fetchone()
        )
        return str(row[0]) if row else None

    def revoke_tokens(self, user_name: str) -> int:
        cursor = self._connect().execute("DELETE FROM api_tokens WHERE user_name = ?", (user_name,))
        return cursor.rowcount


class SqliteSessions:
    """Implements msds.ports.SessionStore in SQLite."""

    def __init__(self, path: Path) -> None:
        self._connect = SqliteDatabase(path, _SCHEMA).connection

    def put(self, session: Session) -> None:
        self._connect().execute(
            "INSERT OR REPLACE INTO sessions(session_hash, expires_at, body) VALUES (?, ?, ?)",
            (session.session_hash, session.expires_at.isoformat(), session.model_dump_json()),
        )

    def get(self, session_hash: str) -> Session | None:
        row = (
            self._connect()
            .execute("SELECT body FROM sessions WHERE session_hash = ?", (session_hash,))
            .fetchone()
        )
        return Session.model_validate_json(row[0]) if row else None

    def delete(self, session_hash: str) -> None:
        self._connect().execute("DELETE FROM sessions WHERE session_hash = ?", (session_hash,))

    def delete_expired(self, now: datetime) -> int:
        cursor = self._connect().execute("DELETE FROM sessions WHERE expires_at <= ?", (now.isoformat(),))
        return cursor.rowcount
