"""Calibrated confidences and routing by expected cost: a doubtful identity field goes to review only when
checking it costs less than accepting it; a sheet under review lists exactly the fields to check."""

from __future__ import annotations

from datetime import date

import pytest

from models.record import Extracted, SdsRecord, Statement
from msds.domain.catalog import default_catalog
from msds.domain.confidence_calibration import (
    Calibration,
    CalibrationDataError,
    FieldCalibration,
    parse_calibration,
)
from msds.domain.defined_hazards import defined_hazard_in
from msds.domain.phrase_matcher import PhraseMatcher
from msds.domain.review_costs import worth_reviewing
from msds.domain.review_priority import fields_to_check
from msds.evaluation.calibration_fit import fit_calibration, isotonic_steps
from msds.services.extract.hazards import extract_hazards
from msds.services.extract.record_builder import calibrate_record
from msds.services.route import review_reasons
from msds.services.validate import validate_record
from tests.unit.lines import doc_lines


def _value(text: str, confidence: float) -> Extracted[str]:
    return Extracted[str](value=text, confidence=confidence)


def _record(**fields: object) -> SdsRecord:
    record = SdsRecord(
        document_id="d",
        language="en",
        vision_checked=True,
        product_name=_value("Acetone", 0.95),
        supplier_name=_value("ACME GmbH", 0.95),
        revision_date=_value("2020-01-31", 0.95),
        hazard_statements=[Statement(code="H225", confidence=0.97)],
        precautionary_statements=[Statement(code="P210", confidence=0.97)],
    )
    for name, value in fields.items():
        setattr(record, name, value)
    return record


def _route(record: SdsRecord) -> list[tuple[str, str | None]]:
    reasons = review_reasons(
        record, [], accept_confidence=0.8, ocr_min_confidence=0.7, supported_languages=("en", "de")
    )
    return [(reason.code, reason.field) for reason in reasons]


def test_isotonic_steps_pool_scores_whose_accuracy_would_fall_as_the_score_rises() -> None:
    # Given right/wrong points at three scores: 0.5 (1 of 4), 0.8 (3 of 4), 0.9 (2 of 4)
    points = (
        [(0.5, n < 1) for n in range(4)] + [(0.8, n < 3) for n in range(4)] + [(0.9, n < 2) for n in range(4)]
    )
    # When the steps are fitted without shrinking
    steps = isotonic_steps(points, prior_weight=0.0)
    # Then 0.8 and 0.9 are pooled (5 of 8) and the function never falls
    assert steps is not None
    assert steps.scores == [0.5, 0.8]
    assert steps.confidences == [0.25, 0.625]
    assert steps.documents == 12


def test_few_sheets_are_shrunk_toward_the_field_mean_and_never_reach_certainty() -> None:
    # Given ten right values at one score
    steps = isotonic_steps([(0.9, True)] * 10)
    # Then the confidence stays below 1
    assert steps is not None and steps.confidences == [0.99]


def test_a_calibration_maps_a_score_to_the_step_at_or_below_it() -> None:
    # Given a step function 0.5 -> 0.3, 0.8 -> 0.7, 0.9 -> 0.95
    calibration = Calibration(
        fields={"product_name": FieldCalibration(scores=[0.5, 0.8, 0.9], confidences=[0.3, 0.7, 0.95])}
    )
    # When scores are calibrated / Then
    assert [calibration.calibrate("product_name", s) for s in (0.4, 0.5, 0.85, 0.92)] == [0.3, 0.3, 0.7, 0.95]
    assert calibration.calibrate("version", 0.85) == 0.85


def test_calibrating_a_record_keeps_the_extractors_score() -> None:
    # Given a record with a product name scored 0.8
    record = _record(product_name=_value("Acetone", 0.8))
    calibration = Calibration(fields={"product_name": FieldCalibration(scores=[0.5], confidences=[0.66])})
    # When it is calibrated
    calibrate_record(record, calibration)
    # Then the confidence is calibrated and the score kept
    assert record.product_name is not None
    assert (record.product_name.confidence, record.product_name.raw_confidence) == (0.66, 0.8)


def test_a_calibration_that_is_not_a_sorted_step_function_is_a_named_error() -> None:
    # Given / When / Then
    with pytest.raises(CalibrationDataError):
        parse_calibration('{"fields": {"product_name": {"scores": [0.9, 0.5], "confidences": [0.1, 0.2]}}}')


def test_fitting_reads_raw_scores_and_compares_values_like_the_evaluation() -> None:
    # Given two labelled sheets, one right and one wrong, both scored 0.9
    labels = [{"id": "a", "product_name": "Acetone"}, {"id": "b", "product_name": "Ethanol"}]
    predictions = [
        {"id": "a", "product_name": "ACETONE", "raw_confidence": {"product_name": 0.9}},
        {"id": "b", "product_name": "Water", "raw_confidence": {"product_name": 0.9}},
    ]
    # When the calibration is fitted
    calibration = fit_calibration(labels, predictions, ["product_name"], fitted_on="test")
    # Then the score maps to one half
    assert calibration.fields["product_name"].confidences == [0.5]


def test_checking_pays_only_when_the_expected_cost_of_a_wrong_value_exceeds_a_review() -> None:
    # Given a wrong value costing four reviews / When / Then
    assert worth_reviewing(0.7, 4.0)
    assert not worth_reviewing(0.8, 4.0)


def test_a_doubtful_product_name_sends_the_sheet_to_review_and_a_fair_one_does_not() -> None:
    # Given a product name at 0.7 and one at 0.78 (calibrated)
    doubtful = _record(product_name=_value("Acetone", 0.7))
    fair = _record(product_name=_value("Acetone", 0.78))
    # When they are routed / Then only the doubtful one goes to review
    assert _route(doubtful) == [("low_confidence_field", "product_name")]
    assert _route(fair) == []


def test_an_unreadable_revision_date_sends_the_sheet_to_review() -> None:
    # Given / When / Then
    assert _route(_record(revision_date=None)) == [("field_missing", "revision_date")]


def test_a_doubtful_version_alone_never_sends_a_sheet_to_review() -> None:
    # Given a sheet whose only doubt is its version
    record = _record(version=_value("2", 0.4))
    # When / Then
    assert _route(record) == []


def test_a_sheet_under_review_lists_its_doubtful_fields_to_check_and_no_others() -> None:
    # Given a sheet sent to review for its supplier, with a doubtful version and a sure product name
    record = _record(supplier_name=None, version=_value("2", 0.4), supplier_country=_value("DE", 0.9))
    reasons = review_reasons(
        record, [], accept_confidence=0.8, ocr_min_confidence=0.7, supported_languages=("en",)
    )
    # When the fields to check are listed
    fields = fields_to_check(reasons)
    # Then they are the missing supplier and the doubtful version only
    assert fields == ["supplier_name", "version"]


def test_an_unlabelled_signal_word_the_h_codes_require_is_sure() -> None:
    # Given an English Section 2 with printed codes that require "Danger" and the word without its label
    lines = doc_lines(
        "2.2 Label elements\nDANGER\nH225 Highly flammable liquid and vapour.\nH314 Causes burns."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "en", default_catalog(), PhraseMatcher())
    # Then the signal word agrees with the codes and is sure
    assert found.signal_word is not None
    assert (found.signal_word.value, found.signal_word.confidence) == ("Danger", 0.9)


def test_an_unlabelled_signal_word_the_h_codes_do_not_settle_stays_doubtful() -> None:
    # Given a code that allows either word (H228: Flam. Sol. 1 or 2)
    lines = doc_lines("2.2 Label elements\nWarning\nH228 Flammable solid.")
    # When / Then
    found = extract_hazards(lines, "en", default_catalog(), PhraseMatcher())
    assert found.signal_word is not None and found.signal_word.confidence < 0.8


def test_a_korean_sheet_that_declares_no_hazard_statement_needs_no_mapping() -> None:
    # Given a Korean Section 2 whose statement slots say "해당없음"
    lines = doc_lines(
        "2. 유해성·위험성\n○ 신호어\n- 해당없음\n○ 유해·위험 문구\n- 해당없음\n○ 예방조치문구\n- 해당없음"
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "ko", default_catalog(), PhraseMatcher())
    # Then nothing needed mapping
    assert found.hazard_statements == [] and found.texts_mappable


def test_korean_statements_printed_without_codes_are_proposed_for_a_reviewer_to_confirm() -> None:
    # Given Korean statements without codes, one in the environment ministry's wording, one in KOSHA's
    lines = doc_lines(
        "○ 유해 위험 문구\n- 금속을 부식시킬 수 있음.\n○ 예방조치문구\n"
        "보호장갑·보호의·보안경·안면보호구를 착용하시오."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "ko", default_catalog(), PhraseMatcher())
    # Then both codes are proposed below the acceptance threshold, and the sheet is not vouched for
    codes = {s.code: s.confidence for s in found.hazard_statements + found.precautionary_statements}
    assert codes == {"H290": 0.75, "P280": 0.75}
    assert not found.texts_mappable


def test_brazilian_statements_printed_without_codes_are_proposed_and_eu_ones_accepted() -> None:
    # Given a Brazilian label's statements without codes ("Nocivo se ingerido", "Provoca irritação à pele"),
    # and one worded as the EU Portuguese text prints it
    lines = doc_lines(
        "2. IDENTIFICAÇÃO DE PERIGOS\nFrases de perigo:\nNocivo se ingerido.\nProvoca irritação à pele.\n"
        "Pode provocar sonolência ou vertigens."
    )
    # When the hazards are extracted
    found = extract_hazards(lines, "pt", default_catalog(), PhraseMatcher())
    # Then the Brazilian wordings give their codes as proposals below the acceptance threshold, the EU one
    # as a mapped statement
    codes = {s.code: s.confidence for s in found.hazard_statements}
    assert codes == {"H302": 0.75, "H315": 0.75, "H336": 0.95}


@pytest.mark.parametrize(
    ("statement", "defined"),
    [
        ("May form combustible dust concentrations in air.", "combustible dust"),
        ("May form explosible dust-air mixture if dispersed.", "combustible dust"),
        ("May displace oxygen and cause rapid suffocation.", "simple asphyxiant"),
        ("Causes serious eye irritation.", None),
    ],
)
def test_hazards_the_us_and_canadian_rules_define_without_a_code_are_known(
    statement: str, defined: str | None
) -> None:
    # Given / When / Then
    assert defined_hazard_in(statement) == defined


@pytest.mark.parametrize(
    ("statement", "routed"),
    [("May form combustible dust concentrations in air.", False), ("Handle with care.", True)],
)
def test_a_warning_beside_a_hazard_defined_without_a_code_is_no_signal_word_without_hazards(
    statement: str, routed: bool
) -> None:
    # Given a US label: signal word Warning and a statement, no H code
    lines = doc_lines(f"2.2 GHS Label elements\nPictogram   none\nSignal word   Warning\n{statement}")
    found = extract_hazards(lines, "en", default_catalog(), PhraseMatcher())
    record = _record(hazard_statements=[], precautionary_statements=[], signal_word=found.signal_word)
    record.defined_hazards_without_code = found.defined_hazards
    # When it is validated and routed
    record.findings = validate_record(record, default_catalog(), date(2024, 1, 1), 3650)
    codes = [
        reason.code
        for reason in review_reasons(
            record, lines, accept_confidence=0.8, ocr_min_confidence=0.7, supported_languages=("en",)
        )
    ]
    # Then only a signal word with no hazard statement at all is a possible miss
    assert ("signal_word_without_hazards" in codes) is routed


def test_a_japanese_sheet_without_codes_goes_to_review_saying_why_in_plain_words() -> None:
    # Given a Japanese record whose statements could not be mapped
    record = _record(hazard_statements=[], precautionary_statements=[])
    record.language, record.statement_texts_mappable = "ja", False
    reasons = review_reasons(
        record, [], accept_confidence=0.8, ocr_min_confidence=0.7, supported_languages=("ja",)
    )
    # When / Then
    message = next(r.message for r in reasons if r.code == "statement_texts_unmappable")
    assert "No Japanese statement table" in message and "a person must read Section 2" in message


def _route_with_section2(record: SdsRecord, section2: str) -> list[str]:
    reasons = review_reasons(
        record,
        doc_lines(section2),
        accept_confidence=0.8,
        ocr_min_confidence=0.7,
        supported_languages=("en", "de"),
    )
    return [reason.code for reason in reasons]


def test_a_classification_whose_hazard_statement_was_not_read_sends_the_sheet_to_review() -> None:
    # Given a sheet whose Section 2 classifies it as a skin irritant, with only H225 read
    record = _record()
    # When it is routed
    codes = _route_with_section2(record, "Flam. Liq. 2\nSkin Irrit. 2\nSignal word: Danger")
    # Then the missing statement of the classification is a possible missed hazard
    assert codes == ["hazard_classification_without_statement"]


def test_a_classification_whose_statement_was_read_or_that_is_denied_routes_nothing() -> None:
    # Given classifications whose statements were read, eye damage implicit in skin corrosion, and a denial
    record = _record(
        hazard_statements=[Statement(code="H225", confidence=0.97), Statement(code="H314", confidence=0.97)]
    )
    section2 = (
        "Flammable liquids   Category 2\nSkin Corr. 1A\nSerious Eye Damage/Eye Irritation   Category 1\n"
        "Acute toxicity - Oral: Not classified (Category 4 criteria not met)"
    )
    # When it is routed / Then nothing is a possible miss
    assert _route_with_section2(record, section2) == []


@pytest.mark.parametrize(
    ("printed", "classification"),
    [
        ("H410", "Aquatic Acute 1   H400\nAquatic Chronic 1   H410"),
        ("H412", "Acute aquatic toxicity (Category 3), H402\nChronic aquatic toxicity (Category 3), H412"),
    ],
)
def test_an_acute_aquatic_class_beside_the_long_term_statement_that_covers_it_routes_nothing(
    printed: str, classification: str
) -> None:
    # Given a label that prints the long-term aquatic statement alone, as the rules allow, and a
    # classification with the acute class too
    record = _record(hazard_statements=[Statement(code=printed, confidence=0.97)])
    # When it is routed / Then the acute class is not a possible miss
    assert "hazard_classification_without_statement" not in _route_with_section2(record, classification)


def test_an_acute_aquatic_class_more_severe_than_the_long_term_statement_is_a_possible_miss() -> None:
    # Given Aquatic Acute 1 (H400) classified and only H412 read
    record = _record(hazard_statements=[Statement(code="H412", confidence=0.97)])
    # When it is routed
    codes = _route_with_section2(record, "Aquatic Acute 1   H400\nAquatic Chronic 3   H412")
    # Then H412 does not cover H400: the sheet goes to review
    assert "hazard_classification_without_statement" in codes


def test_a_korean_classification_whose_statement_was_not_read_sends_the_sheet_to_review() -> None:
    # Given a Korean Section 2 classifying a germ cell mutagen, with only the eye irritation statement read
    record = _record(hazard_statements=[Statement(code="H319", confidence=0.97)])
    classification = "심한 눈 손상성/눈 자극성 : 구분2\n생식세포 변이원성 : 구분1B"
    # When it is routed
    codes = _route_with_section2(record, classification)
    # Then the mutagen's missing statement (H340) is a possible missed hazard
    assert "hazard_classification_without_statement" in codes


def test_a_category_in_any_language_without_any_statement_read_sends_the_sheet_to_review() -> None:
    # Given a German classification line and no hazard statement read
    record = _record(hazard_statements=[], precautionary_statements=[])
    # When it is routed
    codes = _route_with_section2(record, "Entzündbare Flüssigkeiten, Kategorie 3")
    # Then the classification without statements is named
    assert "hazard_classification_without_statement" in codes
