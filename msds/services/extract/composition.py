"""Section 3 (and Section 1 for substances): components with CAS and EC numbers."""

from __future__ import annotations

import re

from models.record import Component
from msds.domain.identifiers import find_cas_numbers, find_ec_numbers
from msds.services.document_lines import DocLine

_CONCENTRATION = re.compile(
    r"(?:[<>≤≥]=?\s*)?\d{1,3}(?:[.,]\d+)?\s*(?:(?:-|–|to|a|bis|à)\s*(?:[<>≤≥]=?\s*)?\d{1,3}(?:[.,]\d+)?\s*)?%"
)


def extract_components(section3: list[DocLine], section1: list[DocLine]) -> list[Component]:
    """One component per distinct CAS number, in order of first appearance."""
    components: dict[str, Component] = {}
    for section_number, lines in ((3, section3), (1, section1)):
        for position, line in enumerate(lines):
            text = line.text
            for match in find_cas_numbers(text):
                if match.value in components:
                    continue
                window = " ".join(other.text for other in lines[position : position + 2])
                ec = next((e.value for e in find_ec_numbers(window) if e.check_ok), None)
                concentration = _CONCENTRATION.search(text)
                name = _component_name(text, match.start, match.end)
                components[match.value] = Component(
                    name=name,
                    cas=match.value,
                    ec=ec,
                    concentration=concentration.group(0).strip() if concentration else None,
                    cas_check_ok=match.check_ok,
                    confidence=0.95 if match.check_ok else 0.4,
                    evidence=[line.evidence(section=section_number)],
                )
    return list(components.values())


def _component_name(text: str, start: int, end: int) -> str | None:
    before = text[:start].strip(" :;,|-")
    before = re.sub(
        r"(?i)\b(?:cas(?:-?\s*(?:no|nr|number|n°|nº))?\.?|n[°º]\s*cas)\s*[:.]?\s*$", "", before
    ).strip()
    if len(before) >= 3 and any(c.isalpha() for c in before):
        return before[:120]
    after = re.sub(r"^[\s\d\-–.,:;|]+", "", text[end:])
    after = _CONCENTRATION.split(after)[0].strip(" :;,|")
    return after[:120] or None
