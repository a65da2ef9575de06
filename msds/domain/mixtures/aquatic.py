"""Hazards to the aquatic environment by the summation method with M-factors (CLP Annex I 4.1.3.5.5,
Tables 4.1.1 and 4.1.2)::

    Aquatic Acute 1     sum(M x Acute 1) >= 25 %
    Aquatic Chronic 1   sum(M x Chronic 1) >= 25 %
    Aquatic Chronic 2   sum(M x 10 x Chronic 1) + sum(Chronic 2) >= 25 %
    Aquatic Chronic 3   sum(M x 100 x Chronic 1) + sum(10 x Chronic 2) + sum(Chronic 3) >= 25 %
    Aquatic Chronic 4   sum(Chronic 1) + sum(Chronic 2) + sum(Chronic 3) + sum(Chronic 4) >= 25 %

Acute 1 and Chronic 1 ingredients count from 0.1/M %, Chronic 2-4 from 1 % (4.1.3.1). An M-factor the sheet
does not print is taken as 1 (and said). Ingredients nothing is known about, at 1 % or more, are the unknown
share: the mixture is classified on the known ones, with the statement "x % of the mixture consists of
component(s) of unknown hazards to the aquatic environment" (4.1.3.6.1).
"""

from __future__ import annotations

from models.classification import ProposedHazard, RuleOutcome, RuleTrail, SupplementalStatement, TrailTerm
from msds.domain.mixtures.ingredients import Part
from msds.domain.mixtures.results import RuleResults, number

LIMIT = 25.0
REFERENCE_ACUTE = "CLP Annex I Table 4.1.1"
REFERENCE_CHRONIC = "CLP Annex I Table 4.1.2"


def aquatic(parts: list[Part]) -> RuleResults:
    results = RuleResults()
    acute: list[tuple[Part, int]] = []
    chronic: dict[str, list[tuple[Part, int]]] = {"1": [], "2": [], "3": [], "4": []}
    unknown = 0.0
    for part in parts:
        if part.unknown:
            if part.concentration >= 1.0:
                unknown += part.concentration
            continue
        if part.strictest("aquatic_acute") is not None:
            m = _m(part, part.m_acute, part.m_chronic, "acute", results)
            if part.concentration >= 0.1 / m:
                acute.append((part, m))
        classified = part.strictest("aquatic_chronic")
        if classified is not None:
            level = classified.category.level
            m = _m(part, part.m_chronic, part.m_acute, "chronic", results) if level == "1" else 1
            cut_off = 0.1 / m if level == "1" else 1.0
            if part.concentration >= cut_off:
                chronic[level].append((part, m))
    if acute:
        total = sum(part.concentration * m for part, m in acute)
        terms = [_term(part, "Aquatic Acute 1", m, part.concentration * m) for part, m in acute]
        results.trail.append(
            _trail(
                "AQ-ACUTE-1",
                "Hazardous to the aquatic environment, acute",
                REFERENCE_ACUTE,
                terms,
                "sum(M x Acute 1)",
                total,
                "Aquatic Acute 1",
            )
        )
        if total >= LIMIT - 1e-9:
            results.hazards.append(
                ProposedHazard(category="Aquatic Acute 1", h_code="H400", rule_id="AQ-ACUTE-1")
            )
    if any(chronic.values()):
        results.extend(_chronic(chronic))
    if unknown:
        share = number(unknown)
        results.supplemental.append(
            SupplementalStatement(
                code=None,
                text_en=f"{share} % of the mixture consists of component(s) of unknown hazards to the "
                "aquatic environment",
                parameters={"percent": share},
                rule_id="AQ-UNKNOWN",
            )
        )
    return results


def _chronic(chronic: dict[str, list[tuple[Part, int]]]) -> RuleResults:
    results = RuleResults()
    c1 = sum(part.concentration * m for part, m in chronic["1"])
    c1_plain = sum(part.concentration for part, _ in chronic["1"])
    c2 = sum(part.concentration for part, _ in chronic["2"])
    c3 = sum(part.concentration for part, _ in chronic["3"])
    c4 = sum(part.concentration for part, _ in chronic["4"])
    tiers = (
        ("AQ-CHRONIC-1", "Aquatic Chronic 1", "H410", c1, "sum(M x Chronic 1)", {"1": 1}),
        (
            "AQ-CHRONIC-2",
            "Aquatic Chronic 2",
            "H411",
            10 * c1 + c2,
            "sum(M x 10 x Chronic 1) + sum(Chronic 2)",
            {"1": 10, "2": 1},
        ),
        (
            "AQ-CHRONIC-3",
            "Aquatic Chronic 3",
            "H412",
            100 * c1 + 10 * c2 + c3,
            "sum(M x 100 x Chronic 1) + sum(10 x Chronic 2) + sum(Chronic 3)",
            {"1": 100, "2": 10, "3": 1},
        ),
        (
            "AQ-CHRONIC-4",
            "Aquatic Chronic 4",
            "H413",
            c1_plain + c2 + c3 + c4,
            "sum(Chronic 1) + sum(Chronic 2) + sum(Chronic 3) + sum(Chronic 4)",
            {"1": 1, "2": 1, "3": 1, "4": 1},
        ),
    )
    for rule_id, category, h_code, total, formula, weights in tiers:
        terms = []
        for level, weight in weights.items():
            for part, m in chronic[level]:
                factor = weight * (m if level == "1" and rule_id != "AQ-CHRONIC-4" else 1)
                terms.append(_term(part, f"Aquatic Chronic {level}", factor, part.concentration * factor))
        if not terms:
            continue
        results.trail.append(
            _trail(
                rule_id,
                "Hazardous to the aquatic environment, long-term",
                REFERENCE_CHRONIC,
                terms,
                formula,
                total,
                category,
            )
        )
        if total >= LIMIT - 1e-9:
            results.hazards.append(ProposedHazard(category=category, h_code=h_code, rule_id=rule_id))
            break
    return results


def _m(part: Part, own: int | None, other: int | None, kind: str, results: RuleResults) -> int:
    if own is not None:
        return own
    if other is not None:
        results.warnings.append(f"{part.name}: no {kind} M-factor printed; the other one ({other}) is used")
        return other
    results.warnings.append(
        f"{part.name}: no M-factor printed for its {kind} aquatic category; M = 1 is used"
    )
    return 1


def _term(part: Part, classification: str, factor: float, contribution: float) -> TrailTerm:
    return part.term(classification, value=factor, value_label="factor", contribution=contribution)


def _trail(
    rule_id: str,
    hazard_class: str,
    reference: str,
    terms: list[TrailTerm],
    formula: str,
    total: float,
    result: str,
) -> RuleTrail:
    numbers = " + ".join(f"{number(t.value or 1)} x {number(t.concentration)}" for t in terms)
    classified = total >= LIMIT - 1e-9
    return RuleTrail(
        rule_id=rule_id,
        hazard_class=hazard_class,
        reference=reference,
        method="summation with M-factors",
        terms=terms,
        formula=f"{formula} = {numbers} = {number(total)} %",
        figure=total,
        threshold=">= 25 %",
        outcome=RuleOutcome.CLASSIFIED if classified else RuleOutcome.NOT_CLASSIFIED,
        result=result if classified else None,
    )
