"""Calibrated confidences: the extractors' own scores mapped to how often such a value is right.

Each extractor scores its value by the rule that found it (a labelled value on its own line, a guess from
the first line of a section...). Those scores order values well but are not probabilities. A calibration,
fitted on labelled sheets by ``scripts/fit_calibration.py`` (isotonic regression, shipped as
``msds/data/calibration/field_confidence.json``), maps each field's score to the share of values with that
score that were right. A field without a calibration keeps its score.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache
from importlib import resources

from pydantic import BaseModel, Field, ValidationError

from msds.errors import MsdsError

CALIBRATION_FILE = "field_confidence.json"


class CalibrationDataError(MsdsError):
    """The shipped calibration cannot be read: a packaging error, never a document problem."""

    code = "calibration_data_error"


class FieldCalibration(BaseModel):
    """A non-decreasing step function: a score at or above ``scores[i]`` (and below the next) maps to
    ``confidences[i]``; a score below the first step maps to the first confidence."""

    scores: list[float] = Field(min_length=1)
    confidences: list[float] = Field(min_length=1)
    documents: int = 0

    def calibrate(self, score: float) -> float:
        index = max(bisect_right(self.scores, score) - 1, 0)
        return self.confidences[index]


class Calibration(BaseModel):
    """Per-field calibrations and where they were fitted."""

    fitted_on: str = ""
    method: str = ""
    fields: dict[str, FieldCalibration] = Field(default_factory=dict)

    def calibrate(self, field: str, score: float) -> float:
        calibration = self.fields.get(field)
        return score if calibration is None else calibration.calibrate(score)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def parse_calibration(text: str) -> Calibration:
    try:
        calibration = Calibration.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as error:
        raise CalibrationDataError(f"the confidence calibration cannot be read: {error}") from error
    for name, field in calibration.fields.items():
        if len(field.scores) != len(field.confidences) or field.scores != sorted(field.scores):
            raise CalibrationDataError(f"the calibration of {name} is not a sorted step function")
    return calibration


@cache
def shipped_calibration() -> Calibration:
    """The calibration shipped with the product (an empty one, leaving scores as they are, when none is)."""
    resource = resources.files("msds").joinpath("data", "calibration", CALIBRATION_FILE)
    if not resource.is_file():
        return Calibration()
    return parse_calibration(resource.read_text(encoding="utf-8"))
