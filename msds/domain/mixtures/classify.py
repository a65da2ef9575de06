"""The classification proposal of a mixture from its ingredients, by the CLP Annex I mixture rules.

Health and environmental hazards are computed (acute toxicity, skin/eye, sensitisers, CMR, STOT, aspiration,
endocrine disruption, PBT/PMT, aquatic, ozone); physical hazards are listed from the ingredients for the
expert, never computed (a mixture's flash point or oxidising properties are measured, not summed). The
result is a proposal for an expert's sign-off, with every rule's trail.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.classification import (
    ClassificationProposal,
    ListedPhysicalHazard,
    MixtureFacts,
    MixtureIngredient,
    ProposedHazard,
    RuleOutcome,
    RuleTrail,
    SupplementalStatement,
)
from msds.domain.mixtures.acute import acute_toxicity
from msds.domain.mixtures.aquatic import aquatic
from msds.domain.mixtures.categories import PHYSICAL, category_for
from msds.domain.mixtures.corrosion import skin_and_eye
from msds.domain.mixtures.ingredients import Part, prepare, supplemental_codes
from msds.domain.mixtures.labelling import label_elements
from msds.domain.mixtures.limits import concentration_limits
from msds.domain.mixtures.results import RuleResults, number

EUH210_TEXT = "Safety data sheet available on request."
# Annex II 2.10: an unclassified mixture needs EUH210 when it holds at least this much of such an ingredient.
_EUH210_LOW = frozenset({"skin_sens", "resp_sens", "carc", "repr", "lact"})


def classify_mixture(
    ingredients: Sequence[MixtureIngredient], facts: MixtureFacts | None = None
) -> ClassificationProposal:
    """Apply the mixture rules to the ingredients; ranges are taken at their upper bound."""
    facts = facts or MixtureFacts()
    parts = [prepare(ingredient) for ingredient in ingredients]
    results = RuleResults()
    for part in parts:
        results.warnings += part.warnings
    total = sum(part.concentration for part in parts)
    if total > 100.0 + 1e-6:
        results.warnings.append(
            f"the upper bounds of the concentrations add up to {number(total)} %: ranges taken at their "
            "upper bound overstate the mixture (the worst case the rules ask for)"
        )
    results.extend(acute_toxicity(parts, facts))
    results.extend(skin_and_eye(parts, facts))
    results.extend(concentration_limits(parts, facts))
    results.extend(aquatic(parts))
    results.extend(_physical(parts))
    results.extend(_listed_supplemental(ingredients, parts))
    hazards = _strongest_per_class(results.hazards)
    if not any(hazard.on_label for hazard in hazards):
        results.extend(_euh210(parts))
    elements = label_elements(hazards)
    return ClassificationProposal(
        hazards=hazards,
        h_codes=elements.h_codes,
        pictograms=elements.pictograms,
        signal_word=elements.signal_word,
        p_codes=elements.p_codes,
        p_codes_considered=elements.p_codes_considered,
        supplemental=_unique(results.supplemental),
        physical_hazards=results.physical,
        trail=results.trail,
        warnings=list(dict.fromkeys(results.warnings)),
        ingredients=list(ingredients),
    )


def _strongest_per_class(hazards: list[ProposedHazard]) -> list[ProposedHazard]:
    """One category per class (and per route, and per STOT SE 3 effect): the most severe."""
    kept: dict[str, ProposedHazard] = {}
    for hazard in hazards:
        row = category_for(hazard.category, hazard.h_code)
        key = row.key if row else hazard.category
        if key == "stot_se" and row is not None and row.level == "3":
            key = f"stot_se3_{hazard.h_code}"
        current = kept.get(key)
        if current is None or _rank(hazard) < _rank(current):
            kept[key] = hazard
    return list(kept.values())


def _rank(hazard: ProposedHazard) -> tuple[int, str]:
    row = category_for(hazard.category, hazard.h_code)
    level = row.level if row else "9"
    digits = "".join(ch for ch in level if ch.isdigit()) or "9"
    return int(digits), level[len(digits) :] or "Z"


def _physical(parts: list[Part]) -> RuleResults:
    results = RuleResults()
    for part in parts:
        for classified in part.classifications:
            if classified.category.key != PHYSICAL:
                continue
            results.physical.append(
                ListedPhysicalHazard(
                    ingredient=part.name,
                    cas=part.cas,
                    concentration=part.concentration,
                    category=classified.category.code,
                    h_code=classified.h_code,
                )
            )
    if results.physical:
        results.trail.append(
            RuleTrail(
                rule_id="PHYSICAL-LISTED",
                hazard_class="Physical hazards",
                reference="CLP Annex I Part 2",
                method="listed for the expert (mixtures are tested, not summed)",
                terms=[
                    part.term(classified.label)
                    for part in parts
                    for classified in part.classifications
                    if classified.category.key == PHYSICAL
                ],
                outcome=RuleOutcome.LISTED,
                notes=[
                    "decide from the mixture's own data (flash point, boiling point, oxidising tests ...)"
                ],
            )
        )
    return results


def _listed_supplemental(ingredients: Sequence[MixtureIngredient], parts: list[Part]) -> RuleResults:
    results = RuleResults()
    terms = []
    for ingredient, part in zip(ingredients, parts, strict=True):
        codes = supplemental_codes(ingredient)
        if codes:
            terms.append(part.term(", ".join(codes)))
    if terms:
        results.trail.append(
            RuleTrail(
                rule_id="EUH-LISTED",
                hazard_class="Supplemental hazard information",
                reference="CLP Annex II Part 1",
                method="listed for the expert",
                terms=terms,
                outcome=RuleOutcome.LISTED,
                notes=["ingredients' EUH statements do not pass to a mixture by a rule; the expert decides"],
            )
        )
    return results


def _euh210(parts: list[Part]) -> RuleResults:
    results = RuleResults()
    terms = []
    for part in parts:
        for classified in part.classifications:
            key = classified.category.key
            if key == PHYSICAL:
                continue
            limit = 0.1 if key in _EUH210_LOW else 1.0
            if part.concentration >= limit - 1e-12:
                terms.append(part.term(classified.label, value=limit, value_label="limit %"))
                break
    if terms:
        results.supplemental.append(
            SupplementalStatement(code="EUH210", text_en=EUH210_TEXT, rule_id="EUH210")
        )
        results.trail.append(
            RuleTrail(
                rule_id="EUH210",
                hazard_class="Supplemental label elements",
                reference="CLP Annex II 2.10",
                method="unclassified mixture holding classified ingredients",
                terms=terms,
                outcome=RuleOutcome.LABEL_ONLY,
                result="EUH210",
            )
        )
    return results


def _unique(statements: list[SupplementalStatement]) -> list[SupplementalStatement]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for statement in statements:
        key = (statement.code, statement.text_en)
        if key not in seen:
            seen.add(key)
            out.append(statement)
    return out
