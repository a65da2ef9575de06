"""The `msds` command line on generated sheets and bad files: extract, process, show, export, eval."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from msds.evaluation import LIST_FIELDS, SCALAR_FIELDS
from msds.evaluation.floors import CHECK_FLOORS
from msds.services.export import LABEL_KEYS
from msds.synth import bad_inputs
from tests.helpers.cli import cli
from tests.helpers.synthetic import GeneratedSet, generate_set

pytestmark = pytest.mark.xdist_group("e2e_cli")

ROW_KEYS = {"id", "needs_review", "review_reasons", "error", *LIST_FIELDS, *SCALAR_FIELDS}
BAD_FILES = {"notes.docx": ("unsupported_type", bad_inputs.docx_file()), "empty.pdf": ("empty_file", b"")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSet:
    """Three born-digital sheets (en, fr, es) and their labels."""
    return generate_set(tmp_path_factory.mktemp("cli_generated"), 3, seed=7, languages=("en", "fr", "es"))


@pytest.fixture
def inbox(generated: GeneratedSet, tmp_path: Path) -> Path:
    """A folder with the three sheets, a Word document and an empty file (no labels file)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in generated.paths:
        shutil.copy(path, folder / path.name)
    for name, (_, data) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    return folder


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# extract --------------------------------------------------------------------------------------------------


def test_extract_writes_one_label_format_line_per_input(
    inbox: Path, generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder with three generated sheets and two bad files
    out = tmp_path / "out" / "predictions.jsonl"
    # When `msds extract` runs on the folder
    code = cli(tmp_path / "data", "extract", str(inbox), "-o", str(out), "--workers", "1", "--quiet")
    # Then it succeeds and writes one line per input file, in file-name order, each with every label key
    assert code == 0
    lines = _lines(out)
    assert [line["id"] for line in lines] == sorted(path.stem for path in inbox.iterdir())
    assert [sorted(ROW_KEYS - set(line)) for line in lines] == [[]] * len(lines)
    # And the sheets' lines carry their content id, no error and the labelled language
    sheets = {line["id"]: line for line in lines if line["id"].startswith("synth_")}
    assert {name: (row["document_id"], row["error"], row["language"]) for name, row in sheets.items()} == {
        path.stem: (_sha256(path), None, generated.label(path)["language"]) for path in generated.paths
    }
    assert all(isinstance(row["needs_review"], bool) and row["h_codes"] for row in sheets.values())
    assert f"wrote {len(lines)} lines to {out}" in capsys.readouterr().err


def test_extract_names_the_reason_a_bad_file_was_rejected_and_sends_it_to_review(
    inbox: Path, tmp_path: Path
) -> None:
    # Given a folder holding a Word document and an empty file among the sheets
    out = tmp_path / "predictions.jsonl"
    # When `msds extract` runs on the folder
    code = cli(tmp_path / "data", "extract", str(inbox), "-o", str(out), "--workers", "1", "--quiet")
    # Then each bad file has a line whose error names the reason, marked for review
    assert code == 0
    rows = {line["id"]: line for line in _lines(out)}
    for name, (reason, _) in BAD_FILES.items():
        row = rows[Path(name).stem]
        assert row["error"].startswith(f"{reason}: "), row
        assert row["needs_review"] is True and row["review_reasons"] == ["error"]
        assert row["h_codes"] == [] and row["product_name"] is None


@pytest.mark.slow
def test_extract_with_two_worker_processes_writes_the_same_lines_as_with_one(
    inbox: Path, tmp_path: Path
) -> None:
    # Given the same folder extracted once with a single worker
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    assert cli(tmp_path / "one", "extract", str(inbox), "-o", str(serial), "--workers", "1", "--quiet") == 0
    # When it is extracted into a fresh data dir by two worker processes
    code = cli(tmp_path / "two", "extract", str(inbox), "-o", str(parallel), "--workers", "2", "--quiet")
    # Then the lines are the same, in the same order
    assert code == 0
    assert _lines(parallel) == _lines(serial)


def test_extract_reads_the_files_a_label_file_names_under_its_root(
    generated: GeneratedSet, tmp_path: Path
) -> None:
    # Given a label file naming the three generated sheets, in a folder of its own
    labels = tmp_path / "labels.jsonl"
    shutil.copy(generated.labels_path, labels)
    out = tmp_path / "predictions.jsonl"
    # When `msds extract --labels` runs with the sheets' folder as root
    code = cli(
        tmp_path / "data",
        "extract",
        "--labels",
        str(labels),
        "--root",
        str(generated.folder),
        "-o",
        str(out),
        "--workers",
        "1",
        "--quiet",
    )
    # Then every labelled sheet has a line, with the label's id
    assert code == 0
    assert sorted(line["id"] for line in _lines(out)) == sorted(Path(n).stem for n in generated.labels)


def test_extract_names_the_labelled_files_it_cannot_find(
    generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a label file whose sheets are not under the given root
    out = tmp_path / "predictions.jsonl"
    # When `msds extract --labels` runs with another root
    code = cli(
        tmp_path / "data",
        "extract",
        "--labels",
        str(generated.labels_path),
        "--root",
        str(tmp_path),
        "-o",
        str(out),
    )
    # Then it exits 1 naming how many labelled files are missing
    assert code == 1
    assert "error (input_not_found): 3 labelled file(s) not found" in capsys.readouterr().err


def test_extract_rerun_from_a_step_reads_finished_sheets_again_without_reading_their_text_again(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder extracted once
    data, first, again = tmp_path / "data", tmp_path / "first.jsonl", tmp_path / "again.jsonl"
    assert cli(data, "extract", str(inbox), "-o", str(first), "--workers", "1", "--quiet") == 0
    capsys.readouterr()
    # When it is extracted again from the Extract step on
    code = cli(
        data, "extract", str(inbox), "-o", str(again), "--workers", "1", "--quiet", "--rerun-from", "Extract"
    )
    # Then only the two rejected files are skipped, and the lines are the same
    assert code == 0
    assert "2 already done (skipped)" in capsys.readouterr().err
    assert _lines(again) == _lines(first)


def test_extract_rerun_from_an_unknown_step_is_a_named_error(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given / When
    code = cli(
        tmp_path / "data", "extract", str(inbox), "-o", str(tmp_path / "o.jsonl"), "--rerun-from", "Ocr"
    )
    # Then
    assert code == 1
    assert "error (unknown_step): no step 'Ocr'" in capsys.readouterr().err


# process --------------------------------------------------------------------------------------------------


def test_process_prints_a_summary_and_a_rerun_reports_everything_as_skipped(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a folder of five files processed once
    data = tmp_path / "data"
    assert cli(data, "process", str(inbox), "--workers", "1", "--quiet") == 0
    first = capsys.readouterr().err
    # When the same command runs again
    code = cli(data, "process", str(inbox), "--workers", "1", "--quiet")
    # Then the first summary counts five files, two rejected, none skipped; the rerun skips all five
    second = capsys.readouterr().err
    assert code == 0
    assert "5 files: " in first and "2 rejected" in first and "0 already done (skipped)" in first
    assert "errors: " in first and "unsupported_type" in first and "empty_file" in first
    assert "5 files: " in second and "5 already done (skipped)" in second


def test_a_missing_input_path_is_named_in_the_summary_and_the_exit_code_while_the_rest_is_processed(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a path that does not exist, next to one that does
    missing = tmp_path / "no-such-folder"
    out = tmp_path / "predictions.jsonl"
    # When `msds extract` and `msds process` are given it
    extract_code = cli(tmp_path / "data", "extract", str(inbox), str(missing), "-o", str(out), "--quiet")
    extract_err = capsys.readouterr().err
    process_code = cli(tmp_path / "data", "process", str(missing), "--workers", "1")
    process_err = capsys.readouterr().err
    # Then both exit 3 (inputs not processed) naming the outcome and the path
    assert (extract_code, process_code) == (3, 3)
    for err in (extract_err, process_err):
        assert f"not_found: {missing}: no such file or folder" in err
    # And extract wrote a line for every file of the folder and one naming the missing path
    rows = {line["id"]: line for line in _lines(out)}
    assert set(rows) == {path.stem for path in inbox.iterdir()} | {missing.stem}
    assert rows[missing.stem]["error"] == "not_found: no such file or folder"


# show -----------------------------------------------------------------------------------------------------


def test_show_prints_the_stored_document_and_record_for_an_id_prefix(
    inbox: Path, generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a processed folder
    data = tmp_path / "data"
    assert cli(data, "process", str(inbox), "--workers", "1", "--quiet") == 0
    sheet = generated.in_language("fr")
    document_id = _sha256(sheet)
    capsys.readouterr()
    # When `msds show` is given the first 12 characters of a sheet's id
    code = cli(data, "show", document_id[:12])
    # Then it prints the document entry and its record as JSON
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["document"]["document_id"] == document_id
    assert body["document"]["file_name"] == sheet.name
    assert body["record"]["document_id"] == document_id
    assert body["record"]["language"] == "fr"
    assert [s["code"] for s in body["record"]["hazard_statements"]]


def test_show_exits_1_for_an_unknown_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Given an empty data dir
    data = tmp_path / "data"
    # When `msds show` is asked for an id that is not there
    code = cli(data, "show", "deadbeef")
    # Then it exits 1 and says so
    assert code == 1
    assert "no document with id deadbeef" in capsys.readouterr().err


# export ---------------------------------------------------------------------------------------------------


def test_export_writes_every_record_as_csv_and_as_jsonl(
    inbox: Path, generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a processed folder of three sheets (with records) and two rejected files (without)
    data = tmp_path / "data"
    assert cli(data, "process", str(inbox), "--workers", "1", "--quiet") == 0
    expected_ids = sorted(_sha256(path) for path in generated.paths)
    csv_out, jsonl_out = tmp_path / "records.csv", tmp_path / "records.jsonl"
    # When the records are exported in both formats
    csv_code = cli(data, "export", "--format", "csv", "-o", str(csv_out))
    jsonl_code = cli(data, "export", "--format", "jsonl", "-o", str(jsonl_out))
    # Then each file holds every record once, with its status and the label columns
    assert (csv_code, jsonl_code) == (0, 0)
    with csv_out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        csv_rows = list(reader)
    assert {"document_id", "status", *LABEL_KEYS, "needs_review", "review_reasons"} <= set(header)
    assert sorted(row["document_id"] for row in csv_rows) == expected_ids
    assert all(row["status"] in {"accepted", "needs_review"} and row["h_codes"] for row in csv_rows)
    jsonl_rows = _lines(jsonl_out)
    assert sorted(row["document_id"] for row in jsonl_rows) == expected_ids
    assert all(not (ROW_KEYS - set(row)) for row in jsonl_rows)
    assert capsys.readouterr().err.count("exported 3 records") == 2


# eval -----------------------------------------------------------------------------------------------------


def test_eval_prints_a_report_and_passes_the_floors_for_perfect_predictions(
    generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given predictions that equal the labels
    predictions = tmp_path / "predictions.jsonl"
    shutil.copy(generated.labels_path, predictions)
    # When `msds eval --floors` scores them
    code = cli(tmp_path / "data", "eval", str(generated.labels_path), str(predictions), "--floors")
    # Then it prints the report and says every floor is met
    captured = capsys.readouterr()
    assert code == 0
    assert "Documents: 3" in captured.out and "h_codes" in captured.out
    assert "all floors met" in captured.err and "FLOOR FAILED" not in captured.err


def test_eval_with_floors_exits_2_when_hazards_are_missed_silently(
    generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given predictions that miss every H-code of the labels and claim no review is needed
    predictions = tmp_path / "predictions.jsonl"
    rows = [{**label, "h_codes": [], "needs_review": False} for label in generated.labels.values()]
    predictions.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    # When `msds eval` scores them, without and with --floors
    plain_code = cli(tmp_path / "data", "eval", str(generated.labels_path), str(predictions))
    plain = capsys.readouterr()
    floors_code = cli(tmp_path / "data", "eval", str(generated.labels_path), str(predictions), "--floors")
    floors = capsys.readouterr()
    # Then the report alone exits 0, and with --floors it exits 2 naming the failed floors
    assert plain_code == 0 and "Documents: 3" in plain.out
    assert floors_code == 2
    assert "FLOOR FAILED: h_codes recall" in floors.err
    assert "FLOOR FAILED: silent hazard misses 3 > 0" in floors.err


def test_eval_sets_prints_dev_tuning_and_check_side_by_side_and_gates_dev_and_check(
    generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a pool label file split into halves, and dev labels, all predicted perfectly but one check sheet
    labels = list(generated.labels.values())
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({**labels[0], "id": "dev-1"}) + "\n", encoding="utf-8")
    pool_rows = [{**labels[1], "split": "tuning"}, {**labels[2], "split": "check"}]
    pool = tmp_path / "pool.jsonl"
    pool.write_text("".join(json.dumps(row) + "\n" for row in pool_rows), encoding="utf-8")
    predictions = tmp_path / "pool-predictions.jsonl"
    missed = {**labels[2], "h_codes": [], "needs_review": False}
    predictions.write_text(json.dumps(labels[1]) + "\n" + json.dumps(missed) + "\n", encoding="utf-8")
    # When `msds eval` scores both files with --floors
    code = cli(
        tmp_path / "data",
        "eval",
        "--set",
        f"dev={dev}:{dev}",
        "--set",
        f"pool={pool}:{predictions}",
        "--floors",
    )
    # Then the sets are printed side by side and only the check half fails its floors
    captured = capsys.readouterr()
    header = next(line for line in captured.out.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "dev", "tuning", "check"]
    assert code == 2
    recall_floor = CHECK_FLOORS.list_recall["h_codes"]
    assert f"FLOOR FAILED: [check] h_codes recall 0.000 < {recall_floor:.3f}" in captured.err
    assert "[dev]" not in captured.err


def test_eval_of_a_half_the_labels_do_not_have_exits_1_with_a_named_error(
    generated: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given labels that are not split into halves
    predictions = tmp_path / "predictions.jsonl"
    shutil.copy(generated.labels_path, predictions)
    # When `msds eval --split check` scores them
    code = cli(tmp_path / "data", "eval", str(generated.labels_path), str(predictions), "--split", "check")
    # Then it exits 1 naming the problem instead of printing a traceback
    assert code == 1
    assert (
        "error (evaluation_input): no label has split 'check' (the labels' halves: none)"
        in capsys.readouterr().err
    )
