"""Comparison of one labelled document with its prediction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from msds.evaluation.errors import EvaluationInputError
from msds.evaluation.models import HazardMiss, Mistake, NameMatch
from msds.evaluation.names import match_names
from msds.evaluation.normalise import NAME_FIELDS, SCALAR_RULES, code_set, compare_scalar

MISSING_PREDICTION = "missing prediction"


@dataclass(frozen=True)
class ListOutcome:
    expected: frozenset[str]
    predicted: frozenset[str]


@dataclass(frozen=True)
class ScalarOutcome:
    expected_non_null: bool
    predicted_non_null: bool
    matched: bool


@dataclass
class DocumentOutcome:
    id: str
    language: str
    scanned: str
    needs_review: bool
    error: str | None
    lists: dict[str, ListOutcome] = field(default_factory=dict)
    scalars: dict[str, ScalarOutcome] = field(default_factory=dict)
    hazard_miss: HazardMiss | None = None
    mistakes: list[Mistake] = field(default_factory=list)
    name_matches: list[NameMatch] = field(default_factory=list)


def _error_of(prediction: Mapping[str, Any] | None) -> str | None:
    if prediction is None:
        return MISSING_PREDICTION
    error = prediction.get("error")
    if error is None or error == "" or error is False:
        return None
    return str(error)


def _needs_review(prediction: Mapping[str, Any], doc_id: str) -> bool:
    value = prediction.get("needs_review")
    if value is None:
        return False
    if not isinstance(value, bool):
        raise EvaluationInputError(
            f"prediction {doc_id!r}: needs_review must be true or false, got {value!r}"
        )
    return value


def _language(label: Mapping[str, Any]) -> str:
    language = label.get("language")
    return language.strip().lower() if isinstance(language, str) and language.strip() else "unknown"


def _scanned(label: Mapping[str, Any]) -> str:
    scanned = label.get("scanned")
    return "true" if scanned is True else "false" if scanned is False else "unknown"


def _list_detail(expected: frozenset[str], predicted: frozenset[str]) -> str:
    parts = []
    if missing := expected - predicted:
        parts.append("missing " + ", ".join(sorted(missing)))
    if extra := predicted - expected:
        parts.append("extra " + ", ".join(sorted(extra)))
    return "; ".join(parts)


def compare_document(
    label: Mapping[str, Any],
    prediction: Mapping[str, Any] | None,
    list_fields: Sequence[str],
    scalar_fields: Sequence[str],
) -> DocumentOutcome:
    """Score one document. A missing or errored prediction counts as all-empty with needs_review true."""
    doc_id = str(label["id"])
    error = _error_of(prediction)
    usable: Mapping[str, Any] = {} if error is not None or prediction is None else prediction
    needs_review = True if error is not None else _needs_review(usable, doc_id)
    outcome = DocumentOutcome(doc_id, _language(label), _scanned(label), needs_review, error)

    def codes(source: Mapping[str, Any], name: str, side: str) -> frozenset[str]:
        return code_set(source.get(name), field=name, doc_id=doc_id, side=side)

    for name in list_fields:
        expected, predicted = codes(label, name, "label"), codes(usable, name, "prediction")
        outcome.lists[name] = ListOutcome(expected, predicted)
        if expected != predicted:
            outcome.mistakes.append(
                Mistake(
                    id=doc_id,
                    field=name,
                    expected=sorted(expected),
                    predicted=sorted(predicted),
                    detail=_list_detail(expected, predicted),
                )
            )

    for name in scalar_fields:
        raw_expected, raw_predicted = label.get(name), usable.get(name)
        rule = SCALAR_RULES[name]
        expected_value, predicted_value = rule.normalise(raw_expected), rule.normalise(raw_predicted)
        matched, _ = compare_scalar(name, raw_expected, raw_predicted)
        outcome.scalars[name] = ScalarOutcome(
            expected_value is not None, predicted_value is not None, matched
        )
        if name in NAME_FIELDS and isinstance(expected_value, str) and isinstance(predicted_value, str):
            name_rule, ratio = match_names(expected_value, predicted_value)
            outcome.name_matches.append(
                NameMatch(
                    id=doc_id,
                    field=name,
                    expected=str(raw_expected),
                    predicted=str(raw_predicted),
                    rule=name_rule,
                    ratio=round(ratio, 1),
                )
            )
        if not matched:
            outcome.mistakes.append(
                Mistake(id=doc_id, field=name, expected=raw_expected, predicted=raw_predicted, detail=error)
            )

    missing_h = codes(label, "h_codes", "label") - codes(usable, "h_codes", "prediction")
    missing_pictograms = codes(label, "pictograms", "label") - codes(usable, "pictograms", "prediction")
    if missing_h or missing_pictograms:
        outcome.hazard_miss = HazardMiss(
            id=doc_id,
            missing_h_codes=sorted(missing_h),
            missing_pictograms=sorted(missing_pictograms),
            needs_review=needs_review,
            error=error,
        )
    return outcome
