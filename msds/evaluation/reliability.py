"""Reliability of the confidences a prediction gives its fields: in each band, how often was it right?

A prediction line may carry ``confidence``: an object from field name to the confidence (0..1) of that field's
value. For every scalar field with a predicted value, the document falls in the band of its confidence; the
band's accuracy is the share of its documents whose value matches the label (the same comparison as the
accuracy figures). A confidence is trustworthy when, in every band, accuracy and mean confidence agree.
Predictions without a value (null) or without a confidence for it are counted apart (``no_confidence``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from msds.evaluation.normalise import SCALAR_RULES, compare_scalar

# Lower bounds of the bands; a band runs up to the next bound (the last one includes 1.0).
BAND_EDGES: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
CONFIDENCE_KEY = "confidence"


class Band(BaseModel):
    """One confidence band of one field: its documents, their mean confidence and how many were right."""

    low: float
    high: float
    documents: int
    correct: int
    mean_confidence: float
    accuracy: float

    @property
    def gap(self) -> float:
        """Mean confidence minus accuracy: positive when the field claims more than it delivers."""
        return self.mean_confidence - self.accuracy


class FieldReliability(BaseModel):
    """The populated bands of one field, the expected calibration error and what had no confidence."""

    field: str
    bands: list[Band] = Field(default_factory=list)
    expected_calibration_error: float | None = None
    no_confidence: int = 0
    no_confidence_correct: int = 0

    def worst_gap(self, min_documents: int = 1) -> float | None:
        """The largest |confidence - accuracy| over bands with at least ``min_documents`` documents."""
        gaps = [abs(band.gap) for band in self.bands if band.documents >= min_documents]
        return max(gaps) if gaps else None


def _band_of(confidence: float) -> int:
    index = 0
    for position, edge in enumerate(BAND_EDGES):
        if confidence >= edge:
            index = position
    return index


def _confidence_of(prediction: Mapping[str, Any], field: str) -> float | None:
    confidences = prediction.get(CONFIDENCE_KEY)
    if not isinstance(confidences, Mapping):
        return None
    value = confidences.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return min(max(float(value), 0.0), 1.0)


def field_reliability(
    field: str, labels: Sequence[Mapping[str, Any]], predictions: Sequence[Mapping[str, Any]]
) -> FieldReliability:
    """The reliability of one scalar field over the labelled documents (matched by ``id``)."""
    by_id = {str(row.get("id")): row for row in predictions}
    grouped: dict[int, list[tuple[float, bool]]] = {}
    result = FieldReliability(field=field)
    for label in labels:
        prediction = by_id.get(str(label.get("id")))
        if prediction is None or prediction.get("error"):
            continue
        matched, _ = compare_scalar(field, label.get(field), prediction.get(field))
        confidence = _confidence_of(prediction, field)
        if confidence is None or SCALAR_RULES[field].normalise(prediction.get(field)) is None:
            result.no_confidence += 1
            result.no_confidence_correct += int(matched)
            continue
        grouped.setdefault(_band_of(confidence), []).append((confidence, matched))
    total = sum(len(items) for items in grouped.values())
    error = 0.0
    for index in sorted(grouped):
        items = grouped[index]
        high = BAND_EDGES[index + 1] if index + 1 < len(BAND_EDGES) else 1.0
        correct = sum(ok for _, ok in items)
        band = Band(
            low=BAND_EDGES[index],
            high=high,
            documents=len(items),
            correct=correct,
            mean_confidence=sum(c for c, _ in items) / len(items),
            accuracy=correct / len(items),
        )
        result.bands.append(band)
        error += abs(band.gap) * len(items)
    result.expected_calibration_error = error / total if total else None
    return result


def reliability(
    labels: Sequence[Mapping[str, Any]],
    predictions: Sequence[Mapping[str, Any]],
    fields: Sequence[str] | None = None,
) -> dict[str, FieldReliability]:
    """The reliability of every scalar field (or of the given ones)."""
    return {name: field_reliability(name, labels, predictions) for name in (fields or tuple(SCALAR_RULES))}
