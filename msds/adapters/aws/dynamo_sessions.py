"""Signed-in browser sessions of the web app in DynamoDB (the AWS host), one item per session.

Items: ``session_hash`` (the key: the SHA-256 of the cookie, never the cookie itself), ``body`` (the Session
as JSON) and ``expires_at`` (epoch seconds), the table's time-to-live attribute: DynamoDB deletes an expired
session by itself, within days, so the web app also refuses a session whose ``expires_at`` has passed.
"""

from __future__ import annotations

import math
from typing import Any

from models.accounts import Session
from msds.adapters.aws.service_errors import service_call

SESSION_KEY = "session_hash"
TTL_ATTRIBUTE = "expires_at"


def sessions_table_definition(table_name: str) -> dict[str, Any]:
    """CreateTable arguments of the table this adapter expects (the CDK construct must match; the TTL on
    ``expires_at`` is set apart, with UpdateTimeToLive)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": SESSION_KEY, "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": SESSION_KEY, "KeyType": "HASH"}],
    }


class DynamoSessions:
    """Implements msds.ports.SessionStore on one DynamoDB table."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._db = client
        self._table = table_name

    def put(self, session: Session) -> None:
        item = {
            SESSION_KEY: {"S": session.session_hash},
            "body": {"S": session.model_dump_json()},
            TTL_ATTRIBUTE: {"N": str(math.ceil(session.expires_at.timestamp()))},
        }
        with service_call("dynamodb:PutItem"):
            self._db.put_item(TableName=self._table, Item=item)

    def get(self, session_hash: str) -> Session | None:
        with service_call("dynamodb:GetItem"):
            item = self._db.get_item(
                TableName=self._table, Key={SESSION_KEY: {"S": session_hash}}, ConsistentRead=True
            ).get("Item")
        return Session.model_validate_json(item["body"]["S"]) if item else None

    def delete(self, session_hash: str) -> None:
        with service_call("dynamodb:DeleteItem"):
            self._db.delete_item(TableName=self._table, Key={SESSION_KEY: {"S": session_hash}})
