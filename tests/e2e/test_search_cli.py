"""`msds search` and `msds publish` on sheets the local host processed (and so published)."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from models.search import SearchResults
from msds.cli.main import main
from msds.composition import ANALYTICS_FILE, SEARCH_INDEX_FOLDER
from tests.helpers.synthetic import GeneratedSet, generate_set

pytestmark = pytest.mark.xdist_group("e2e_search_cli")


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[GeneratedSet, Path]:
    """Two born-digital sheets (en, de) processed into a data dir by `msds process`."""
    sheets = generate_set(tmp_path_factory.mktemp("search_cli_sheets"), 2, seed=3, languages=("en", "de"))
    data_dir = tmp_path_factory.mktemp("search_cli_data")
    assert main(["--data-dir", str(data_dir), "process", "--quiet", *map(str, sheets.paths)]) == 0
    return sheets, data_dir


def search(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> SearchResults:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", *args, "--json"]) == 0
    return SearchResults.model_validate_json(capsys.readouterr().out)


def test_search_finds_a_processed_sheet_by_its_codes_and_its_product(
    processed: tuple[GeneratedSet, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two processed sheets and the labels they were generated with
    sheets, data_dir = processed
    label = sheets.label(sheets.in_language("de"))
    # When the index is searched by the sheet's first H-code and CAS number, and by its product name
    by_codes = search(data_dir, capsys, "--h-code", label["h_codes"][0], "--cas", label["cas_numbers"][0])
    by_name = search(data_dir, capsys, label["product_name"])
    # Then the German sheet is among the hits of both, with its product and supplier
    for results in (by_codes, by_name):
        hits = {hit.product_name: hit for hit in results.hits}
        assert label["product_name"] in hits, results
        assert hits[label["product_name"]].supplier_name == label["supplier_name"]
        assert label["h_codes"][0] in hits[label["product_name"]].h_codes


def test_search_prints_one_line_per_hit_without_json(
    processed: tuple[GeneratedSet, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two processed sheets
    sheets, data_dir = processed
    label = sheets.label(sheets.in_language("en"))
    capsys.readouterr()
    # When the English sheet's product is searched without --json
    assert main(["--data-dir", str(data_dir), "search", label["product_name"], "--language", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # Then a count comes first, then a line with the revision date, the product and its codes
    assert lines[0].startswith("1 found")
    assert label["revision_date"] in lines[1] and label["product_name"] in lines[1]
    assert label["h_codes"][0] in lines[1]


def test_an_invalid_filter_is_refused_by_name(
    processed: tuple[GeneratedSet, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given processed sheets
    _, data_dir = processed
    capsys.readouterr()
    # When a CAS number that is not one is asked for
    code = main(["--data-dir", str(data_dir), "search", "--cas", "12345"])
    # Then the command fails and says which filter was wrong
    error = capsys.readouterr().err
    assert code == 1 and "invalid_request" in error and "cas_numbers" in error


def test_publish_rebuilds_a_lost_index_and_publishing_again_changes_nothing(
    processed: tuple[GeneratedSet, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a copy of the processed data dir whose search index and analytics file were deleted
    _, data_dir = processed
    copy = tmp_path / "data"

    def published(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != data_dir:
            return []
        return [name for name in names if name == SEARCH_INDEX_FOLDER or name.startswith(ANALYTICS_FILE)]

    gc.collect()  # earlier commands' SQLite connections close now, not halfway through the copy
    shutil.copytree(data_dir, copy, ignore=published)
    before = search(data_dir, capsys, "--status", "accepted", "--status", "needs_review")
    assert search(copy, capsys).total == 0
    # When every stored record is published, twice
    assert main(["--data-dir", str(copy), "publish", "--quiet"]) == 0
    first_summary = capsys.readouterr().err
    once = search(copy, capsys, "--status", "accepted", "--status", "needs_review")
    assert main(["--data-dir", str(copy), "publish", "--quiet"]) == 0
    twice = search(copy, capsys, "--status", "accepted", "--status", "needs_review")
    # Then the index has the two sheets again, as the original one has, and the second run changed nothing
    assert "published 2 records" in first_summary
    assert json.loads(once.model_dump_json()) == json.loads(twice.model_dump_json())
    assert sorted(h.document_id for h in once.hits) == sorted(h.document_id for h in before.hits)
    assert once.total == 2 and (copy / ANALYTICS_FILE).is_file()


def test_search_takes_p_codes_age_and_order_and_prints_the_facets(
    processed: tuple[GeneratedSet, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two processed sheets
    sheets, data_dir = processed
    label = sheets.label(sheets.in_language("de"))
    # When they are searched by the German sheet's first P code, as stale sheets oldest first, with facets
    by_p_code = search(data_dir, capsys, "--p-code", label["p_codes"][0])
    stale = search(data_dir, capsys, "--older-than-years", "0", "--sort", "oldest")
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", "--facets"]) == 0
    printed = capsys.readouterr().out
    # Then the P code finds the sheet, every sheet is older than today (oldest first), and facets are printed
    assert label["product_name"] in {hit.product_name for hit in by_p_code.hits}
    dates = [hit.revision_date for hit in stale.hits if hit.revision_date]
    assert stale.total == 2 and dates == sorted(dates)
    assert "h_codes: " in printed and f"{label['h_codes'][0]} (" in printed
    assert set(stale.facets) >= {"h_codes", "p_codes", "supplier_name"}


def test_search_says_when_an_upgraded_index_must_be_filled_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a data dir whose search folder holds only an index of an earlier schema version
    (tmp_path / SEARCH_INDEX_FOLDER / "v1").mkdir(parents=True)
    capsys.readouterr()
    # When it is searched
    assert main(["--data-dir", str(tmp_path), "search", "aceton"]) == 0
    # Then the command says how to fill the new index
    assert "msds publish" in capsys.readouterr().err


def test_the_search_benchmark_prints_every_kind_and_the_overall_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a handful of synthetic records and two searches of each kind
    capsys.readouterr()
    # When the benchmark runs
    assert main(["bench-search", "--records", "60", "--queries", "2", "--quiet"]) == 0
    out = capsys.readouterr().out
    # Then it reports the records, every kind of search with its percentiles, the overall line and the load
    assert "60 records" in out and "60 documents" in out
    for kind in ("free text", "original language", "CAS number", "P code", "stale sheets", "deep page"):
        assert any(line.startswith(kind) for line in out.splitlines()), kind
    assert "p95 ms" in out and any(line.startswith("overall") for line in out.splitlines())
    assert "target p95 <= 50 ms" in out and "load " in out
