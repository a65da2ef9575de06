"""Exporting a result set as CSV or JSON: every hit the caller may see, page after page, with the CSV cells
guarded against formulas and the JSON saying when the export was cut at its limit."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.errors import AccessDenied, InvalidRequest
from msds.services import search
from msds.services.api_access import Caller, Group
from msds.services.search import export_results
from msds.services.search_export import EXPORT_COLUMNS, csv_cell
from tests.helpers.publications import acetone, ethanol, publication, sulfuric_acid

OFFICER = Caller(subject="u1", groups=frozenset({Group.COMPLIANCE}))
SUPPLIER_1 = Caller(subject="u3", groups=frozenset({Group.SUPPLIER}), supplier_id="supplier-1")


@pytest.fixture
def index(tmp_path: Path) -> TantivySearchIndex:
    index = TantivySearchIndex(tmp_path / "search")
    index.publish_all(
        [
            acetone(supplier_ids=("supplier-1",)),
            ethanol(supplier_ids=("supplier-2",)),
            sulfuric_acid(supplier_ids=("supplier-1",)),
        ]
    )
    return index


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_csv_export_has_a_header_and_one_row_per_sheet_with_lists_joined(index: TantivySearchIndex) -> None:
    # Given three published sheets
    # When an officer exports everything as CSV
    export = export_results(OFFICER, SearchQuery(), index, "csv")
    rows = csv_rows("".join(export))
    # Then each sheet is a row, newest first, with every field of a hit and lists joined with "; "
    assert export.media_type.startswith("text/csv") and (export.total, export.truncated) == (3, False)
    assert [row["product_name"] for row in rows] == ["Ethanol absolut", "Aceton rein", "Schwefelsäure 96 %"]
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows[1]["h_codes"] == "H225; H319; H336; EUH066"
    assert rows[2]["p_codes"] == "P280; P301+P330+P331" and rows[2]["revision_date"] == ""


def test_a_json_export_is_one_document_with_every_hit_and_what_was_left_out(
    index: TantivySearchIndex,
) -> None:
    # Given three published sheets
    # When an officer exports the flammable ones as JSON
    export = export_results(OFFICER, SearchQuery(h_codes=("H225",)), index, "json")
    document = json.loads("".join(export))
    # Then the document holds every hit as an object with every field, and says nothing was cut
    assert export.media_type == "application/json"
    assert (document["total"], document["exported"], document["truncated"]) == (2, 2, False)
    assert [hit["product_name"] for hit in document["hits"]] == ["Ethanol absolut", "Aceton rein"]
    assert list(document["hits"][0]) == list(EXPORT_COLUMNS)
    assert document["hits"][1]["cas_numbers"] == ["67-64-1"]


def test_an_export_reads_every_page_and_stops_at_its_limit(
    index: TantivySearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given seven sheets, pages of two hits and exports of at most five (small stand-ins for 100 and 10,000)
    index.publish_all([publication(f"{n}", product=f"Produkt {n}") for n in range(4)])
    monkeypatch.setattr(search, "EXPORT_PAGE_SIZE", 2)
    monkeypatch.setattr(search, "EXPORT_LIMIT", 5)
    # When everything is exported as JSON and as CSV, and a query of four hits as CSV
    document = json.loads("".join(export_results(OFFICER, SearchQuery(), index, "json")))
    export = export_results(OFFICER, SearchQuery(), index, "csv")
    rows = csv_rows("".join(export))
    four = csv_rows("".join(export_results(OFFICER, SearchQuery(text="produkt"), index, "csv")))
    # Then the first five hits are written, in the order of the search, and both say the result was cut
    assert (document["total"], document["limit"], document["exported"], document["truncated"]) == (
        7,
        5,
        5,
        True,
    )
    assert (export.total, export.truncated, len(rows)) == (7, True, 5)
    listed = [hit.product_name for hit in index.search(SearchQuery(page_size=5)).hits]
    assert (
        [row["product_name"] for row in rows] == [hit["product_name"] for hit in document["hits"]] == listed
    )
    assert len(four) == 4 and len({row["document_id"] for row in four}) == 4


def test_a_supplier_exports_only_its_own_sheets(index: TantivySearchIndex) -> None:
    # Given sheets of two suppliers
    # When supplier-1 exports everything, and the CAS number of supplier-2's sheet
    everything = csv_rows("".join(export_results(SUPPLIER_1, SearchQuery(), index, "csv")))
    others = json.loads(
        "".join(export_results(SUPPLIER_1, SearchQuery(cas_numbers=("64-17-5",)), index, "json"))
    )
    # Then its own two sheets are exported, and nothing (not even a count) of the other supplier's
    assert sorted(row["product_name"] for row in everything) == ["Aceton rein", "Schwefelsäure 96 %"]
    assert (others["total"], others["hits"]) == (0, [])


def test_an_export_is_refused_before_anything_is_written(index: TantivySearchIndex) -> None:
    # Given a supplier asking for another supplier's sheets, a user in no group, and an unknown format
    nobody = Caller(subject="u5", groups=frozenset())
    # When each export is asked for
    # Then each is refused at once, not while the text is being read
    with pytest.raises(AccessDenied):
        export_results(SUPPLIER_1, SearchQuery(supplier_id="supplier-2"), index, "csv")
    with pytest.raises(AccessDenied):
        export_results(nobody, SearchQuery(), index, "json")
    with pytest.raises(InvalidRequest) as unknown:
        export_results(OFFICER, SearchQuery(), index, "xlsx")  # type: ignore[arg-type]
    assert unknown.value.problems[0][0] == "query.format"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+41 44 000", "'+41 44 000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Aceton = rein", "Aceton = rein"),
        (None, ""),
        (["H225", "=H319"], "H225; =H319"),
        (["=1", "H225"], "'=1; H225"),
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(value: object, cell: str) -> None:
    # Given a value that starts like a formula, or not
    # When it becomes a CSV cell
    # Then a formula start gets a quote before it, anything else stays as it is
    assert csv_cell(value) == cell


def test_a_product_name_that_is_a_formula_is_exported_as_text(index: TantivySearchIndex) -> None:
    # Given a sheet whose product name would be a formula in a spreadsheet
    index.publish(publication("d", product='=HYPERLINK("http://example.test","x")', revision="2030-01-01"))
    # When everything is exported as CSV
    (first, *_) = csv_rows("".join(export_results(OFFICER, SearchQuery(), index, "csv")))
    # Then the cell starts with a quote
    assert first["product_name"] == '\'=HYPERLINK("http://example.test","x")'
