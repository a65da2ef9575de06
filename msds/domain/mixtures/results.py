"""What each group of mixture rules hands back: hazards, trail entries, supplemental statements, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.classification import (
    ListedPhysicalHazard,
    ProposedHazard,
    RuleTrail,
    SupplementalStatement,
)


@dataclass
class RuleResults:
    hazards: list[ProposedHazard] = field(default_factory=list)
    trail: list[RuleTrail] = field(default_factory=list)
    supplemental: list[SupplementalStatement] = field(default_factory=list)
    physical: list[ListedPhysicalHazard] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: RuleResults) -> None:
        self.hazards += other.hazards
        self.trail += other.trail
        self.supplemental += other.supplemental
        self.physical += other.physical
        self.warnings += other.warnings


def number(value: float) -> str:
    """A figure as the trail prints it: at most four significant digits, no trailing zeros."""
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"
