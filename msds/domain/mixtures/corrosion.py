"""Skin corrosion/irritation and serious eye damage/eye irritation by summation (CLP Annex I Tables 3.2.3 and
3.3.3), with specific concentration limits in place of the generic ones (3.2.3.3.6, 3.3.3.3.5).

Without specific limits the rules read::

    Skin Corr. 1    sum(Skin Corr. 1A, 1B, 1C) >= 5 %
    Skin Irrit. 2   10 x sum(Skin Corr. 1) + sum(Skin Irrit. 2) >= 10 %
    Eye Dam. 1      sum(Skin Corr. 1) + sum(Eye Dam. 1) >= 3 %
    Eye Irrit. 2    10 x (sum(Skin Corr. 1) + sum(Eye Dam. 1)) + sum(Eye Irrit. 2) >= 10 %

Each is the same as sum(Ci / Li) >= 1 with Li the generic limit of the ingredient's part (5 %; 1 % for a
corrosive ingredient in the irritation sum, i.e. the factor 10; 10 % for an irritant; 3 % and 1 % for eyes).
An ingredient with a specific limit for the category uses it as Li. Sub-categories of skin corrosion: the sum
of 1A ingredients decides 1A, of 1A+1B 1B, of all 1C; an ingredient of category 1 without sub-category gives
category 1. A mixture classified Skin Corr. 1 is also Eye Dam. 1 (H318 is not labelled beside H314, Art. 27).
Ingredients count from 1 %, or from their specific limit when that is lower. A measured pH <= 2 or >= 11.5
gives Skin Corr. 1 and Eye Dam. 1 (3.2.3.1.2). An ingredient with a pH <= 2 or >= 11.5 at 1 % or more is one
for which additivity may not apply (Table 3.2.4): the conservative reading, Skin Corr. 1 and Eye Dam. 1, is
proposed, with the additive sums still shown for the expert's judgement.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.classification import MixtureFacts, ProposedHazard, RuleOutcome, RuleTrail, TrailTerm
from msds.domain.mixtures.ingredients import Limit, Part
from msds.domain.mixtures.results import RuleResults, number

RELEVANT = 1.0


@dataclass(frozen=True, slots=True)
class _Tier:
    """One summation: which ingredient categories count, with what generic limit, giving what."""

    rule_id: str
    hazard_class: str
    reference: str
    result: str
    h_code: str
    members: tuple[
        tuple[str, tuple[str, ...], float, str], ...
    ]  # (class key, levels, generic limit, SCL for)
    plain: str  # the generic form of the rule


_SKIN_CORR = _Tier(
    "SKIN-1",
    "Skin corrosion/irritation",
    "CLP Annex I Table 3.2.3",
    "Skin Corr. 1",
    "H314",
    (("skin", ("1", "1A", "1B", "1C"), 5.0, "Skin Corr."),),
    "sum(Skin Corr. 1) >= 5 %",
)
_SKIN_IRRIT = _Tier(
    "SKIN-2c",
    "Skin corrosion/irritation",
    "CLP Annex I Table 3.2.3",
    "Skin Irrit. 2",
    "H315",
    (("skin", ("1", "1A", "1B", "1C"), 1.0, "Skin Irrit."), ("skin", ("2",), 10.0, "Skin Irrit.")),
    "(10 x sum(Skin Corr. 1)) + sum(Skin Irrit. 2) >= 10 %",
)
_EYE_DAM = _Tier(
    "EYE-1",
    "Serious eye damage/eye irritation",
    "CLP Annex I Table 3.3.3",
    "Eye Dam. 1",
    "H318",
    (("skin", ("1", "1A", "1B", "1C"), 3.0, "Eye Dam."), ("eye", ("1",), 3.0, "Eye Dam.")),
    "sum(Skin Corr. 1) + sum(Eye Dam. 1) >= 3 %",
)
_EYE_IRRIT = _Tier(
    "EYE-2c",
    "Serious eye damage/eye irritation",
    "CLP Annex I Table 3.3.3",
    "Eye Irrit. 2",
    "H319",
    (
        ("skin", ("1", "1A", "1B", "1C"), 1.0, "Eye Irrit."),
        ("eye", ("1",), 1.0, "Eye Irrit."),
        ("eye", ("2",), 10.0, "Eye Irrit."),
    ),
    "10 x (sum(Skin Corr. 1) + sum(Eye Dam. 1)) + sum(Eye Irrit. 2) >= 10 %",
)


def skin_and_eye(parts: list[Part], facts: MixtureFacts) -> RuleResults:
    results = RuleResults()
    if facts.ph is not None and (facts.ph <= 2 or facts.ph >= 11.5):
        trail = RuleTrail(
            rule_id="SKIN-PH",
            hazard_class="Skin corrosion/irritation",
            reference="CLP Annex I 3.2.3.1.2",
            method="mixture pH",
            formula=f"pH = {number(facts.ph)}",
            figure=facts.ph,
            threshold="pH <= 2 or pH >= 11.5",
            outcome=RuleOutcome.CLASSIFIED,
            result="Skin Corr. 1",
            notes=["unless the acid/alkaline reserve shows the mixture is not corrosive"],
        )
        results.trail.append(trail)
        results.hazards.append(ProposedHazard(category="Skin Corr. 1", h_code="H314", rule_id="SKIN-PH"))
        results.hazards.append(
            ProposedHazard(category="Eye Dam. 1", h_code="H318", rule_id="SKIN-PH", on_label=False)
        )
        return results

    extreme = [
        p for p in parts if p.ph is not None and (p.ph <= 2 or p.ph >= 11.5) and p.concentration >= 1.0
    ]
    if extreme:
        for tier in (_SKIN_CORR, _SKIN_IRRIT, _EYE_DAM, _EYE_IRRIT):
            results.trail.append(_sum(parts, tier)[1])
        results.trail.append(
            RuleTrail(
                rule_id="SKIN-NA-1",
                hazard_class="Skin corrosion/irritation",
                reference="CLP Annex I 3.2.3.3.4, Table 3.2.4; 3.3.3.3.4, Table 3.3.4",
                method="additivity not applicable (extreme pH ingredient)",
                terms=[p.term(f"pH {number(p.ph or 0)}", value=1.0, value_label="limit %") for p in extreme],
                threshold=">= 1 %",
                outcome=RuleOutcome.CLASSIFIED,
                result="Skin Corr. 1",
                notes=["expert judgement: additivity may not apply; the conservative reading is proposed"],
            )
        )
        results.hazards.append(ProposedHazard(category="Skin Corr. 1", h_code="H314", rule_id="SKIN-NA-1"))
        results.hazards.append(
            ProposedHazard(category="Eye Dam. 1", h_code="H318", rule_id="SKIN-NA-1", on_label=False)
        )
        return results

    corrosive, trail = _sum(parts, _SKIN_CORR)
    if corrosive >= 1.0 - 1e-9:
        category = _sub_category(parts)
        trail.result = category
        results.trail.append(trail)
        results.hazards.append(ProposedHazard(category=category, h_code="H314", rule_id="SKIN-1"))
        results.hazards.append(
            ProposedHazard(category="Eye Dam. 1", h_code="H318", rule_id="SKIN-1", on_label=False)
        )
        results.trail.append(
            RuleTrail(
                rule_id="EYE-FROM-SKIN",
                hazard_class="Serious eye damage/eye irritation",
                reference="CLP Annex I 3.3.3.3; Art. 27",
                method="implied by skin corrosion",
                outcome=RuleOutcome.CLASSIFIED,
                result="Eye Dam. 1",
                notes=["H318 is not labelled beside H314 (Art. 27)"],
            )
        )
        return results
    results.trail.append(trail)
    irritant, trail = _sum(parts, _SKIN_IRRIT)
    results.trail.append(trail)
    if irritant >= 1.0 - 1e-9:
        results.hazards.append(ProposedHazard(category="Skin Irrit. 2", h_code="H315", rule_id="SKIN-2c"))

    damage, trail = _sum(parts, _EYE_DAM)
    results.trail.append(trail)
    if damage >= 1.0 - 1e-9:
        results.hazards.append(ProposedHazard(category="Eye Dam. 1", h_code="H318", rule_id="EYE-1"))
        return results
    eye_irritant, trail = _sum(parts, _EYE_IRRIT)
    results.trail.append(trail)
    if eye_irritant >= 1.0 - 1e-9:
        results.hazards.append(ProposedHazard(category="Eye Irrit. 2", h_code="H319", rule_id="EYE-2c"))
    return results


def _sum(parts: list[Part], tier: _Tier) -> tuple[float, RuleTrail]:
    """sum(Ci / Li) over the tier's ingredients, with the trail that shows it."""
    terms: list[TrailTerm] = []
    total = 0.0
    uses_scl = False
    for part in parts:
        for key, levels, generic, scl_for in tier.members:
            classified = part.strictest(key)
            if classified is None or classified.category.level not in levels:
                continue
            limit = _specific(part.limits_for(key), part.limits_for("eye"), scl_for)
            divisor = limit.low if limit is not None else generic
            relevant = min(RELEVANT, divisor)
            if part.concentration < relevant:
                terms.append(part.term(classified.label, note=f"below the {number(relevant)} % cut-off"))
                break
            contribution = part.concentration / divisor
            total += contribution
            note = f"specific limit {limit.printed}" if limit is not None else None
            uses_scl = uses_scl or limit is not None
            terms.append(
                part.term(
                    classified.label,
                    value=divisor,
                    value_label="limit %",
                    contribution=contribution,
                    note=note,
                )
            )
            break
    counted = [t for t in terms if t.contribution is not None]
    formula = "sum(Ci / Li) = " + (
        " + ".join(f"{number(t.concentration)}/{number(t.value or 0)}" for t in counted) or "0"
    )
    notes = [] if uses_scl else [f"generic form: {tier.plain}; weighted sum {number(total * _scale(tier))} %"]
    trail = RuleTrail(
        rule_id=tier.rule_id if not uses_scl else f"{tier.rule_id}-SCL",
        hazard_class=tier.hazard_class,
        reference=tier.reference + ("; 3.2.3.3.6 / 3.3.3.3.5 (specific limits)" if uses_scl else ""),
        method="summation",
        terms=terms,
        formula=formula,
        figure=total,
        threshold=">= 1",
        outcome=RuleOutcome.CLASSIFIED if total >= 1.0 - 1e-9 else RuleOutcome.NOT_CLASSIFIED,
        result=tier.result if total >= 1.0 - 1e-9 else None,
        notes=notes,
    )
    return total, trail


def _scale(tier: _Tier) -> float:
    """The generic threshold in %, to show the weighted sum the way Tables 3.2.3/3.3.3 state it."""
    return {"SKIN-1": 5.0, "SKIN-2c": 10.0, "EYE-1": 3.0, "EYE-2c": 10.0}[tier.rule_id]


def _specific(skin_limits: list[Limit], eye_limits: list[Limit], scl_for: str) -> Limit | None:
    """The ingredient's specific limit for the category the tier gives (the lowest bound printed)."""
    candidates = [limit for limit in skin_limits + eye_limits if limit.category.code.startswith(scl_for)]
    return min(candidates, key=lambda limit: limit.low) if candidates else None


def _sub_category(parts: list[Part]) -> str:
    """1A, 1B or 1C from the sums of the sub-categories; category 1 when an ingredient has none."""
    sums = {"1A": 0.0, "1B": 0.0, "1C": 0.0}
    unspecified = False
    for part in parts:
        classified = part.strictest("skin")
        if classified is None or classified.category.level not in ("1", "1A", "1B", "1C"):
            continue
        limit = _specific(part.limits_for("skin"), [], "Skin Corr.")
        divisor = limit.low if limit is not None else 5.0
        if part.concentration < min(RELEVANT, divisor):
            continue
        if classified.category.level == "1":
            unspecified = True
            continue
        sums[classified.category.level] += part.concentration / divisor
    if unspecified:
        return "Skin Corr. 1"
    if sums["1A"] >= 1.0 - 1e-9:
        return "Skin Corr. 1A"
    if sums["1A"] + sums["1B"] >= 1.0 - 1e-9:
        return "Skin Corr. 1B"
    return "Skin Corr. 1C"
