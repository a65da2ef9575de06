"""The warehouse on the AWS host: the star schema in Amazon Redshift, through the Data API.

The tables are the SQL files' (``msds/data/warehouse``) rendered for Redshift. A load stages each table's
rows as JSON lines in S3 (a key derived from their content), then one ``BatchExecuteStatement`` (one
transaction) runs, per table::

    CREATE TEMP TABLE stage_<t> (LIKE <t>);
    COPY stage_<t> FROM 's3://.../<t>.jsonl' IAM_ROLE ... FORMAT AS JSON 'auto' ...;
    DELETE FROM <t>;
    INSERT INTO <t> (...) SELECT ... FROM stage_<t>;

so loading twice leaves the same rows. No value from a record is written into SQL text: values travel in the
staged files, and the ready queries take theirs as Data API parameters (``:as_of``).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from msds.adapters.aws.redshift_data import RedshiftStatements
from msds.adapters.aws.s3_store import S3Location, S3Objects
from msds.errors import PublishFailed, ServiceRequestRejected
from msds.services.warehouse.dialect import Dialect, query, schema
from msds.services.warehouse.rows import table_columns

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ROLE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[A-Za-z0-9+=,.@_/-]+$")


class RedshiftWarehouse:
    """Implements msds.ports.Warehouse with Redshift (Serverless workgroup or provisioned cluster)."""

    def __init__(
        self,
        data_client: Any,
        objects: S3Objects,
        *,
        database: str,
        staging_bucket: str,
        workgroup: str | None = None,
        cluster: str | None = None,
        secret_arn: str | None = None,
        iam_role: str = "default",
        staging_prefix: str = "warehouse-staging",
        poll_seconds: float = 1.0,
        timeout_seconds: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not _BUCKET.match(staging_bucket):
            raise ServiceRequestRejected(f"{staging_bucket!r} is not a bucket name")
        if iam_role != "default" and not _ROLE.match(iam_role):
            raise ServiceRequestRejected(f"{iam_role!r} is not an IAM role ARN")
        self._statements = RedshiftStatements(
            data_client,
            database=database,
            workgroup=workgroup,
            cluster=cluster,
            secret_arn=secret_arn,
            poll_seconds=poll_seconds,
            timeout_seconds=timeout_seconds,
            sleep=sleep,
        )
        self._objects = objects
        self._bucket = staging_bucket
        self._prefix = staging_prefix.strip("/")
        self._role = "default" if iam_role == "default" else f"'{iam_role}'"

    def create(self) -> None:
        self._batch(schema(Dialect.REDSHIFT), "create the warehouse tables")

    def replace(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        columns = table_columns()
        unknown = [name for name in tables if name not in columns]
        if unknown:
            raise PublishFailed(f"no warehouse table {', '.join(unknown)}")
        self._batch(self._load(tables, replace_all=True), f"load {len(tables)} warehouse table(s)")

    def replace_watch_list(self, list_name: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            raise PublishFailed("a watch list needs at least one CAS number")
        self._batch(self._load({"wh_watch_list": rows}, replace_all=False), f"load watch list {list_name}")

    def run(self, name: str, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
        sql = query(name, Dialect.REDSHIFT)
        used = [{"name": key, "value": str(value)} for key, value in parameters.items() if f":{key}" in sql]
        statement_id = self._execute(sql, used, f"run {name}")
        return self._result(statement_id)

    def counts(self) -> dict[str, int]:
        sql = " UNION ALL ".join(
            f"SELECT '{name}' AS name, COUNT(*) AS n FROM {name}" for name in table_columns()
        )
        rows = self._result(self._execute(sql, [], "count the warehouse rows"))
        return {str(row["name"]): int(row["n"]) for row in rows}

    def load_statements(self, staged: Mapping[str, S3Location | None], *, replace_all: bool) -> list[str]:
        """The SQL of one load: per table, stage the file (if any), delete the old rows, insert the new."""
        columns = table_columns()
        sql: list[str] = []
        for name, location in staged.items():
            names = ", ".join(columns[name])
            stage = f"stage_{name}"
            if location is not None:
                if not re.fullmatch(r"[A-Za-z0-9/_.-]+", location.key):
                    raise ServiceRequestRejected(f"unsafe staging key {location.key!r}")
                sql.append(f"CREATE TEMP TABLE {stage} (LIKE {name})")
                sql.append(
                    f"COPY {stage} FROM '{location.uri}' IAM_ROLE {self._role} FORMAT AS JSON 'auto' "
                    "DATEFORMAT 'YYYY-MM-DD' TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' TRUNCATECOLUMNS"
                )
            if replace_all:
                sql.append(f"DELETE FROM {name}")
            elif location is not None:
                sql.append(f"DELETE FROM {name} USING {stage} WHERE {name}.list_name = {stage}.list_name")
            if location is not None:
                sql.append(f"INSERT INTO {name} ({names}) SELECT {names} FROM {stage}")
        return sql

    def _load(self, tables: Mapping[str, Sequence[Mapping[str, Any]]], *, replace_all: bool) -> list[str]:
        columns = table_columns()
        files = {
            name: "".join(
                json.dumps(
                    {c: _json_value(row.get(c)) for c in columns[name]}, sort_keys=True, ensure_ascii=False
                )
                + "\n"
                for row in rows
            ).encode()
            for name, rows in tables.items()
        }
        load_id = hashlib.sha256(b"".join(name.encode() + files[name] for name in sorted(files))).hexdigest()[
            :32
        ]
        staged: dict[str, S3Location | None] = {}
        for name, data in files.items():
            if not data:
                staged[name] = None
                continue
            location = S3Location(self._bucket, f"{self._prefix}/{load_id}/{name}.jsonl")
            self._objects.write(location, data, "application/x-ndjson")
            staged[name] = location
        return self.load_statements(staged, replace_all=replace_all)

    def _batch(self, sqls: list[str], what: str) -> str:
        return self._statements.batch(sqls, "msds-warehouse", what)

    def _execute(self, sql: str, parameters: list[dict[str, str]], what: str) -> str:
        return self._statements.execute(sql, parameters, "msds-warehouse-query", what)

    def _result(self, statement_id: str) -> list[dict[str, Any]]:
        return self._statements.result(statement_id)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        utc = value.astimezone(UTC) if value.tzinfo else value
        return utc.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value
