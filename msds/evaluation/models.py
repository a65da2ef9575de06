"""Pydantic models of an evaluation report."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from msds.evaluation.components import ComponentScores
from msds.evaluation.names import NameRule


class ListFieldScore(BaseModel):
    """Micro-averaged precision/recall/F1 of a list field, plus per-document exact-set accuracy.

    A metric is None when it is undefined (no labelled and/or no predicted items in the slice).
    """

    field: str
    documents: int
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float | None
    recall: float | None
    f1: float | None
    exact_matches: int
    exact_accuracy: float | None


class ScalarFieldScore(BaseModel):
    """Accuracy of a scalar field (null == null counts) and precision/recall over non-null values."""

    field: str
    documents: int
    matches: int
    accuracy: float | None
    labels_non_null: int
    predictions_non_null: int
    matched_non_null: int
    precision: float | None
    recall: float | None


class SliceScores(BaseModel):
    """All field scores for one set of documents (everything, one language, scanned or not)."""

    documents: int
    needs_review: int
    review_rate: float | None
    silent_hazard_misses: int
    reviewed_hazard_misses: int
    list_fields: dict[str, ListFieldScore]
    scalar_fields: dict[str, ScalarFieldScore]


class HazardMiss(BaseModel):
    """A document whose prediction lacks labelled H-codes or pictograms."""

    id: str
    missing_h_codes: list[str]
    missing_pictograms: list[str]
    needs_review: bool
    error: str | None = None


class Mistake(BaseModel):
    """One wrong field of one document; list fields show normalised, sorted sets."""

    id: str
    field: str
    expected: Any
    predicted: Any
    detail: str | None = None


class NameMatch(BaseModel):
    """Debug listing: which rule decided a product/supplier name comparison (both sides non-null)."""

    id: str
    field: str
    expected: str
    predicted: str
    rule: NameRule
    ratio: float


class PredictionProblem(BaseModel):
    """A labelled document whose prediction is missing or reports an error."""

    id: str
    error: str


class EvaluationReport(BaseModel):
    """Scores of predictions against labels, with breakdowns and listings of what went wrong."""

    documents: int
    missing_predictions: int
    errored_predictions: int
    prediction_problems: list[PredictionProblem] = Field(default_factory=list)
    unlabelled_predictions: list[str] = Field(default_factory=list)
    overall: SliceScores
    by_language: dict[str, SliceScores]
    by_scanned: dict[str, SliceScores]
    silent_hazard_misses: list[HazardMiss] = Field(default_factory=list)
    reviewed_hazard_misses: list[HazardMiss] = Field(default_factory=list)
    mistakes: list[Mistake] = Field(default_factory=list)
    name_matches: list[NameMatch] = Field(default_factory=list)
    components: ComponentScores | None = None

    def to_json(self, indent: int | None = 2) -> str:
        """The whole report as a JSON string."""
        return self.model_dump_json(indent=indent)
