"""Document state in one DynamoDB table: entries, records and the supersede chain.

Items (``pk``, ``sk`` strings)::

    DOC#<document_id>      ENTRY     the DocumentEntry: body (JSON), status, updated_at, product_key, version,
                                     inserted_ns
    DOC#<document_id>      RECORD    the SdsRecord: body (JSON), or body_gz (zlib) when it is large
    PRODUCT#<sha256(key)>  PRODUCT   the product's revisions: members (string set of document ids), version

Global secondary index ``status-index`` (``status``, ``updated_at``, both strings) serves ``list``, which
orders by ``inserted_ns`` (insertion order, as the SQLite repository). Only entries carry ``status``, so
records and product items stay out of it.

Writes: ``insert_if_absent`` is a conditional put (``attribute_not_exists(pk)``); ``update`` of an id that
does not exist changes nothing (as in SQLite); every entry write bumps ``version``.

Transactions (``transaction()``) are optimistic: inside the block every read is strongly consistent and its
item version is remembered, writes are buffered (and visible to later reads of the same block), and on exit
all writes go out in one ``TransactWriteItems``, each conditioned on the version it read, plus a
``ConditionCheck`` for every item read and not written. If another worker wrote any of them in between, the
whole transaction is cancelled and ``ConcurrentModification`` is raised; the caller (a Step Functions task,
retried on that error) runs the step again on fresh data. Nested blocks join the outer one.

Why a product item and not a GSI on product_key for ``find_current_by_product``: a GSI is eventually
consistent, so two revisions of one product routed at the same moment could each miss the other and both stay
current. The product item is read consistently, lists every revision, and its version makes two such
transactions conflict, so one of them retries and sees the other.
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from msds.adapters.aws.dynamo_tables import keyed_table_definition
from msds.adapters.aws.service_errors import error_code, service_call, translate_error
from msds.errors import ConcurrentModification, ServiceRequestRejected, ServiceThrottled

ENTRY = "ENTRY"
RECORD = "RECORD"
PRODUCT = "PRODUCT"
STATUS_INDEX = "status-index"
# DynamoDB items hold at most 400 KB; records above this size are stored compressed.
_COMPRESS_ABOVE = 200_000
_MAX_ITEM_BYTES = 390_000
_MAX_TRANSACTION_ITEMS = 100
_Items = list[dict[str, Any]]  # (the class below has a method named list)
_NOT_CURRENT = frozenset({DocumentStatus.SUPERSEDED, DocumentStatus.REJECTED, DocumentStatus.FAILED})


def table_definition(table_name: str) -> dict[str, Any]:
    """CreateTable arguments of the table this repository expects (the CDK construct must match)."""
    return keyed_table_definition(table_name, STATUS_INDEX, "status", "updated_at")


def _doc_key(document_id: str, kind: str) -> dict[str, Any]:
    return {"pk": {"S": f"DOC#{document_id}"}, "sk": {"S": kind}}


def _product_key(product_key: str) -> dict[str, Any]:
    digest = hashlib.sha256(product_key.encode("utf-8")).hexdigest()
    return {"pk": {"S": f"PRODUCT#{digest}"}, "sk": {"S": PRODUCT}}


def _key_id(key: dict[str, Any]) -> tuple[str, str]:
    return key["pk"]["S"], key["sk"]["S"]


@dataclass
class _Transaction:
    """What one transaction() block has read (item versions) and wants to write."""

    versions: dict[tuple[str, str], int | None] = field(default_factory=dict)
    keys: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    writes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    entries: dict[str, DocumentEntry | None] = field(default_factory=dict)
    records: dict[str, SdsRecord] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    new_members: dict[str, set[str]] = field(default_factory=dict)


class DynamoDocumentRepository:
    """Implements msds.ports.DocumentRepository on one DynamoDB table (see the module docstring)."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._db = client
        self._table = table_name
        self._local = threading.local()
        self._last_ns = 0
        self._clock_lock = threading.Lock()

    # -- port ----------------------------------------------------------------------------------------------
    def insert_if_absent(self, entry: DocumentEntry) -> bool:
        txn = self._txn()
        if txn is not None:
            if self.get(entry.document_id) is not None:
                return False
            key = _doc_key(entry.document_id, ENTRY)
            txn.entries[entry.document_id] = entry
            txn.writes[_key_id(key)] = {"Put": self._entry_put(entry, key)}
            self._note_members(txn, entry)
            return True
        try:
            with service_call("dynamodb:PutItem"):
                self._db.put_item(**self._entry_put(entry, _doc_key(entry.document_id, ENTRY)))
        except ConcurrentModification:  # the condition failed: the id is already there
            return False
        if entry.product_key:
            self._add_member(entry.product_key, entry.document_id)
        return True

    def get(self, document_id: str) -> DocumentEntry | None:
        txn = self._txn()
        if txn is not None and document_id in txn.entries:
            return txn.entries[document_id]
        key = _doc_key(document_id, ENTRY)
        item = self._get_item(key)
        entry = DocumentEntry.model_validate_json(item["body"]["S"]) if item else None
        if txn is not None:
            self._remember(txn, key, item)
            txn.entries[document_id] = entry
        return entry

    def update(self, entry: DocumentEntry) -> None:
        key = _doc_key(entry.document_id, ENTRY)
        txn = self._txn()
        if txn is not None:
            if self.get(entry.document_id) is None:
                return
            txn.entries[entry.document_id] = entry
            pending = txn.writes.get(_key_id(key))
            if pending is not None and "Put" in pending:  # inserted in this block: put the newer body
                txn.writes[_key_id(key)] = {"Put": self._entry_put(entry, key)}
            else:
                txn.writes[_key_id(key)] = {"Update": self._entry_update(entry, key, txn)}
            self._note_members(txn, entry)
            return
        update = self._entry_update(entry, key, None)
        if entry.product_key:
            items = [
                {"Update": update},
                {"Update": self._member_update(entry.product_key, {entry.document_id})},
            ]
            try:
                self._transact(items)
            except _Cancelled as cancelled:
                if cancelled.reasons[:1] != ["ConditionalCheckFailed"]:
                    raise
                # the entry does not exist: nothing to update
            return
        try:
            with service_call("dynamodb:UpdateItem"):
                self._db.update_item(**update)
        except ConcurrentModification:
            return  # the entry does not exist: nothing to update

    def list(self, status: DocumentStatus | None = None) -> list[DocumentEntry]:
        statuses = list(DocumentStatus) if status is None else [status]
        found: list[tuple[int, DocumentEntry]] = []
        for wanted in statuses:
            for item in self._query_status(wanted):
                entry = DocumentEntry.model_validate_json(item["body"]["S"])
                found.append((int(item["inserted_ns"]["N"]), entry))
        return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]

    def find_current_by_product(self, product_key: str) -> DocumentEntry | None:
        txn = self._txn()
        key = _product_key(product_key)
        if txn is not None and product_key in txn.members:
            members = set(txn.members[product_key])
        else:
            item = self._get_item(key)
            members = {str(m) for m in item["members"]["SS"]} if item and "members" in item else set()
            if txn is not None:
                self._remember(txn, key, item)
                txn.members[product_key] = set(members)
        if txn is not None:
            members |= txn.new_members.get(product_key, set())
        entries = [self.get(document_id) for document_id in sorted(members)]
        current = [
            e
            for e in entries
            if e is not None and e.product_key == product_key and e.status not in _NOT_CURRENT
        ]
        if not current:
            return None
        return max(current, key=lambda e: (e.revision_date or "", e.received_at))

    def save_record(self, record: SdsRecord) -> None:
        key = _doc_key(record.document_id, RECORD)
        item = {**key, "document_id": {"S": record.document_id}, **_body_attribute(record.model_dump_json())}
        put: dict[str, Any] = {"TableName": self._table, "Item": item}
        txn = self._txn()
        if txn is not None:
            txn.records[record.document_id] = record
            txn.writes[_key_id(key)] = {"Put": put}
            return
        with service_call("dynamodb:PutItem"):
            self._db.put_item(**put)

    def get_record(self, document_id: str) -> SdsRecord | None:
        txn = self._txn()
        if txn is not None and document_id in txn.records:
            return txn.records[document_id]
        item = self._get_item(_doc_key(document_id, RECORD))
        if item is None:
            return None
        if "body_gz" in item:
            return SdsRecord.model_validate_json(zlib.decompress(bytes(item["body_gz"]["B"])))
        return SdsRecord.model_validate_json(item["body"]["S"])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._txn() is not None:  # nested: the outer block commits
            yield
            return
        txn = _Transaction()
        self._local.txn = txn
        try:
            yield
        finally:
            self._local.txn = None
        self._commit(txn)

    # -- transactions --------------------------------------------------------------------------------------
    def _txn(self) -> _Transaction | None:
        return getattr(self._local, "txn", None)

    def _remember(self, txn: _Transaction, key: dict[str, Any], item: dict[str, Any] | None) -> None:
        ident = _key_id(key)
        if ident not in txn.versions:
            txn.versions[ident] = int(item["version"]["N"]) if item and "version" in item else None
            txn.keys[ident] = key

    def _note_members(self, txn: _Transaction, entry: DocumentEntry) -> None:
        if entry.product_key:
            txn.new_members.setdefault(entry.product_key, set()).add(entry.document_id)

    def _commit(self, txn: _Transaction) -> None:
        items: _Items = []
        written: set[tuple[str, str]] = set()
        for ident, action in txn.writes.items():
            items.append(action)
            written.add(ident)
        for product_key, document_ids in txn.new_members.items():
            ident = _key_id(_product_key(product_key))
            items.append({"Update": self._member_update(product_key, document_ids, txn)})
            written.add(ident)
        if not items:
            return
        for ident, version in txn.versions.items():
            if ident in written:
                continue
            check = {"TableName": self._table, "Key": txn.keys[ident]}
            items.append({"ConditionCheck": {**check, **_version_condition(version)}})
        if len(items) > _MAX_TRANSACTION_ITEMS:
            raise ServiceRequestRejected(f"a transaction of {len(items)} items exceeds DynamoDB's 100")
        try:
            self._transact(items)
        except _Cancelled as cancelled:  # raised by its public name: the state machine retries on it
            raise ConcurrentModification(cancelled.message) from cancelled

    def _transact(self, items: _Items) -> None:
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as error:
            if error_code(error) != "TransactionCanceledException":
                raise translate_error(error, "dynamodb:TransactWriteItems") from error
            reasons = [str(r.get("Code") or "None") for r in error.response.get("CancellationReasons", [])]
            summary = ", ".join(reasons)
            if any(code in ("ThrottlingError", "ProvisionedThroughputExceeded") for code in reasons):
                raise ServiceThrottled(f"dynamodb:TransactWriteItems throttled ({summary})") from error
            raise _Cancelled(
                reasons,
                f"dynamodb:TransactWriteItems cancelled ({summary}): another worker changed an item "
                "this transaction read",
            ) from error

    # -- items ---------------------------------------------------------------------------------------------
    def _get_item(self, key: dict[str, Any]) -> dict[str, Any] | None:
        with service_call("dynamodb:GetItem"):
            response = self._db.get_item(TableName=self._table, Key=key, ConsistentRead=True)
        item: dict[str, Any] | None = response.get("Item")
        return item

    def _query_status(self, status: DocumentStatus) -> Iterator[dict[str, Any]]:
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "IndexName": STATUS_INDEX,
            "KeyConditionExpression": "#status = :status",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":status": {"S": status.value}},
        }
        while True:
            with service_call("dynamodb:Query"):
                response = self._db.query(**arguments)
            yield from response.get("Items", [])
            last = response.get("LastEvaluatedKey")
            if not last:
                return
            arguments["ExclusiveStartKey"] = last

    def _next_ns(self) -> int:
        # Insertion order for list(): wall-clock nanoseconds, strictly increasing within this process.
        with self._clock_lock:
            self._last_ns = max(time.time_ns(), self._last_ns + 1)
            return self._last_ns

    def _entry_put(self, entry: DocumentEntry, key: dict[str, Any]) -> dict[str, Any]:
        item = {
            **key,
            "document_id": {"S": entry.document_id},
            "status": {"S": entry.status.value},
            "updated_at": {"S": entry.updated_at.isoformat()},
            "body": {"S": entry.model_dump_json()},
            "version": {"N": "1"},
            "inserted_ns": {"N": str(self._next_ns())},
        }
        if entry.product_key:
            item["product_key"] = {"S": entry.product_key}
        return {
            "TableName": self._table,
            "Item": item,
            "ConditionExpression": "attribute_not_exists(#pk)",
            "ExpressionAttributeNames": {"#pk": "pk"},
        }

    def _entry_update(
        self, entry: DocumentEntry, key: dict[str, Any], txn: _Transaction | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            ":body": {"S": entry.model_dump_json()},
            ":status": {"S": entry.status.value},
            ":updated": {"S": entry.updated_at.isoformat()},
            ":one": {"N": "1"},
        }
        expression = "SET #body = :body, #status = :status, #updated = :updated"
        names = {
            "#body": "body",
            "#status": "status",
            "#updated": "updated_at",
            "#version": "version",
            "#product": "product_key",
        }
        if entry.product_key:
            values[":product"] = {"S": entry.product_key}
            expression += ", #product = :product"
        expression += " ADD #version :one"
        if not entry.product_key:
            expression += " REMOVE #product"
        update: dict[str, Any] = {
            "TableName": self._table,
            "Key": key,
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        version = txn.versions.get(_key_id(key)) if txn is not None else None
        if version is not None:
            update["ConditionExpression"] = "#version = :read_version"
            values[":read_version"] = {"N": str(version)}
        else:
            update["ConditionExpression"] = "attribute_exists(#pk)"
            names["#pk"] = "pk"
        return update

    def _member_update(
        self, product_key: str, document_ids: set[str], txn: _Transaction | None = None
    ) -> dict[str, Any]:
        key = _product_key(product_key)
        update: dict[str, Any] = {
            "TableName": self._table,
            "Key": key,
            "UpdateExpression": "SET #product = :product ADD #members :ids, #version :one",
            "ExpressionAttributeNames": {
                "#product": "product_key",
                "#members": "members",
                "#version": "version",
            },
            "ExpressionAttributeValues": {
                ":product": {"S": product_key},
                ":ids": {"SS": sorted(document_ids)},
                ":one": {"N": "1"},
            },
        }
        if txn is not None and _key_id(key) in txn.versions:
            condition = _version_condition(txn.versions[_key_id(key)])
            update["ConditionExpression"] = condition["ConditionExpression"]
            update["ExpressionAttributeNames"].update(condition["ExpressionAttributeNames"])
            update["ExpressionAttributeValues"].update(condition.get("ExpressionAttributeValues", {}))
        return update

    def _add_member(self, product_key: str, document_id: str) -> None:
        with service_call("dynamodb:UpdateItem"):
            self._db.update_item(**self._member_update(product_key, {document_id}))


def _version_condition(version: int | None) -> dict[str, Any]:
    if version is None:
        return {"ConditionExpression": "attribute_not_exists(#pk)", "ExpressionAttributeNames": {"#pk": "pk"}}
    return {
        "ConditionExpression": "#version = :read_version",
        "ExpressionAttributeNames": {"#version": "version"},
        "ExpressionAttributeValues": {":read_version": {"N": str(version)}},
    }


def _body_attribute(body: str) -> dict[str, Any]:
    encoded = body.encode("utf-8")
    if len(encoded) <= _COMPRESS_ABOVE:
        return {"body": {"S": body}}
    compressed = zlib.compress(encoded, 6)
    if len(compressed) > _MAX_ITEM_BYTES:
        raise ServiceRequestRejected(
            f"the record is {len(compressed):,} bytes compressed; a DynamoDB item holds at most 400 KB"
        )
    return {"body_gz": {"B": compressed}}


class _Cancelled(ConcurrentModification):
    """A TransactWriteItems call was cancelled; ``reasons`` has one code per item ("None": it passed)."""

    def __init__(self, reasons: list[str], message: str) -> None:
        super().__init__(message)
        self.reasons = reasons
