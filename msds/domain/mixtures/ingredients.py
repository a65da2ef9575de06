"""Ingredients as the mixture rules see them: one concentration (the upper bound), classifications resolved
to table categories, specific limits resolved to the categories they are for."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.classification import MixtureIngredient, TrailTerm
from models.composition import AcuteToxicityValue, SpecificLimit
from msds.domain.mixtures.categories import Category, category_for, find_categories
from msds.domain.statement_codes import find_codes


@dataclass(frozen=True, slots=True)
class Classified:
    """One classification of an ingredient; ``inferred`` when only the H-code was printed."""

    category: Category
    h_code: str
    inferred: bool

    @property
    def label(self) -> str:
        suffix = f" (from {self.h_code})" if self.inferred else ""
        return f"{self.category.code} {self.h_code}{suffix}"


@dataclass(frozen=True, slots=True)
class Limit:
    """A specific concentration limit: the ingredient gives ``category`` from ``low`` (to ``high``) %."""

    category: Category
    low: float
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    printed: str

    def holds(self, concentration: float) -> bool:
        above = concentration >= self.low if self.low_inclusive else concentration > self.low
        if self.high is None:
            return above
        below = concentration <= self.high if self.high_inclusive else concentration < self.high
        return above and below


@dataclass(frozen=True)
class Part:
    """One ingredient ready for the rules."""

    name: str
    cas: str | None
    concentration: float
    classifications: tuple[Classified, ...]
    m_acute: int | None
    m_chronic: int | None
    limits: tuple[Limit, ...]
    toxicity: tuple[AcuteToxicityValue, ...]
    unknown: bool
    source: str
    acute_unknown_routes: frozenset[str] = frozenset()
    ph: float | None = None
    warnings: tuple[str, ...] = field(default=())

    def of_class(self, key: str) -> list[Classified]:
        return [c for c in self.classifications if c.category.key == key]

    def strictest(self, key: str) -> Classified | None:
        """The most severe category of the class (the lowest level: 1A before 1B before 2)."""
        found = self.of_class(key)
        return min(found, key=lambda c: _severity(c.category.level)) if found else None

    def limits_for(self, key: str) -> list[Limit]:
        return [limit for limit in self.limits if limit.category.key == key]

    def term(self, classification: str | None = None, **values: object) -> TrailTerm:
        return TrailTerm(
            ingredient=self.name,
            cas=self.cas,
            concentration=self.concentration,
            classification=classification,
            **values,
        )


def _severity(level: str) -> tuple[int, str]:
    digits = "".join(ch for ch in level if ch.isdigit()) or "9"
    letter = level[len(digits) :] or "Z"
    # "1" (no sub-category) is as severe as "1A" for the rules that do not split sub-categories.
    return int(digits), letter


def prepare(ingredient: MixtureIngredient) -> Part:
    """The rules' view of an ingredient: its upper-bound concentration and resolved categories."""
    warnings: list[str] = []
    concentration = ingredient.concentration.upper_bound
    if concentration is None:
        concentration = 0.0
        warnings.append(f"{ingredient.name}: no concentration; counted as 0 %")
    classifications: list[Classified] = []
    for hazard in ingredient.hazards:
        row = category_for(hazard.category, hazard.h_code)
        if row is None:
            if hazard.h_code and not hazard.h_code.startswith("EUH"):
                warnings.append(f"{ingredient.name}: {hazard.printed or hazard.h_code} is not a CLP category")
            continue
        code = hazard.h_code or (row.h_codes[0] if row.h_codes else "")
        item = Classified(row, code, inferred=hazard.category is None)
        if item not in classifications:
            classifications.append(item)
    limits = tuple(
        limit for limit in (_limit(raw, classifications) for raw in ingredient.specific_limits) if limit
    )
    return Part(
        name=ingredient.name,
        cas=ingredient.cas,
        concentration=float(concentration),
        classifications=tuple(classifications),
        m_acute=ingredient.m_factor_acute,
        m_chronic=ingredient.m_factor_chronic,
        limits=limits,
        toxicity=tuple(ingredient.acute_toxicity),
        unknown=ingredient.unknown,
        source=ingredient.source,
        acute_unknown_routes=frozenset(route.value for route in ingredient.acute_unknown_routes),
        ph=ingredient.ph,
        warnings=tuple(warnings),
    )


def supplemental_codes(ingredient: MixtureIngredient) -> list[str]:
    """The EUH codes printed for an ingredient (listed for the expert, never passed on by rule)."""
    return [h.h_code for h in ingredient.hazards if h.h_code and h.h_code.startswith("EUH")]


def _limit(raw: SpecificLimit, classifications: list[Classified]) -> Limit | None:
    row = category_for(raw.category, raw.h_code)
    if row is None and raw.printed:
        found = find_categories(raw.printed)
        codes = [m.code for m in find_codes(raw.printed) if m.kind == "H"]
        row = category_for(found[0].category_code if found else None, codes[0] if codes else None)
    if row is None and raw.h_code is None and raw.category is None and len(classifications) == 1:
        row = classifications[0].category
    if row is None or raw.low is None:
        return None
    return Limit(row, raw.low, raw.low_inclusive, raw.high, raw.high_inclusive, raw.printed)
