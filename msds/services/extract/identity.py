"""Section 1 identity fields: product name, supplier, supplier country and emergency phone."""

from __future__ import annotations

import re

from models.record import Extracted
from msds.domain.label_words import looks_like_label
from msds.services.document_lines import DocLine
from msds.services.extract import lexicon
from msds.services.extract.labelled_values import (
    LabelledValue,
    clean_value,
    find_labelled_values,
    strip_subsection_number,
)

_PRODUCT_LABELS = (
    lexicon.label_pattern(lexicon.PRODUCT_NAME),
    lexicon.label_pattern(lexicon.PRODUCT_IDENTIFIER),
)
_SUPPLIER_LABEL = lexicon.label_pattern(lexicon.SUPPLIER)
_EMERGENCY_LABEL = re.compile(rf"(?:{lexicon.EMERGENCY})", re.IGNORECASE)
# Any Section 1 field label: a line holding one does not continue a value.
_ANY_LABEL = re.compile(
    r"\b(?:"
    + "|".join(
        (
            lexicon.PRODUCT_NAME,
            lexicon.PRODUCT_IDENTIFIER,
            lexicon.SUPPLIER,
            lexicon.EMERGENCY,
            lexicon.RECOMMENDED_USE,
            lexicon.REVISION_DATE,
            lexicon.VERSION,
        )
    )
    + r")\b",
    re.IGNORECASE,
)

LEGAL_FORM = re.compile(
    r"(?:\b(?:GmbH|AG|KG|KGaA|SE|Inc|Incorporated|Corp|Corporation|Company|Co|LLC|L\.L\.C|Ltd|Limited|plc|"
    r"S\.?A\.?S?|S\.?L\.?|S\.?p\.?A|S\.?r\.?l|SARL|B\.?V|N\.?V|Ltda|LTDA|Eireli|EIRELI|S/A|A/S|AB|Oy|"
    r"Pty|GesmbH|e\.K|OHG|mbH)\b\.?)|株式会社|\(주\)|㈜|주식회사|\(유\)|㈲|유한회사|有限会社",
)
_NOT_A_NAME = re.compile(
    r"^(?:not\s+(?:available|applicable)|n/?a|none|see\s|siehe|voir|ver\s|keine|nicht|non\s|no\s+disponible|"
    r"sin\s+datos|dados\s+n[aã]o|donn[ée]e\s+non|-+)$|^\W*$",
    re.IGNORECASE,
)
_ADDRESS_START = re.compile(
    r"^\d|^(?:p\.?o\.?\s*box|postfach|rua|rue|calle|via|av\.|avenida|str)\b", re.IGNORECASE
)
_LEADER_DOTS = re.compile(r"\.{5,}|…{2,}")
PHONE = re.compile(r"(?<![\w/])(?:\+|00|\(\+?)?\d[\d\s()./\-–]{5,22}\d(?!\d)")


def _plausible_name(value: str) -> bool:
    return (
        2 <= len(value) <= 160
        and not _NOT_A_NAME.match(value.strip())
        and any(c.isalpha() for c in value)
        and not looks_like_label(value)
        and not _LEADER_DOTS.search(value)
    )


def extract_product_name(section1: list[DocLine], front: list[DocLine]) -> Extracted[str] | None:
    """A name label ("Product name", "Handelsname") wins over a generic identifier label; Section 1 over
    the title block; as a last resort, the first plain line under the Section 1 heading (low confidence).
    A name printed below its label may run on to a second line."""
    for label, penalty in zip(_PRODUCT_LABELS, (0.0, 0.05), strict=True):
        for scope, confidence in ((section1, 0.92), (front, 0.8)):
            for found in find_labelled_values(scope, label):
                value = _trim_name(found.value)
                if not _plausible_name(value):
                    continue
                if not found.same_line:
                    value = _with_continuation(scope, found.line, value)
                return Extracted[str](
                    value=value,
                    confidence=round(confidence - penalty - (0.0 if found.same_line else 0.07), 2),
                    evidence=[found.line.evidence(section=1)],
                )
    for line in section1[1:5]:
        value = line.text.strip()
        if ":" not in value and not re.match(r"^\W{0,3}\d", value) and _plausible_name(value):
            value = _trim_name(value)
            if _plausible_name(value):
                return Extracted[str](value=value, confidence=0.5, evidence=[line.evidence(section=1)])
    return None


def _with_continuation(scope: list[DocLine], value_line: DocLine, value: str) -> str:
    """A name below its label that wraps ("ULTRADUR B 4300 G4 UNCOLORED" / "POLYBUTYLENE TEREPHTHALATE"):
    the next line joins it when it starts in the same column, on the same page, is a single cell, is no
    label, heading or numbered line, and the line after it is a label or a heading (the block ends there)."""
    position = next((i for i, line in enumerate(scope) if line.index == value_line.index), None)
    if position is None or position + 2 >= len(scope) or value != value_line.text.strip():
        return value
    following, after = scope[position + 1], scope[position + 2]
    text = following.text.strip()
    aligned = abs(following.box.x0 - value_line.box.x0) <= 3 and following.page == value_line.page
    plain = (
        aligned
        and ":" not in text
        and not re.search(r"\s{3,}", text)
        and not re.match(r"^\W{0,3}\d", text)
        and len(value) + len(text) <= 120
        and _plausible_name(text)
        and not _ANY_LABEL.search(text)
    )
    ends_block = ":" in after.text or looks_like_label(after.text) or bool(re.match(r"^\s*\d", after.text))
    return f"{value} {text}" if plain and ends_block else value


def _trim_name(value: str) -> str:
    value = re.split(
        r"\s{2,}|\s+(?:CAS|Cat\.?\s*No|Product\s+(?:No|Number|code)|Art(?:ikel)?\.?-?\s*Nr)\b",
        value,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    return value.strip(" :;,.-–")


def extract_supplier(section1: list[DocLine]) -> tuple[Extracted[str] | None, int | None]:
    """The supplier's name and the index (into section1) of the line it was read from."""
    candidates: list[tuple[float, LabelledValue]] = []
    for found in find_labelled_values(section1, _SUPPLIER_LABEL, lookahead=2):
        if not found.same_line and (not LEGAL_FORM.search(found.value) or _PARENT_GROUP.search(found.value)):
            found = _company_line_below(section1, found)
        found = _principal(section1, found)
        value = _supplier_value(found.value)
        if not value:
            continue
        score = (0.82 if found.same_line else 0.78) + (0.1 if LEGAL_FORM.search(value) else 0.0)
        if lexicon.SUPPLIER_ROLE.search(found.line.text):
            score += 0.02
        candidates.append((score, LabelledValue(value, found.line, found.same_line)))
    for found in _named_under_supplier_heading(section1):
        value = _supplier_value(found.value)
        if value:
            candidates.append(
                (0.82 + (0.1 if LEGAL_FORM.search(value) else 0.0), LabelledValue(value, found.line, True))
            )
    if not any(score >= 0.88 for score, _ in candidates):
        # Many sheets print the company block without a label: the first line with a legal form.
        for line in section1:
            value = _supplier_value(line.text)
            if _PARENT_GROUP.search(line.text):
                continue
            if value and LEGAL_FORM.search(value) and len(value) <= 80 and ":" not in value:
                candidates.append((0.7, LabelledValue(value, line, True)))
                break
    if not candidates:
        return None, None
    score, best = max(candidates, key=lambda item: item[0])
    index = next(i for i, line in enumerate(section1) if line.index == best.line.index)
    return Extracted[str](
        value=best.value, confidence=round(score, 2), evidence=[best.line.evidence(section=1)]
    ), index


# "Name:" under a supplier heading ("Supplier" / "Name   ACME Ltd" / "Address   ..."): the supplier's name.
_NAME_LABEL = re.compile(
    r"^\s*(?:name|nome|nombre|nom|naam|nazwa|名称|이름|성명)\s*(?:[:：]\s*|\s{3,})(?P<value>\S.*)$",
    re.IGNORECASE,
)


def _named_under_supplier_heading(section1: list[DocLine]) -> list[LabelledValue]:
    found: list[LabelledValue] = []
    for position, line in enumerate(section1):
        named = _NAME_LABEL.match(line.text)
        above = section1[max(0, position - 2) : position]
        if named and any(_SUPPLIER_LABEL.search(strip_subsection_number(row.text)) for row in above):
            found.append(LabelledValue(named.group("value"), line, True))
    return found


# "Division of Canada Imperial Oil Limited, an Affiliate of Exxon Mobil Corporation", "Ein Unternehmen der X
# Gruppe": a line naming the supplier's parent group, never the supplier itself.
_PARENT_GROUP = re.compile(
    r"\b(?:affiliate|subsidiary|division|member|part)\s+of\b|\ba\s+company\s+of\b|\bein\s+unternehmen\s+der\b|"
    r"\btochter(?:gesellschaft|unternehmen)\b|\bfiliale\s+(?:de|du)\b|\bsubsidi[áa]ria\s+d[aeo]\b|\bgrupo\b|\bgroupe\b",
    re.IGNORECASE,
)
# "C & A Service Inc. as agents for" / "Citrus and Allied Essences, Ltd": the company acted for supplies it.
_AGENT_FOR = re.compile(
    r"\b(?:as\s+agents?\s+(?:for|of)|on\s+behalf\s+of|im\s+auftrag\s+(?:von|der|des)|pour\s+le\s+compte\s+de|"
    r"por\s+cuenta\s+de|em\s+nome\s+de)\s*:?\s*$",
    re.IGNORECASE,
)


def _principal(section1: list[DocLine], found: LabelledValue) -> LabelledValue:
    """The company an agent acts for, printed on the line after "... as agents for"."""
    if not _AGENT_FOR.search(found.line.text):
        return found
    position = next((i for i, line in enumerate(section1) if line.index == found.line.index), None)
    if position is None or position + 1 >= len(section1):
        return found
    following = section1[position + 1]
    return LabelledValue(following.text, following, False)


def _company_line_below(section1: list[DocLine], found: LabelledValue) -> LabelledValue:
    """Under a supplier heading, a contact person's name may come before the company: prefer the first
    of the next lines that carries a legal form."""
    start = next((i for i, line in enumerate(section1) if line.index == found.line.index), None)
    if start is None:
        return found
    for line in section1[start : start + 3]:
        text = line.text.strip()
        if LEGAL_FORM.search(text) and not _ADDRESS_START.match(text) and not _PARENT_GROUP.search(text):
            return LabelledValue(line.text, line, False)
    return found


# ", a subsidiary of Big Holding plc" after a complete company name: the parent is not the supplier.
_PARENT_CLAUSE = re.compile(
    r",?\s+(?:an?\s+|ein\s+|une?\s+|uma?\s+)?(?:affiliate|subsidiary|division|member|part|company|unternehmen|"
    r"tochter(?:gesellschaft|unternehmen)?|filiale|subsidi[áa]ria|divisi[oó]n)\s+(?:of|der|des|de|du|da|do)\b.*$",
    re.IGNORECASE,
)


def _without_parent_clause(value: str) -> str:
    clause = _PARENT_CLAUSE.search(value)
    if clause is None or clause.start() == 0 or not LEGAL_FORM.search(value[: clause.start()]):
        return value
    return value[: clause.start()]


def _supplier_value(raw: str) -> str | None:
    value = _without_parent_clause(clean_value(raw))
    # Company blocks often continue with the address on the same line: "ACME GmbH - Main St 1 - Town".
    # A dash only ends the name when an address (digits) follows; "CIOL - EXXONMOBIL CANADA" is one name.
    parts = re.split(r"(\s+[-–|•*]\s+|\s*,\s*(?=\d)|\s{2,})", value, maxsplit=1)
    if len(parts) == 3:
        separator = parts[1].strip()
        dash = separator in ("-", "–")
        if not dash or re.search(r"\d", parts[2]):
            value = parts[0]
    value = value.strip(" ,;:")
    if not _plausible_name(value) or _ADDRESS_START.match(value) or "@" in value or "www." in value.lower():
        return None
    if PHONE.fullmatch(value):
        return None
    return _cut_after_legal_form(value)


_BRANCH = re.compile(
    r"[^\d,;]{0,25}?(?:지점|지사|支店|営業所|\bbranch(?:\s+office)?\b|\bzweigniederlassung(?:\s+[A-ZÄÖÜ]\w+)?|"
    r"\bsucursal(?:\s+(?:en|de)\s+[A-Z]\w+)?|\bsuccursale\b|\bfilial\b)",
    re.IGNORECASE,
)


def _cut_after_legal_form(value: str) -> str:
    """Drop an address that follows the company's legal form on the same line."""
    forms = list(LEGAL_FORM.finditer(value))
    if not forms:
        return value
    end = forms[-1].end()
    # A registered branch of a foreign company ("헨켈코리아(유) 서울지점", "ACME Ltd Korea Branch") issues the
    # sheet under the branch's registered name: the branch designation belongs to the name.
    branch = _BRANCH.match(value, end)
    if branch:
        end = branch.end()
    if re.search(r"\d", value[end:]):
        return value[:end].strip(" ,;-")
    return value


# A label cell that goes on in the next line ("Número do telefone de" / "emergência").
_WRAPPED_LABEL = re.compile(
    r"^[^\d:]{3,60}\s(?:de|of|for|für|en|di|da|do|em|in|du|del)\s*(?:\s{3,}|$)", re.IGNORECASE
)


# The first cell of a label wrapped over two lines, with the value after it: "Número de Telefone de   : X".
_WRAPPED_LABEL_CELL = re.compile(
    r"^[^\d:]{3,60}\s(?:de|of|for|für|en|di|da|do|em|in|du|del)\s*(?:\s{3,}|[:：])", re.IGNORECASE
)
# National short emergency numbers (fire brigade, ambulance, general emergency) printed first after the
# label: "Telefone para emergências: Bombeiros 193 / CETESB (11) 3133-4000".
_SHORT_EMERGENCY_NUMBER = re.compile(
    r"^\w*\s*[:：]?\s*(?:[A-Za-zÀ-ÿ]+[:：]?\s+){0,3}(?P<number>112|911|999|000|190|192|193|119|110)(?!\s?[\d\-.]\d|\d)"
)


def extract_emergency_phone(section1: list[DocLine]) -> Extracted[str] | None:
    for position, line in enumerate(section1):
        if not _EMERGENCY_LABEL.search(line.text):
            continue
        window = section1[position : position + 6]
        # A line that names the emergency number itself beats any other number nearby; the line above
        # comes next when the label starts there and wraps ("Número do telefone de" / "emergência").
        wrapped = position and _WRAPPED_LABEL.match(strip_subsection_number(section1[position - 1].text))
        above = section1[position - 1] if wrapped else None
        ordered = sorted(
            enumerate(window), key=lambda item: 0 if _EMERGENCY_LABEL.search(item[1].text) else 2
        )
        if above is not None:
            ordered.insert(1, (-1, above))
        # A label wrapped over two lines inside the block ("Número de Telefone de   : Chemtrec: +55 ..." over
        # "Emergência   Suatrans: 0800 ..."): its first line holds the first number and comes first.
        for rank, (offset, candidate) in enumerate(list(ordered)):
            if offset > 1 and _EMERGENCY_LABEL.search(candidate.text):
                first = window[offset - 1]
                if not _EMERGENCY_LABEL.search(first.text) and _WRAPPED_LABEL_CELL.match(
                    strip_subsection_number(first.text)
                ):
                    ordered.remove((offset - 1, first))
                    ordered.insert(rank, (offset - 1, first))
                break
        for offset, candidate in ordered:
            text = candidate.text
            if offset == 0:
                text = text[_EMERGENCY_LABEL.search(text).end() :]  # type: ignore[union-attr]
            short = _SHORT_EMERGENCY_NUMBER.match(text) if offset == 0 else None
            if short:
                return Extracted[str](
                    value=short.group("number"), confidence=0.85, evidence=[candidate.evidence(section=1)]
                )
            for match in PHONE.finditer(text):
                # "0800 707 7022 / 0800 17 2020": a spaced slash separates two numbers.
                number = re.split(r"\s+/\s+", match.group(0))[0]
                number = re.sub(r"\s*\(\d{0,2}$", "", number).strip(" .-/")
                if sum(ch.isdigit() for ch in number) < 7:
                    continue
                # A number broken over two lines: "Tel: ++49 69 222" / "25285 (Deutsch)".
                following = position + offset + 1
                if match.end() >= len(text.rstrip()) - 1 and offset >= 0 and following < len(section1):
                    tail = re.match(r"^\s*(\d[\d\s-]{1,8}\d)\b", section1[following].text)
                    if tail and sum(ch.isdigit() for ch in number) < 10:
                        number = f"{number} {tail.group(1).strip()}"
                return Extracted[str](
                    value=number,
                    confidence=0.85 if offset <= 1 else 0.7,
                    evidence=[candidate.evidence(section=1)],
                )
    return None
