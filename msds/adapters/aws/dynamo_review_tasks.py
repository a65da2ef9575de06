"""The review queue in DynamoDB (the AWS host): one item per task and one per line of its audit trail, in a
table of their own.

Items (``pk``, ``sk`` strings)::

    TASK#<document_id>  TASK                       the ReviewTask: body (JSON), version; an open task also has
                                                   queue = "open" and queue_position
    TASK#<document_id>  EVENT#<20-digit ns>#<hex>  one ReviewEvent: body (JSON)

Global secondary index ``open-queue`` (``queue``, ``queue_position``): only open tasks carry ``queue``, so the
index is sparse and lists exactly the queue, in ``ReviewTask.queue_position`` order (priority, then age), one
page after another (``queue_position > :after``). A GSI is eventually consistent: a task opened or completed
a moment ago may be missing from, or still in, a listing; reads of one task (``get``) are consistent.

Writes: ``save`` puts the task whatever is stored; ``replace_if`` is a conditional put on the stored
``version`` (``ReviewTask.version``: state, attempt, claim holder and expiry, workflow token, compared as in
SQLite), so two reviewers cannot both claim a task and a task is completed once.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from models.review import ReviewEvent, ReviewTask, ReviewTaskState
from msds.adapters.aws.dynamo_tables import keyed_table_definition
from msds.adapters.aws.service_errors import service_call
from msds.errors import ConcurrentModification

TASK = "TASK"
EVENT_PREFIX = "EVENT#"
QUEUE_INDEX = "open-queue"
OPEN_QUEUE = "open"


def review_tasks_table_definition(table_name: str) -> dict[str, Any]:
    """CreateTable arguments of the table this adapter expects (the CDK construct must match)."""
    return keyed_table_definition(table_name, QUEUE_INDEX, "queue", "queue_position")


def _pk(document_id: str) -> dict[str, str]:
    return {"S": f"TASK#{document_id}"}


class DynamoReviewTasks:
    """Implements msds.ports.ReviewTasks on one DynamoDB table (see the module docstring)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._db = client
        self._table = table_name
        self._clock_lock = threading.Lock()
        self._last_ns = 0

    def save(self, task: ReviewTask) -> None:
        with service_call("dynamodb:PutItem"):
            self._db.put_item(TableName=self._table, Item=self._item(task))

    def get(self, document_id: str) -> ReviewTask | None:
        with service_call("dynamodb:GetItem"):
            item = self._db.get_item(
                TableName=self._table,
                Key={"pk": _pk(document_id), "sk": {"S": TASK}},
                ConsistentRead=True,
            ).get("Item")
        return ReviewTask.model_validate_json(item["body"]["S"]) if item else None

    def open_tasks(self, *, limit: int, after: str | None = None) -> list[ReviewTask]:
        condition = "#queue = :open"
        values: dict[str, Any] = {":open": {"S": OPEN_QUEUE}}
        if after:
            condition += " AND queue_position > :after"
            values[":after"] = {"S": after}
        found: list[ReviewTask] = []
        start: dict[str, Any] | None = None
        while len(found) < limit:
            request: dict[str, Any] = {
                "TableName": self._table,
                "IndexName": QUEUE_INDEX,
                "KeyConditionExpression": condition,
                "ExpressionAttributeNames": {"#queue": "queue"},
                "ExpressionAttributeValues": values,
                "ScanIndexForward": True,
                "Limit": limit - len(found),
            }
            if start:
                request["ExclusiveStartKey"] = start
            with service_call("dynamodb:Query"):
                page = self._db.query(**request)
            found.extend(ReviewTask.model_validate_json(item["body"]["S"]) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        return found[:limit]

    def count_open(self) -> int:
        total = 0
        start: dict[str, Any] | None = None
        while True:
            request: dict[str, Any] = {
                "TableName": self._table,
                "IndexName": QUEUE_INDEX,
                "KeyConditionExpression": "#queue = :open",
                "ExpressionAttributeNames": {"#queue": "queue"},
                "ExpressionAttributeValues": {":open": {"S": OPEN_QUEUE}},
                "Select": "COUNT",
            }
            if start:
                request["ExclusiveStartKey"] = start
            with service_call("dynamodb:Query"):
                page = self._db.query(**request)
            total += int(page.get("Count", 0))
            start = page.get("LastEvaluatedKey")
            if not start:
                return total

    def replace_if(self, task: ReviewTask, *, expected: ReviewTask) -> bool:
        try:
            with service_call("dynamodb:PutItem"):
                self._db.put_item(
                    TableName=self._table,
                    Item=self._item(task),
                    ConditionExpression="version = :expected",
                    ExpressionAttributeValues={":expected": {"S": expected.version}},
                )
        except ConcurrentModification:  # the stored task is not the one expected (or there is none)
            return False
        return True

    def add_event(self, event: ReviewEvent) -> None:
        sort_key = f"{EVENT_PREFIX}{self._next_ns():020d}#{secrets.token_hex(4)}"
        item = {
            "pk": _pk(event.document_id),
            "sk": {"S": sort_key},
            "document_id": {"S": event.document_id},
            "body": {"S": event.model_dump_json()},
        }
        with service_call("dynamodb:PutItem"):
            self._db.put_item(TableName=self._table, Item=item)

    def events(self, document_id: str) -> list[ReviewEvent]:
        found: list[ReviewEvent] = []
        start: dict[str, Any] | None = None
        while True:
            request: dict[str, Any] = {
                "TableName": self._table,
                "KeyConditionExpression": "pk = :pk AND begins_with(sk, :events)",
                "ExpressionAttributeValues": {":pk": _pk(document_id), ":events": {"S": EVENT_PREFIX}},
                "ScanIndexForward": True,
                "ConsistentRead": True,
            }
            if start:
                request["ExclusiveStartKey"] = start
            with service_call("dynamodb:Query"):
                page = self._db.query(**request)
            found.extend(ReviewEvent.model_validate_json(item["body"]["S"]) for item in page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return found

    def _item(self, task: ReviewTask) -> dict[str, Any]:
        item: dict[str, Any] = {
            "pk": _pk(task.document_id),
            "sk": {"S": TASK},
            "document_id": {"S": task.document_id},
            "state": {"S": task.state.value},
            "version": {"S": task.version},
            "body": {"S": task.model_dump_json()},
        }
        if task.state == ReviewTaskState.OPEN:  # only open tasks are in the sparse queue index
            item["queue"] = {"S": OPEN_QUEUE}
            item["queue_position"] = {"S": task.queue_position}
        return item

    def _next_ns(self) -> int:
        """Wall-clock nanoseconds, strictly increasing within this process: events keep their order."""
        with self._clock_lock:
            self._last_ns = max(time.time_ns(), self._last_ns + 1)
            return self._last_ns
