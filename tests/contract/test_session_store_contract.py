"""The same cases against the web app's sessions in SQLite (local host) and in DynamoDB (AWS, on moto)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from moto import mock_aws

from models.accounts import Session
from msds.adapters.aws.dynamo_sessions import DynamoSessions, sessions_table_definition
from msds.adapters.local.sqlite_accounts import SqliteSessions
from msds.ports import SessionStore
from tests.aws.support import client

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
TABLE = "msds-sessions-test"


def session(session_hash: str = "a" * 64, **changes: object) -> Session:
    base = Session(
        session_hash=session_hash,
        subject="rita",
        groups=["reviewer"],
        supplier_id=None,
        display_name="Rita Reviewer",
        csrf_token="csrf-token-of-the-session",
        created_at=T0,
        expires_at=T0 + timedelta(hours=8),
    )
    return base.model_copy(update=changes)


@pytest.fixture(params=["sqlite", "dynamodb"])
def sessions(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SessionStore]:
    if request.param == "sqlite":
        yield SqliteSessions(tmp_path / "state.sqlite3")
        return
    request.getfixturevalue("aws_credentials")
    with mock_aws():
        client("dynamodb").create_table(**sessions_table_definition(TABLE))
        yield DynamoSessions(client("dynamodb"), TABLE)


def test_a_session_reads_back_by_its_hash_and_an_unknown_hash_is_none(sessions: SessionStore) -> None:
    # Given a supplier's session
    stored = session(groups=["supplier"], supplier_id="ACME", subject="acme-user")
    # When it is put and read back, with a hash nobody put
    sessions.put(stored)
    # Then it is the same session, and the unknown hash has none
    assert sessions.get(stored.session_hash) == stored
    assert sessions.get("b" * 64) is None


def test_putting_a_session_again_replaces_it_and_deleting_it_signs_it_out(sessions: SessionStore) -> None:
    # Given a stored session
    sessions.put(session())
    # When it is put again with a later expiry, then deleted (and deleted again)
    sessions.put(session(expires_at=T0 + timedelta(hours=9)))
    replaced = sessions.get("a" * 64)
    sessions.delete("a" * 64)
    sessions.delete("a" * 64)
    # Then the later one was stored, and after the delete there is none
    assert replaced is not None and replaced.expires_at == T0 + timedelta(hours=9)
    assert sessions.get("a" * 64) is None


def test_a_dynamodb_session_carries_its_expiry_as_the_tables_time_to_live(aws_credentials: None) -> None:
    # Given the sessions table
    with mock_aws():
        dynamodb = client("dynamodb")
        dynamodb.create_table(**sessions_table_definition(TABLE))
        # When a session is stored
        DynamoSessions(dynamodb, TABLE).put(
            session(expires_at=datetime(2025, 6, 1, 20, 0, 0, 500, tzinfo=UTC))
        )
        item = dynamodb.get_item(TableName=TABLE, Key={"session_hash": {"S": "a" * 64}})["Item"]
    # Then its expires_at is a number of epoch seconds, not before the session's own expiry
    assert item["expires_at"] == {"N": str(int(datetime(2025, 6, 1, 20, 0, 1, tzinfo=UTC).timestamp()))}
