"""Fitting the confidence calibration on labelled sheets: isotonic regression of right/wrong on the score.

For each field, every labelled sheet whose prediction has a value and a raw score (the extractor's own,
``raw_confidence`` in the prediction line) is one point: (score, right or wrong by the evaluation's own
comparison). Points with the same score are pooled; pool-adjacent-violators makes the accuracy non-decreasing
in the score; each pooled block's accuracy is shrunk toward the field's overall accuracy by ``prior_weight``
pseudo-sheets (few sheets say little), and capped at ``ceiling`` (no rule is ever certain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from msds.domain.confidence_calibration import Calibration, FieldCalibration
from msds.evaluation.normalise import SCALAR_RULES, compare_scalar

RAW_CONFIDENCE_KEY = "raw_confidence"


def _points(
    field: str, labels: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]
) -> list[tuple[float, bool]]:
    by_id = {str(row.get("id")): row for row in predictions}
    points: list[tuple[float, bool]] = []
    for label in labels:
        prediction = by_id.get(str(label.get("id")))
        if prediction is None or prediction.get("error"):
            continue
        if SCALAR_RULES[field].normalise(prediction.get(field)) is None:
            continue
        scores = prediction.get(RAW_CONFIDENCE_KEY)
        score = scores.get(field) if isinstance(scores, Mapping) else None
        if isinstance(score, bool) or not isinstance(score, int | float):
            continue
        matched, _ = compare_scalar(field, label.get(field), prediction.get(field))
        points.append((float(score), matched))
    return points


def isotonic_steps(
    points: Sequence[tuple[float, bool]], *, prior_weight: float = 2.0, ceiling: float = 0.99
) -> FieldCalibration | None:
    """The calibration step function of one field's points; None without points."""
    if not points:
        return None
    levels: dict[float, list[int]] = {}
    for score, right in points:
        level = levels.setdefault(round(score, 3), [0, 0])
        level[0] += int(right)
        level[1] += 1
    # blocks: [first score, right, total]
    blocks: list[list[float]] = []
    for score in sorted(levels):
        correct, total = levels[score]
        blocks.append([score, correct, total])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] > blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    prior = sum(ok for _, ok in points) / len(points)
    confidences = [
        min(ceiling, (correct + prior_weight * prior) / (total + prior_weight))
        for _, correct, total in blocks
    ]
    # Shrinking can break the order of neighbouring blocks: keep the function non-decreasing.
    for index in range(1, len(confidences)):
        confidences[index] = max(confidences[index], confidences[index - 1])
    return FieldCalibration(
        scores=[block[0] for block in blocks],
        confidences=[round(value, 3) for value in confidences],
        documents=len(points),
    )


def fit_calibration(
    labels: Sequence[Mapping[str, Any]],
    predictions: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    *,
    fitted_on: str,
) -> Calibration:
    calibration = Calibration(
        fitted_on=fitted_on, method="isotonic regression (pool adjacent violators), shrunk toward the mean"
    )
    for field in fields:
        steps = isotonic_steps(_points(field, labels, predictions))
        if steps is not None:
            calibration.fields[field] = steps
    return calibration
