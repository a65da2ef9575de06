"""The warehouse on Redshift through the Data API (botocore Stubber) with rows staged in S3 (moto)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from botocore.stub import ANY
from moto import mock_aws

from msds.adapters.aws.redshift_warehouse import RedshiftWarehouse
from msds.adapters.aws.s3_store import S3Objects
from msds.errors import PublishFailed
from msds.services.warehouse.dialect import Dialect, schema
from tests.aws.support import client, make_bucket

STAGING = "msds-warehouse-staging-test"
TARGET = {"Database": "dev", "WorkgroupName": "msds"}


@pytest.fixture
def redshift(aws_credentials: None, stubbed: Any) -> Iterator[dict[str, Any]]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3, STAGING)
        stub = stubbed("redshift-data")
        sent: list[dict[str, Any]] = []
        for operation in ("BatchExecuteStatement", "ExecuteStatement"):
            stub.client.meta.events.register(
                f"provide-client-params.redshift-data.{operation}",
                lambda params, **_: sent.append(dict(params)),
            )
        warehouse = RedshiftWarehouse(
            stub.client,
            S3Objects(s3),
            database="dev",
            workgroup="msds",
            staging_bucket=STAGING,
            poll_seconds=0.0,
            sleep=lambda _: None,
        )
        yield {"s3": s3, "stub": stub, "sent": sent, "warehouse": warehouse}


def finished(stub: Any, operation: str, statement_id: str) -> None:
    name = "msds-warehouse" if operation == "batch_execute_statement" else "msds-warehouse-query"
    key = "Sqls" if operation == "batch_execute_statement" else "Sql"
    expected = {key: ANY, "StatementName": name, **TARGET}
    if operation == "execute_statement":
        expected["Parameters"] = ANY
    stub.stubber.add_response(operation, {"Id": statement_id, **TARGET}, expected)
    stub.stubber.add_response("describe_statement", {"Id": statement_id, "Status": "FINISHED"})


ROWS = {
    "wh_products": [
        {
            "product_id": "P1",
            "product_name": "Glass cleaner",
            "physical_state": "liquid",
            "signal_word": None,
            "classified": False,
            "updated_at": datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
        },
    ],
    "wh_coverage": [
        {
            "product_id": "P1",
            "line_no": 1,
            "as_of": date(2025, 6, 1),
            "status": "missing",
            "document_id": None,
            "revision_date": None,
            "age_years": None,
            "reasons": "O'Brien's \"sheet\"; DROP TABLE x",
        },
    ],
    "wh_findings": [],
}


def test_the_tables_are_created_from_the_same_sql_files_rendered_for_redshift(
    redshift: dict[str, Any],
) -> None:
    # Given the Data API finishing the batch
    finished(redshift["stub"], "batch_execute_statement", "create-1")
    # When the tables are created
    redshift["warehouse"].create()
    # Then the batch is the Redshift rendering of the warehouse SQL, with distribution and sort keys
    (batch,) = redshift["sent"]
    assert batch["Sqls"] == schema(Dialect.REDSHIFT)
    assert any("DISTKEY (product_id)" in sql for sql in batch["Sqls"])


def test_a_load_stages_rows_in_s3_and_replaces_each_table_in_one_batch(redshift: dict[str, Any]) -> None:
    # Given rows of two tables and an empty third, and the Data API finishing each batch
    finished(redshift["stub"], "batch_execute_statement", "load-1")
    finished(redshift["stub"], "batch_execute_statement", "load-2")
    # When they are loaded twice
    redshift["warehouse"].replace(ROWS)
    redshift["warehouse"].replace(ROWS)
    # Then each batch copies the staged files, deletes every old row and inserts the new ones; the empty table
    # is only emptied; both loads send the same statements; no value is written into the SQL
    first, second = (batch["Sqls"] for batch in redshift["sent"])
    assert first == second
    assert first[0] == "CREATE TEMP TABLE stage_wh_products (LIKE wh_products)"
    assert first[1].startswith(
        "COPY stage_wh_products FROM 's3://msds-warehouse-staging-test/warehouse-staging/"
    )
    assert "DELETE FROM wh_products" in first and "DELETE FROM wh_findings" in first
    assert not any(s.startswith("COPY stage_wh_findings") for s in first)
    assert all("Brien" not in sql and "Glass" not in sql for sql in first)
    # and the staged file holds the rows, dates and times in the forms the COPY reads
    keys = [o["Key"] for o in redshift["s3"].list_objects_v2(Bucket=STAGING)["Contents"]]
    products = next(k for k in keys if k.endswith("wh_products.jsonl"))
    line = json.loads(redshift["s3"].get_object(Bucket=STAGING, Key=products)["Body"].read())
    assert line["updated_at"] == "2025-06-01 12:00:00" and line["classified"] is False


def test_a_ready_query_passes_its_date_as_a_parameter_and_reads_the_typed_result(
    redshift: dict[str, Any],
) -> None:
    # Given the query finishing with two records
    finished(redshift["stub"], "execute_statement", "query-1")
    redshift["stub"].stubber.add_response(
        "get_statement_result",
        {
            "ColumnMetadata": [{"name": "document_id"}, {"name": "products"}, {"name": "supplier_name"}],
            "Records": [
                [{"stringValue": "a" * 64}, {"longValue": 2}, {"stringValue": "ACME"}],
                [{"stringValue": "b" * 64}, {"longValue": 1}, {"isNull": True}],
            ],
            "TotalNumRows": 2,
        },
        {"Id": "query-1"},
    )
    # When the expiring sheets are asked for
    rows = redshift["warehouse"].run(
        "expiring_this_quarter", {"as_of": "2025-06-01", "check_years": 3, "replace_years": 5}
    )
    # Then the date travels as a parameter, and the rows come back typed
    (statement,) = redshift["sent"]
    assert {p["name"]: p["value"] for p in statement["Parameters"]} == {
        "as_of": "2025-06-01",
        "check_years": "3",
        "replace_years": "5",
    }
    assert ":as_of" in statement["Sql"] and "2025-06-01" not in statement["Sql"]
    assert rows == [
        {"document_id": "a" * 64, "products": 2, "supplier_name": "ACME"},
        {"document_id": "b" * 64, "products": 1, "supplier_name": None},
    ]


def test_a_failed_batch_is_a_publish_failure(redshift: dict[str, Any]) -> None:
    # Given a batch that fails
    stub = redshift["stub"]
    stub.stubber.add_response(
        "batch_execute_statement",
        {"Id": "bad", **TARGET},
        {"Sqls": ANY, "StatementName": "msds-warehouse", **TARGET},
    )
    stub.stubber.add_response(
        "describe_statement", {"Id": "bad", "Status": "FAILED", "Error": "relation missing"}
    )
    # When a load runs
    # Then it is a named publish failure with Redshift's message
    with pytest.raises(PublishFailed, match="relation missing"):
        redshift["warehouse"].replace(ROWS)
