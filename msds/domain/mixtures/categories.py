"""CLP hazard categories: the Annex VI codes ("Skin Corr. 1B"), the class each belongs to, its H-codes and
label elements, and reading them from the classification text a Section 3 row prints.

Source: ``clp_hazard_categories.csv`` (CLP Annex I label tables and the Annex VI 1.1.2.1.1 codes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from models.composition import ComponentHazard
from msds.domain.reference_data import read_table
from msds.domain.statement_codes import find_codes, is_known_code, split_combination

PHYSICAL = "physical"
HEALTH = "health"
ENVIRONMENTAL = "environmental"

# Category-code prefix -> the hazard class key the mixture rules work on (acute toxicity adds the route).
_CLASS_KEYS: tuple[tuple[str, str], ...] = (
    ("Acute Tox.", "acute"),
    ("Skin Corr.", "skin"),
    ("Skin Irrit.", "skin"),
    ("Eye Dam.", "eye"),
    ("Eye Irrit.", "eye"),
    ("Resp. Sens.", "resp_sens"),
    ("Skin Sens.", "skin_sens"),
    ("Muta.", "muta"),
    ("Carc.", "carc"),
    ("Repr.", "repr"),
    ("Lact.", "lact"),
    ("STOT SE", "stot_se"),
    ("STOT RE", "stot_re"),
    ("Asp. Tox.", "asp"),
    ("ED HH", "ed_hh"),
    ("ED ENV", "ed_env"),
    ("Aquatic Acute", "aquatic_acute"),
    ("Aquatic Chronic", "aquatic_chronic"),
    ("Ozone", "ozone"),
    ("PBT", "pbt"),
    ("vPvB", "vpvb"),
    ("PMT", "pmt"),
    ("vPvM", "vpvm"),
)


@dataclass(frozen=True, slots=True)
class Category:
    """One row of the category table: a category (per route for acute toxicity) and its label elements."""

    code: str
    hazard_class: str
    part: str
    category: str
    route: str
    h_codes: tuple[str, ...]
    pictograms: frozenset[str]
    signal_word: str | None

    @property
    def key(self) -> str:
        """The class the mixture rules work on: ``acute_oral``, ``skin``, ``aquatic_chronic`` ... and
        ``physical`` for every physical hazard."""
        if self.part == PHYSICAL:
            return PHYSICAL
        for prefix, key in _CLASS_KEYS:
            if self.code.startswith(prefix):
                return f"{key}_{self.route}" if key == "acute" else key
        return self.code

    @property
    def level(self) -> str:
        """The category within its class: "1", "1A", "2", "3" ... ("1" for "Lact." and the like)."""
        match = re.search(r"(\d[A-C]?)$", self.code)
        return match.group(1) if match else "1"


@cache
def categories() -> tuple[Category, ...]:
    rows = []
    for row in read_table("clp_hazard_categories.csv"):
        part = row["annex_i_part"].strip().lower()
        rows.append(
            Category(
                code=row["category_code"].strip(),
                hazard_class=row["hazard_class_en"].strip(),
                part={"physical": PHYSICAL, "health": HEALTH}.get(part, ENVIRONMENTAL),
                category=row["category"].strip(),
                route=row["route_or_effect"].strip(),
                h_codes=tuple(c.strip() for c in row["h_codes"].split(";") if c.strip()),
                pictograms=frozenset(p.strip() for p in row["pictograms"].split(";") if p.strip()),
                signal_word=row["signal_word"].strip() or None,
            )
        )
    return tuple(rows)


def _fold(code: str) -> str:
    return re.sub(r"[\s.\-]", "", code).lower()


@cache
def _by_folded_code() -> dict[str, tuple[Category, ...]]:
    table: dict[str, list[Category]] = {}
    for category in categories():
        table.setdefault(_fold(category.code), []).append(category)
    return {key: tuple(values) for key, values in table.items()}


@cache
def _by_h_code() -> dict[str, tuple[Category, ...]]:
    table: dict[str, list[Category]] = {}
    for category in categories():
        for code in category.h_codes:
            table.setdefault(code, []).append(category)
    return {key: tuple(values) for key, values in table.items()}


def category_for(code: str | None, h_code: str | None = None) -> Category | None:
    """The table row of a printed category code, disambiguated by the H-code (the route of "Acute Tox. 4"
    is its H-code's); with no category, the strictest category the H-code can stand for (table order:
    "Acute Tox. 1" for H300, "Skin Corr. 1" for H314). None when neither is known."""
    base_h = _base_code(h_code) if h_code else None
    if code:
        rows = _by_folded_code().get(_fold(code))
        if rows:
            if base_h:
                for row in rows:
                    if base_h in row.h_codes:
                        return row
            return rows[0]
    if base_h:
        rows = _by_h_code().get(base_h)
        if rows:
            return rows[0]
    return None


def h_code_for(category: Category) -> str | None:
    """The H-code a category gives when only the category is printed (the first of the row's codes)."""
    return category.h_codes[0] if category.h_codes else None


def _base_code(h_code: str) -> str:
    """``"H360Fd"`` stays (the table lists the variants); ``"H300+H310"`` -> its first part."""
    return split_combination(h_code)[0]


@cache
def _category_pattern() -> re.Pattern[str]:
    alternatives = []
    for code in sorted({c.code for c in categories()}, key=len, reverse=True):
        tokens = re.findall(r"[A-Za-z]+|\d+[A-C]?|\([^)]*\)", code)
        pieces = []
        for token in tokens:
            if token.startswith("("):
                pieces.append(r"\(\s*" + re.escape(token[1:-1]) + r"\s*\)")
            else:
                pieces.append(re.escape(token))
        alternatives.append(r"[\s.\-]*".join(pieces) + r"\.?")
    body = "|".join(alternatives)
    return re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE)


_PROSE_PRONE = re.compile(r"pbt|vpvb|pmt|vpvm")
_PROSE_PRONE_CODES = {"pbt": "EUH440", "vpvb": "EUH441", "pmt": "EUH450", "vpvm": "EUH451"}


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    text: str
    # The category code when the text names the class in full ("Eye Irritation - Cat. 2A" -> "Eye Irrit. 2"),
    # and the route an acute toxicity names.
    code: str | None = None
    route: str | None = None

    @property
    def category_code(self) -> str:
        return self.code or self.text


# Hazard classes named in full, as GHS and OSHA HCS sheets print them ("Skin Sensitization - Category 1B",
# "Acute Toxicity (oral) - Cat. 4"): the class words, then the category. The function gives the CLP code
# for a category level, or None where CLP has no such category (GHS "Eye Irritation 2B").
_SEP = r"[\s.,:;/()\-–—]*"
_NAMED_CLASSES: tuple[tuple[str, object], ...] = (
    (r"flammable\s+liquids?", "Flam. Liq."),
    (r"flammable\s+solids?", "Flam. Sol."),
    (r"acute\s+toxicity" + _SEP + r"(?P<route>oral|dermal|inhalation)", "Acute Tox."),
    (r"skin\s+corrosion(?:\s*/\s*irritation)?", "skin"),
    (r"skin\s+irritation", "Skin Irrit."),
    (r"(?:serious\s+)?eye\s+damage(?:\s*/\s*eye\s+irritation)?", "eye"),
    (r"eye\s+irritation", "eye"),
    (r"skin\s+sensiti[sz]ation", "Skin Sens."),
    (r"respiratory\s+sensiti[sz]ation", "Resp. Sens."),
    (r"germ\s+cell\s+mutagenicity", "Muta."),
    (r"carcinogenicity", "Carc."),
    (r"reproductive\s+toxicity", "Repr."),
    (r"specific\s+target\s+organ\s+toxicity" + _SEP + r"single\s+exposure", "STOT SE"),
    (r"specific\s+target\s+organ\s+toxicity" + _SEP + r"repeated\s+exposure", "STOT RE"),
    (r"aspiration\s+(?:hazard|toxicity)", "Asp. Tox."),
    (
        r"(?:hazardous\s+to\s+the\s+aquatic\s+environment|aquatic\s+toxicity|environmental\s+hazard)"
        + _SEP
        + r"(?P<term>acute|chronic|long[\s-]term)",
        "aquatic",
    ),
)
_NAMED_LEVEL = _SEP + r"(?:category|cat)\b\.?\s*(?P<level>[1-4](?:[A-C](?![A-Za-z]))?)(?!\d)"


@cache
def _named_patterns() -> tuple[tuple[re.Pattern[str], object], ...]:
    return tuple(
        (re.compile(rf"(?<![A-Za-z])(?:{words}){_NAMED_LEVEL}", re.IGNORECASE), prefix)
        for words, prefix in _NAMED_CLASSES
    )


def _named_code(prefix: object, level: str, match: re.Match[str]) -> str | None:
    level = level.upper()
    if prefix == "skin":
        return f"Skin Corr. {level}" if level.startswith("1") else "Skin Irrit. 2" if level == "2" else None
    if prefix == "eye":
        return "Eye Dam. 1" if level == "1" else "Eye Irrit. 2" if level in ("2", "2A") else None
    if prefix == "aquatic":
        term = match.group("term").lower()
        return f"Aquatic Acute {level}" if term == "acute" else f"Aquatic Chronic {level}"
    code = f"{prefix} {level}"
    return code if _fold(code) in _by_folded_code() else None


def _named_categories(text: str) -> list[_Found]:
    found = []
    for pattern, prefix in _named_patterns():
        for match in pattern.finditer(text):
            code = _named_code(prefix, match.group("level"), match)
            if code is not None and _fold(code) in _by_folded_code():
                route = (match.groupdict().get("route") or "").lower() or None
                found.append(_Found(match.start(), match.end(), match.group(0), code, route))
    return found


def find_categories(text: str) -> list[_Found]:
    """Category codes printed in the text, in order ("Flam. Liq. 2", "Acute Tox. 4", "Aquatic Chronic 1"),
    and hazard classes named in full with their category ("Eye Irritation - Cat. 2A")."""
    found = [_Found(m.start(), m.end(), m.group(0)) for m in _category_pattern().finditer(text)]
    for named in _named_categories(text):
        if not any(named.start < item.end and item.start < named.end for item in found):
            found.append(named)
    return sorted(found, key=lambda item: item.start)


def _row_for(item: _Found, h_code: str | None = None) -> Category | None:
    if item.route:
        rows = _by_folded_code().get(_fold(item.category_code), ())
        routed = [row for row in rows if row.route == item.route]
        if routed:
            return routed[0]
    return category_for(item.category_code, h_code)


def parse_classification(text: str) -> list[ComponentHazard]:
    """The hazards a Section 3 row prints, each category paired with the H-code printed for it.

    ``"Flam. Liq. 2, H225; Acute Tox. 4, H302"`` -> (Flam. Liq. 2, H225), (Acute Tox. 4, H302). A code with
    no category printed near it becomes a hazard with the H-code only; a category with no H-code one with the
    category only. Combined codes ("H302+H332") are split into their parts.
    """
    codes: list[tuple[int, str]] = []
    for match in find_codes(text):
        if match.kind != "P":
            # A code no statement list has ("[H379}" read from "H319") is a misreading: the category printed
            # with it still gives the row its hazard.
            codes.extend((match.start, part) for part in split_combination(match.code) if is_known_code(part))
    printed_codes = {code for _, code in codes}
    # "PBT", "vPvB", "PMT", "vPvM" are words of prose too ("meets the criteria for PBT"): they are a
    # classification only where their EUH statement is printed as well.
    found = [
        item
        for item in find_categories(text)
        if not _PROSE_PRONE.fullmatch(item.text.strip(" .").lower())
        or _PROSE_PRONE_CODES[item.text.strip(" .").lower()] in printed_codes
    ]
    rows = [_row_for(item) for item in found]
    windows = [
        [
            i
            for i, (start, _) in enumerate(codes)
            if item.end <= start < (found[n + 1].start if n + 1 < len(found) else len(text))
        ]
        for n, item in enumerate(found)
    ]
    paired: dict[int, int] = {}  # category index -> code index
    used: set[int] = set()

    def compatible(n: int, i: int) -> bool:
        row = rows[n]
        code = codes[i][1]
        return row is None or _base_code(code) in row.h_codes or _same_family(row, code)

    # 1. the first fitting code printed after the category, before the next one
    for n in range(len(found)):
        for i in windows[n]:
            if i not in used and compatible(n, i):
                paired[n] = i
                used.add(i)
                break
    # 2. else a code printed right after the category that the CLP table does not know (a GHS-only code,
    # "Skin Irrit. 2 (H316)" as sheets that follow the GHS rather than CLP print it, or "Eye Irrit. 2 H320"):
    # the table's own code is not made up when the row prints one
    for n in range(len(found)):
        if n in paired or not windows[n]:
            continue
        first = windows[n][0]
        # ... not when another category the table lacks stands between ("Skin Irrit. 2 (315) Acute Tox. 5
        # (H303)": H303 is the GHS-only category's)
        between = text[found[n].end : codes[first][0]]
        if (
            first not in used
            and category_for(None, codes[first][1]) is None
            and not CATEGORY_LIKE.search(between)
        ):
            paired[n] = first
            used.add(first)
    # 3. else the nearest fitting code anywhere (categories and codes printed as two lists)
    for n in range(len(found)):
        if n in paired:
            continue
        choices = [i for i in range(len(codes)) if i not in used and compatible(n, i) and rows[n] is not None]
        if choices:
            i = min(choices, key=lambda i: abs(codes[i][0] - found[n].start))
            paired[n] = i
            used.add(i)
    hazards: list[ComponentHazard] = []
    for n, item in enumerate(found):
        printed = item.text.strip()
        if n in paired:
            code = codes[paired[n]][1]
            exact = _row_for(item, code)
            hazards.append(
                ComponentHazard(
                    category=exact.code if exact else _tidy(printed), h_code=code, printed=f"{printed} {code}"
                )
            )
            # 4. more codes of the same class right after it share its category ("Acute Tox. 3 * H301+H311")
            row = rows[n]
            for i in windows[n]:
                if i not in used and row is not None and _same_family(row, codes[i][1]):
                    used.add(i)
                    other = _row_for(item, codes[i][1])
                    hazards.append(
                        ComponentHazard(
                            category=other.code if other else _tidy(printed),
                            h_code=codes[i][1],
                            printed=f"{printed} {codes[i][1]}",
                        )
                    )
        else:
            exact = _row_for(item)
            hazards.append(
                ComponentHazard(
                    category=exact.code if exact else _tidy(printed),
                    h_code=h_code_for(exact) if exact else None,
                    printed=printed,
                )
            )
    present = {h.h_code for h in hazards}
    for i, (_, code) in enumerate(codes):
        if i not in used and code not in present:
            hazards.append(ComponentHazard(category=None, h_code=code, printed=code))
            present.add(code)
    return _dedupe(hazards)


# A class and category as printed, whether the CLP table has it or not ("Acute Tox. 5", "Flam. Liq. 4",
# "Eye Irrit. 2A").
CATEGORY_LIKE = re.compile(r"[A-Z][A-Za-z]*\.?(?:\s+[A-Z][A-Za-z]*\.?){0,2}\s+\d[A-C]?(?![\w.])")


def _same_family(row: Category, code: str) -> bool:
    """An H-code of another category of the same class ("Acute Tox. 4" printed with H302 when the table
    lists the route by H-code; "Repr. 2" with "H361d")."""
    other = category_for(None, code)
    return other is not None and other.key.split("_")[0] == row.key.split("_")[0]


def _tidy(printed: str) -> str:
    return " ".join(printed.replace("*", " ").split())


def _dedupe(hazards: Iterable[ComponentHazard]) -> list[ComponentHazard]:
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for hazard in hazards:
        key = (hazard.category, hazard.h_code)
        if key not in seen:
            seen.add(key)
            out.append(hazard)
    return out
