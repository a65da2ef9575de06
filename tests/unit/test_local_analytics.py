"""The local DuckDB analytics file beyond the shared contract: a failed load changes nothing, a file of an
earlier version gets the new columns, and the file is free for other tools between loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from msds.adapters.local import duckdb_analytics
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.errors import PublishFailed
from tests.helpers.publications import acetone


def count(path: Path, table: str) -> int:
    with duckdb.connect(str(path), read_only=True) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_a_load_that_fails_half_way_leaves_the_rows_of_the_last_good_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a record loaded once, and inserts into the components table that fail from now on
    path = tmp_path / "analytics.duckdb"
    store = DuckDbAnalyticsStore(path)
    store.publish(acetone())
    insert = duckdb_analytics._insert

    def failing(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        if table.name == "sds_components":
            raise duckdb.IOException("disk full (test)")
        insert(connection, table, rows)

    monkeypatch.setattr(duckdb_analytics, "_insert", failing)
    # When a corrected version is loaded
    with pytest.raises(PublishFailed, match="disk full"):
        store.publish(acetone(product="Aceton technisch", h_codes=("H225",)))
    # Then the transaction was rolled back: the first load's rows are all still there
    with duckdb.connect(str(path), read_only=True) as connection:
        product = connection.execute("SELECT product_name FROM sds_documents").fetchall()
    assert product == [("Aceton rein",)]
    assert count(path, "sds_statements") == 5 and count(path, "sds_components") == 1


def test_a_file_of_an_earlier_version_gets_the_columns_it_lacks(tmp_path: Path) -> None:
    # Given a file whose documents table was made without the status and supplier columns
    path = tmp_path / "analytics.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "CREATE TABLE sds_documents (document_id CHAR(64) NOT NULL, product_name VARCHAR(1024), "
            "PRIMARY KEY (document_id))"
        )
    # When a record is loaded into it
    DuckDbAnalyticsStore(path).publish(acetone())
    # Then the new columns were added and filled
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute("SELECT product_name, status, supplier_ids FROM sds_documents").fetchall()
    assert rows == [("Aceton rein", "accepted", "supplier-1")]


def test_the_file_can_be_opened_by_another_tool_between_loads(tmp_path: Path) -> None:
    # Given a store that has loaded a record (and nothing is created before its first load)
    path = tmp_path / "analytics.duckdb"
    store = DuckDbAnalyticsStore(path)
    assert not path.exists()
    store.publish(acetone())
    # When another connection writes to the file, and the store loads again
    with duckdb.connect(str(path)) as other:
        other.execute("CREATE TABLE IF NOT EXISTS notes (text VARCHAR)")
    store.publish(acetone())
    # Then both succeeded: the store holds no connection between loads
    assert count(path, "sds_documents") == 1 and count(path, "notes") == 0
