"""The same analytics cases against the local DuckDB file and the Redshift loader.

Redshift runs behind the Data API (a botocore Stubber answering each batch as finished) with its staging
bucket on moto. What its tables hold is worked out by applying each batch's statements, in order, to tables
kept here: the staged JSON-lines files are COPYed into the stage tables, MERGE upserts document rows by
document_id, DELETE ... USING removes the child rows of the staged documents, INSERT ... SELECT adds the
staged rows. A statement of any other form fails the test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from moto import mock_aws

from models.publication import Publication
from msds.adapters.aws.redshift_loader import RedshiftLoader
from msds.adapters.aws.s3_store import S3Objects
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.ports import AnalyticsStore
from msds.services.analytics_rows import DOCUMENTS, TABLES, analytics_rows
from tests.aws.support import client, make_bucket
from tests.helpers.publications import acetone, ethanol, sulfuric_acid, three_raw_materials

STAGING = "msds-analytics-staging-test"
Rows = dict[str, list[dict[str, Any]]]


@dataclass
class Subject:
    store: AnalyticsStore
    tables: Callable[[], Rows]  # every row of every table, in a stable order
    expect_loads: Callable[[int], None] = field(default=lambda count: None)


@pytest.fixture(params=["duckdb", "redshift"])
def subject(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Subject]:
    if request.param == "duckdb":
        path = tmp_path / "analytics.duckdb"
        yield Subject(DuckDbAnalyticsStore(path), lambda: _duckdb_tables(path))
        return
    stub = request.getfixturevalue("stubbed")("redshift-data")
    batches: list[list[str]] = []
    stub.client.meta.events.register(
        "provide-client-params.redshift-data.BatchExecuteStatement",
        lambda params, **_: batches.append(list(params["Sqls"])),
    )

    def expect_loads(count: int) -> None:
        for number in range(count):
            stub.stubber.add_response("batch_execute_statement", {"Id": f"load-{len(batches)}-{number}"})
            stub.stubber.add_response("describe_statement", {"Id": "load", "Status": "FINISHED"})

    with mock_aws():
        s3 = client("s3")
        make_bucket(s3, STAGING)
        loader = RedshiftLoader(
            stub.client,
            S3Objects(s3),
            database="dev",
            workgroup="msds",
            staging_bucket=STAGING,
            poll_seconds=0.0,
            sleep=lambda _: None,
        )
        yield Subject(loader, lambda: _redshift_tables(batches, s3), expect_loads)


def expected(*publications: Publication) -> Rows:
    """The rows the tables should hold: each publication's analytics rows, last one per document wins."""
    latest = {p.document_id: p for p in publications}
    rows: Rows = {table.name: [] for table in TABLES}
    for publication in latest.values():
        for name, table_rows in analytics_rows(publication).items():
            rows[name].extend(table_rows)
    return _sorted(rows)


def test_a_load_puts_the_records_rows_in_every_table(subject: Subject) -> None:
    # Given a published record
    record = acetone()
    subject.expect_loads(1)
    # When it is loaded
    subject.store.publish(record)
    # Then the tables hold its document row and its statement, component and pictogram rows
    tables = subject.tables()
    assert tables == expected(record)
    assert len(tables["sds_statements"]) == 5 and tables["sds_documents"][0]["status"] == "accepted"


def test_loading_the_same_record_twice_leaves_one_set_of_rows(subject: Subject) -> None:
    # Given a record loaded once
    record = acetone()
    subject.expect_loads(2)
    subject.store.publish(record)
    once = subject.tables()
    # When it is loaded again
    subject.store.publish(record)
    # Then nothing changed
    assert subject.tables() == once == expected(record)


def test_a_changed_record_replaces_its_rows(subject: Subject) -> None:
    # Given a record loaded with four hazard statements
    subject.expect_loads(2)
    subject.store.publish(acetone())
    # When its corrected version, with one hazard statement and another product name, is loaded
    corrected = acetone(product="Aceton technisch", h_codes=("H225",), pictograms=("GHS02",))
    subject.store.publish(corrected)
    # Then only the corrected rows remain
    tables = subject.tables()
    assert tables == expected(corrected)
    assert [row["code"] for row in tables["sds_statements"]] == ["H225", "P210"]


def test_loading_one_document_leaves_the_others_alone(subject: Subject) -> None:
    # Given two records loaded
    subject.expect_loads(3)
    subject.store.publish(acetone())
    subject.store.publish(ethanol())
    # When a third one is loaded
    subject.store.publish(sulfuric_acid())
    # Then all three are there
    assert subject.tables() == expected(*three_raw_materials())


def test_loading_many_at_once_is_the_same_as_one_by_one(subject: Subject) -> None:
    # Given three records and a corrected version of the first
    records = [*three_raw_materials(), acetone(product="Aceton technisch")]
    subject.expect_loads(1)
    # When they are loaded together
    count = subject.store.publish_all(records)
    # Then each document has the rows of its last version
    assert count == 4
    assert subject.tables() == expected(*records)


def test_values_that_look_like_sql_are_stored_as_they_are(subject: Subject) -> None:
    # Given a product name built to break out of a SQL literal
    hostile = acetone(product="O'Brien'); DROP TABLE sds_documents; --")
    subject.expect_loads(1)
    # When it is loaded
    subject.store.publish(hostile)
    # Then the name is stored as it was given
    assert subject.tables()["sds_documents"][0]["product_name"] == "O'Brien'); DROP TABLE sds_documents; --"


# -- what each engine's tables hold ----------------------------------------------------------------------


def _sorted(rows: Rows) -> Rows:
    table_keys = {table.name: table.key for table in TABLES}
    return {
        name: sorted(table_rows, key=lambda row, key=table_keys[name]: tuple(str(row[k]) for k in key))
        for name, table_rows in rows.items()
    }


def _duckdb_tables(path: Path) -> Rows:
    rows: Rows = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        for table in TABLES:
            names = table.column_names
            result = connection.execute(f"SELECT {', '.join(names)} FROM {table.name}").fetchall()
            rows[table.name] = [
                {n: v.isoformat() if isinstance(v, date) else v for n, v in zip(names, row, strict=True)}
                for row in result
            ]
    return _sorted(rows)


_CREATE = re.compile(r"^CREATE TEMP TABLE (stage_\w+) \(LIKE (\w+)\)$")
_COPY = re.compile(r"^COPY (stage_\w+) FROM 's3://([^/]+)/(\S+)' IAM_ROLE \S+ FORMAT AS JSON 'auto'")
_MERGE = re.compile(
    r"^MERGE INTO (\w+) USING (stage_\w+) ON \1\.document_id = \2\.document_id "
    r"WHEN MATCHED THEN UPDATE SET (.+) WHEN NOT MATCHED THEN INSERT \((.+)\) VALUES \((.+)\)$"
)
_DELETE = re.compile(r"^DELETE FROM (\w+) USING (stage_\w+) WHERE \1\.document_id = \2\.document_id$")
_INSERT = re.compile(r"^INSERT INTO (\w+) \((.+)\) SELECT (.+) FROM (stage_\w+)$")


def _redshift_tables(batches: list[list[str]], s3: Any) -> Rows:
    tables: Rows = {table.name: [] for table in TABLES}
    for batch in batches:
        stages: Rows = {}
        for sql in batch:
            if match := _CREATE.match(sql):
                stage, like = match.groups()
                assert stage == f"stage_{like}"
                stages[stage] = []
            elif match := _COPY.match(sql):
                stage, bucket, key = match.groups()
                body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
                stages[stage] = [json.loads(line) for line in body.splitlines() if line.strip()]
            elif match := _MERGE.match(sql):
                target, stage, updates, columns, values = match.groups()
                names = [c for c in DOCUMENTS.column_names if c != "document_id"]
                assert updates == ", ".join(f"{c} = {stage}.{c}" for c in names)
                assert columns.split(", ") == list(DOCUMENTS.column_names)
                assert values == ", ".join(f"{stage}.{c}" for c in DOCUMENTS.column_names)
                staged = {row["document_id"]: row for row in stages[stage]}
                kept = [row for row in tables[target] if row["document_id"] not in staged]
                tables[target] = kept + list(staged.values())
            elif match := _DELETE.match(sql):
                target, stage = match.groups()
                gone = {row["document_id"] for row in stages[stage]}
                tables[target] = [row for row in tables[target] if row["document_id"] not in gone]
            elif match := _INSERT.match(sql):
                target, columns, selected, stage = match.groups()
                assert columns == selected and stage == f"stage_{target}"
                tables[target].extend({c: row.get(c) for c in columns.split(", ")} for row in stages[stage])
            else:
                raise AssertionError(f"a statement the loader should not send: {sql}")
    return _sorted(tables)
