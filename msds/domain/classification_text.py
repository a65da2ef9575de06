"""Hazard classifications printed in Section 2 and the hazard statements they imply.

Every hazard category carries its hazard statement (CLP Annex I; GHS 1.4.10.5.2), so a Section 2 that prints
a classification ("Flam. Liq. 2", "Skin Irrit. 2", "Flammable liquids, Category 3") whose statement was not
read points at a missed hazard. CLP category codes come from ``clp_hazard_categories.csv``; the long English
class names (UN GHS, OSHA HazCom) and the Korean ones (MoEL notice) are listed below with the statement of
each category.
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


# Each hazard class's categories and the statements each implies (UN GHS; CLP Annex I where it has the class).
_FLAMMABLE_LIQUIDS = {
    "1": frozenset({"H224"}),
    "2": frozenset({"H225"}),
    "3": frozenset({"H226"}),
    "4": frozenset({"H227"}),
}
_SKIN = {"1": frozenset({"H314"}), "2": frozenset({"H315"}), "3": frozenset({"H316"})}
_EYE = {
    "1": frozenset({"H318"}),
    "2": frozenset({"H319", "H320"}),
    "2A": frozenset({"H319"}),
    "2B": frozenset({"H320"}),
}
_ACUTE_TOXICITY = {
    "1": frozenset({"H300", "H310", "H330"}),
    "2": frozenset({"H300", "H310", "H330"}),
    "3": frozenset({"H301", "H311", "H331"}),
    "4": frozenset({"H302", "H312", "H332"}),
    "5": frozenset({"H303", "H313", "H333"}),
}
_SKIN_SENSITISATION = {"1": frozenset({"H317"})}
_RESPIRATORY_SENSITISATION = {"1": frozenset({"H334"})}
_MUTAGENICITY = {"1": frozenset({"H340"}), "2": frozenset({"H341"})}
_CARCINOGENICITY = {"1": frozenset({"H350", "H350i"}), "2": frozenset({"H351"})}
_REPRODUCTIVE = {
    "1": frozenset({"H360", "H360F", "H360D", "H360FD", "H360Fd", "H360Df"}),
    "2": frozenset({"H361", "H361f", "H361d", "H361fd"}),
}
_ASPIRATION = {"1": frozenset({"H304"}), "2": frozenset({"H305"})}
_CORROSIVE_TO_METALS = {"1": frozenset({"H290"})}
_STOT_SINGLE = {"1": frozenset({"H370"}), "2": frozenset({"H371"}), "3": frozenset({"H335", "H336"})}
_STOT_REPEATED = {"1": frozenset({"H372"}), "2": frozenset({"H373"})}
_AQUATIC_ACUTE = {"1": frozenset({"H400"}), "2": frozenset({"H401"}), "3": frozenset({"H402"})}
_AQUATIC_CHRONIC = {
    "1": frozenset({"H410"}),
    "2": frozenset({"H411"}),
    "3": frozenset({"H412"}),
    "4": frozenset({"H413"}),
}
_FLAMMABLE_GASES = {"1": frozenset({"H220"}), "2": frozenset({"H221"})}
_AEROSOLS = {"1": frozenset({"H222"}), "2": frozenset({"H223"}), "3": frozenset({"H229"})}
_FLAMMABLE_SOLIDS = {"1": frozenset({"H228"}), "2": frozenset({"H228"})}
_OXIDISING_GASES = {"1": frozenset({"H270"})}
_OXIDISING_LIQUIDS_SOLIDS = {"1": frozenset({"H271"}), "2": frozenset({"H272"}), "3": frozenset({"H272"})}
_PYROPHORIC = {"1": frozenset({"H250"})}
_SELF_HEATING = {"1": frozenset({"H251"}), "2": frozenset({"H252"})}
_WATER_REACTIVE = {"1": frozenset({"H260"}), "2": frozenset({"H261"}), "3": frozenset({"H261"})}

# Long class names (UN GHS / OSHA wording) -> {category: statements}.
_LONG_CLASSES: tuple[tuple[str, dict[str, frozenset[str]]], ...] = (
    (r"flammable\s+liquids?", _FLAMMABLE_LIQUIDS),
    (r"skin\s+corrosion\s*/\s*irritation", _SKIN),
    (r"serious\s+eye\s+damage\s*/\s*eye\s+irritation", _EYE),
    (r"acute\s+toxicity\s*[-–,(]?\s*(?:oral|dermal|inhalation)?\)?", _ACUTE_TOXICITY),
    (r"skin\s+sensiti[sz]ation", _SKIN_SENSITISATION),
    (r"respiratory\s+sensiti[sz]ation", _RESPIRATORY_SENSITISATION),
    (r"germ\s+cell\s+mutagenicity", _MUTAGENICITY),
    (r"carcinogenicity", _CARCINOGENICITY),
    (r"reproductive\s+toxicity", _REPRODUCTIVE),
    (r"aspiration\s+(?:hazard|toxicity)", _ASPIRATION),
    (r"corrosive\s+to\s+metals", _CORROSIVE_TO_METALS),
    (r"skin\s+corrosion", {"1": _SKIN["1"]}),
    (r"skin\s+irritation", {"2": _SKIN["2"], "3": _SKIN["3"]}),
    (r"serious\s+eye\s+damage", {"1": _EYE["1"]}),
    (r"(?<!/)(?<!/\s)(?<!serious\s)eye\s+irritation", {k: v for k, v in _EYE.items() if k != "1"}),
    (
        r"specific\s+target\s+organ\s+(?:systemic\s+)?toxicity\s*[-–,]?\s*\(?\s*single\s+exposure\s*\)?",
        _STOT_SINGLE,
    ),
    (
        r"specific\s+target\s+organ\s+(?:systemic\s+)?toxicity\s*[-–,]?\s*\(?\s*repeated\s+exposure\s*\)?",
        _STOT_REPEATED,
    ),
    (
        r"(?:hazardous\s+to\s+the\s+aquatic\s+environment\s*[-–,]?\s*)?\(?\s*(?:acute|short[-\s]term)"
        r"(?:\s+aquatic)?\s+(?:hazard|toxicity)\s*\)?",
        _AQUATIC_ACUTE,
    ),
    (
        r"(?:hazardous\s+to\s+the\s+aquatic\s+environment\s*[-–,]?\s*)?\(?\s*(?:chronic|long[-\s]term)"
        r"(?:\s+aquatic)?\s+(?:hazard|toxicity)\s*\)?",
        _AQUATIC_CHRONIC,
    ),
    (r"(?<!emit\s)flammable\s+gas(?:es)?", _FLAMMABLE_GASES),
    (r"(?:flammable\s+)?aerosols?", _AEROSOLS),
    (r"flammable\s+solids?", _FLAMMABLE_SOLIDS),
    (r"oxidi[sz]ing\s+gas(?:es)?", _OXIDISING_GASES),
    (r"oxidi[sz]ing\s+(?:liquids?|solids?)", _OXIDISING_LIQUIDS_SOLIDS),
    (r"pyrophoric\s+(?:liquids?|solids?)", _PYROPHORIC),
    (r"self[-\s]heating\s+(?:substances|mixtures|substances\s+and\s+mixtures)", _SELF_HEATING),
    (
        r"(?:substances\s+and\s+mixtures\s+)?which,?\s+in\s+contact\s+with\s+water,?\s+emit\s+flammable\s+gas(?:es)?",
        _WATER_REACTIVE,
    ),
)
# The Korean class names of the MoEL notice (「화학물질의 분류·표시 및 물질안전보건자료에 관한
# 기준」 별표 1), as Korean sheets print them before "구분 N", spaced or not ("피부 부식성/피부 자극성",
# "피부부식성/자극성", "피부 부식성 또는 자극성"), with or without "물질" and a route ("급성독성물질(경피)",
# "급성 독성 - 경피").
_KOREAN_CLASSES: tuple[tuple[str, dict[str, frozenset[str]]], ...] = (
    (r"인화성\s*액체", _FLAMMABLE_LIQUIDS),
    (r"인화성\s*가스", _FLAMMABLE_GASES),
    (r"인화성\s*고체", _FLAMMABLE_SOLIDS),
    (r"에어로졸", _AEROSOLS),
    (r"산화성\s*가스", _OXIDISING_GASES),
    (r"산화성\s*(?:액체|고체)", _OXIDISING_LIQUIDS_SOLIDS),
    (r"자연\s*발화성\s*(?:액체|고체)", _PYROPHORIC),
    (r"자기\s*발열성\s*물질", _SELF_HEATING),
    (r"물\s*반응성\s*물질", _WATER_REACTIVE),
    (r"금속\s*부식성(?:\s*물질)?", _CORROSIVE_TO_METALS),
    (r"급성\s*독성(?:\s*물질)?", _ACUTE_TOXICITY),
    (r"피부\s*부식성\s*(?:/|또는)?\s*(?:피부\s*)?자극성(?:\s*물질)?", _SKIN),
    (r"심한\s*눈\s*손상성?\s*(?:/|또는)?\s*(?:눈\s*)?자극성(?:\s*물질)?", _EYE),
    (r"호흡기\s*과민성(?:\s*물질)?", _RESPIRATORY_SENSITISATION),
    (r"피부\s*과민성(?:\s*물질)?", _SKIN_SENSITISATION),
    (r"생식\s*세포\s*변이\s*원성(?:\s*물질)?", _MUTAGENICITY),
    (r"발암성(?:\s*물질)?", _CARCINOGENICITY),
    (r"생식\s*독성(?:\s*물질)?", _REPRODUCTIVE),
    (r"특정\s*표적\s*장기\s*독성\s*[-–(]?\s*(?:1\s*회|단회|단일)\s*노출\s*\)?", _STOT_SINGLE),
    (r"특정\s*표적\s*장기\s*독성\s*[-–(]?\s*반복\s*노출\s*\)?", _STOT_REPEATED),
    (r"흡인\s*유해성(?:\s*물질)?", _ASPIRATION),
    (r"(?:급성\s*수생\s*환경\s*유해성|수생\s*환경\s*유해성\s*[-–(:]?\s*급성\s*\)?)", _AQUATIC_ACUTE),
    (r"(?:만성\s*수생\s*환경\s*유해성|수생\s*환경\s*유해성\s*[-–(:]?\s*만성\s*\)?)", _AQUATIC_CHRONIC),
)
# "구분 2", "구분2", "구분 4(흡입)"; a route may stand between the class and its category ("(경피)",
# "- 경피").
_KOREAN_CATEGORY = (
    r"\s*(?:[-–]?\s*\(?\s*(?:경구|경피|흡입)(?:\s*[:：]?\s*[가-힣()]{0,6})?\)?)?"
    r"\s*[:：]?\s*구분\s*(?P<category>[1-5][A-C]?)"
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


@cache
def _named_classes() -> tuple[tuple[re.Pattern[str], dict[str, frozenset[str]]], ...]:
    """The class names with their category, English and Korean, compiled once."""
    named = [(name + _CATEGORY, categories) for name, categories in _LONG_CLASSES]
    named += [(name + _KOREAN_CATEGORY, categories) for name, categories in _KOREAN_CLASSES]
    return tuple((re.compile(pattern, re.IGNORECASE), categories) for pattern, categories in named)


def printed_classifications(text: str) -> list[PrintedClassification]:
    """Every classification the line prints, with the statements it implies."""
    found = [
        PrintedClassification(match.group(0), implied)
        for pattern, implied in _clp_codes()
        for match in pattern.finditer(text)
    ]
    for pattern, categories in _named_classes():
        for match in pattern.finditer(text):
            implied = categories.get(match.group("category").upper()) or categories.get(
                match.group("category")[0]
            )
            if implied:
                found.append(PrintedClassification(match.group(0), implied))
    return found
