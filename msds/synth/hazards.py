"""Hazard logic for synthetic products: mixture H-codes, CLP label elements and a sensible choice of P-codes.

The mixture rules are a simplified, plausible version of CLP Annex I (cut-offs, generic concentration limits,
most severe category wins); they are for making realistic test documents, not for classifying real products.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from msds.synth.reference import category_for_code, hazard_statements

FLAMMABILITY = ("H224", "H225", "H226")
# Codes of one "slot" ordered from most to least severe: only the first present one stays on the label.
SEVERITY_LADDERS: tuple[tuple[str, ...], ...] = (
    ("H220", "H221"),
    FLAMMABILITY,
    ("H271", "H272"),
    ("H300", "H301", "H302"),
    ("H310", "H311", "H312"),
    ("H330", "H331", "H332"),
    ("H314", "H315"),
    ("H314", "H318", "H319"),
    ("H340", "H341"),
    ("H350", "H351"),
    ("H370", "H371"),
    ("H372", "H373"),
    ("H410", "H411", "H412", "H413"),
)
ACUTE_DOWNGRADE = {
    "H300": "H301",
    "H301": "H302",
    "H310": "H311",
    "H311": "H312",
    "H330": "H331",
    "H331": "H332",
}
CMR_1 = ("H340", "H350", "H350i", "H360", "H360F", "H360D", "H360FD", "H360Fd", "H360Df")
CMR_2 = ("H341", "H351", "H361", "H361f", "H361d", "H361fd")

# P-codes that fit each H-code, most important first (CLP Annex IV, shortened to what labels usually print).
P_FOR_H: dict[str, tuple[str, ...]] = {
    "H220": ("P210", "P377", "P381", "P403"),
    "H224": ("P210", "P233", "P240", "P241", "P280", "P303+P361+P353", "P370+P378", "P403+P235", "P501"),
    "H225": ("P210", "P233", "P240", "P241", "P280", "P303+P361+P353", "P370+P378", "P403+P235", "P501"),
    "H226": ("P210", "P233", "P240", "P280", "P303+P361+P353", "P370+P378", "P403+P235", "P501"),
    "H271": ("P210", "P220", "P280", "P283", "P306+P360", "P371+P380+P375", "P370+P378"),
    "H272": ("P210", "P220", "P280", "P370+P378", "P501"),
    "H280": ("P410+P403",),
    "H300": ("P264", "P270", "P301+P310", "P321", "P330", "P405", "P501"),
    "H301": ("P264", "P270", "P301+P310", "P321", "P330", "P405", "P501"),
    "H302": ("P264", "P270", "P301+P312", "P330", "P501"),
    "H304": ("P301+P310", "P331", "P405", "P501"),
    "H310": ("P262", "P280", "P302+P352", "P310", "P361+P364", "P405"),
    "H311": ("P280", "P302+P352", "P312", "P361+P364", "P405"),
    "H312": ("P280", "P302+P352", "P312", "P362+P364"),
    "H314": (
        "P280",
        "P260",
        "P301+P330+P331",
        "P303+P361+P353",
        "P305+P351+P338",
        "P310",
        "P304+P340",
        "P405",
    ),
    "H315": ("P280", "P264", "P302+P352", "P332+P313", "P362+P364"),
    "H317": ("P261", "P280", "P272", "P302+P352", "P333+P313"),
    "H318": ("P280", "P305+P351+P338", "P310"),
    "H319": ("P280", "P264", "P305+P351+P338", "P337+P313"),
    "H330": ("P260", "P271", "P284", "P304+P340", "P310", "P403+P233"),
    "H331": ("P261", "P271", "P304+P340", "P311", "P403+P233", "P405"),
    "H332": ("P261", "P271", "P304+P340", "P312"),
    "H334": ("P261", "P284", "P304+P340", "P342+P311"),
    "H335": ("P261", "P271", "P304+P340", "P312", "P403+P233"),
    "H336": ("P261", "P271", "P304+P340", "P312", "P403+P233", "P405"),
    "H340": ("P201", "P202", "P280", "P308+P313", "P405", "P501"),
    "H341": ("P201", "P280", "P308+P313", "P405", "P501"),
    "H350": ("P201", "P202", "P280", "P308+P313", "P405", "P501"),
    "H351": ("P201", "P280", "P308+P313", "P405", "P501"),
    "H361d": ("P201", "P280", "P308+P313", "P405"),
    "H361f": ("P201", "P280", "P308+P313", "P405"),
    "H361fd": ("P201", "P280", "P308+P313", "P405"),
    "H370": ("P260", "P264", "P270", "P308+P311", "P405"),
    "H372": ("P260", "P264", "P270", "P314"),
    "H373": ("P260", "P314"),
    "H400": ("P273", "P391", "P501"),
    "H410": ("P273", "P391", "P501"),
    "H411": ("P273", "P391", "P501"),
    "H412": ("P273", "P501"),
}
# When a product needs more statements (e.g. only H412), consumer-label statements fill up.
GENERAL_P = ("P102", "P101", "P501")


def codes_for_component(h_codes: Iterable[str], concentration: float) -> set[str]:
    """The H-codes a component at this concentration (% w/w) passes on to a mixture.

    Flammability (H224-H226) is not passed on here: the mixture's flash point decides it.
    """
    out: set[str] = set()
    c = concentration
    for code in h_codes:
        if code in FLAMMABILITY or code in ("H220", "H280"):
            continue
        if code in ACUTE_DOWNGRADE or code in ("H302", "H312", "H332"):
            if c >= 25:
                out.add(code)
            elif c >= 3 and code in ACUTE_DOWNGRADE:
                out.add(ACUTE_DOWNGRADE[code])
        elif code == "H314":
            if c >= 5:
                out.add("H314")
            elif c >= 3:
                out.update(("H315", "H318"))
            elif c >= 1:
                out.update(("H315", "H319"))
        elif code == "H318":
            if c >= 3:
                out.add("H318")
            elif c >= 1:
                out.add("H319")
        elif code in ("H315", "H319"):
            if c >= 10:
                out.add(code)
        elif code in ("H317", "H334"):
            if c >= 1:
                out.add(code)
        elif code in CMR_1:
            if c >= 0.1:
                out.add(code)
        elif code in CMR_2:
            if c >= 1:
                out.add(code)
        elif code in ("H370", "H372"):
            if c >= 10:
                out.add(code)
            elif c >= 1:
                out.add("H371" if code == "H370" else "H373")
        elif code in ("H371", "H373", "H304"):
            if c >= 10:
                out.add(code)
        elif code in ("H335", "H336"):
            if c >= 20:
                out.add(code)
        elif code in ("H271", "H272"):
            if c >= 20:
                out.add("H272")
        elif code == "H400":
            if c >= 25:
                out.add(code)
        elif code == "H410":
            if c >= 25:
                out.add("H410")
            elif c >= 2.5:
                out.add("H411")
            elif c >= 0.25:
                out.add("H412")
        elif code == "H411":
            if c >= 25:
                out.add("H411")
            elif c >= 2.5:
                out.add("H412")
        elif code == "EUH066":
            if c >= 50:
                out.add(code)
        elif code.startswith("EUH"):
            if c >= 10:
                out.add(code)
        elif c >= 10:
            out.add(code)
    return out


def flammability_code(flash_point_c: float | None, boiling_point_c: float | None) -> str | None:
    """H224/H225/H226 for a liquid from its flash point (CLP Annex I 2.6), or None above 60 °C."""
    if flash_point_c is None or flash_point_c > 60:
        return None
    if flash_point_c < 23:
        return "H224" if boiling_point_c is not None and boiling_point_c <= 35 else "H225"
    return "H226"


def consolidate(codes: Iterable[str]) -> list[str]:
    """Keep the most severe code of each ladder (e.g. H314 drops H315/H318/H319) and merge H361d+H361f."""
    present = set(codes)
    for ladder in SEVERITY_LADDERS:
        found = [c for c in ladder if c in present]
        for weaker in found[1:]:
            present.discard(weaker)
    if {"H361d", "H361f"} <= present:
        present -= {"H361d", "H361f"}
        present.add("H361fd")
    return sort_codes(present)


def sort_codes(codes: Iterable[str]) -> list[str]:
    """Order codes as labels print them: H before EUH, then by number."""

    def key(code: str) -> tuple[int, int, str]:
        first = code.split("+")[0]
        digits = "".join(ch for ch in first if ch.isdigit())
        return (1 if first.startswith("EUH") else 0, int(digits or 0), first)

    return sorted(set(codes), key=key)


def combine_acute_codes(codes: Sequence[str]) -> list[str]:
    """Merge acute-toxicity codes of one category into the official combined statement (H301+H311+H331)."""
    catalog = hazard_statements()
    result = list(codes)
    for oral, dermal, inhal in (("H300", "H310", "H330"), ("H301", "H311", "H331"), ("H302", "H312", "H332")):
        members = [c for c in (oral, dermal, inhal) if c in result]
        if len(members) < 2:
            continue
        combined = "+".join(members)
        if combined not in catalog:
            continue
        position = result.index(members[0])
        result = [c for c in result if c not in members]
        result.insert(position, combined)
    return result


def split_codes(codes: Iterable[str]) -> list[str]:
    """Single codes of possibly combined ones ("H301+H311" -> H301, H311)."""
    return [part for code in codes for part in code.split("+")]


def label_elements(h_codes: Iterable[str]) -> tuple[list[str], str | None]:
    """Pictograms and signal word (English) for the H-codes, with the CLP Art. 26 precedence rules."""
    singles = split_codes(h_codes)
    sources: dict[str, set[str]] = {}
    signal: str | None = None
    for code in singles:
        category = category_for_code(code)
        if category is None:
            continue
        for pictogram in category.pictograms:
            sources.setdefault(pictogram, set()).add(code)
        if category.signal_word == "Danger" or (category.signal_word == "Warning" and signal is None):
            signal = category.signal_word
    if "GHS07" in sources:
        exclamation = sources["GHS07"]
        if (
            "GHS06" in sources
            or ("GHS05" in sources and exclamation <= {"H315", "H319"})
            or ("H334" in singles and exclamation <= {"H315", "H317", "H319"})
        ):
            del sources["GHS07"]
    return sorted(sources), signal


def choose_p_codes(h_codes: Sequence[str], rng: random.Random) -> list[str]:
    """Pick 3-6 precautionary statements that fit the product's H-codes, printed in number order."""
    singles = split_codes(h_codes)
    ranked = sorted((c for c in singles if c in P_FOR_H), key=_p_priority)
    if not ranked:
        return []
    target = rng.randint(3, 6)
    chosen: list[str] = []
    depth = 0
    while len(chosen) < target and depth < 10:
        for code in ranked:
            options = P_FOR_H[code]
            if depth < len(options) and options[depth] not in chosen and len(chosen) < target:
                chosen.append(options[depth])
        depth += 1
    for extra in GENERAL_P:
        if len(chosen) >= 3:
            break
        if extra not in chosen:
            chosen.append(extra)
    chosen = _drop_covered_singles(chosen)
    return sort_p_codes(chosen)


def _p_priority(h_code: str) -> int:
    order = (
        "H300",
        "H310",
        "H330",
        "H301",
        "H311",
        "H331",
        "H314",
        "H340",
        "H350",
        "H334",
        "H224",
        "H225",
        "H220",
        "H271",
        "H304",
        "H370",
        "H318",
        "H372",
        "H226",
        "H272",
        "H341",
        "H351",
        "H361fd",
        "H361d",
        "H361f",
        "H317",
        "H302",
        "H312",
        "H332",
        "H315",
        "H319",
        "H335",
        "H336",
        "H373",
        "H400",
        "H410",
        "H411",
        "H412",
        "H280",
    )
    return order.index(h_code) if h_code in order else len(order)


def _drop_covered_singles(codes: list[str]) -> list[str]:
    """A single P-code already contained in a chosen combination is not printed twice."""
    in_combinations = {part for code in codes if "+" in code for part in code.split("+")}
    return [c for c in codes if "+" in c or c not in in_combinations]


def sort_p_codes(codes: Iterable[str]) -> list[str]:
    """Order P-codes by their first number, as labels print them."""
    return sorted(dict.fromkeys(codes), key=lambda c: (int(c.split("+")[0][1:]), c))


def category_label(code: str, state: str = "liquid") -> str | None:
    """The hazard category abbreviation that goes with a single H-code (e.g. H225 -> "Flam. Liq. 2")."""
    category = category_for_code(code)
    if category is None:
        return None
    label = category.category_code
    if state == "solid" and label.startswith("Ox. Liq."):
        return label.replace("Ox. Liq.", "Ox. Sol.")
    return label
