"""Tests of several labelled sets side by side, the reliability of confidences and the wider floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from msds.evaluation import EvaluationInputError, Floors, check_floors, evaluate
from msds.evaluation.reliability import field_reliability
from msds.evaluation.sets import evaluate_sets, load_sets, parse_set_spec
from msds.evaluation.side_by_side import format_sets


def _label(doc_id: str, **values: Any) -> dict[str, Any]:
    label: dict[str, Any] = {
        "id": doc_id,
        "language": "en",
        "scanned": False,
        "product_name": "Acetone",
        "supplier_name": "Example Chemicals Ltd",
        "revision_date": "2020-01-31",
        "h_codes": ["H225"],
        "pictograms": [],
    }
    label.update(values)
    return label


def _prediction(doc_id: str, **values: Any) -> dict[str, Any]:
    prediction = _label(doc_id)
    prediction["needs_review"] = False
    prediction.update(values)
    return prediction


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_set_is_named_with_its_label_and_prediction_files() -> None:
    # Given / When
    name, labels, predictions = parse_set_spec("dev=corpus/labels.jsonl:out/dev.jsonl")

    # Then
    assert (name, labels, predictions) == ("dev", Path("corpus/labels.jsonl"), Path("out/dev.jsonl"))


def test_a_set_without_predictions_is_a_named_input_error() -> None:
    # Given / When / Then
    with pytest.raises(EvaluationInputError, match="NAME=LABELS"):
        parse_set_spec("dev=labels.jsonl")


def test_labels_with_a_split_become_one_set_per_half(tmp_path: Path) -> None:
    # Given a label file of two halves and predictions for all three sheets
    labels = _write(
        tmp_path / "labels.jsonl",
        [_label("a", split="tuning"), _label("b", split="check"), _label("c", split="tuning")],
    )
    predictions = _write(tmp_path / "pred.jsonl", [_prediction(x) for x in "abc"])

    # When
    sets = load_sets([f"pool={labels}:{predictions}"])

    # Then
    assert [(s.name, [row["id"] for row in s.labels]) for s in sets] == [
        ("tuning", ["a", "c"]),
        ("check", ["b"]),
    ]
    assert [row["id"] for row in sets[1].predictions] == ["b"]


def test_two_sets_with_the_same_name_are_rejected(tmp_path: Path) -> None:
    # Given
    labels = _write(tmp_path / "labels.jsonl", [_label("a")])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a")])

    # When / Then
    with pytest.raises(EvaluationInputError, match="unique"):
        load_sets([f"dev={labels}:{predictions}", f"dev={labels}:{predictions}"])


def test_the_side_by_side_report_has_one_column_per_set(tmp_path: Path) -> None:
    # Given
    labels = _write(tmp_path / "labels.jsonl", [_label("a", split="tuning"), _label("b", split="check")])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a"), _prediction("b", product_name="X")])

    # When
    text = format_sets(evaluate_sets(load_sets([f"pool={labels}:{predictions}"])))

    # Then
    header = next(line for line in text.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "tuning", "check"]
    product = next(line for line in text.splitlines() if line.startswith("product_name acc"))
    assert product.split()[-2:] == ["1.000", "0.000"]


def test_the_side_by_side_report_says_which_part_of_the_section_3_rows_went_wrong(tmp_path: Path) -> None:
    # Given a mixture of two labelled rows, one predicted with a wrong concentration and one not at all
    rows = [
        {"name": "Acetone", "cas": "67-64-1", "low": 10, "high": 20, "h_codes": ["H225"]},
        {"name": "Ethanol", "cas": "64-17-5", "low": 1, "high": 5, "h_codes": ["H225"]},
    ]
    predicted = [{**rows[0], "low": 5}]
    labels = _write(tmp_path / "labels.jsonl", [_label("a", components=rows)])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a", components=predicted)])

    # When
    text = format_sets(evaluate_sets(load_sets([f"dev={labels}:{predictions}"])))

    # Then one row was found, with its CAS number and codes right and its concentration wrong
    parts = next(line for line in text.splitlines() if line.startswith("Section 3 found"))
    assert parts.split()[-7:] == ["1", "/", "1", "/", "0", "/", "1"]


def test_the_mistakes_of_the_check_half_are_never_listed(tmp_path: Path) -> None:
    # Given a wrong product name in each half
    labels = _write(tmp_path / "labels.jsonl", [_label("a", split="tuning"), _label("b", split="check")])
    predictions = _write(
        tmp_path / "pred.jsonl",
        [_prediction("a", product_name="Wrong A"), _prediction("b", product_name="Wrong B")],
    )

    # When
    text = format_sets(evaluate_sets(load_sets([f"pool={labels}:{predictions}"])), verbose=True)

    # Then
    assert "Wrong A" in text
    assert "Wrong B" not in text
    assert "not listed (this half is only measured)" in text


def test_reliability_bands_compare_mean_confidence_with_accuracy() -> None:
    # Given four sheets read at 0.9 of which three are right, and one at 0.55 that is wrong
    labels = [_label(f"d{n}") for n in range(5)]
    predictions = [_prediction(f"d{n}", confidence={"product_name": 0.9}) for n in range(4)]
    predictions[3]["product_name"] = "Benzene"
    predictions.append(_prediction("d4", product_name="Toluene", confidence={"product_name": 0.55}))

    # When
    table = field_reliability("product_name", labels, predictions)

    # Then
    assert [(b.low, b.documents, b.correct) for b in table.bands] == [(0.5, 1, 0), (0.9, 4, 3)]
    assert table.bands[1].gap == pytest.approx(0.15)
    assert table.expected_calibration_error == pytest.approx((0.55 * 1 + 0.15 * 4) / 5)


def test_a_value_without_a_confidence_is_counted_apart() -> None:
    # Given one prediction with no value and one with a value but no confidence
    labels = [_label("a"), _label("b")]
    predictions = [_prediction("a", product_name=None), _prediction("b")]

    # When
    table = field_reliability("product_name", labels, predictions)

    # Then
    assert table.bands == []
    assert (table.no_confidence, table.no_confidence_correct) == (2, 1)
    assert table.expected_calibration_error is None


def test_too_many_sheets_sent_to_review_fail_the_review_rate_ceiling() -> None:
    # Given three of four sheets sent to review
    labels = [_label(f"d{n}") for n in range(4)]
    predictions = [_prediction(f"d{n}", needs_review=n < 3) for n in range(4)]
    floors = Floors(
        list_f1={}, list_recall={}, scalar_accuracy={}, language_h_codes_f1={}, max_review_rate=0.25
    )

    # When
    failed = check_floors(evaluate(labels, predictions), floors)

    # Then
    assert failed == ["review rate 0.750 > 0.250"]


def test_scanned_sheets_and_language_recall_have_floors_of_their_own() -> None:
    # Given a scanned Korean sheet whose H-code and product name were missed (under review)
    labels = [_label("a"), _label("b", scanned=True, language="ko")]
    predictions = [_prediction("a"), _prediction("b", h_codes=[], product_name=None, needs_review=True)]
    floors = Floors(
        list_f1={},
        list_recall={},
        scalar_accuracy={},
        language_h_codes_f1={},
        language_h_codes_recall={"ko": 0.95},
        scanned_list_recall={"h_codes": 0.9},
        scanned_scalar_accuracy={"product_name": 0.9},
        max_review_rate=None,
    )

    # When
    failed = check_floors(evaluate(labels, predictions), floors)

    # Then
    assert failed == [
        "h_codes recall [ko] 0.000 < 0.950",
        "h_codes recall [scanned] 0.000 < 0.900",
        "product_name accuracy [scanned] 0.000 < 0.900",
    ]


def test_a_second_label_file_adds_its_keys_to_the_lines_with_the_same_id(tmp_path: Path) -> None:
    # Given labels of two sheets, and a later file that labels the Section 3 rows of one of them
    labels = _write(tmp_path / "labels.jsonl", [_label("a"), _label("b")])
    rows = [{"name": "Ethanol", "cas": "64-17-5", "low": 10, "high": 20, "h_codes": ["H225"]}]
    extra = _write(tmp_path / "components.jsonl", [{"id": "b", "components": rows}])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a"), _prediction("b")])

    # When the set is loaded with both label files
    sets = load_sets([f"dev={labels}+{extra}:{predictions}"])

    # Then the later file's keys join the line of the same sheet
    assert [row.get("components") for row in sets[0].labels] == [None, rows]


def test_a_later_label_line_for_an_unknown_sheet_is_a_named_input_error(tmp_path: Path) -> None:
    # Given a later label file naming a sheet the first file does not have
    labels = _write(tmp_path / "labels.jsonl", [_label("a")])
    extra = _write(tmp_path / "components.jsonl", [{"id": "zz", "components": []}])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a")])

    # When / Then
    with pytest.raises(EvaluationInputError, match="'zz'"):
        load_sets([f"dev={labels}+{extra}:{predictions}"])


def test_a_later_label_file_may_not_replace_a_key_the_labels_have(tmp_path: Path) -> None:
    # Given a later label file that carries a key the first file's line has already
    labels = _write(tmp_path / "labels.jsonl", [_label("a")])
    extra = _write(tmp_path / "more.jsonl", [{"id": "a", "product_name": "Other"}])
    predictions = _write(tmp_path / "pred.jsonl", [_prediction("a")])

    # When / Then
    with pytest.raises(EvaluationInputError, match="would replace product_name"):
        load_sets([f"dev={labels}+{extra}:{predictions}"])
