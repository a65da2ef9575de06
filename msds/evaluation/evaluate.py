"""Scoring a set of predictions against hand-made labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from msds.evaluation.aggregate import score_slice
from msds.evaluation.compare import DocumentOutcome, compare_document
from msds.evaluation.components import score_components
from msds.evaluation.errors import EvaluationInputError
from msds.evaluation.models import EvaluationReport, PredictionProblem, SliceScores
from msds.evaluation.normalise import LIST_FIELDS, SCALAR_FIELDS


def _index(rows: Sequence[Mapping[str, Any]], side: str) -> dict[str, Mapping[str, Any]]:
    indexed: dict[str, Mapping[str, Any]] = {}
    for position, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise EvaluationInputError(f"{side}[{position}]: expected an object, got {type(row).__name__}")
        doc_id = row.get("id")
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise EvaluationInputError(f"{side}[{position}]: missing 'id' (or not a non-empty string)")
        if doc_id in indexed:
            raise EvaluationInputError(f"{side}[{position}]: duplicate id {doc_id!r}")
        indexed[doc_id] = row
    return indexed


def _select_fields(fields: Iterable[str] | None) -> tuple[list[str], list[str]]:
    if fields is None:
        return list(LIST_FIELDS), list(SCALAR_FIELDS)
    chosen = list(dict.fromkeys(fields))
    unknown = [name for name in chosen if name not in LIST_FIELDS and name not in SCALAR_FIELDS]
    if unknown:
        raise EvaluationInputError(f"unknown field(s) to score: {', '.join(unknown)}")
    return [n for n in chosen if n in LIST_FIELDS], [n for n in chosen if n in SCALAR_FIELDS]


def _breakdown(
    outcomes: Sequence[DocumentOutcome], key: str, list_fields: list[str], scalar_fields: list[str]
) -> dict[str, SliceScores]:
    groups: dict[str, list[DocumentOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault(getattr(outcome, key), []).append(outcome)
    return {name: score_slice(groups[name], list_fields, scalar_fields) for name in sorted(groups)}


def evaluate(
    labels: Sequence[Mapping[str, Any]],
    predictions: Sequence[Mapping[str, Any]],
    *,
    fields: Iterable[str] | None = None,
) -> EvaluationReport:
    """Score predictions against labels, matched by ``id`` (see the package docstring for the rules).

    ``fields`` restricts scoring to some of the known list and scalar fields (default: all of them).
    Raises EvaluationInputError on rows without an id, duplicate ids, malformed list fields or a
    non-boolean ``needs_review``.
    """
    list_fields, scalar_fields = _select_fields(fields)
    labelled = _index(labels, "labels")
    predicted = _index(predictions, "predictions")

    outcomes = [
        compare_document(label, predicted.get(doc_id), list_fields, scalar_fields)
        for doc_id, label in labelled.items()
    ]
    problems = [PredictionProblem(id=o.id, error=o.error) for o in outcomes if o.error is not None]
    misses = [o.hazard_miss for o in outcomes if o.hazard_miss is not None]
    missing = sum(doc_id not in predicted for doc_id in labelled)
    return EvaluationReport(
        documents=len(outcomes),
        missing_predictions=missing,
        errored_predictions=len(problems) - missing,
        prediction_problems=problems,
        unlabelled_predictions=[doc_id for doc_id in predicted if doc_id not in labelled],
        overall=score_slice(outcomes, list_fields, scalar_fields),
        by_language=_breakdown(outcomes, "language", list_fields, scalar_fields),
        by_scanned=_breakdown(outcomes, "scanned", list_fields, scalar_fields),
        silent_hazard_misses=[miss for miss in misses if not miss.needs_review],
        reviewed_hazard_misses=[miss for miss in misses if miss.needs_review],
        mistakes=[mistake for o in outcomes for mistake in o.mistakes],
        name_matches=[match for o in outcomes for match in o.name_matches],
        components=score_components(labelled, predicted),
    )
