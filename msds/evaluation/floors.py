"""Quality floors a report must reach, and the check that lists the failed ones."""

from __future__ import annotations

from pydantic import BaseModel, Field

from msds.evaluation.models import EvaluationReport

_EPSILON = 1e-9


def _default_list_f1() -> dict[str, float]:
    return {"h_codes": 0.95, "cas_numbers": 0.93, "p_codes": 0.90}


def _default_list_recall() -> dict[str, float]:
    return {"h_codes": 0.97}


def _default_scalar_accuracy() -> dict[str, float]:
    return {
        "signal_word": 0.95,
        "revision_date": 0.90,
        "product_name": 0.85,
        "supplier_name": 0.85,
        "un_number": 0.90,
    }


def _default_language_h_codes_f1() -> dict[str, float]:
    return {language: 0.90 for language in ("en", "de", "pt", "es", "fr")}


class Floors(BaseModel):
    """Minimum scores: list-field F1 and recall, scalar accuracy, per-language H-code F1, silent misses, and
    the Section 3 per-component exact match (CAS + concentration + H-codes) where labels carry components.

    A language floor is skipped when no labelled document has that language, the component floor when no
    label lists components of a mixture. A metric that is undefined because neither labels nor predictions
    hold any item passes.
    """

    list_f1: dict[str, float] = Field(default_factory=_default_list_f1)
    list_recall: dict[str, float] = Field(default_factory=_default_list_recall)
    scalar_accuracy: dict[str, float] = Field(default_factory=_default_scalar_accuracy)
    language_h_codes_f1: dict[str, float] = Field(default_factory=_default_language_h_codes_f1)
    max_silent_hazard_misses: int = 0
    component_exact_match: float = 0.90


def _below(name: str, value: float | None, floor: float) -> list[str]:
    if value is None or value + _EPSILON >= floor:
        return []
    return [f"{name} {value:.3f} < {floor:.3f}"]


def check_floors(report: EvaluationReport, floors: Floors | None = None) -> list[str]:
    """Messages for every floor the report does not reach; an empty list means all floors pass."""
    floors = floors or Floors()
    if report.documents == 0:
        return ["no labelled documents were scored"]
    failed: list[str] = []
    overall = report.overall
    for field, floor in floors.list_f1.items():
        score = overall.list_fields.get(field)
        failed += [f"{field} F1: not scored"] if score is None else _below(f"{field} F1", score.f1, floor)
    for field, floor in floors.list_recall.items():
        score = overall.list_fields.get(field)
        failed += (
            [f"{field} recall: not scored"]
            if score is None
            else _below(f"{field} recall", score.recall, floor)
        )
    for field, floor in floors.scalar_accuracy.items():
        scalar = overall.scalar_fields.get(field)
        name = f"{field} accuracy"
        failed += [f"{name}: not scored"] if scalar is None else _below(name, scalar.accuracy, floor)
    for language, floor in floors.language_h_codes_f1.items():
        slice_scores = report.by_language.get(language)
        if slice_scores is None:
            continue
        score = slice_scores.list_fields.get("h_codes")
        name = f"h_codes F1 [{language}]"
        failed += [f"{name}: not scored"] if score is None else _below(name, score.f1, floor)
    if report.components is not None:
        failed += _below(
            "Section 3 component exact match", report.components.exact_match, floors.component_exact_match
        )
    silent = report.silent_hazard_misses
    if len(silent) > floors.max_silent_hazard_misses:
        ids = ", ".join(miss.id for miss in silent)
        failed.append(f"silent hazard misses {len(silent)} > {floors.max_silent_hazard_misses} ({ids})")
    return failed
