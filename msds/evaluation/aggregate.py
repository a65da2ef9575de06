"""Aggregation of per-document outcomes into field scores."""

from __future__ import annotations

from collections.abc import Sequence

from msds.evaluation.compare import DocumentOutcome
from msds.evaluation.models import ListFieldScore, ScalarFieldScore, SliceScores


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _f1(precision: float | None, recall: float | None, true_positives: int) -> float | None:
    if precision is None and recall is None:
        return None
    if true_positives == 0 or precision is None or recall is None:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def score_list_field(name: str, outcomes: Sequence[DocumentOutcome]) -> ListFieldScore:
    pairs = [outcome.lists[name] for outcome in outcomes]
    tp = sum(len(pair.expected & pair.predicted) for pair in pairs)
    fp = sum(len(pair.predicted - pair.expected) for pair in pairs)
    fn = sum(len(pair.expected - pair.predicted) for pair in pairs)
    exact = sum(pair.expected == pair.predicted for pair in pairs)
    precision, recall = _share(tp, tp + fp), _share(tp, tp + fn)
    return ListFieldScore(
        field=name,
        documents=len(pairs),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall, tp),
        exact_matches=exact,
        exact_accuracy=_share(exact, len(pairs)),
    )


def score_scalar_field(name: str, outcomes: Sequence[DocumentOutcome]) -> ScalarFieldScore:
    results = [outcome.scalars[name] for outcome in outcomes]
    matched_non_null = sum(r.matched and r.expected_non_null for r in results)
    labels_non_null = sum(r.expected_non_null for r in results)
    predictions_non_null = sum(r.predicted_non_null for r in results)
    matches = sum(r.matched for r in results)
    return ScalarFieldScore(
        field=name,
        documents=len(results),
        matches=matches,
        accuracy=_share(matches, len(results)),
        labels_non_null=labels_non_null,
        predictions_non_null=predictions_non_null,
        matched_non_null=matched_non_null,
        precision=_share(matched_non_null, predictions_non_null),
        recall=_share(matched_non_null, labels_non_null),
    )


def score_slice(
    outcomes: Sequence[DocumentOutcome], list_fields: Sequence[str], scalar_fields: Sequence[str]
) -> SliceScores:
    """Scores of every selected field over the given documents."""
    reviewed = sum(outcome.needs_review for outcome in outcomes)
    misses = [outcome.hazard_miss for outcome in outcomes if outcome.hazard_miss is not None]
    return SliceScores(
        documents=len(outcomes),
        needs_review=reviewed,
        review_rate=_share(reviewed, len(outcomes)),
        silent_hazard_misses=sum(not miss.needs_review for miss in misses),
        reviewed_hazard_misses=sum(miss.needs_review for miss in misses),
        list_fields={name: score_list_field(name, outcomes) for name in list_fields},
        scalar_fields={name: score_scalar_field(name, outcomes) for name in scalar_fields},
    )
