"""`msds bench --json` and the README table made from it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from msds.cli.main import main
from msds.settings import Settings
from tests.helpers.synthetic import generate_set

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("e2e_bench")]
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _bench_table() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_table", PROJECT_ROOT / "scripts" / "bench_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_json_has_every_figure_of_each_run_and_the_readme_table_is_written_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two born-digital sheets and a README with the table markers
    for name in Settings.environment_names():
        monkeypatch.delenv(name, raising=False)
    sheets = generate_set(tmp_path / "sheets", 2, seed=5, languages=("en", "de"))
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n<!-- bench-table:start -->\nold\n<!-- bench-table:end -->\n\nrest\n")
    # When `msds bench --json` runs twice over them with one worker, and the table is written from its output
    code = main(["bench", *map(str, sheets.paths), "--workers", "1", "--runs", "2", "--json"])
    report = json.loads(capsys.readouterr().out)
    bench_json = tmp_path / "bench.json"
    bench_json.write_text(json.dumps(report))
    assert _bench_table().main([str(bench_json), str(readme)]) == 0
    # Then the JSON has both runs of the born-digital group with their figures and medians
    assert code == 0
    group = report["groups"]["born_digital"]
    assert group["documents"] == 2 and len(group["runs"]) == 2
    assert all(run["documents_per_second"] > 0 and run["peak_rss_mb_per_worker"] > 0 for run in group["runs"])
    assert {"ReadText", "DetectPictogramsAndSignatures"} <= set(group["runs"][0]["steps_ms"])
    assert group["median"]["documents_per_second"] > 0 and report["machine"]["cpus"]
    # And the README's table has a row for it between the markers, the rest of the file unchanged
    text = readme.read_text()
    assert text.startswith("# Title\n\n<!-- bench-table:start -->\nMeasured ") and text.endswith(
        "<!-- bench-table:end -->\n\nrest\n"
    )
    assert "| born-digital | 2 |" in text and "old" not in text
