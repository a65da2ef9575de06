"""The deployed SQL and index mapping files match the code that writes into them, and can run again."""

from __future__ import annotations

import json

import pytest

from infra.constructs.analytics import all_statements, split_statements, sql_files
from infra.definitions import (
    INDEX_JSON,
    TABLES_SQL,
    expected_index_definition,
    expected_tables_sql,
    render_index_definition,
)

REPEATABLE = (
    "CREATE TABLE IF NOT EXISTS",
    "CREATE SCHEMA IF NOT EXISTS",
    "CREATE OR REPLACE VIEW",
    "CREATE ROLE",
    "GRANT ",
    "ALTER DEFAULT PRIVILEGES",
)


def test_the_tables_file_is_the_ddl_of_the_redshift_loader() -> None:
    # Given the DDL the Redshift loader states
    expected = expected_tables_sql()
    if expected is None:
        pytest.skip("the Redshift loader does not exist yet")

    # When the deployed file is read
    deployed = TABLES_SQL.read_text()

    # Then it is the same (regenerate with `python scripts/build_assets.py definitions`)
    assert deployed == expected


def test_the_index_file_is_the_mapping_of_the_opensearch_indexer() -> None:
    # Given the mapping the OpenSearch indexer states
    expected = expected_index_definition()
    if expected is None:
        pytest.skip("the OpenSearch indexer does not exist yet")

    # When the deployed file is read
    deployed = INDEX_JSON.read_text()

    # Then it is the same (regenerate with `python scripts/build_assets.py definitions`)
    assert deployed == render_index_definition(expected)


def test_the_index_maps_codes_and_cas_as_keywords_texts_with_language_analyzers_and_dates() -> None:
    # Given the index definition file
    properties = json.loads(INDEX_JSON.read_text())["body"]["mappings"]["properties"]

    # When the field types are read
    kinds = {name: field.get("type") for name, field in properties.items()}

    # Then codes and identifiers are keywords, the revision date a date, original texts per language analyzer
    for keyword in (
        "document_id",
        "h_codes",
        "p_codes",
        "pictograms",
        "cas_numbers",
        "ec_numbers",
        "un_number",
    ):
        assert kinds[keyword] == "keyword", keyword
    assert kinds["revision_date"] == "date"
    analyzers = {lang: f["analyzer"] for lang, f in properties["text_original"]["properties"].items()}
    assert analyzers["de"] == "german" and analyzers["fr"] == "french" and analyzers["es"] == "spanish"
    assert properties["text_en"]["analyzer"] == "english"


def test_every_sql_statement_can_run_again_on_the_next_deploy() -> None:
    # Given the SQL files, in the order they run
    names = [path.name for path in sql_files()]

    # When they are split into statements
    statements = all_statements()

    # Then the tables come first, and every statement is repeatable
    assert names[0] == "001_tables.sql" and names == sorted(names)
    assert statements
    assert all(statement.upper().startswith(REPEATABLE) for statement in statements), [
        s[:60] for s in statements if not s.upper().startswith(REPEATABLE)
    ]


def test_comments_and_line_ends_split_sql_into_statements() -> None:
    # Given SQL with comments, a multi-line statement and a trailing statement without a newline
    sql = (
        "-- heading; with a semicolon\nCREATE TABLE IF NOT EXISTS t (\n  a INT -- note\n);\n\n"
        "GRANT SELECT ON t TO ROLE r;"
    )

    # When it is split
    statements = split_statements(sql)

    # Then comments are gone and each statement stands alone
    assert statements == ["CREATE TABLE IF NOT EXISTS t (\n  a INT \n)", "GRANT SELECT ON t TO ROLE r"]
