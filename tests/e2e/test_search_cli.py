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
from msds.settings import Settings
from tests.helpers.synthetic import GeneratedSet, generate_set

pytestmark = pytest.mark.xdist_group("e2e_search_cli")


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[GeneratedSet, Path]:
    """Two born-digital sheets (en, de) processed into a data dir by `msds process`."""
    sheets = generate_set(tmp_path_factory.mktemp("search_cli_sheets"), 2, seed=3, languages=("en", "de"))
    data_dir = tmp_path_factory.mktemp("search_cli_data")
    assert main(["--data-dir", str(data_dir), "process", "--quiet", *map(str, sheets.paths)]) == 0
    return sheets, data_dir


@pytest.fixture(autouse=True)
def no_msds_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands read MSDS_* variables; the developer's own must not leak into the tests."""
    for name in Settings.environment_names():
        monkeypatch.delenv(name, raising=False)


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
