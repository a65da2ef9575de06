"""Acute toxicity of a mixture by the additivity formula (CLP Annex I 3.1.3.6), route by route.

    100 / ATEmix = sum(Ci / ATEi)                                   (3.1.3.6.1)
    (100 - sum(C unknown if > 10 %)) / ATEmix = sum(Ci / ATEi)      (3.1.3.6.2.3)

ATEi is the ingredient's LD50/LC50 or ATE where its sheet prints one, else the converted acute toxicity
point estimate of its category (Table 3.1.2). Ingredients count from the cut-off of their category (Table
1.1: 0.1 % for categories 1-3, 1 % for category 4). Ingredients nothing is known about and present at 1 % or
more are the unknown share; above 10 % the formula is corrected and the label needs the statement "x % of the
mixture consists of ingredient(s) of unknown acute toxicity" (3.1.4.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from models.classification import (
    Criteria,
    MixtureFacts,
    ProposedHazard,
    RuleOutcome,
    RuleTrail,
    SupplementalStatement,
    TrailTerm,
)
from models.composition import AcuteToxicityValue, ExposureRoute, InhalationForm
from msds.domain.mixtures.ingredients import Part
from msds.domain.mixtures.results import RuleResults, number
from msds.domain.reference_data import read_table

UNKNOWN_LIMIT = 10.0
UNKNOWN_RELEVANT = 1.0
# UN GHS category 5 (oral and dermal): ingredients up to this ATE count in the formula under UN GHS criteria.
GHS_CATEGORY_5_LIMIT = 5000.0
_TABLE_ROUTE = {
    ExposureRoute.ORAL: "oral",
    ExposureRoute.DERMAL: "dermal",
}
_FORM_ROUTE = {
    InhalationForm.GAS: "inhalation_gases",
    InhalationForm.VAPOUR: "inhalation_vapours",
    InhalationForm.DUST_MIST: "inhalation_dusts_mists",
}
_UNIT = {
    "oral": "mg/kg bw",
    "dermal": "mg/kg bw",
    "inhalation_gases": "ppmV",
    "inhalation_vapours": "mg/l",
    "inhalation_dusts_mists": "mg/l",
}
_H_CODE = {
    ExposureRoute.ORAL: ("H300", "H300", "H301", "H302"),
    ExposureRoute.DERMAL: ("H310", "H310", "H311", "H312"),
}
_H_INHALATION = ("H330", "H330", "H331", "H332")


@dataclass(frozen=True, slots=True)
class AteBand:
    category: int
    lower_exclusive: float
    upper_inclusive: float
    point_estimate: float


@cache
def ate_bands() -> dict[str, tuple[AteBand, ...]]:
    """CLP Annex I Tables 3.1.1 and 3.1.2 by route key (``oral``, ``inhalation_vapours`` ...)."""
    bands: dict[str, list[AteBand]] = {}
    for row in read_table("clp_acute_toxicity_ate.csv"):
        bands.setdefault(row["route"], []).append(
            AteBand(
                int(row["category"]),
                float(row["ate_lower_exclusive"]),
                float(row["ate_upper_inclusive"]),
                float(row["converted_point_estimate"]),
            )
        )
    return {route: tuple(sorted(values, key=lambda b: b.category)) for route, values in bands.items()}


def category_of(route_key: str, ate: float) -> int | None:
    """The category an ATE falls in, or None above category 4."""
    for band in ate_bands()[route_key]:
        if band.lower_exclusive < ate <= band.upper_inclusive:
            return band.category
    return None


def acute_toxicity(parts: list[Part], facts: MixtureFacts) -> RuleResults:
    results = RuleResults()
    unknown_by_route: dict[str, float] = {}
    for route in ExposureRoute:
        route_key = _TABLE_ROUTE.get(route) or _FORM_ROUTE[facts.form]
        trail, unknown = _route(parts, route, route_key, facts.criteria)
        results.trail.append(trail)
        if trail.outcome is RuleOutcome.CLASSIFIED and trail.result:
            level = int(trail.result.split()[-1])
            h_code = (_H_CODE.get(route) or _H_INHALATION)[level - 1]
            results.hazards.append(
                ProposedHazard(category=trail.result, h_code=h_code, rule_id=trail.rule_id)
            )
        if unknown > UNKNOWN_LIMIT:
            unknown_by_route[route.value] = unknown
    if unknown_by_route:
        shares = sorted(set(unknown_by_route.values()))
        for share in shares:
            routes = [r for r, s in unknown_by_route.items() if s == share]
            suffix = "" if len(routes) == len(ExposureRoute) else f" ({', '.join(routes)})"
            results.supplemental.append(
                SupplementalStatement(
                    code=None,
                    text_en=f"{number(share)} % of the mixture consists of ingredient(s) of unknown acute "
                    f"toxicity{suffix}",
                    parameters={"percent": number(share), "routes": ", ".join(routes)},
                    rule_id="ATE-MIX-UNKNOWN",
                )
            )
    return results


def _route(
    parts: list[Part], route: ExposureRoute, route_key: str, criteria: Criteria
) -> tuple[RuleTrail, float]:
    unit = _UNIT[route_key]
    terms: list[TrailTerm] = []
    notes: list[str] = []
    total = 0.0
    unknown = 0.0
    for part in parts:
        if part.unknown or route.value in part.acute_unknown_routes:
            if part.concentration >= UNKNOWN_RELEVANT:
                unknown += part.concentration
                terms.append(part.term(note=f"unknown acute toxicity ({route.value})"))
            continue
        ate, label, note = _ingredient_ate(part, route, route_key, criteria)
        if ate is None:
            if note:
                terms.append(part.term(label, note=note))
            continue
        category = category_of(route_key, ate)
        cut_off = 0.1 if category in (1, 2, 3) else 1.0
        if part.concentration < cut_off:
            terms.append(
                part.term(
                    label, value=ate, value_label=f"ATE {unit}", note=f"below the {cut_off:g} % cut-off"
                )
            )
            continue
        contribution = part.concentration / ate
        total += contribution
        terms.append(
            part.term(label, value=ate, value_label=f"ATE {unit}", contribution=contribution, note=note)
        )
    counted = [t for t in terms if t.contribution is not None]
    rule_id = "ATE-MIX-UNKNOWN" if unknown > UNKNOWN_LIMIT else "ATE-MIX"
    numerator = 100.0 - unknown if unknown > UNKNOWN_LIMIT else 100.0
    form = (
        "" if route is not ExposureRoute.INHALATION else ", " + route_key.split("_", 1)[1].replace("_", "/")
    )
    hazard_class = f"Acute toxicity ({route.value}{form})"
    reference = "CLP Annex I 3.1.3.6.2.3" if unknown > UNKNOWN_LIMIT else "CLP Annex I 3.1.3.6.1"
    left = f"(100 - {number(unknown)})" if unknown > UNKNOWN_LIMIT else "100"
    formula = f"{left} / ATEmix = " + (
        " + ".join(f"{number(t.concentration)}/{number(t.value or 0)}" for t in counted) or "0"
    )
    if unknown and unknown <= UNKNOWN_LIMIT:
        notes.append(f"{number(unknown)} % of unknown acute toxicity (not above 10 %: formula not corrected)")
    if total == 0:
        return (
            RuleTrail(
                rule_id=rule_id,
                hazard_class=hazard_class,
                reference=reference,
                method="additivity formula",
                terms=terms,
                formula=formula,
                outcome=RuleOutcome.NOT_CLASSIFIED,
                notes=[*notes, "no ingredient counts for this route"],
            ),
            unknown,
        )
    ate_mix = numerator / total
    category = category_of(route_key, ate_mix)
    bands = ate_bands()[route_key]
    return (
        RuleTrail(
            rule_id=rule_id,
            hazard_class=hazard_class,
            reference=reference,
            method="additivity formula",
            terms=terms,
            formula=formula,
            figure=ate_mix,
            threshold=f"category 4 up to {number(bands[-1].upper_inclusive)} {unit}",
            outcome=RuleOutcome.CLASSIFIED if category else RuleOutcome.NOT_CLASSIFIED,
            result=f"Acute Tox. {category}" if category else None,
            notes=[*notes, f"ATEmix = {number(ate_mix)} {unit}"],
        ),
        unknown,
    )


def _ingredient_ate(
    part: Part, route: ExposureRoute, route_key: str, criteria: Criteria
) -> tuple[float | None, str | None, str | None]:
    """(ATE used, the classification shown, a note) for one ingredient and route."""
    classified = part.strictest(f"acute_{route.value}")
    label = classified.label if classified else None
    value = _measured(part.toxicity, route, route_key)
    limit = ate_bands()[route_key][-1].upper_inclusive
    if criteria is Criteria.UN_GHS and route is not ExposureRoute.INHALATION:
        limit = GHS_CATEGORY_5_LIMIT
    if value is not None:
        ate, printed = value
        if ate.qualifier == ">" and ate.value >= limit:
            return None, label, f"{printed}: above the counted categories"
        amount = _in_table_unit(ate, route_key)
        if amount > limit:
            return None, label, f"{printed}: above the counted categories"
        note = f"from {printed}"
        if ate.qualifier == ">":
            note += " (a limit value, used as the estimate)"
        return amount, label, note
    if classified is not None:
        level = int(classified.category.level[0])
        band = ate_bands()[route_key][level - 1]
        return band.point_estimate, label, f"converted point estimate of category {level}"
    return None, None, None


def _measured(
    values: tuple[AcuteToxicityValue, ...], route: ExposureRoute, route_key: str
) -> tuple[AcuteToxicityValue, str] | None:
    usable = []
    for value in values:
        if value.route is not route:
            continue
        if route is ExposureRoute.INHALATION and _form_key(value) not in (None, route_key):
            continue
        usable.append(value)
    if not usable:
        return None
    # An ATE the supplier states wins; among measured values the lowest (most toxic) one.
    stated = [v for v in usable if v.measure.value == "ATE"] or usable
    best = min(stated, key=lambda v: _in_table_unit(v, route_key))
    printed = best.printed or f"{best.measure.value} {best.qualifier}{number(best.value)} {best.unit}"
    return best, printed.strip()


def _form_key(value: AcuteToxicityValue) -> str | None:
    if value.inhalation_form is not None:
        return _FORM_ROUTE[value.inhalation_form]
    unit = value.unit.lower().replace(" ", "")
    if unit.startswith("ppm"):
        return "inhalation_gases"
    return None


def _in_table_unit(value: AcuteToxicityValue, route_key: str) -> float:
    unit = value.unit.lower().replace(" ", "").replace("³", "3")
    amount = value.value
    if unit.startswith("mg/m3"):
        amount /= 1000.0
    elif unit.startswith("g/kg"):
        amount *= 1000.0
    if value.duration_hours and route_key.startswith("inhalation") and abs(value.duration_hours - 1) < 0.01:
        amount /= 4.0 if route_key == "inhalation_dusts_mists" else 2.0
    return amount
