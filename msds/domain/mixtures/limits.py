"""Classes decided by each ingredient's concentration against a limit (no summation), and the two sums that
are not skin/eye/aquatic: STOT SE 3 (3.8.3.4.5) and aspiration (3.10.3.3.1.2).

Generic concentration limits (CLP Annex I), replaced by an ingredient's specific limits where printed:

- sensitisers (Table 3.4.5): Skin/Resp. Sens. 1 and 1B >= 1 % (Resp. Sens. gases 0.2 %), 1A >= 0.1 %;
  below them but at >= 1/10 of the limit the label needs EUH208 "Contains <name>. May produce an allergic
  reaction." (Table 3.4.6, Annex II 2.8), unless the mixture is classified as that sensitiser anyway;
- CMR (Tables 3.5.2, 3.6.2, 3.7.2): category 1A/1B >= 0.1 % (reproductive 0.3 %), category 2 >= 1 %
  (reproductive 3 %), lactation >= 0.3 %;
- STOT SE/RE (Tables 3.8.3, 3.9.4): category 1 >= 10 % gives 1, 1-10 % gives 2; category 2 >= 10 % gives 2;
  STOT SE 3 when the ingredients with the same effect (H335, H336) sum to >= 20 %;
- aspiration: Asp. Tox. 1 ingredients summing to >= 10 % with a kinematic viscosity <= 20.5 mm2/s at 40 C;
- endocrine disruption, PBT/vPvB, PMT/vPvM (Reg. 2023/707) and the ozone layer: 0.1 % (category 2: 1 %).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.classification import (
    MixtureFacts,
    PhysicalState,
    ProposedHazard,
    RuleOutcome,
    RuleTrail,
    SupplementalStatement,
    TrailTerm,
)
from msds.domain.mixtures.categories import category_for
from msds.domain.mixtures.ingredients import Classified, Part
from msds.domain.mixtures.results import RuleResults, number


@dataclass(frozen=True, slots=True)
class _Gcl:
    """Ingredient category -> (limit, mixture category it gives); ``below`` a lower band (STOT 1 -> 2)."""

    level: str
    limit: float
    gives: str
    below: tuple[float, str] | None = None


@dataclass(frozen=True, slots=True)
class _Class:
    key: str
    name: str
    reference: str
    rule_prefix: str
    limits: tuple[_Gcl, ...]


_CLASSES: tuple[_Class, ...] = (
    _Class(
        "skin_sens",
        "Skin sensitisation",
        "CLP Annex I Table 3.4.5",
        "SENS",
        (_Gcl("1", 1.0, "Skin Sens. 1"), _Gcl("1A", 0.1, "Skin Sens. 1"), _Gcl("1B", 1.0, "Skin Sens. 1")),
    ),
    _Class(
        "resp_sens",
        "Respiratory sensitisation",
        "CLP Annex I Table 3.4.5",
        "SENS",
        (_Gcl("1", 1.0, "Resp. Sens. 1"), _Gcl("1A", 0.1, "Resp. Sens. 1"), _Gcl("1B", 1.0, "Resp. Sens. 1")),
    ),
    _Class(
        "muta",
        "Germ cell mutagenicity",
        "CLP Annex I Table 3.5.2",
        "GCL-Muta",
        (_Gcl("1A", 0.1, "Muta. 1A"), _Gcl("1B", 0.1, "Muta. 1B"), _Gcl("2", 1.0, "Muta. 2")),
    ),
    _Class(
        "carc",
        "Carcinogenicity",
        "CLP Annex I Table 3.6.2",
        "GCL-Carc",
        (_Gcl("1A", 0.1, "Carc. 1A"), _Gcl("1B", 0.1, "Carc. 1B"), _Gcl("2", 1.0, "Carc. 2")),
    ),
    _Class(
        "repr",
        "Reproductive toxicity",
        "CLP Annex I Table 3.7.2",
        "GCL-Repr",
        (_Gcl("1A", 0.3, "Repr. 1A"), _Gcl("1B", 0.3, "Repr. 1B"), _Gcl("2", 3.0, "Repr. 2")),
    ),
    _Class(
        "lact",
        "Effects on or via lactation",
        "CLP Annex I Table 3.7.2",
        "GCL-Lact",
        (_Gcl("1", 0.3, "Lact."),),
    ),
    _Class(
        "stot_se",
        "Specific target organ toxicity, single exposure",
        "CLP Annex I Table 3.8.3",
        "STOT-SE",
        (_Gcl("1", 10.0, "STOT SE 1", below=(1.0, "STOT SE 2")), _Gcl("2", 10.0, "STOT SE 2")),
    ),
    _Class(
        "stot_re",
        "Specific target organ toxicity, repeated exposure",
        "CLP Annex I Table 3.9.4",
        "STOT-RE",
        (_Gcl("1", 10.0, "STOT RE 1", below=(1.0, "STOT RE 2")), _Gcl("2", 10.0, "STOT RE 2")),
    ),
    _Class(
        "ed_hh",
        "Endocrine disruption for human health",
        "CLP Annex I 3.11 (Reg. 2023/707)",
        "ED-HH",
        (_Gcl("1", 0.1, "ED HH 1"), _Gcl("2", 1.0, "ED HH 2")),
    ),
    _Class(
        "ed_env",
        "Endocrine disruption for the environment",
        "CLP Annex I 4.2 (Reg. 2023/707)",
        "ED-ENV",
        (_Gcl("1", 0.1, "ED ENV 1"), _Gcl("2", 1.0, "ED ENV 2")),
    ),
    _Class("pbt", "PBT", "CLP Annex I 4.3 (Reg. 2023/707)", "GCL-PBT", (_Gcl("1", 0.1, "PBT"),)),
    _Class("vpvb", "vPvB", "CLP Annex I 4.3 (Reg. 2023/707)", "GCL-vPvB", (_Gcl("1", 0.1, "vPvB"),)),
    _Class("pmt", "PMT", "CLP Annex I 4.4 (Reg. 2023/707)", "GCL-PMT", (_Gcl("1", 0.1, "PMT"),)),
    _Class("vpvm", "vPvM", "CLP Annex I 4.4 (Reg. 2023/707)", "GCL-vPvM", (_Gcl("1", 0.1, "vPvM"),)),
    _Class(
        "ozone",
        "Hazardous to the ozone layer",
        "CLP Annex I Table 5.1",
        "OZONE",
        (_Gcl("1", 0.1, "Ozone 1"),),
    ),
)

_SEVERITY = {"1A": 0, "1B": 1, "1": 1, "2": 2, "3": 3}
EUH208_TEXT = "Contains {names}. May produce an allergic reaction."
STOT_SE3_LIMIT = 20.0
ASPIRATION_LIMIT = 10.0
ASPIRATION_VISCOSITY = 20.5


def concentration_limits(parts: list[Part], facts: MixtureFacts) -> RuleResults:
    results = RuleResults()
    for hazard_class in _CLASSES:
        results.extend(_individual(parts, hazard_class, facts))
    results.extend(_stot_se3(parts))
    results.extend(_aspiration(parts, facts))
    return results


def _individual(parts: list[Part], hazard_class: _Class, facts: MixtureFacts) -> RuleResults:
    results = RuleResults()
    terms: list[TrailTerm] = []
    given: list[tuple[str, str, Classified]] = []  # (mixture category, rule id, ingredient classification)
    elicitation: list[Part] = []
    for part in parts:
        classified = part.strictest(hazard_class.key)
        if classified is None:
            continue
        level = classified.category.level
        gcl = next((g for g in hazard_class.limits if g.level == level), None)
        if gcl is None:  # STOT SE 3 sums by effect (_stot_se3), it has no individual limit
            continue
        limit = gcl.limit
        if hazard_class.key == "resp_sens" and facts.physical_state is PhysicalState.GAS and level != "1A":
            limit = 0.2
        specific = [s for s in part.limits_for(hazard_class.key) if s.holds(part.concentration)]
        own_limits = part.limits_for(hazard_class.key)
        if specific:
            chosen = min(specific, key=lambda s: _SEVERITY.get(s.category.level, 9))
            gives = _mixture_category(hazard_class, chosen.category.code)
            given.append((gives, f"{hazard_class.rule_prefix}-SCL", classified))
            terms.append(
                part.term(
                    classified.label,
                    value=chosen.low,
                    value_label="specific limit %",
                    note=f"{chosen.printed} -> {gives}",
                )
            )
            continue
        if own_limits:
            lowest = min(s.low for s in own_limits)
            terms.append(
                part.term(
                    classified.label,
                    value=lowest,
                    value_label="specific limit %",
                    note="below its specific limits",
                )
            )
            if hazard_class.key in ("skin_sens", "resp_sens") and part.concentration >= lowest / 10:
                elicitation.append(part)
            continue
        if part.concentration >= limit - 1e-12:
            given.append((gcl.gives, f"{hazard_class.rule_prefix}-{level}", classified))
            terms.append(
                part.term(
                    classified.label, value=limit, value_label="generic limit %", note=f"-> {gcl.gives}"
                )
            )
        elif gcl.below is not None and part.concentration >= gcl.below[0] - 1e-12:
            given.append((gcl.below[1], f"{hazard_class.rule_prefix}-{level}to2", classified))
            terms.append(
                part.term(
                    classified.label,
                    value=gcl.below[0],
                    value_label="generic limit %",
                    note=f"-> {gcl.below[1]}",
                )
            )
        else:
            terms.append(
                part.term(
                    classified.label, value=limit, value_label="generic limit %", note="below the limit"
                )
            )
            if hazard_class.key in ("skin_sens", "resp_sens") and part.concentration >= limit / 10 - 1e-12:
                elicitation.append(part)
            if hazard_class.key == "carc" and level == "2" and part.concentration >= 0.1:
                results.warnings.append(
                    f"{part.name} (Carc. 2) at {number(part.concentration)} %: no classification, but a "
                    "safety data sheet must be supplied on request (REACH Art. 31(3))"
                )
    if not terms:
        return results
    best = min(given, key=lambda g: _SEVERITY.get(_level(g[0]), 9)) if given else None
    if best is not None:
        h_code = _h_code(hazard_class, best[0], [g[2] for g in given if g[0] == best[0]])
        results.hazards.append(ProposedHazard(category=best[0], h_code=h_code, rule_id=best[1]))
    results.trail.append(
        RuleTrail(
            rule_id=best[1] if best else f"{hazard_class.rule_prefix}-GCL",
            hazard_class=hazard_class.name,
            reference=hazard_class.reference,
            method="concentration limit per ingredient",
            terms=terms,
            outcome=RuleOutcome.CLASSIFIED if best else RuleOutcome.NOT_CLASSIFIED,
            result=best[0] if best else None,
        )
    )
    if elicitation and best is None:
        names = ", ".join(part.name for part in elicitation)
        results.supplemental.append(
            SupplementalStatement(
                code="EUH208",
                text_en=EUH208_TEXT.format(names=names),
                parameters={"names": names},
                rule_id="EUH208",
            )
        )
        results.trail.append(
            RuleTrail(
                rule_id="EUH208",
                hazard_class=hazard_class.name,
                reference="CLP Annex I Table 3.4.6; Annex II 2.8",
                method="elicitation limit (labelling only)",
                terms=[
                    part.term(note="at or above 1/10 of its classification limit") for part in elicitation
                ],
                outcome=RuleOutcome.LABEL_ONLY,
                result="EUH208",
            )
        )
    return results


def _level(category: str) -> str:
    return category.rsplit(" ", 1)[-1] if category[-1].isdigit() or category[-1] in "ABC" else "1"


def _mixture_category(hazard_class: _Class, ingredient_category: str) -> str:
    if hazard_class.key in ("skin_sens", "resp_sens"):
        return hazard_class.limits[0].gives
    return ingredient_category


def _h_code(hazard_class: _Class, category: str, sources: list[Classified]) -> str | None:
    row = category_for(category)
    if hazard_class.key != "repr":
        codes = [s.h_code for s in sources if row and s.h_code in row.h_codes]
        return codes[0] if codes else (row.h_codes[0] if row and row.h_codes else None)
    return _repr_code(category, sources)


def _repr_code(category: str, sources: list[Classified]) -> str:
    """H360/H361 with the F/D (f/d) letters of the ingredients that give the category."""
    first = not category.endswith("2")
    letters = ""
    for source in sources:
        suffix = source.h_code[4:]
        for letter in suffix:
            if letter.upper() not in letters.upper():
                letters += letter.upper() if first and letter.isupper() else letter
    if first:
        ordered = "".join(sorted((c for c in letters if c.isupper()), key="FD".index))
        ordered += "".join(
            sorted((c for c in letters if c.islower() and c.upper() not in ordered), key="fd".index)
        )
        return "H360" + ordered
    return "H361" + "".join(sorted({c.lower() for c in letters}, key="fd".index))


def _stot_se3(parts: list[Part]) -> RuleResults:
    results = RuleResults()
    for h_code, effect in (("H335", "respiratory tract irritation"), ("H336", "narcotic effects")):
        terms = []
        total = 0.0
        for part in parts:
            if not any(c.category.key == "stot_se" and c.h_code == h_code for c in part.classifications):
                continue
            if part.concentration < 1.0:
                terms.append(part.term(f"STOT SE 3 {h_code}", note="below 1 %"))
                continue
            total += part.concentration
            terms.append(part.term(f"STOT SE 3 {h_code}", contribution=part.concentration))
        if not terms:
            continue
        classified = total >= STOT_SE3_LIMIT - 1e-9
        results.trail.append(
            RuleTrail(
                rule_id="STOT-SE-3",
                hazard_class=f"Specific target organ toxicity, single exposure ({effect})",
                reference="CLP Annex I 3.8.3.4.5",
                method="summation (guidance value)",
                terms=terms,
                formula=" + ".join(number(t.concentration) for t in terms if t.contribution)
                + f" = {number(total)} %",
                figure=total,
                threshold=">= 20 %",
                outcome=RuleOutcome.CLASSIFIED if classified else RuleOutcome.NOT_CLASSIFIED,
                result="STOT SE 3" if classified else None,
                notes=["a guidance value: the expert may decide otherwise"],
            )
        )
        if classified:
            results.hazards.append(ProposedHazard(category="STOT SE 3", h_code=h_code, rule_id="STOT-SE-3"))
    return results


def _aspiration(parts: list[Part], facts: MixtureFacts) -> RuleResults:
    results = RuleResults()
    terms = [
        part.term("Asp. Tox. 1", contribution=part.concentration) for part in parts if part.strictest("asp")
    ]
    if not terms:
        return results
    total = sum(t.concentration for t in terms)
    viscosity = facts.kinematic_viscosity_mm2_s
    enough = total >= ASPIRATION_LIMIT - 1e-9
    thin = viscosity is None or viscosity <= ASPIRATION_VISCOSITY
    notes = []
    if viscosity is None:
        notes.append("kinematic viscosity at 40 C not given: assumed <= 20.5 mm2/s; check it")
    else:
        notes.append(f"kinematic viscosity {number(viscosity)} mm2/s at 40 C")
    classified = enough and thin and facts.physical_state is not PhysicalState.GAS
    results.trail.append(
        RuleTrail(
            rule_id="ASP-1",
            hazard_class="Aspiration hazard",
            reference="CLP Annex I 3.10.3.3.1.2",
            method="summation + viscosity",
            terms=terms,
            formula=" + ".join(number(t.concentration) for t in terms) + f" = {number(total)} %",
            figure=total,
            threshold=">= 10 % and <= 20.5 mm2/s",
            outcome=RuleOutcome.CLASSIFIED if classified else RuleOutcome.NOT_CLASSIFIED,
            result="Asp. Tox. 1" if classified else None,
            notes=notes,
        )
    )
    if classified:
        results.hazards.append(ProposedHazard(category="Asp. Tox. 1", h_code="H304", rule_id="ASP-1"))
    return results
