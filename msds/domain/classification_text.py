"""Hazard classifications printed in Section 2 and the hazard statements they imply.

Every hazard category carries its hazard statement (CLP Annex I; GHS 1.4.10.5.2), so a Section 2 that prints
a classification ("Flam. Liq. 2", "Skin Irrit. 2", "Flammable liquids, Category 3") whose statement was not
read points at a missed hazard. CLP category codes come from ``clp_hazard_categories.csv``; the long English
class names (UN GHS, OSHA HazCom) are listed below with the statement of each category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from msds.domain.reference_data import read_table


@dataclass(frozen=True, slots=True)
class PrintedClassification:
    """A classification found in a line and the statements any one of which must be on the sheet."""

    text: str
    statements: frozenset[str]


# Long class names (UN GHS / OSHA wording) -> {category: statements}.
_LONG_CLASSES: tuple[tuple[str, dict[str, frozenset[str]]], ...] = (
    (
        r"flammable\s+liquids?",
        {
            "1": frozenset({"H224"}),
            "2": frozenset({"H225"}),
            "3": frozenset({"H226"}),
            "4": frozenset({"H227"}),
        },
    ),
    (
        r"skin\s+corrosion\s*/\s*irritation",
        {"1": frozenset({"H314"}), "2": frozenset({"H315"}), "3": frozenset({"H316"})},
    ),
    (
        r"serious\s+eye\s+damage\s*/\s*eye\s+irritation",
        {
            "1": frozenset({"H318"}),
            "2": frozenset({"H319", "H320"}),
            "2A": frozenset({"H319"}),
            "2B": frozenset({"H320"}),
        },
    ),
    (
        r"acute\s+toxicity\s*[-–,(]?\s*(?:oral|dermal|inhalation)?\)?",
        {
            "1": frozenset({"H300", "H310", "H330"}),
            "2": frozenset({"H300", "H310", "H330"}),
            "3": frozenset({"H301", "H311", "H331"}),
            "4": frozenset({"H302", "H312", "H332"}),
            "5": frozenset({"H303", "H313", "H333"}),
        },
    ),
    (r"skin\s+sensiti[sz]ation", {"1": frozenset({"H317"})}),
    (r"respiratory\s+sensiti[sz]ation", {"1": frozenset({"H334"})}),
    (r"germ\s+cell\s+mutagenicity", {"1": frozenset({"H340"}), "2": frozenset({"H341"})}),
    (r"carcinogenicity", {"1": frozenset({"H350", "H350i"}), "2": frozenset({"H351"})}),
    (
        r"reproductive\s+toxicity",
        {
            "1": frozenset({"H360", "H360F", "H360D", "H360FD", "H360Fd", "H360Df"}),
            "2": frozenset({"H361", "H361f", "H361d", "H361fd"}),
        },
    ),
    (r"aspiration\s+(?:hazard|toxicity)", {"1": frozenset({"H304"}), "2": frozenset({"H305"})}),
    (r"corrosive\s+to\s+metals", {"1": frozenset({"H290"})}),
    (r"skin\s+corrosion", {"1": frozenset({"H314"})}),
    (r"skin\s+irritation", {"2": frozenset({"H315"}), "3": frozenset({"H316"})}),
    (r"serious\s+eye\s+damage", {"1": frozenset({"H318"})}),
    (
        r"(?<!/)(?<!/\s)(?<!serious\s)eye\s+irritation",
        {"2": frozenset({"H319", "H320"}), "2A": frozenset({"H319"}), "2B": frozenset({"H320"})},
    ),
    (
        r"specific\s+target\s+organ\s+(?:systemic\s+)?toxicity\s*[-–,]?\s*\(?\s*single\s+exposure\s*\)?",
        {"1": frozenset({"H370"}), "2": frozenset({"H371"}), "3": frozenset({"H335", "H336"})},
    ),
    (
        r"specific\s+target\s+organ\s+(?:systemic\s+)?toxicity\s*[-–,]?\s*\(?\s*repeated\s+exposure\s*\)?",
        {"1": frozenset({"H372"}), "2": frozenset({"H373"})},
    ),
    (
        r"(?:hazardous\s+to\s+the\s+aquatic\s+environment\s*[-–,]?\s*)?\(?\s*(?:acute|short[-\s]term)"
        r"(?:\s+aquatic)?\s+(?:hazard|toxicity)\s*\)?",
        {"1": frozenset({"H400"}), "2": frozenset({"H401"}), "3": frozenset({"H402"})},
    ),
    (
        r"(?:hazardous\s+to\s+the\s+aquatic\s+environment\s*[-–,]?\s*)?\(?\s*(?:chronic|long[-\s]term)"
        r"(?:\s+aquatic)?\s+(?:hazard|toxicity)\s*\)?",
        {
            "1": frozenset({"H410"}),
            "2": frozenset({"H411"}),
            "3": frozenset({"H412"}),
            "4": frozenset({"H413"}),
        },
    ),
    (r"(?<!emit\s)flammable\s+gas(?:es)?", {"1": frozenset({"H220"}), "2": frozenset({"H221"})}),
    (
        r"(?:flammable\s+)?aerosols?",
        {"1": frozenset({"H222"}), "2": frozenset({"H223"}), "3": frozenset({"H229"})},
    ),
    (r"flammable\s+solids?", {"1": frozenset({"H228"}), "2": frozenset({"H228"})}),
    (r"oxidi[sz]ing\s+gas(?:es)?", {"1": frozenset({"H270"})}),
    (
        r"oxidi[sz]ing\s+(?:liquids?|solids?)",
        {"1": frozenset({"H271"}), "2": frozenset({"H272"}), "3": frozenset({"H272"})},
    ),
    (r"pyrophoric\s+(?:liquids?|solids?)", {"1": frozenset({"H250"})}),
    (
        r"self[-\s]heating\s+(?:substances|mixtures|substances\s+and\s+mixtures)",
        {"1": frozenset({"H251"}), "2": frozenset({"H252"})},
    ),
    (
        r"(?:substances\s+and\s+mixtures\s+)?which,?\s+in\s+contact\s+with\s+water,?\s+emit\s+flammable\s+gas(?:es)?",
        {"1": frozenset({"H260"}), "2": frozenset({"H261"}), "3": frozenset({"H261"})},
    ),
)
_CATEGORY = r"[\s,:;–-]*\(?(?:category|cat\.?)\s*(?P<category>[1-5][A-C]?)\b"


@cache
def _clp_codes() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    statements: dict[str, set[str]] = {}
    for row in read_table("clp_hazard_categories.csv"):
        codes = [code for code in row["h_codes"].split(";") if code.startswith("H")]
        if codes and re.search(r"\d|[A-G]$", row["category_code"]):
            statements.setdefault(row["category_code"], set()).update(codes)
    patterns = []
    for code, implied in statements.items():
        # "Flam. Liq. 2", "Flam.Liq.2", "Skin Irrit. 2", "STOT SE 3": spaces and dots as printed vary.
        words = [
            re.escape(word.rstrip(".")) + (r"\.?" if word.endswith(".") else "") for word in code.split()
        ]
        pattern = re.compile(r"(?<![\w.])" + r"\s*".join(words) + r"(?![\w])", re.IGNORECASE)
        patterns.append((pattern, frozenset(implied)))
    return tuple(patterns)


def printed_classifications(text: str) -> list[PrintedClassification]:
    """Every classification the line prints, with the statements it implies."""
    found = [
        PrintedClassification(match.group(0), implied)
        for pattern, implied in _clp_codes()
        for match in pattern.finditer(text)
    ]
    for name, categories in _LONG_CLASSES:
        for match in re.finditer(name + _CATEGORY, text, re.IGNORECASE):
            implied = categories.get(match.group("category").upper()) or categories.get(
                match.group("category")[0]
            )
            if implied:
                found.append(PrintedClassification(match.group(0), implied))
    return found
