"""Tests of msds.evaluation: loading, normalisation, scoring, hazard misses, reports and floors."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from msds.evaluation import (
    EvaluationInputError,
    EvaluationReport,
    Floors,
    check_floors,
    evaluate,
    format_report,
    load_jsonl,
)


def _label(doc_id: str, **values: Any) -> dict[str, Any]:
    label: dict[str, Any] = {
        "id": doc_id,
        "language": "en",
        "scanned": False,
        "is_sds": True,
        "product_name": "Acetone",
        "supplier_name": "Example Chemicals Ltd",
        "supplier_country": "GB",
        "emergency_phone": "+44 1234 567890",
        "revision_date": "2020-01-31",
        "version": "2.0",
        "signal_word": "Danger",
        "h_codes": ["H225", "H319"],
        "p_codes": ["P210", "P305+P351+P338"],
        "pictograms": ["GHS02", "GHS07"],
        "cas_numbers": ["67-64-1"],
        "un_number": "UN1090",
        "flash_point_c": -20,
        "has_signature": False,
    }
    label.update(values)
    return label


def _prediction(doc_id: str, **values: Any) -> dict[str, Any]:
    prediction = _label(doc_id)
    for key in ("language", "scanned"):
        prediction.pop(key)
    prediction["needs_review"] = False
    prediction.update(values)
    return prediction


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


# --- loading ---------------------------------------------------------------------------------------------


def test_loading_reads_one_object_per_line_and_skips_blank_lines(tmp_path: Path) -> None:
    # Given
    path = _write(tmp_path, '{"id": "a", "h_codes": []}\n\n{"id": "b"}\n')

    # When
    rows = load_jsonl(path)

    # Then
    assert [row["id"] for row in rows] == ["a", "b"]


def test_a_missing_file_is_a_named_input_error(tmp_path: Path) -> None:
    # Given
    path = tmp_path / "absent.jsonl"

    # When / Then
    with pytest.raises(EvaluationInputError, match="file not found"):
        load_jsonl(path)


def test_a_bad_json_line_error_names_the_line(tmp_path: Path) -> None:
    # Given
    path = _write(tmp_path, '{"id": "a"}\n{"id": "b"}\n{"id": "c",\n')

    # When
    with pytest.raises(EvaluationInputError) as caught:
        load_jsonl(path)

    # Then
    assert "line 3" in caught.value.message
    assert "invalid JSON" in caught.value.message
    assert caught.value.code == "evaluation_input"


def test_a_line_without_an_id_is_rejected_naming_its_line(tmp_path: Path) -> None:
    # Given
    path = _write(tmp_path, '{"id": "a"}\n{"h_codes": ["H225"]}\n')

    # When / Then
    with pytest.raises(EvaluationInputError, match=r"line 2: missing 'id'"):
        load_jsonl(path)


def test_a_line_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    # Given
    path = _write(tmp_path, '["id", "a"]\n')

    # When / Then
    with pytest.raises(EvaluationInputError, match="line 1: expected a JSON object"):
        load_jsonl(path)


def test_a_repeated_id_names_both_lines(tmp_path: Path) -> None:
    # Given
    path = _write(tmp_path, '{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n')

    # When / Then
    with pytest.raises(EvaluationInputError, match=r"line 3: duplicate id 'a' \(first on line 1\)"):
        load_jsonl(path)


# --- list fields ------------------------------------------------------------------------------------------


def test_codes_are_upper_cased_and_combined_codes_lose_their_spaces() -> None:
    # Given
    labels = [_label("a", h_codes=["H300+H310", "EUH208"], p_codes=["P301+P310"])]
    predictions = [_prediction("a", h_codes=["h300 + h310", "EUH 208"], p_codes=[" p301 +p310 "])]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.overall.list_fields["h_codes"].f1 == 1.0
    assert report.overall.list_fields["p_codes"].exact_accuracy == 1.0


def test_a_combined_code_does_not_match_its_parts_given_separately() -> None:
    # Given
    labels = [_label("a", p_codes=["P301+P310"])]
    predictions = [_prediction("a", p_codes=["P301", "P310"])]

    # When
    score = evaluate(labels, predictions).overall.list_fields["p_codes"]

    # Then
    assert (score.true_positives, score.false_positives, score.false_negatives) == (0, 2, 1)


def test_short_pictogram_codes_are_zero_padded() -> None:
    # Given
    labels = [_label("a", pictograms=["GHS02", "GHS07"])]
    predictions = [_prediction("a", pictograms=["ghs2", "GHS 07"])]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.overall.list_fields["pictograms"].exact_accuracy == 1.0
    assert report.silent_hazard_misses == []


def test_list_scores_are_micro_averaged_over_documents() -> None:
    # Given
    labels = [_label("a", h_codes=["H225", "H319"]), _label("b", h_codes=["H290"])]
    predictions = [_prediction("a", h_codes=["H225"]), _prediction("b", h_codes=["H290", "H314"])]

    # When
    score = evaluate(labels, predictions).overall.list_fields["h_codes"]

    # Then
    assert (score.true_positives, score.false_positives, score.false_negatives) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    assert score.exact_accuracy == 0.0


def test_empty_lists_on_both_sides_are_exactly_right_and_add_nothing_to_precision_or_recall() -> None:
    # Given
    labels = [_label("a", cas_numbers=[]), _label("b", cas_numbers=["67-64-1"])]
    predictions = [_prediction("a", cas_numbers=[]), _prediction("b", cas_numbers=["67-64-1", "64-17-5"])]

    # When
    score = evaluate(labels, predictions).overall.list_fields["cas_numbers"]

    # Then
    assert score.exact_matches == 1
    assert score.exact_accuracy == 0.5
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 0)
    assert score.precision == 0.5
    assert score.recall == 1.0


def test_list_metrics_are_undefined_when_no_document_has_any_item() -> None:
    # Given
    labels = [_label("a", cas_numbers=[])]
    predictions = [_prediction("a", cas_numbers=None)]

    # When
    score = evaluate(labels, predictions).overall.list_fields["cas_numbers"]

    # Then
    assert (score.precision, score.recall, score.f1) == (None, None, None)
    assert score.exact_accuracy == 1.0


def test_a_list_field_that_is_not_a_list_is_rejected() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a", h_codes="H225, H319")]

    # When / Then
    with pytest.raises(EvaluationInputError, match=r"prediction 'a': h_codes must be a list"):
        evaluate(labels, predictions)


# --- scalar fields ----------------------------------------------------------------------------------------


def _accuracy(field: str, expected: Any, predicted: Any) -> float | None:
    report = evaluate([_label("a", **{field: expected})], [_prediction("a", **{field: predicted})])
    return report.overall.scalar_fields[field].accuracy


@pytest.mark.parametrize(
    ("field", "expected", "predicted", "matches"),
    [
        ("signal_word", "Danger", "DANGER", True),
        ("signal_word", "Danger", "Warning", False),
        ("revision_date", "2018-01-17", "2018-01-17", True),
        ("revision_date", "2018-01", "2018-01-17", False),
        ("revision_date", "2018-01-17", "17.01.2018", False),
        ("un_number", "UN1090", "un 1090", True),
        ("un_number", "UN1090", "1090", False),
        ("emergency_phone", "+49-(0)761-19240", "+49 (0) 761 19240", True),
        ("emergency_phone", "+49-(0)761-19240", "+49 761 19240", False),
        ("flash_point_c", -20, -19.0, True),
        ("flash_point_c", -20, "-20,5", True),
        ("flash_point_c", -20, -21.5, False),
        ("version", "2.1", "Version 2.1", True),
        ("version", "3", "v 3", True),
        ("version", "2.1", "2.10", False),
        ("has_signature", False, False, True),
        ("has_signature", False, 0, False),
        ("is_sds", True, "true", False),
        ("un_number", None, None, True),
        ("un_number", None, "", True),
        ("signal_word", None, "Warning", False),
    ],
)
def test_scalar_values_are_normalised_per_field_before_comparison(
    field: str, expected: Any, predicted: Any, matches: bool
) -> None:
    # Given a label and a prediction differing only in one field

    # When
    accuracy = _accuracy(field, expected, predicted)

    # Then
    assert accuracy == (1.0 if matches else 0.0)


def test_scalar_precision_and_recall_count_only_non_null_values() -> None:
    # Given
    labels = [
        _label("hit", un_number="UN1090"),
        _label("missed", un_number="UN1203"),
        _label("invented", un_number=None),
        _label("both_null", un_number=None),
    ]
    predictions = [
        _prediction("hit", un_number="UN1090"),
        _prediction("missed", un_number=None),
        _prediction("invented", un_number="UN1993"),
        _prediction("both_null", un_number=None),
    ]

    # When
    score = evaluate(labels, predictions).overall.scalar_fields["un_number"]

    # Then
    assert score.accuracy == 0.5
    assert (score.labels_non_null, score.predictions_non_null, score.matched_non_null) == (2, 2, 1)
    assert score.recall == 0.5
    assert score.precision == 0.5


# --- names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "predicted", "rule"),
    [
        ("Example  Chemicals Ltd", "example chemicals ltd", "exact"),
        ("Acetone Technical Grade", "Acetone Technical Grad", "ratio"),
        ("Denkmit Laminatpflege", "Denkmit Laminatpflege 500ml", "containment"),
        ("Acetone", "Acetone technical grade 99.5% for laboratories", "none"),
        ("BASF SE", "BASF", "none"),
        ("Dalli-Werke GmbH & Co.KG", "Dalli Werke GmbH", "none"),
        ("Émail", "Email", "none"),
    ],
)
def test_names_match_exactly_nearly_or_by_substantial_containment_only(
    expected: str, predicted: str, rule: str
) -> None:
    # Given
    labels = [_label("a", supplier_name=expected)]
    predictions = [_prediction("a", supplier_name=predicted)]

    # When
    report = evaluate(labels, predictions)

    # Then
    [match] = [m for m in report.name_matches if m.field == "supplier_name"]
    assert match.rule == rule
    assert report.overall.scalar_fields["supplier_name"].accuracy == (0.0 if rule == "none" else 1.0)


def test_composed_and_decomposed_accents_are_the_same_name() -> None:
    # Given
    composed = "Société Chimique"
    decomposed = unicodedata.normalize("NFD", composed)

    # When
    report = evaluate([_label("a", product_name=composed)], [_prediction("a", product_name=decomposed)])

    # Then
    [match] = [m for m in report.name_matches if m.field == "product_name"]
    assert match.rule == "exact"


# --- missing and errored predictions ----------------------------------------------------------------------


def test_a_labelled_document_without_a_prediction_counts_as_empty_and_needing_review() -> None:
    # Given
    labels = [_label("a"), _label("b")]
    predictions = [_prediction("a")]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.missing_predictions == 1
    assert report.errored_predictions == 0
    assert [(p.id, p.error) for p in report.prediction_problems] == [("b", "missing prediction")]
    assert report.overall.list_fields["h_codes"].recall == 0.5
    assert report.overall.review_rate == 0.5
    assert report.silent_hazard_misses == []
    assert [miss.id for miss in report.reviewed_hazard_misses] == ["b"]


def test_an_errored_prediction_counts_its_fields_as_empty_even_when_it_carries_values() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a", error="OCR failed", needs_review=False)]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.errored_predictions == 1
    assert report.missing_predictions == 0
    assert report.overall.list_fields["h_codes"].true_positives == 0
    assert report.overall.scalar_fields["product_name"].accuracy == 0.0
    assert report.overall.needs_review == 1
    assert report.reviewed_hazard_misses[0].error == "OCR failed"


def test_predictions_without_a_label_are_listed_but_not_scored() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a"), _prediction("stray")]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.documents == 1
    assert report.unlabelled_predictions == ["stray"]


def test_duplicate_prediction_ids_are_rejected() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a"), _prediction("a")]

    # When / Then
    with pytest.raises(EvaluationInputError, match=r"predictions\[1\]: duplicate id 'a'"):
        evaluate(labels, predictions)


def test_a_label_without_an_id_is_rejected() -> None:
    # Given
    labels: list[dict[str, Any]] = [{"h_codes": ["H225"]}]

    # When / Then
    with pytest.raises(EvaluationInputError, match=r"labels\[0\]: missing 'id'"):
        evaluate(labels, [])


def test_a_needs_review_that_is_not_a_boolean_is_rejected() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a", needs_review="yes")]

    # When / Then
    with pytest.raises(EvaluationInputError, match="needs_review must be true or false"):
        evaluate(labels, predictions)


# --- hazard misses ----------------------------------------------------------------------------------------


def test_a_missing_h_code_without_review_is_a_silent_hazard_miss() -> None:
    # Given
    labels = [_label("a", h_codes=["H225", "H319"])]
    predictions = [_prediction("a", h_codes=["H225"], needs_review=False)]

    # When
    report = evaluate(labels, predictions)

    # Then
    [miss] = report.silent_hazard_misses
    assert (miss.id, miss.missing_h_codes, miss.missing_pictograms) == ("a", ["H319"], [])
    assert report.overall.silent_hazard_misses == 1


def test_a_missing_pictogram_with_review_is_a_reviewed_miss_and_not_a_silent_one() -> None:
    # Given
    labels = [_label("a", pictograms=["GHS02", "GHS07"])]
    predictions = [_prediction("a", pictograms=["GHS02"], needs_review=True)]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.silent_hazard_misses == []
    [miss] = report.reviewed_hazard_misses
    assert miss.missing_pictograms == ["GHS07"]


def test_an_extra_h_code_is_not_a_hazard_miss() -> None:
    # Given
    labels = [_label("a", h_codes=["H225"])]
    predictions = [_prediction("a", h_codes=["H225", "H336"])]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.silent_hazard_misses == []
    assert report.reviewed_hazard_misses == []


def test_the_review_rate_is_the_share_of_documents_needing_review() -> None:
    # Given
    labels = [_label(name) for name in "abcd"]
    predictions = [_prediction("a", needs_review=True)] + [_prediction(name) for name in "bcd"]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert report.overall.needs_review == 1
    assert report.overall.review_rate == 0.25


# --- breakdowns, mistakes and the text report ------------------------------------------------------------


def test_scores_are_broken_down_by_language_and_by_scanned() -> None:
    # Given
    labels = [_label("en1"), _label("de1", language="de", scanned=True)]
    german = _prediction("de1", h_codes=[], signal_word="Warning", needs_review=True)
    predictions = [_prediction("en1"), german]

    # When
    report = evaluate(labels, predictions)

    # Then
    assert set(report.by_language) == {"de", "en"}
    assert report.by_language["en"].list_fields["h_codes"].f1 == 1.0
    assert report.by_language["de"].list_fields["h_codes"].f1 == 0.0
    assert report.by_language["de"].scalar_fields["signal_word"].accuracy == 0.0
    assert report.by_scanned["true"].documents == 1
    assert report.by_scanned["false"].scalar_fields["signal_word"].accuracy == 1.0


def test_every_wrong_field_is_listed_as_a_mistake_with_expected_and_predicted() -> None:
    # Given
    labels = [_label("a", h_codes=["H225", "H319"], revision_date="2020-01-31")]
    predictions = [_prediction("a", h_codes=["H225", "H336"], revision_date="2020-01")]

    # When
    report = evaluate(labels, predictions)

    # Then
    by_field = {mistake.field: mistake for mistake in report.mistakes}
    assert set(by_field) == {"h_codes", "revision_date"}
    assert by_field["h_codes"].expected == ["H225", "H319"]
    assert by_field["h_codes"].predicted == ["H225", "H336"]
    assert by_field["h_codes"].detail == "missing H319; extra H336"
    assert by_field["revision_date"].expected == "2020-01-31"
    assert by_field["revision_date"].predicted == "2020-01"


def test_only_the_verbose_text_report_prints_the_mistakes() -> None:
    # Given
    report = evaluate([_label("doc-1", un_number="UN1090")], [_prediction("doc-1", un_number="UN1203")])

    # When
    short, verbose = format_report(report), format_report(report, verbose=True)

    # Then
    assert "h_codes" in short and "un_number" in short
    assert "UN1203" not in short
    assert "Mistakes (1)" in verbose
    assert "UN1203" in verbose and "doc-1" in verbose


def test_the_report_round_trips_through_json() -> None:
    # Given
    report = evaluate([_label("a")], [_prediction("a", h_codes=["H225"])])

    # When
    text = report.to_json()

    # Then
    assert json.loads(text)["silent_hazard_misses"][0]["missing_h_codes"] == ["H319"]
    assert EvaluationReport.model_validate_json(text) == report


def test_scoring_can_be_restricted_to_some_fields() -> None:
    # Given
    labels = [_label("a")]
    predictions = [_prediction("a", product_name="Something else")]

    # When
    report = evaluate(labels, predictions, fields=["h_codes", "signal_word"])

    # Then
    assert list(report.overall.list_fields) == ["h_codes"]
    assert list(report.overall.scalar_fields) == ["signal_word"]
    assert report.mistakes == []


# --- floors -----------------------------------------------------------------------------------------------


def _languages_report(h_codes_for_de: list[str]) -> EvaluationReport:
    languages = ["en", "de", "pt", "es", "fr"]
    labels = [_label(f"{language}-{n}", language=language) for language in languages for n in range(4)]
    predictions = [_prediction(label["id"]) for label in labels]
    predictions[4]["h_codes"] = h_codes_for_de
    predictions[4]["needs_review"] = True
    return evaluate(labels, predictions)


def test_the_default_floors_are_the_agreed_ones() -> None:
    # Given / When
    floors = Floors()

    # Then
    assert floors.list_f1 == {"h_codes": 0.95, "cas_numbers": 0.93, "p_codes": 0.93, "pictograms": 0.95}
    assert floors.list_recall == {"h_codes": 0.97}
    assert floors.scalar_accuracy == {
        "product_name": 0.95,
        "supplier_name": 0.90,
        "supplier_country": 0.95,
        "emergency_phone": 0.90,
        "revision_date": 0.95,
        "version": 0.95,
        "signal_word": 0.95,
        "un_number": 0.95,
        "flash_point_c": 0.90,
        "is_sds": 0.95,
        "has_signature": 0.95,
    }
    assert floors.language_h_codes_f1 == {"en": 0.9, "de": 0.9, "pt": 0.9, "es": 0.9, "fr": 0.9, "ko": 0.95}
    assert floors.language_h_codes_recall == {"ko": 0.95}
    assert floors.scanned_list_recall == {"h_codes": 0.9}
    assert floors.max_review_rate == 0.25
    assert floors.max_silent_hazard_misses == 0


def test_a_perfect_report_passes_every_default_floor() -> None:
    # Given
    report = _languages_report(h_codes_for_de=["H225", "H319"])

    # When
    failed = check_floors(report, Floors())

    # Then
    assert failed == []


def test_low_h_code_scores_fail_the_overall_and_language_floors() -> None:
    # Given one German document (of 20) predicts no H-codes, under review
    report = _languages_report(h_codes_for_de=[])

    # When
    failed = check_floors(report, Floors())

    # Then
    assert "h_codes recall 0.950 < 0.970" in failed
    assert "h_codes F1 [de] 0.857 < 0.900" in failed
    assert not any("silent" in message for message in failed)


def test_a_single_silent_miss_fails_the_zero_silent_misses_floor() -> None:
    # Given
    labels = [_label(f"d{n}", h_codes=["H225"]) for n in range(40)]
    predictions = [_prediction(f"d{n}", h_codes=["H225"]) for n in range(39)]
    predictions.append(_prediction("d39", h_codes=[], needs_review=False))

    # When
    failed = check_floors(evaluate(labels, predictions), Floors())

    # Then
    assert failed == ["silent hazard misses 1 > 0 (d39)"]


def test_a_language_without_documents_skips_its_floor() -> None:
    # Given
    report = evaluate([_label("a", language="ko")], [_prediction("a", h_codes=["H225"], needs_review=True)])
    floors = Floors(
        list_f1={},
        list_recall={},
        scalar_accuracy={},
        language_h_codes_f1={"en": 0.9},
        language_h_codes_recall={"en": 0.9},
        max_review_rate=None,
    )

    # When
    failed = check_floors(report, floors)

    # Then
    assert failed == []


def test_a_floor_on_a_field_that_was_not_scored_fails() -> None:
    # Given
    report = evaluate([_label("a")], [_prediction("a")], fields=["h_codes"])
    floors = Floors(list_f1={}, list_recall={}, scalar_accuracy={"un_number": 0.9}, language_h_codes_f1={})

    # When
    failed = check_floors(report, floors)

    # Then
    assert failed == ["un_number accuracy: not scored"]


def test_a_report_without_documents_fails_the_floors() -> None:
    # Given
    report = evaluate([], [])

    # When
    failed = check_floors(report)

    # Then
    assert failed == ["no labelled documents were scored"]
