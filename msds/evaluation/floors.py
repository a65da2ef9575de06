"""Quality floors a report must reach, and the check that lists the failed ones."""

from __future__ import annotations

from pydantic import BaseModel, Field

from msds.evaluation.models import EvaluationReport

_EPSILON = 1e-9


def _default_list_f1() -> dict[str, float]:
    return {"h_codes": 0.95, "cas_numbers": 0.93, "p_codes": 0.93, "pictograms": 0.95}


def _default_list_recall() -> dict[str, float]:
    return {"h_codes": 0.97}


def _default_scalar_accuracy() -> dict[str, float]:
    return {
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


def _default_language_h_codes_f1() -> dict[str, float]:
    return {"en": 0.90, "de": 0.90, "pt": 0.90, "es": 0.90, "fr": 0.90, "ko": 0.95}


def _default_language_h_codes_recall() -> dict[str, float]:
    # No Japanese statement table with a known source and licence exists: Japanese sheets that print no
    # codes go to review (0 silent misses) and have no recall floor.
    return {"ko": 0.95}


class Floors(BaseModel):
    """Minimum scores: list-field F1 and recall, scalar accuracy, per-language H-code F1 and recall, the
    same on scanned sheets, the most sheets sent to review, silent misses, and the Section 3 per-component
    exact match (CAS + concentration + H-codes) where labels carry components.

    A language floor is skipped when no labelled document has that language, a scanned floor when no
    labelled document is scanned, the component floor when no label lists components of a mixture. A
    metric that is undefined because neither labels nor predictions hold any item passes.
    ``max_review_rate`` None means no ceiling.
    """

    list_f1: dict[str, float] = Field(default_factory=_default_list_f1)
    list_recall: dict[str, float] = Field(default_factory=_default_list_recall)
    scalar_accuracy: dict[str, float] = Field(default_factory=_default_scalar_accuracy)
    language_h_codes_f1: dict[str, float] = Field(default_factory=_default_language_h_codes_f1)
    language_h_codes_recall: dict[str, float] = Field(default_factory=_default_language_h_codes_recall)
    scanned_list_recall: dict[str, float] = Field(default_factory=lambda: {"h_codes": 0.90})
    scanned_scalar_accuracy: dict[str, float] = Field(
        default_factory=lambda: {"product_name": 0.80, "revision_date": 0.80}
    )
    max_review_rate: float | None = 0.25
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
    by_metric = (("F1", floors.language_h_codes_f1), ("recall", floors.language_h_codes_recall))
    for metric, language_floors in by_metric:
        for language, floor in language_floors.items():
            slice_scores = report.by_language.get(language)
            if slice_scores is None:
                continue
            score = slice_scores.list_fields.get("h_codes")
            name = f"h_codes {metric} [{language}]"
            value = None if score is None else (score.f1 if metric == "F1" else score.recall)
            failed += [f"{name}: not scored"] if score is None else _below(name, value, floor)
    scanned = report.by_scanned.get("true")
    if scanned is not None:
        for field, floor in floors.scanned_list_recall.items():
            list_score = scanned.list_fields.get(field)
            name = f"{field} recall [scanned]"
            recall = None if list_score is None else list_score.recall
            failed += [f"{name}: not scored"] if list_score is None else _below(name, recall, floor)
        for field, floor in floors.scanned_scalar_accuracy.items():
            scalar_score = scanned.scalar_fields.get(field)
            name = f"{field} accuracy [scanned]"
            accuracy = None if scalar_score is None else scalar_score.accuracy
            failed += [f"{name}: not scored"] if scalar_score is None else _below(name, accuracy, floor)
    rate = overall.review_rate
    if floors.max_review_rate is not None and rate is not None and rate > floors.max_review_rate + _EPSILON:
        failed.append(f"review rate {rate:.3f} > {floors.max_review_rate:.3f}")
    if report.components is not None:
        failed += _below(
            "Section 3 component exact match", report.components.exact_match, floors.component_exact_match
        )
    silent = report.silent_hazard_misses
    if len(silent) > floors.max_silent_hazard_misses:
        ids = ", ".join(miss.id for miss in silent)
        failed.append(f"silent hazard misses {len(silent)} > {floors.max_silent_hazard_misses} ({ids})")
    return failed


# The check half: suppliers no rule was written against. These floors are the figures measured when they
# were set, less a small margin: they catch a regression on unseen suppliers. Where they are below the
# issue's targets (product, supplier and revision date 0.95, H-code recall 0.99, review rate 0.25, no silent
# miss) the target is not reached yet; README "Measuring" gives the figures.
CHECK_FLOORS = Floors(
    list_f1={"h_codes": 0.95, "cas_numbers": 0.93, "p_codes": 0.90, "pictograms": 0.95},
    list_recall={"h_codes": 0.95},
    scalar_accuracy={
        "product_name": 0.90,
        "supplier_name": 0.88,
        "supplier_country": 0.86,
        "emergency_phone": 0.90,
        "revision_date": 0.88,
        "version": 0.86,
        "signal_word": 0.95,
        "un_number": 0.95,
        "flash_point_c": 0.92,
        "is_sds": 0.94,
        "has_signature": 0.95,
    },
    language_h_codes_f1={"de": 0.96, "pt": 0.95, "ko": 0.95, "en": 0.65},
    language_h_codes_recall={"ko": 0.95, "pt": 0.93},
    scanned_list_recall={"h_codes": 0.85},
    scanned_scalar_accuracy={"product_name": 0.75, "revision_date": 0.75},
    max_review_rate=0.28,
    max_silent_hazard_misses=1,
    component_exact_match=0.81,
)
SET_FLOORS: dict[str, Floors] = {"check": CHECK_FLOORS}


def floors_for(set_name: str) -> Floors:
    """The floors of one labelled set: the check half's own, the default ones (dev) for every other."""
    return SET_FLOORS.get(set_name, Floors())
