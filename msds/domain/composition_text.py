"""Reading the figures of a Section 3 row: concentrations, M-factors and specific concentration limits, in the
ways sheets print them in several languages ("≥ 10 – < 20 %", "25-50%", "0,1-<1", "< 0,05", "M=10",
"M-Faktor akut: 1", "Skin Irrit. 2; H315: C ≥ 5 %", "5 % ≤ C < 10 %")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.composition import ConcentrationRange, SpecificLimit
from msds.domain.mixtures.categories import CATEGORY_LIKE, category_for, find_categories
from msds.domain.statement_codes import find_codes

# Comparators printed after the figure: Korean, and Japanese/Chinese ("99.99 % 以上": at least 99.99 %).
_AFTER = r"(?:이하|미만|이상|초과|以上|以下|未満|超)"
_NUMBER = r"\d{1,3}(?:[.,]\d{1,6})?|\d{1,3}(?:[ .]\d{3})+(?:[.,]\d+)?|[.,]\d{1,6}"
# "< =" is "<=" set with a space; "entre 1 e 5 %" ("between 1 and 5 %") is a range like "1 - 5 %".
_CMP = (
    r"(?:>/=|</=|>=|<=|=>|=<|<\s=|>\s=|≥|≤|⩾|⩽|>|<|ca\.?|approx\.?|~|±|m[áa]x\.?|m[ií]n\.?|up\s+to|bis\s+zu|"
    r"at[ée]|hasta|fino\s+a|jusqu'à|tot|entre|between|zwischen)"
)
_SEPARATOR = r"(?:-|–|—|‐|~|∼|～|to|bis|a|à|ou|ate|até|hasta|fino\s+a|tot|do|(?<=\s)(?:e|y|und|and|et)(?=\s))"
# A range printed without a dash: ">= 2.5 < 5.0 %", "0 < 0.1 %".
_UPPER = r"(?:</=|<=|≤|⩽|<)"
_UNIT = (
    r"(?:%\s*(?:\(?\s*(?:w/w|m/m|p/p|v/v|wt|vol|mass|masse|peso|poids|gew)\.?\s*\)?)?"
    r"|wt\.?\s*%|gew\.?-?\s*%|masse-?%|vol\.?-?%|ppm|mg/kg|g/kg)"
)
_RANGE = re.compile(
    rf"(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})(?:\s*(?P<u1>{_UNIT}))?"
    rf"(?:(?:\s*(?:{_SEPARATOR})\s*(?P<c2>{_CMP})?|[,;]?\s+(?P<c2x>{_UPPER}))\s*(?P<n2>{_NUMBER})"
    rf"|\s+(?P<n2b>{_NUMBER})(?=\s*{_UNIT}))?"
    rf"\s*(?P<unit>{_UNIT})?",
    re.IGNORECASE,
)
_WITH_UNIT = re.compile(
    rf"(?<![\w.,\-/])(?P<c1>{_CMP})?[ ]{{0,2}}(?P<n1>{_NUMBER})(?:[ ]{{0,2}}%)?"
    rf"(?:(?:[ ]{{0,2}}(?:{_SEPARATOR})[ ]{{0,2}}(?P<c2>{_CMP})?|[,;]?[ ]{{0,2}}(?P<c2x>{_UPPER}))[ ]{{0,2}}"
    rf"(?P<n2>{_NUMBER})"
    rf"|[ ]{{1,2}}(?P<n2b>{_NUMBER})(?=[ ]{{0,2}}{_UNIT}))?"
    rf"[ ]{{0,2}}(?P<unit>{_UNIT})",
    re.IGNORECASE,
)
# An interval around the concentration "x" ("10 <= x % < 25", "0,1 ≤ x < 1"), as many French and some other
# sheets print it. (With "C" it is a specific concentration limit: _SCL.)
_X_INTERVAL = re.compile(
    rf"(?<![\w.,])(?P<n1>{_NUMBER})\s*%?\s*(?P<c1>{_UPPER})\s*x\s*(?P<u1>%)?\s*(?P<c2>{_UPPER})\s*"
    rf"(?P<n2>{_NUMBER})\s*(?P<u2>%)?",
    re.IGNORECASE,
)
_BARE_CELL = re.compile(
    rf"^\s*(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})"
    rf"(?:(?:\s*(?:-|–|—|‐|~|∼|～|to|bis|a|à)\s*(?P<c2>{_CMP})?|[,;]?\s+(?P<c2x>{_UPPER}))\s*(?P<n2>{_NUMBER}))?"
    rf"\s*(?P<after>{_AFTER})?\s*$",
    re.IGNORECASE,
)
_TAIL_RANGE = re.compile(
    rf"(?<=\s)(?P<all>(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})"
    rf"(?:\s*(?:-|–|—|‐|~|∼|～)\s*(?P<c2>{_CMP})?|\s+(?P<c2x>{_UPPER}))\s*(?P<n2>{_NUMBER}))\s*$",
    re.IGNORECASE,
)
# A bound with a comparator sign ending a name cell, one space after the name ("...-2-buten-1-one <0,1").
_TAIL_BOUND = re.compile(rf"(?<=\s)(?P<all>(?P<c1>>=|<=|≥|≤|⩾|⩽|>|<)\s*(?P<n1>{_NUMBER}))\s*$")
# A range opening a line, set one space before the name of the next column ("9 - 19 Natriummercaptoacetat",
# "0,25 - <1 (R)-p-Mentha-1,8-dien", "1 - <5 2-Ethylhexan-1-ol"): two figures, so that a name's own leading
# digits ("1,2-Benzisothiazol") are never taken.
_HEAD_RANGE = re.compile(
    rf"^\s*(?P<all>(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})"
    rf"\s*(?:-|–|—|‐|~|∼|～)\s*(?P<c2>{_CMP})?\s*(?P<n2>{_NUMBER}))"
    # ... before a name: a letter, a bracket, or the locants a chemical name opens with ("2-Ethylhexan-1-ol",
    # "1,2-Benzisothiazol-3(2H)-on")
    r"(?=\s+[^\W\d_(]|\s+\(|\s+\d{1,2}(?:,\d{1,2})*-[^\W\d_(])",
    re.IGNORECASE,
)
# A range bounded on both sides by comparators ("> 25 — < 30", its unit wrapped to the next line): a
# concentration wherever it stands in a row, whatever cell edges the line shows.
_COMPARED_RANGE = re.compile(
    rf"(?<![\w.,])(?P<all>(?P<c1>>=|=>|≥|⩾|>)\s*(?P<n1>{_NUMBER})\s*(?:-|–|—|‐)\s*(?P<c2>{_UPPER})\s*"
    rf"(?P<n2>{_NUMBER}))(?![\d.,]*\s*%)"
)
# "≥1-<3%" as OCR reads it in print: "21-<3%", the sign taken for a 2. A range cannot fall, so a first figure
# above an upper bound it would sit under without that 2 is the sign misread.
_MISREAD_AT_LEAST = re.compile(
    rf"(?<![\w.,])2(?P<rest>\d{{1,3}}(?:[.,]\d{{1,6}})?)(?=\s*(?:-|–|—|‐)\s*(?:{_UPPER})\s*(?P<n2>{_NUMBER}))"
)
_SCL = re.compile(
    rf"(?:(?P<lo>{_NUMBER})\s*%?\s*(?P<lc>{_CMP})\s*)?\bC\s*(?P<c>{_CMP})\s*(?P<n>{_NUMBER})\s*%?",
)
# The same limit printed figure first: ">= 50 %: Eye Irrit. 2A, H319" (a category or H-code after the colon).
_SCL_FIRST = re.compile(rf"(?<![\w.,])(?P<c>{_CMP})\s*(?P<n>{_NUMBER})\s*%\s*:\s*(?=[A-Za-z])")
_SCL_FIRST_CODE_WITHIN = 25
_AFTER_WORDS = {
    "이하": "<=",
    "미만": "<",
    "이상": ">=",
    "초과": ">",
    "以上": ">=",
    "以下": "<=",
    "未満": "<",
    "超": ">",
}
# The full-width percent sign of Japanese, Chinese and Korean text is a percent sign.
_WIDE_PERCENT = str.maketrans("％", "%")
_QS = re.compile(r"(?i)\b(?:qsp|q\.s\.p?|ad|balance|rest|restante|remainder|rest\s*bis)\b\.?\s*(?:100\s*%?)?")


def _number(text: str) -> float:
    text = text.strip().replace(" ", "")
    if text.count(".") > 1:  # "1.000.000"
        text = text.replace(".", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    if text.startswith("."):
        text = "0" + text
    return float(text)


def _kind(comparator: str | None) -> str:
    if not comparator:
        return ""
    comparator = " ".join(comparator.lower().rstrip(".").split())
    if comparator in _AFTER_WORDS:
        return _AFTER_WORDS[comparator]
    if comparator in ("max", "máx", "up to", "bis zu", "até", "ate", "hasta", "fino a", "jusqu'à", "tot"):
        return "<="
    if comparator in ("min", "mín"):
        return ">="
    if comparator in ("entre", "between", "zwischen"):
        return ""
    return {
        ">/=": ">=",
        "</=": "<=",
        "=>": ">=",
        "=<": "<=",
        "< =": "<=",
        "> =": ">=",
        "≥": ">=",
        "≤": "<=",
        "⩾": ">=",
        "⩽": "<=",
    }.get(comparator, comparator)


def _unit(raw: str | None) -> str:
    if not raw:
        return "%"
    folded = raw.lower().replace(" ", "").replace("(", "").replace(")", "")
    if folded.startswith("ppm"):
        return "ppm"
    if folded.startswith("mg/kg"):
        return "mg/kg"
    if folded.startswith("g/kg"):
        return "g/kg"
    if "v/v" in folded or "vol" in folded:
        return "% v/v"
    if any(mark in folded for mark in ("w/w", "m/m", "p/p", "wt", "gew", "mass", "peso", "poids")):
        return "% w/w"
    return "%"


def _range(
    printed: str, c1: str | None, n1: str, c2: str | None, n2: str | None, unit: str | None
) -> ConcentrationRange:
    first, second = _kind(c1), _kind(c2)
    a = _number(n1)
    if n2 is None:
        if first in (">", ">="):
            return ConcentrationRange(
                printed=printed, low=a, high=None, low_inclusive=first == ">=", unit=_unit(unit)
            )
        if first in ("<", "<="):
            return ConcentrationRange(
                printed=printed, low=None, high=a, high_inclusive=first == "<=", unit=_unit(unit)
            )
        return ConcentrationRange(printed=printed, low=a, high=a, unit=_unit(unit))
    b = _number(n2)
    low, high = (a, b) if a <= b else (b, a)
    return ConcentrationRange(
        printed=printed,
        low=low,
        high=high,
        low_inclusive=first != ">",
        high_inclusive=second not in ("<",),
        unit=_unit(unit),
    )


def _x_interval(printed: str, match: re.Match[str]) -> ConcentrationRange:
    # "a <= x" bounds x from below: the comparator turns round.
    below = {"<": ">", "<=": ">="}.get(_kind(match.group("c1")), ">=")
    return _range(printed.strip(), below, match.group("n1"), match.group("c2"), match.group("n2"), None)


def _bounded(match: re.Match[str], group: str) -> ConcentrationRange | None:
    """The range a match spells (comparators c1/c2, figures n1/n2), when it rises and stays within 100 %."""
    try:
        value = _range(
            match.group(group).strip(),
            match.group("c1"),
            match.group("n1"),
            match.group("c2"),
            match.group("n2"),
            None,
        )
    except ValueError:
        return None
    if value.upper_bound is None or value.upper_bound > 100:
        return None
    if value.low is not None and value.high is not None and not value.low < value.high:
        return None
    return value


def parse_concentration(text: str) -> ConcentrationRange | None:
    """A concentration printed on its own ("≥ 10 – < 20 %", "25-50%", "< 0,1", "qsp 100%" -> None)."""
    cleaned = _MISREAD_AT_LEAST.sub(_at_least, " ".join(text.translate(_WIDE_PERCENT).split()))
    if not cleaned or _QS.search(cleaned):
        return None
    interval = _X_INTERVAL.search(cleaned)
    if interval is not None:
        return _x_interval(cleaned, interval)
    match = _RANGE.search(cleaned)
    if match is None:
        return None
    n2 = match.group("n2") or match.group("n2b")
    try:
        return _range(
            cleaned,
            match.group("c1") or _after(cleaned, match.end()),
            match.group("n1"),
            match.group("c2") or match.group("c2x"),
            n2,
            match.group("unit") or match.group("u1"),
        )
    except ValueError:
        return None


def _after(text: str, end: int) -> str | None:
    """A comparator printed after the figure ("4,9 % 이하": at most 4.9 %)."""
    found = re.match(rf"\s*({_AFTER})", text[end:])
    return found.group(1) if found else None


# A range cut after its first figure at the end of a line (">= 90 - <=", "10 % ≤", "≥ 5 -"): a narrow
# concentration cell wraps, and the second figure is on the next line of the same cell.
_DANGLING = re.compile(
    rf"(?<![\w.,\-/])(?P<head>(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})\s*(?P<pct>%)?\s*"
    rf"(?:(?:-|–|—|‐|~|∼|to|bis|a|à|até|ate)\s*(?P<c2>{_CMP})?|(?P<c3>{_UPPER})))\s*$",
    re.IGNORECASE,
)
_DANGLING_FIRST_CELL = re.compile(
    rf"^\s*(?P<head>(?P<c1>{_CMP})?\s*(?P<n1>{_NUMBER})\s*(?P<pct>%)?\s*"
    rf"(?:(?:-|–|—|‐|~|∼|to|bis|a|à|até|ate)\s*(?P<c2>{_CMP})?|(?P<c3>{_UPPER})))(?=\s{{3}})",
    re.IGNORECASE,
)
_TAIL_FIRST = re.compile(
    rf"^\s*(?P<tail>(?:{_CMP})?\s*(?P<n2>{_NUMBER})\s*(?:{_UNIT})?)(?=\s{{3}}|\s*$)", re.IGNORECASE
)
_TAIL_LAST = re.compile(
    rf"(?<=\s)(?P<tail>(?:{_CMP})?\s*(?P<n2>{_NUMBER})\s*(?:{_UNIT})?)\s*$", re.IGNORECASE
)


def mend_broken_ranges(texts: list[str]) -> list[str]:
    """Lines with a range cut over two lines put back together: ``[">= 90 - <=", "H315, 100 %"]`` ->
    ``[">= 90 - <= 100 %", "H315,"]``. The first part must carry a comparator or a unit (so that "1-" in a
    name is left alone), the second figure opens or closes the next line, and the range must rise. A range
    cut in a table's first column (">= 7% - <   Prallethrin" / "10%   2-Methyl...") continues in the next
    line's first cell. Without a percent sign, both figures must carry a comparator (">= 0,01 - <=" / "0,1"
    under a "(% w/w)" header)."""
    out = list(texts)
    for index in range(len(out) - 1):
        head = _DANGLING.search(out[index])
        first_cell = False
        if head is None:
            head = _DANGLING_FIRST_CELL.match(out[index])
            first_cell = True
        if head is None or not (
            head.group("c1") or head.group("pct") or head.group("c2") or head.group("c3")
        ):
            continue
        following = out[index + 1]
        tail = _TAIL_FIRST.match(following) or (None if first_cell else _TAIL_LAST.search(following))
        if tail is None:
            continue
        joined = f"{head.group('head').rstrip()} {tail.group('tail').strip()}"
        compared = bool(head.group("c1") and (head.group("c2") or head.group("c3")))
        if ("%" not in joined and not compared) or not _number(head.group("n1")) < _number(tail.group("n2")):
            continue
        value = parse_concentration(joined)
        if value is None or value.low is None or value.high is None or not value.low < value.high:
            continue
        out[index] = out[index][: head.start("head")] + joined + out[index][head.end("head") :]
        out[index + 1] = (following[: tail.start("tail")] + following[tail.end("tail") :]).strip()
    return out


# A specific concentration limit cut after its lower bound ("H315: 10 % ≤" / "C < 25 %") by a narrow column.
_LIMIT_HEAD = re.compile(rf"(?<![\w.,])(?:{_NUMBER})\s*%?\s*(?:{_UPPER}|≤|⩽)\s*$")
_LIMIT_TAIL = re.compile(rf"^\s*C\s*(?:{_CMP})\s*(?:{_NUMBER})\s*%?")
_LIMIT_LOOKAHEAD = 2


def mend_broken_limits(texts: list[str]) -> list[str]:
    """Specific concentration limits cut over two lines put back together: ``["H315: 10 % ≤", "C < 25 %"]`` ->
    ``["H315: 10 % ≤ C < 25 %", ""]`` (the rest may be one line further down, below another column's line), so
    the lower bound is never read as a row's concentration."""
    out = list(texts)
    for index in range(len(out) - 1):
        if not _LIMIT_HEAD.search(out[index]):
            continue
        # The rest of the cell is on the next line, or the one after when another column's line sits between.
        for following in range(index + 1, min(index + 1 + _LIMIT_LOOKAHEAD, len(out))):
            tail = _LIMIT_TAIL.match(out[following])
            if tail is not None:
                out[index] = f"{out[index].rstrip()} {tail.group(0).strip()}"
                out[following] = out[following][tail.end() :].strip()
                break
    return out


# A line that is only a hazard category ("Eye Irrit. 2,"), and a cell opening with an H-code and its limit
# ("H319: 10 % ≤ C < 25 %", "H314: C ≥ 25").
_CATEGORY_LINE = re.compile(rf"^\s*{CATEGORY_LIKE.pattern}\s*[,;]?\s*$")
_CODE_LIMIT_CELL = re.compile(
    rf"^H\d{{3}}[A-Za-z]{{0,2}}\s*:\s*(?:C\s*(?:{_CMP})|(?:{_NUMBER})\s*%?\s*(?:{_UPPER}|≤|⩽))"
)


def mend_split_limit_categories(texts: list[str]) -> list[str]:
    """A specific limit whose category stands on the line above its H-code ("Eye Irrit. 2," over "H319: 10 % ≤
    C < 25 %", in a column of limits beside the rows) put back together, so the category is the limit's and
    not the row's own classification: ``["Eye Irrit. 2,", "H319: 10 % ≤ C < 25 %"]`` -> ``["", "Eye Irrit.
    2, H319: 10 % ≤ C < 25 %"]``. The H-code's cell may be one line further down, or end a line of other
    cells."""
    out = list(texts)
    for index in range(len(out) - 1):
        if not _CATEGORY_LINE.match(out[index]):
            continue
        for following in range(index + 1, min(index + 1 + _LIMIT_LOOKAHEAD, len(out))):
            cells = re.split(r"( {3,}|\t)", out[following])
            opening = next(
                (position for position, cell in enumerate(cells) if _CODE_LIMIT_CELL.match(cell.strip())),
                None,
            )
            if opening is not None:
                cells[opening] = f"{out[index].strip()} {cells[opening].lstrip()}"
                out[following] = "".join(cells)
                out[index] = ""
                break
    return out


@dataclass(frozen=True, slots=True)
class FoundConcentration:
    start: int
    end: int
    value: ConcentrationRange


def find_concentrations(text: str, *, bare_cells: bool) -> list[FoundConcentration]:
    """Concentrations in a line: expressions with a unit ("25 - 50 %"), and with ``bare_cells`` a table cell
    (three-space separated) that holds only a number or range ("5 - 10", "≤3", "80-<100")."""
    found: list[FoundConcentration] = []
    text = _MISREAD_AT_LEAST.sub(_at_least, text.translate(_WIDE_PERCENT))
    for interval in _X_INTERVAL.finditer(text):
        found.append(
            FoundConcentration(interval.start(), interval.end(), _x_interval(interval.group(0), interval))
        )
    for match in _WITH_UNIT.finditer(text):
        if any(f.start <= match.start() < f.end or match.start() <= f.start < match.end() for f in found):
            continue
        n2 = match.group("n2") or match.group("n2b")
        try:
            value = _range(
                match.group(0).strip(),
                match.group("c1") or _after(text, match.end()),
                match.group("n1"),
                match.group("c2") or match.group("c2x"),
                n2,
                match.group("unit"),
            )
        except ValueError:
            continue
        if value.upper_bound is not None and value.unit.startswith("%") and value.upper_bound > 100:
            continue
        found.append(FoundConcentration(match.start(), match.end(), value))
    if bare_cells:
        position = 0
        for cell in re.split(r"( {3,}|\t)", text):
            start = position
            position += len(cell)
            if not cell.strip() or any(f.start <= start < f.end for f in found):
                continue
            bare = _BARE_CELL.match(cell)
            bare_value = _unitless_range(cell.strip(), bare.groupdict()) if bare else None
            if bare_value is None or bare_value.upper_bound is None or bare_value.upper_bound > 100:
                continue
            found.append(FoundConcentration(start, position, bare_value))
        for compared in _COMPARED_RANGE.finditer(text):
            if any(f.start < compared.end("all") and compared.start("all") < f.end for f in found):
                continue
            compared_value = _bounded(compared, "all")
            if compared_value is not None:
                found.append(FoundConcentration(compared.start("all"), compared.end("all"), compared_value))
        head = _HEAD_RANGE.match(text)
        if head is not None and not any(f.start < head.end("all") for f in found):
            # The row's own range before its name, whatever figures the name holds ("70 - 100
            # Kohlenwasserstoffe, ..., < 2 % Aromaten").
            head_value = _bounded(head, "all")
            if head_value is not None and head_value.low is not None:
                found.insert(0, FoundConcentration(head.start("all"), head.end("all"), head_value))
        if not found:
            tail = _cell_tail(text)
            if tail is not None:
                found.append(tail)
    return sorted(found, key=lambda f: f.start)


def _at_least(match: re.Match[str]) -> str:
    rest, upper = match.group("rest"), match.group("n2")
    try:
        misread = _number(rest) < _number(upper) < _number("2" + rest)
    except ValueError:
        return match.group(0)
    return "≥" + rest if misread else match.group(0)


def _cell_tail(text: str) -> FoundConcentration | None:
    """The first cell of a line that ends with a range, or a bound with a comparator sign, set one space from
    the words before it: the concentration cell run into a long name ("... secret 75-85", "...-5(6)-yl
    0,2-0,5   Aquatic Chronic 3, H412")."""
    position = 0
    for cell in re.split(r"( {3,}|\t)", text):
        start = position
        position += len(cell)
        tail = _TAIL_RANGE.search(cell) or _TAIL_BOUND.search(cell)
        value = _unitless_range(tail.group("all").strip(), tail.groupdict()) if tail else None
        if tail and value is not None and value.upper_bound is not None and value.upper_bound <= 100:
            return FoundConcentration(start + tail.start("all"), start + tail.end("all"), value)
    return None


def _unitless_range(printed: str, groups: dict[str, str | None]) -> ConcentrationRange | None:
    """A figure or range printed without its unit (a cell under a "%" header), from its match's groups."""
    try:
        return _range(
            printed,
            groups.get("c1") or groups.get("after"),
            groups.get("n1") or "",
            groups.get("c2") or groups.get("c2x"),
            groups.get("n2"),
            None,
        )
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class FoundLimit:
    start: int
    end: int
    limit: SpecificLimit


def find_specific_limits(text: str) -> list[FoundLimit]:
    """Specific concentration limits: "C ≥ x %" or "x % ≤ C < y %", each with the category or H-code printed
    just before it ("Skin Irrit. 2; H315: C ≥ 5 %")."""
    found: list[FoundLimit] = []
    for match in _SCL.finditer(text):
        comparator = _kind(match.group("c"))
        value = _number(match.group("n"))
        low: float | None
        high: float | None
        low_inclusive, high_inclusive = True, False
        if match.group("lo") is not None:
            low = _number(match.group("lo"))
            low_inclusive = _kind(match.group("lc")) in ("<=", "")
            high, high_inclusive = value, comparator == "<="
        elif comparator in (">", ">="):
            low, high, low_inclusive = value, None, comparator == ">="
        else:
            low, high, high_inclusive = 0.0, value, comparator == "<="
        before = text[max(0, match.start() - 60) : match.start()]
        categories = find_categories(before)
        codes = [m for m in find_codes(before) if m.kind == "H"]
        category = categories[-1].category_code.strip() if categories else None
        h_code = codes[-1].code if codes else None
        row = category_for(category, h_code)
        start = match.start()
        anchors = [c.start for c in categories[-1:]] + [c.start for c in codes[-1:]]
        if anchors:
            start = max(0, match.start() - 60) + min(anchors)
        found.append(
            FoundLimit(
                start,
                match.end(),
                SpecificLimit(
                    category=row.code if row else category,
                    h_code=h_code,
                    low=low,
                    high=high,
                    low_inclusive=low_inclusive,
                    high_inclusive=high_inclusive,
                    printed=text[start : match.end()].strip(" ;,:"),
                ),
            )
        )
    for match in _SCL_FIRST.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        after = text[match.end() : match.end() + 60]
        # The category may be one the CLP table lacks ("Eye Irrit. 2A"): its H-code follows within a few
        # words.
        categories = [c for c in find_categories(after) if c.start == 0]
        printed_category = categories[0].category_code.strip() if categories else None
        category_end = categories[0].end if categories else 0
        if printed_category is None and (like := CATEGORY_LIKE.match(after)) is not None:
            printed_category, category_end = like.group(0), like.end()
        codes = [m for m in find_codes(after) if m.kind == "H" and m.start <= _SCL_FIRST_CODE_WITHIN]
        code = codes[0] if codes else None
        if printed_category is None and code is None:
            continue
        comparator = _kind(match.group("c"))
        if comparator not in (">", ">=", "<", "<="):
            continue
        value = _number(match.group("n"))
        row = category_for(printed_category, code.code if code else None)
        end = match.end() + max(category_end, code.end if code else 0)
        rising = comparator in (">", ">=")
        found.append(
            FoundLimit(
                match.start(),
                end,
                SpecificLimit(
                    category=row.code if row else printed_category,
                    h_code=code.code if code else None,
                    low=value if rising else 0.0,
                    high=None if rising else value,
                    low_inclusive=comparator != ">",
                    high_inclusive=comparator == "<=",
                    printed=text[match.start() : end].strip(" ;,:"),
                ),
            )
        )
    return sorted(found, key=lambda f: f.start)


M_FACTOR_KINDS = (
    r"akut|acute|aigu|aguda|agudo|acuta|chronisch|chronic|chronique|cr[oóô]nic[oa]|cronic[oa]|langfristig"
)
"""The words that say which aquatic hazard an M-factor is for, in the supported languages (a regex group)."""
M_FACTOR_WORD = r"\bM\s*[-‐]?\s*(?:fa[ck]tor|factor|facteur|fator)\b"
"""The word "M-factor" as a table's column names it, in the supported languages ("M-Faktor")."""
_M_FACTOR = re.compile(
    r"(?i)(?:\bM\s*[-‐]?\s*(?:fa[ck]tor|factor|facteur|fator)?|(?:facteur|fator|factor)\s+M)"
    rf"\s*(?:\(?\s*(?P<kind1>{M_FACTOR_KINDS})\s*\)?)?"
    r"\s*[:=]\s*(?P<value>\d{1,6})"
)


_KIND_AFTER = re.compile(rf"(?i)\s*\(\s*(?P<kind>{M_FACTOR_KINDS})\s*\)")
_FURTHER_M_FACTOR = re.compile(rf"(?i)\s*[,;]\s*(?P<value>\d{{1,6}})\s*\(\s*(?P<kind>{M_FACTOR_KINDS})\s*\)")


def m_factor_kind(word: str) -> str:
    """ "acute" or "chronic" for one of the words of :data:`M_FACTOR_KINDS`."""
    return "acute" if word.lower().startswith(("ak", "ac", "ai", "ag")) else "chronic"


@dataclass(frozen=True, slots=True)
class FoundMFactor:
    start: int
    end: int
    kind: str | None  # "acute", "chronic" or None (not said)
    value: int


def find_m_factors(text: str) -> list[FoundMFactor]:
    """M-factors: "M=10", "M-factor (acute): 10", "M-Faktor chronisch: 1", "Facteur M = 100". Without a
    word for acute or chronic, the kind is that of the aquatic category printed just before it, if any."""
    found: list[FoundMFactor] = []
    for match in _M_FACTOR.finditer(text):
        word = (match.group("kind1") or "").lower()
        kind: str | None
        # The kind after the figure, and a second figure with its own ("Fator M: 10 (aguda), 10 (crônica)").
        after = _KIND_AFTER.match(text, match.end()) if not word else None
        if after is not None:
            found.append(
                FoundMFactor(
                    match.start(), after.end(), m_factor_kind(after.group("kind")), int(match.group("value"))
                )
            )
            for pair in _FURTHER_M_FACTOR.finditer(text, after.end()):
                if pair.start() != found[-1].end:
                    break
                found.append(
                    FoundMFactor(
                        pair.start(), pair.end(), m_factor_kind(pair.group("kind")), int(pair.group("value"))
                    )
                )
            continue
        if word:
            kind = m_factor_kind(word)
        else:
            since = max(match.start() - 40, found[-1].end if found else 0)
            before = text[since : match.start()].lower()
            acute_at = max(before.rfind("acute"), before.rfind("h400"))
            chronic_at = max(before.rfind("chronic"), before.rfind("h410"), before.rfind("h411"))
            kind = None if acute_at == chronic_at == -1 else ("acute" if acute_at > chronic_at else "chronic")
        found.append(FoundMFactor(match.start(), match.end(), kind, int(match.group("value"))))
    return found
