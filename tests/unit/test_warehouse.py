"""The warehouse: one set of SQL files for both engines, idempotent loads, watch lists, ready queries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from models.document import DocumentEntry, DocumentStatus
from models.record import Component, Extracted, SdsRecord, Statement
from msds.adapters.local.duckdb_warehouse import DuckDbWarehouse
from msds.adapters.local.sqlite_products import SqliteProductRepository
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.domain.composition_text import parse_concentration
from msds.errors import AccessDenied, InvalidWatchList
from msds.services.api_access import Caller, Group
from msds.services.products.service import ProductService
from msds.services.warehouse.dialect import QUERIES, Dialect, query, schema
from msds.services.warehouse.rows import table_columns
from msds.services.warehouse.service import WarehouseService, read_watch_list

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
STAFF = Caller(subject="anna", groups=frozenset({Group.COMPLIANCE}))
CSV = """product_id,product_name,supplier,material_name,supplier_product_code,cas,concentration
P1,Paint stripper,Nordwerk Chemie GmbH,Dichlormethan rein,DCM-1,75-09-2,60 %
P1,Paint stripper,Riverside Solvents Ltd,Solvent blend SB-2,SB-2,,30 %
"""


def add_sheet(
    repository: SqliteDocumentRepository,
    number: int,
    supplier: str,
    product: str,
    revised: str,
    components: list[tuple[str, str, list[str]]],
    codes: list[str],
) -> str:
    document_id = f"{number:064x}"
    record = SdsRecord(
        document_id=document_id,
        product_name=Extracted[str](value=product, confidence=0.9),
        supplier_name=Extracted[str](value=supplier, confidence=0.9),
        revision_date=Extracted[str](value=revised, confidence=0.9),
        components=[
            Component(
                cas=cas,
                cas_check_ok=True,
                concentration=printed,
                concentration_range=parse_concentration(printed),
                hazards=[],
            )
            for cas, printed, _ in components
        ],
        hazard_statements=[Statement(code=code, confidence=0.9) for code in codes],
        needs_review=False,
    )
    repository.insert_if_absent(
        DocumentEntry(
            document_id=document_id,
            file_name=f"{product}.pdf",
            size_bytes=1,
            status=DocumentStatus.ACCEPTED,
            received_at=NOW,
            updated_at=NOW,
        )
    )
    repository.save_record(record)
    return document_id


@pytest.fixture
def warehouse(tmp_path: Path) -> tuple[WarehouseService, DuckDbWarehouse]:
    documents = SqliteDocumentRepository(tmp_path / "state.sqlite3")
    add_sheet(
        documents,
        1,
        "Nordwerk Chemie GmbH",
        "Dichlormethan rein DCM-1",
        "2020-05-20",
        [("75-09-2", "≥ 99 %", [])],
        ["H351"],
    )
    add_sheet(
        documents,
        2,
        "Riverside Solvents Ltd",
        "Solvent blend SB-2",
        "2024-01-10",
        [("108-88-3", "20 - 30 %", []), ("67-64-1", "60 - 80 %", [])],
        ["H225", "H361d"],
    )
    products = ProductService(SqliteProductRepository(tmp_path / "products.sqlite3"), documents, lambda: NOW)
    products.import_file(STAFF, CSV, "csv")
    store = DuckDbWarehouse(tmp_path / "warehouse.duckdb")
    return WarehouseService(documents, products, store, lambda: NOW), store


def test_one_set_of_sql_files_renders_for_duckdb_and_redshift() -> None:
    # Given the warehouse SQL
    # When it is rendered for each engine
    duck, red = schema(Dialect.DUCKDB), schema(Dialect.REDSHIFT)
    expiring_duck, expiring_red = (
        query("expiring_this_quarter", Dialect.DUCKDB),
        query("expiring_this_quarter", Dialect.REDSHIFT),
    )
    # Then Redshift keeps its table options and :parameters, DuckDB drops them for $parameters
    assert len(duck) == len(red) == len(table_columns())
    assert all("DISTKEY" in s or "DISTSTYLE" in s for s in red) and not any("DIST" in s for s in duck)
    assert all(s.startswith("CREATE TABLE IF NOT EXISTS") for s in duck + red)
    assert "DATEADD(year, CAST(:check_years AS INTEGER), d.revision_date)" in expiring_red
    assert "to_years(CAST($check_years AS INTEGER))" in expiring_duck and ":as_of" not in expiring_duck
    assert not any("ADD_YEARS" in query(name, Dialect.DUCKDB) for name in QUERIES)


def test_loading_twice_leaves_the_same_rows(warehouse: tuple[WarehouseService, DuckDbWarehouse]) -> None:
    # Given the stored sheets and the product
    service, store = warehouse
    # When the warehouse is loaded twice
    first_counts = service.load(STAFF)
    first = store.snapshot()
    second_counts = service.load(STAFF)
    # Then the rows are the same, every table filled from the state
    assert store.snapshot() == first and second_counts == first_counts
    assert first_counts["wh_components"] == 2 and first_counts["wh_documents"] == 2
    assert first_counts["wh_substances"] == 3 and first_counts["wh_coverage"] == 2


def test_the_ready_queries_answer_from_the_loaded_rows(
    warehouse: tuple[WarehouseService, DuckDbWarehouse],
) -> None:
    # Given the loaded warehouse and a watch list: toluene (in the blend's Section 3) and dichloromethane
    service, _ = warehouse
    service.load(STAFF)
    service.import_watch_list(
        STAFF, "CAS No.,Substance name\n108-88-3,Toluene\n75-09-2,Dichloromethane\n", "svhc"
    )
    # When the queries run on 2025-06-01
    inventory = service.query(STAFF, "hazard_inventory")
    expiring = service.query(STAFF, "expiring_this_quarter")
    watched = service.query(STAFF, "watch_list_products")
    # Then the hazards are listed per supplier and product; the 2020-05-20 sheet is due for replacement on
    # 2025-05-20; both watched substances are found in P1, one as a component, one in a sheet
    assert [(r["supplier_name"], r["code"], r["used_in_products"]) for r in inventory] == [
        ("Nordwerk Chemie GmbH", "H351", 1),
        ("Riverside Solvents Ltd", "H225", 1),
        ("Riverside Solvents Ltd", "H361d", 1),
    ]
    assert [(r["due_date"], r["kind"], r["products"]) for r in expiring] == [("2025-05-20", "replace", 1)]
    assert sorted((r["cas"], r["product_id"], r["found_in"], r["concentration_high"]) for r in watched) == [
        ("108-88-3", "P1", "sheet", pytest.approx(9.0)),
        ("75-09-2", "P1", "component", 60.0),
    ]


def test_a_watch_list_is_read_from_a_cas_column_and_bad_check_digits_are_named() -> None:
    # Given a candidate-list export and a list with a mistyped CAS number
    export = 'Name,EC No.,CAS No.\n"Benzene",200-753-7,71-43-2\n"Toluene",203-625-9,108-88-3\n'
    bad = "cas\n71-43-2\n71-43-3\n"
    # When they are read
    rows = read_watch_list(export, "svhc")
    # Then the CAS numbers (with names) are the list; the mistyped one stops the import with its row
    assert [(r["cas"], r["substance_name"]) for r in rows] == [
        ("108-88-3", "Toluene"),
        ("71-43-2", "Benzene"),
    ]
    with pytest.raises(InvalidWatchList) as raised:
        read_watch_list(bad, "svhc")
    assert raised.value.problems == [("row 3", "71-43-3: wrong check digit")]


def test_only_compliance_loads_and_queries(warehouse: tuple[WarehouseService, DuckDbWarehouse]) -> None:
    # Given the warehouse and a supplier
    service, _ = warehouse
    supplier = Caller(subject="sam", groups=frozenset({Group.SUPPLIER}), supplier_id="acme")
    # When the supplier loads or queries
    # Then it is refused
    with pytest.raises(AccessDenied):
        service.load(supplier)
    with pytest.raises(AccessDenied):
        service.query(supplier, "hazard_inventory")
