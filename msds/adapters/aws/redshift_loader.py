"""Analytics: records loaded into Amazon Redshift (Serverless or provisioned) through the Data API.

A load is idempotent. The rows of a batch of records are written to S3 as JSON lines under a key derived
from their content, then one ``BatchExecuteStatement`` (one transaction, one session) runs::

    CREATE TEMP TABLE stage_sds_documents (LIKE sds_documents);     -- and one per child table
    COPY stage_sds_documents FROM 's3://.../sds_documents.jsonl' IAM_ROLE ... FORMAT AS JSON 'auto';
    MERGE INTO sds_documents USING stage_sds_documents ...;          -- update or insert by document_id
    DELETE FROM sds_statements USING stage_sds_documents ...;        -- child rows of these documents ...
    INSERT INTO sds_statements SELECT ... FROM stage_sds_statements; -- ... replaced by the new ones

Loading the same records twice leaves the tables as they were after the first load. No value from a document
is ever written into SQL text: values travel in the staged files, the SQL only names tables, columns and the
staging objects (whose keys the loader makes itself). The tables and the rows of a record are those of
msds.services.analytics_rows, which the local DuckDB store loads too.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from models.publication import Publication
from models.record import SdsRecord
from msds.adapters.aws.redshift_data import REDSHIFT_WAIT_SECONDS, RedshiftStatements
from msds.adapters.aws.s3_store import S3Location, S3Objects
from msds.errors import ServiceRequestRejected
from msds.services.analytics_rows import CHILD_TABLES, DOCUMENTS, TABLES, analytics_rows

__all__ = ["RedshiftLoader", "analytics_rows", "ddl", "load_statements"]

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ROLE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[A-Za-z0-9+=,.@_/-]+$")


def ddl() -> list[str]:
    """CREATE TABLE statements of the analytics tables (run once at deployment)."""
    statements = []
    for table in TABLES:
        columns = ",\n  ".join(f"{name} {kind}" for name, kind in table.columns)
        key = ", ".join(table.key)
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {table.name} (\n  {columns},\n  PRIMARY KEY ({key})\n)"
            " DISTKEY (document_id) SORTKEY (document_id)"
        )
    return statements


def load_statements(staged: dict[str, S3Location], iam_role: str) -> list[str]:
    """The SQL of one idempotent load from the staged JSON-lines objects (one per table that has rows)."""
    role = "default" if iam_role == "default" else _quoted_role(iam_role)
    sql: list[str] = []
    for table in TABLES:
        if table.name not in staged:
            continue
        stage = f"stage_{table.name}"
        location = staged[table.name]
        if not _BUCKET.match(location.bucket) or not re.fullmatch(r"[A-Za-z0-9/_.-]+", location.key):
            raise ServiceRequestRejected(f"unsafe staging location {location.uri!r}")
        sql.append(f"CREATE TEMP TABLE {stage} (LIKE {table.name})")
        sql.append(
            f"COPY {stage} FROM '{location.uri}' IAM_ROLE {role} "
            "FORMAT AS JSON 'auto' DATEFORMAT 'YYYY-MM-DD' TRUNCATECOLUMNS"
        )
    documents = f"stage_{DOCUMENTS.name}"
    columns = DOCUMENTS.column_names
    updates = ", ".join(f"{c} = {documents}.{c}" for c in columns if c != "document_id")
    sql.append(
        f"MERGE INTO {DOCUMENTS.name} USING {documents} "
        f"ON {DOCUMENTS.name}.document_id = {documents}.document_id "
        f"WHEN MATCHED THEN UPDATE SET {updates} "
        f"WHEN NOT MATCHED THEN INSERT ({', '.join(columns)}) "
        f"VALUES ({', '.join(f'{documents}.{c}' for c in columns)})"
    )
    for table in CHILD_TABLES:
        sql.append(
            f"DELETE FROM {table.name} USING {documents} "
            f"WHERE {table.name}.document_id = {documents}.document_id"
        )
        if table.name in staged:
            names = ", ".join(table.column_names)
            sql.append(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM stage_{table.name}")
    return sql


# How long a load waits for its Data API statements: well inside the Publish function's timeout
# (infra/handlers.py), so that a cold Redshift Serverless ends as the named, retried ServiceUnavailable and
# not as a Lambda timeout.


class RedshiftLoader:
    """Loads records through the Redshift Data API, staging rows in S3."""

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
        staging_prefix: str = "analytics-staging",
        poll_seconds: float = 1.0,
        timeout_seconds: float = REDSHIFT_WAIT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
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
        self._role = iam_role

    def create_tables(self) -> None:
        self._run(ddl(), "create the analytics tables")

    def publish(self, publication: Publication) -> None:
        """msds.ports.AnalyticsStore: merge one published record's rows."""
        self.load([publication])

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """msds.ports.AnalyticsStore: merge many published records' rows in one load."""
        self.load(publications)
        return len(publications)

    def load(self, items: Sequence[Publication | SdsRecord]) -> str | None:
        """Stage and merge the records (a bare record is loaded with the status its routing implies); return
        the Data API statement id (None when there was nothing)."""
        if not items:
            return None
        # The last version of each document: a MERGE source must not hold a document twice.
        latest = {
            publication.document_id: publication
            for publication in (
                item if isinstance(item, Publication) else Publication.of_record(item) for item in items
            )
        }
        tables: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}
        for publication in latest.values():
            for name, rows in analytics_rows(publication).items():
                tables[name].extend(rows)
        files = {
            name: "".join(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n" for row in rows).encode()
            for name, rows in tables.items()
            if rows
        }
        load_id = hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()[:32]
        staged: dict[str, S3Location] = {}
        for name, data in files.items():
            location = S3Location(self._bucket, f"{self._prefix}/{load_id}/{name}.jsonl")
            self._objects.write(location, data, "application/x-ndjson")
            staged[name] = location
        return self._run(load_statements(staged, self._role), f"load {len(items)} record(s)")

    def _run(self, sqls: list[str], what: str) -> str:
        return self._statements.batch(sqls, "msds-load", what)


def _quoted_role(arn: str) -> str:
    if not _ROLE.match(arn):
        raise ServiceRequestRejected(f"{arn!r} is not an IAM role ARN")
    return f"'{arn}'"
