"""Section 1 identity fields: product name, supplier, supplier country and emergency phone."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from functools import cache

from models.record import Extracted
from msds.domain import field_labels
from msds.domain.countries import names_a_postal_place
from msds.domain.dates import find_dates
from msds.domain.document_title import names_itself_an_sds
from msds.domain.label_words import looks_like_label
from msds.services.document_lines import DocLine
from msds.services.extract import lexicon
from msds.services.extract.labelled_values import (
    LabelledValue,
    cell_below,
    clean_value,
    find_labelled_values,
    strip_subsection_number,
)
from msds.services.running_lines import running_key


@cache
def _product_labels() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        lexicon.label_pattern(lexicon.product_name()),
        lexicon.label_pattern(lexicon.product_identifier()),
        lexicon.label_pattern(lexicon.BARE_PRODUCT_LABEL),
    )


@cache
def _supplier_label() -> re.Pattern[str]:
    return lexicon.label_pattern(lexicon.supplier())


@cache
def _emergency_label() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.emergency()})", re.IGNORECASE)


@cache
def _any_label() -> re.Pattern[str]:
    """Any Section 1 field label: a line holding one does not continue a value."""
    alternatives = (
        lexicon.product_name(),
        lexicon.product_identifier(),
        lexicon.supplier(),
        lexicon.emergency(),
        lexicon.RECOMMENDED_USE,
        lexicon.revision_date(),
        lexicon.version(),
    )
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


LEGAL_FORM = re.compile(
    r"(?:\b(?:GmbH|AG|KG|KGaA|SE|Inc|Incorporated|Corp|Corporation|Company|Co|LLC|L\.L\.C|Ltd|Limited|plc|"
    r"S\.?A\.?S?|S\.?L\.?|S\.?p\.?A|S\.?r\.?l|SARL|B\.?V|N\.?V|Ltda|LTDA|Eireli|EIRELI|S/A|A/S|AB|Oy|"
    r"Pty|GesmbH|e\.K|OHG|mbH)\b\.?)|株式会社|\(주\)|㈜|주식회사|\(유\)|㈲|유한회사|有限会社|"
    # The company forms of the other countries suppliers come from: Poland ("Sp. z o.o."), Czechia and
    # Slovakia ("s.r.o.", "a.s."), Hungary ("Kft.", "Zrt."), Slovenia and Croatia ("d.o.o."), Denmark
    # ("ApS"), Finland ("Oyj"), Germany's "UG", Turkey ("A.Ş."), Malaysia ("Sdn. Bhd."), the UK's "LLP".
    r"\b(?:Sp\.\s?z\s?o\.\s?o\.?|s\.\s?r\.\s?o\.?|a\.\s?s\.(?!\w)|Kft\.?|Zrt\.?|d\.\s?o\.\s?o\.?|"
    r"ApS|Oyj|UG|A\.\s?Ş\.?|Sdn\.?\s?Bhd\.?|LLP)(?!\w)",
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


def _position_of(lines: list[DocLine], line: DocLine) -> int | None:
    """Where a line stands in a list of the document's lines (by its document-wide index)."""
    return next((i for i, other in enumerate(lines) if other.index == line.index), None)


def _plausible_name(value: str) -> bool:
    return (
        2 <= len(value) <= 160
        and not _NOT_A_NAME.match(value.strip())
        and any(c.isalpha() for c in value)
        and not looks_like_label(value)
        and not _LEADER_DOTS.search(value)
        and not _SECTION_1_HEADING.match(value)
    )


# A numbered sub-heading of Section 1 ("· 1.2 Relevante identifizierte Verwendungen ..."), never a value.
_SECTION_1_HEADING = re.compile(r"^\W{0,3}1\.[1-4]\.?\s+[^\W\d_]{3,}")


def extract_product_name(
    section1: list[DocLine], front: list[DocLine], running: Sequence[DocLine] = ()
) -> Extracted[str] | None:
    """A name label ("Product name", "Handelsname") wins over a generic identifier label, and both over the
    bare word "Product:" (read in Section 1's identifier block only); Section 1 over the title block, and
    both over the running header or footer (``running``: "Product name: X" printed on every page); as a
    last resort, the first plain line under the Section 1 heading (low confidence). A name printed below
    its label may run on to a second line."""
    # The supplier's block names the company ("Name oder Handelsname   ACME s.r.o."): a name label there is
    # the company's, so the product's name is looked for above it.
    product_block = section1[: _supplier_block_start(section1)]
    # Without a Section 1 the front matter stands in for it (and is passed as both).
    has_section1 = section1 != front
    everywhere = ((product_block, 0.92), (front, 0.8), (list(running), 0.75))
    # "Product:" in a page footer or header is as likely an article code: only the block's own lines count.
    repeated = {running_key(line.text) for line in running}
    own_lines = [line for line in product_block if running_key(line.text) not in repeated]
    name_label, identifier_label, bare_label = _product_labels()
    tiers = (
        (name_label, 0.0, everywhere),
        (identifier_label, 0.05, everywhere),
        (bare_label, 0.1, ((own_lines, 0.92),) if has_section1 else ()),
    )
    for label, penalty, scopes in tiers:
        for scope, confidence in scopes:
            for found in find_labelled_values(scope, label):
                value = _trim_name(found.value)
                if not _plausible_name(value):
                    continue
                named = _name_below_code(scope, found.line, value)
                if named is not None:
                    value, line = named
                    return Extracted[str](
                        value=value,
                        confidence=round(confidence - penalty - 0.07, 2),
                        evidence=[line.evidence(section=1)],
                    )
                if not found.same_line:
                    value = _with_continuation(scope, found.line, value)
                return Extracted[str](
                    value=value,
                    confidence=round(confidence - penalty - (0.0 if found.same_line else 0.07), 2),
                    evidence=[found.line.evidence(section=1)],
                )
    # The first line of a Section 1 is its heading; without a Section 1 (the front matter stands in for it)
    # the scope starts with the sheet's title lines, which name the product.
    start = 1 if has_section1 else 0
    for line in section1[start : start + 4]:
        plain = _unlabelled_name(line)
        if plain is not None:
            return Extracted[str](value=plain, confidence=0.5, evidence=[line.evidence(section=1)])
    # A title block that names the product on the line under the sheet's title ("Safety data sheet" /
    # "Methyl Ethyl Ketone 99.5%"), where Section 1 names it nowhere.
    for title, following in itertools.pairwise(front[:_TITLE_BLOCK_LINES]):
        if names_itself_an_sds([title.text]) and not names_itself_an_sds([following.text]):
            plain = _unlabelled_name(following)
            if plain is not None:
                return Extracted[str](value=plain, confidence=0.5, evidence=[following.evidence()])
    return None


# How far down the first page a title block may stand.
_TITLE_BLOCK_LINES = 8


def _unlabelled_name(line: DocLine) -> str | None:
    """A line that may be a name on its own: no colon, no number first, no address town, no label."""
    value = line.text.strip()
    # A town's line of the supplier's address ("Florham Park, NJ 07932") is never the product; nor is a
    # legend that opens with a sign ("= Flammability" beside an NFPA diamond).
    if names_a_postal_place(value) or ":" in value or re.match(r"^(?:\W{0,3}\d|[=<>|~#*+])", value):
        return None
    if not _plausible_name(value):
        return None
    value = _trim_name(value)
    return value if _plausible_name(value) else None


# A word of two letters or more, standing alone: a value without one ("552969 T", "503296 C8K - 170A9YOG") is
# an article code, not a name.
_NAME_WORD = re.compile(r"(?<![\w])[^\W\d_]{2,}(?![\w])")


def _name_below_code(scope: list[DocLine], value_line: DocLine, value: str) -> tuple[str, DocLine] | None:
    """An identifier block that prints the article code, then the trade name on the next line ("552969 T" /
    "SOURSOP KEY FLAVOUR"): the name and its line, when the value is a code and the next line a name."""
    if _NAME_WORD.search(value):
        return None
    position = _position_of(scope, value_line)
    if position is None or position + 1 >= len(scope):
        return None
    following = scope[position + 1]
    text = _trim_name(following.text.strip())
    if ":" in text or not _NAME_WORD.search(text) or not _plausible_name(text):
        return None
    return text, following


# The sub-heading that opens the supplier's block: "1.3" (REACH Annex II numbering) or its wording.
_SUPPLIER_SUBSECTION = re.compile(r"^\W{0,3}1\.3\.?(?:\s|$)")


def _supplier_block_start(section1: list[DocLine]) -> int:
    """The position of the line that opens the supplier's block (its sub-heading), or the end."""
    for position, line in enumerate(section1[1:], start=1):
        text = line.text.strip()
        if _SUPPLIER_SUBSECTION.match(text) or (
            lexicon.supplier_role().search(text) and len(text.split()) >= _SUPPLIER_HEADING_WORDS
        ):
            return position
    return len(section1)


def _with_continuation(scope: list[DocLine], value_line: DocLine, value: str) -> str:
    """A name below its label that wraps ("ULTRADUR B 4300 G4 UNCOLORED" / "POLYBUTYLENE TEREPHTHALATE"):
    the next line joins it when it starts in the same column, on the same page, is a single cell, is no
    label, heading or numbered line, and the line after it is a label or a heading (the block ends there)."""
    position = _position_of(scope, value_line)
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
        and not _any_label().search(text)
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
    for found in find_labelled_values(section1, _supplier_label(), lookahead=2):
        if not found.same_line and (not LEGAL_FORM.search(found.value) or _names_parent_group(found.value)):
            found = _company_line_below(section1, found)
        found = _principal(section1, found)
        value = _supplier_value(found.value)
        if found.same_line and not (value and LEGAL_FORM.search(value)):
            below = _company_in_column_below(section1, found)
            if below is not None:
                candidates.append((0.88, below))
        if not value:
            continue
        score = (0.82 if found.same_line else 0.78) + (0.1 if LEGAL_FORM.search(value) else 0.0)
        role = _role_text(section1, found)
        if lexicon.supplier_role().search(role):
            score += 0.02
        elif lexicon.distributor_role().search(role):
            # A dealer or retailer named beside the manufacturer ("Händler: ..." before "Produzent: ..."):
            # the manufacturer is the company the sheet is from.
            score -= 0.02
        elif lexicon.manufacturer_role().search(role):
            # A company under a label that names no role ("Firma: <retailer>") gives way to the one labelled
            # as the manufacturer ("Hersteller: ..."): the manufacturer over a dealer or retailer.
            score += 0.01
        candidates.append((score, LabelledValue(value, found.line, found.same_line)))
    for found in _named_under_supplier_heading(section1):
        value = _supplier_value(found.value)
        if value:
            candidates.append(
                (0.82 + (0.1 if LEGAL_FORM.search(value) else 0.0), LabelledValue(value, found.line, True))
            )
    if not any(score >= 0.88 for score, _ in candidates):
        # Many sheets print the company block without a label: the first line with a legal form.
        after_emergency = -len(section1) - 3
        for position, line in enumerate(section1):
            if _emergency_label().search(line.text):
                after_emergency = position
                continue
            # The lines under an emergency label name its service ("CHEM-TEL, Inc. USA 1 800 ..."), not
            # the supplier, when its number is on the line or under it; a company followed by its street
            # is the sheet's own company block.
            if _names_parent_group(line.text) or (
                0 <= position - after_emergency <= 2 and _with_number(section1, position)
            ):
                continue
            # A label the table does not know, or that reading damaged ("名   : 名古屋酸素株式会社"): the
            # value after a short label's colon.
            after_label = _SHORT_LABEL.match(line.text)
            text = after_label.group("value") if after_label else line.text
            # A label cell the table cannot read (wrapped: "1.3 Einzelheiten zum   ACME GmbH" / "Lieferanten,
            # der das   Hauptstr. 1") stands before the company's cell: each cell is tried.
            value = next(
                (
                    value
                    for cell in re.split(r"\s{3,}", text.strip())
                    if (value := _supplier_value(cell)) and LEGAL_FORM.search(value)
                ),
                None,
            )
            if value and len(value) <= 80 and ":" not in value:
                candidates.append((0.7, LabelledValue(value, line, True)))
                break
    if not candidates:
        return None, None
    score, best = max(candidates, key=lambda item: item[0])
    index = _position_of(section1, best.line)
    return Extracted[str](
        value=best.value, confidence=round(score, 2), evidence=[best.line.evidence(section=1)]
    ), index


# How far above a company's own label a heading line may name its role ("Produzent" / "Firmenname   X").
_ROLE_HEADING_LOOKBACK = 3


def _role_text(section1: list[DocLine], found: LabelledValue) -> str:
    """The words that give a company its role: its own label, or, when that names no role ("Firmenname"), a
    role printed alone on a line just above it ("Händler", "Produzent")."""
    own = found.label or found.line.text
    roles = (lexicon.supplier_role(), lexicon.distributor_role(), lexicon.manufacturer_role())
    if any(role.search(own) for role in roles):
        return own
    position = _position_of(section1, found.line)
    if position is None:
        return own
    for line in reversed(section1[max(0, position - _ROLE_HEADING_LOOKBACK) : position]):
        heading = strip_subsection_number(line.text).strip(" :：")
        # REACH's sub-heading ("Details of the supplier of the safety data sheet") heads every company of
        # 1.3, a retailer's as much as the manufacturer's: it gives none of them a role.
        if len(heading.split()) < _SUPPLIER_HEADING_WORDS and any(role.fullmatch(heading) for role in roles):
            return heading
    return own


_SHORT_LABEL = re.compile(r"^[^:：\d]{1,30}[:：]\s*(?P<value>\S.*)$")
# "Name:" under a supplier heading ("Supplier" / "Name   ACME Ltd" / "Address   ..."): the supplier's name.
_NAME_LABEL = re.compile(
    r"^\s*(?:name|nome|nombre|nom|naam|nazwa|名称|이름|성명)(?:\s+(?:oder|or|ou|o|of)\s+[^\W\d_]+)?"
    r"\s*(?:[:：]\s*|\s{3,})(?P<value>\S.*)$",
    re.IGNORECASE,
)
# The supplier's sub-heading in words (REACH Annex II 1.3: "Details of the supplier of the safety data
# sheet"), told from a short "Supplier:" label by its length.
_SUPPLIER_HEADING_WORDS = 5


@cache
def _parent_group_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{field_labels.alternatives('parent_group')})(?!\w)", re.IGNORECASE)


def _names_parent_group(text: str) -> bool:
    """Whether the text names a parent group ("an affiliate of", "ein Unternehmen der", "子会社")."""
    return bool(_PARENT_GROUP.search(text) or _parent_group_words().search(text))


def _named_under_supplier_heading(section1: list[DocLine]) -> list[LabelledValue]:
    found: list[LabelledValue] = []
    for position, line in enumerate(section1):
        named = _NAME_LABEL.match(line.text)
        above = section1[max(0, position - 2) : position]
        if named and any(_supplier_label().search(strip_subsection_number(row.text)) for row in above):
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
    position = _position_of(section1, found.line)
    if position is None or position + 1 >= len(section1):
        return found
    following = section1[position + 1]
    return LabelledValue(following.text, following, False, found.label)


def _company_in_column_below(section1: list[DocLine], found: LabelledValue) -> LabelledValue | None:
    """A company label heading a column ("Company Name   Concentrate Manufacturing Facility" over
    "Acme Bottling Company   Acme Holdings Inc."): the company with a legal form in the cell below the
    label."""
    position = _position_of(section1, found.line)
    start = found.line.text.find(found.label) if found.label else -1
    if position is None or start < 0 or position + 1 >= len(section1):
        return None
    below = cell_below(found.line, start, section1[position + 1])
    value = _supplier_value(below) if below else None
    if value is None or not LEGAL_FORM.search(value) or _names_parent_group(value):
        return None
    return LabelledValue(value, section1[position + 1], False, found.label)


def _company_line_below(section1: list[DocLine], found: LabelledValue) -> LabelledValue:
    """Under a supplier heading, a contact person's name may come before the company: prefer the first
    of the next lines that carries a legal form."""
    start = _position_of(section1, found.line)
    if start is None:
        return found
    for line in section1[start : start + 3]:
        text = line.text.strip()
        if LEGAL_FORM.search(text) and not _ADDRESS_START.match(text) and not _names_parent_group(text):
            return LabelledValue(line.text, line, False, found.label)
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


_ENDS_WITH_LEGAL_FORM = re.compile(rf"(?:{LEGAL_FORM.pattern})\W*$")


def _supplier_value(raw: str) -> str | None:
    value = _without_parent_clause(clean_value(raw))
    # Company blocks often continue with the address on the same line: "ACME GmbH - Main St 1 - Town".
    # A dash only ends the name when an address (digits) follows; "CIOL - EXXONMOBIL CANADA" is one name.
    parts = re.split(r"(\s+[-–|•*]\s+|\s*,\s*(?=\d)|\s{2,})", value, maxsplit=1)
    if len(parts) == 3:
        separator = parts[1].strip()
        dash = separator in ("-", "–")
        # After the company's legal form a dash opens its site or division ("Mosaic Fertilizantes P&K LTDA -
        # Complexo Industrial de Uberaba"), unless that is the registered branch the sheet is issued by.
        closed = _ENDS_WITH_LEGAL_FORM.search(parts[0]) is not None and not _BRANCH.match(parts[2])
        if not dash or closed or re.search(r"\d", parts[2]):
            value = parts[0]
    value = value.strip(" ,;:")
    if not _plausible_name(value) or _ADDRESS_START.match(value) or "@" in value or "www." in value.lower():
        return None
    if PHONE.fullmatch(value):
        return None
    if (_PERSON.match(value) or _STREET_ADDRESS.search(value)) and not LEGAL_FORM.search(value):
        # A contact person ("Mr. Thomas Smith") or a street ("Iggelheimer Str. 13"), not the company.
        return None
    return _cut_after_legal_form(value)


# A street and its house number: "Iggelheimer Str. 13", "Hauptstraße 5", "12 Main Street" is the next line's.
_STREET_ADDRESS = re.compile(
    r"(?:^|\s)(?:[\w\-]*(?:straße|strasse|str\.)|street|road|rd\.|avenue|ave\.|allee|gasse|platz)\s*\d{1,5}[a-z]?"
    r"(?=\s|,|$)",
    re.IGNORECASE,
)
# A person addressed by title: the sheet's contact, never the supplier ("Dr." also starts company names).
_PERSON = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Herr|Frau|Sr|Sra|Srta|Mme|Mlle|Sig|Sig\.ra)\.?\s+[A-ZÀ-Ý]")


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


# A label cell that goes on in the next line ("Número do telefone de" / "emergência", "Telefone para" /
# "emergências"): it breaks after a preposition ("of" and "for" in the supported languages).
_LABEL_WRAP_WORDS = "de|of|for|für|en|di|da|do|em|in|du|del|para|pour|per|voor"
_WRAPPED_LABEL = re.compile(rf"^[^\d:]{{3,60}}\s(?:{_LABEL_WRAP_WORDS})\s*(?:\s{{3,}}|$)", re.IGNORECASE)


# The first cell of a label wrapped over two lines, with the value after it: "Número de Telefone de   : X".
_WRAPPED_LABEL_CELL = re.compile(
    rf"^[^\d:]{{3,60}}\s(?:{_LABEL_WRAP_WORDS})\s*(?:\s{{3,}}|[:：])", re.IGNORECASE
)
# National short emergency numbers (fire brigade, ambulance, general emergency, the Swiss poison centre 145,
# the Italian medical emergency 118) printed first after the label: "Telefone para emergências: Bombeiros 193
# / CETESB (11) 3133-4000".
_SHORT_EMERGENCY_NUMBER = re.compile(
    r"^\w*\s*[:：]?\s*(?:[A-Za-zÀ-ÿ]+[:：]?\s+){0,3}(?P<number>112|911|999|000|190|192|193|119|110|145|118)(?!\s?[\d\-.]\d|\d)"
)


def _is_a_date(number: str) -> bool:
    """ "08/05/2023" after an emergency label is the sheet's date on the next line, not a telephone number."""
    dates = find_dates(number, False)
    return bool(dates) and dates[0].start == 0 and dates[0].end >= len(number) - 1


def _in_reading_order(lines: list[DocLine]) -> list[DocLine]:
    """The lines up to the first that does not follow the one before it in the document (the scope joins
    Section 1 and the front matter: a window never runs from one into the other)."""
    kept = lines[:1]
    for line in lines[1:]:
        if line.index <= kept[-1].index:
            break
        kept.append(line)
    return kept


# The national part of a number before a spaced slash: with six digits or fewer it is an area code written
# "Vorwahl / Rufnummer" ("0551 / 19240", "+49 (0) 8331 / 930-730"), not a whole number.
# Fewer digits than this is an extension, a postcode or a short code, not a telephone number.
_MIN_PHONE_DIGITS = 7
_COUNTRY_PREFIX = re.compile(r"^\s*(?:\+|00)\d{1,3}\s*(?:\(\s*0\s*\))?")
_MAX_AREA_CODE_DIGITS = 6


def _first_number(printed: str) -> str:
    """The first number of a match: "0800 707 7022 / 0800 17 2020" holds two numbers a spaced slash apart,
    "0551 / 19240" one number with its area code."""
    parts = re.split(r"\s+/\s+", printed)
    if len(parts) == 1:
        return printed
    national = _COUNTRY_PREFIX.sub("", parts[0])
    if sum(ch.isdigit() for ch in national) <= _MAX_AREA_CODE_DIGITS:
        return " / ".join(parts[:2])
    return parts[0]


def _after_emergency_label(text: str) -> str:
    label = _emergency_label().search(text)
    return text[label.end() :] if label is not None else text


def _with_number(lines: list[DocLine], position: int) -> bool:
    """Whether the line at ``position``, or the one after it, carries a phone number."""
    return any(_has_phone(line.text) for line in lines[position : position + 2])


def _has_phone(text: str) -> bool:
    return any(
        sum(ch.isdigit() for ch in _first_number(m.group(0))) >= _MIN_PHONE_DIGITS
        for m in PHONE.finditer(text)
    )


# Lines after an emergency label that may hold its number: a poison centre's name and postal address can
# come first ("Giftinformationszentrum Nord" / "Universitätskliniken" / ... / "Tel.: 0551 / 1 92 40").
_EMERGENCY_WINDOW = 8
_NUMBERED_HEADING = re.compile(r"^\W{0,3}(?:\d{1,2}\.\d{1,2}\.?|\d{1,2}\.?)\s+[^\W\d_]{3,}")


def _emergency_window(section1: list[DocLine], position: int) -> list[DocLine]:
    """The label's line and the lines after it, up to the next numbered heading."""
    window = _in_reading_order(section1[position : position + _EMERGENCY_WINDOW])
    end = next(
        (i for i, line in enumerate(window[1:], start=1) if _NUMBERED_HEADING.match(line.text.strip())),
        len(window),
    )
    return window[:end]


# A label column too narrow for its words breaks one without a hyphen ("Contacto Local para Emer   :   +52")
# over "gencias": the rest of the word alone on the next line, at the label column's left edge.
_LABEL_BEFORE_COLON = re.compile(r"^(?P<label>.*[^\W\d_])(?P<rest>\s{2,}[:：]\s*\S.*)$")
_WORD_REST = re.compile(r"^\s*([^\W\d_A-Z][^\W\d_]{0,14})\s*$")
_SAME_COLUMN_POINTS = 3.0


def _label_words_rejoined(lines: list[DocLine]) -> list[DocLine]:
    """The lines, with a label's word broken at the label column's edge joined again on its own line."""
    joined = list(lines)
    for position, (line, following) in enumerate(itertools.pairwise(lines)):
        rest = _WORD_REST.match(following.text)
        label = _LABEL_BEFORE_COLON.match(line.text) if rest else None
        if (
            rest is not None
            and label is not None
            and following.page == line.page
            and abs(following.box.x0 - line.box.x0) <= _SAME_COLUMN_POINTS
        ):
            text = f"{label.group('label')}{rest.group(1)}{label.group('rest')}"
            # The cells no longer match the text: the line is read as text alone.
            joined[position] = dataclasses.replace(line, text=text, page_cells=None)
    return joined


def _numbers_in_order(section1: list[DocLine], position: int) -> list[tuple[int, DocLine]]:
    """The lines of the window of the emergency label at ``position`` in the order their numbers are tried,
    each with its offset from the label's line (-1 for the line above it, where the label starts)."""
    line = section1[position]
    window = _emergency_window(section1, position)
    # A line that names the emergency number itself beats any other number nearby; the line above
    # comes next when the label starts there and wraps ("Número do telefone de" / "emergência").
    wrapped = position and _WRAPPED_LABEL.match(strip_subsection_number(section1[position - 1].text))
    above = section1[position - 1] if wrapped else None
    # Under the numbered heading alone ("1.4. Notrufnummer"), every number of its block is an emergency
    # number: the first one printed is the sheet's, whatever labels the later ones carry.
    heading = _NUMBERED_HEADING.match(line.text.strip()) is not None and not _has_phone(line.text)
    ordered = sorted(
        enumerate(window),
        key=lambda item: item[0] if heading else 0 if _emergency_label().search(item[1].text) else 2,
    )
    if above is not None:
        ordered.insert(1, (-1, above))
    elif len(window) > 1 and not _has_phone(after := _after_emergency_label(line.text)) and after.strip():
        # The label's value wraps onto the next line ("Notrufnummer: GGIZ der Länder ... und" /
        # "Thüringen: +49 3 61 / 7 30 73 -0"): that line holds the first number, before other labels.
        ordered.remove((1, window[1]))
        ordered.insert(1, (1, window[1]))
    # A label wrapped over two lines inside the block ("Número de Telefone de   : Chemtrec: +55 ..." over
    # "Emergência   Suatrans: 0800 ..."): its first line holds the first number and comes first.
    for rank, (offset, candidate) in enumerate([] if heading else list(ordered)):
        if offset > 1 and _emergency_label().search(candidate.text):
            first = window[offset - 1]
            if not _emergency_label().search(first.text) and _WRAPPED_LABEL_CELL.match(
                strip_subsection_number(first.text)
            ):
                ordered.remove((offset - 1, first))
                ordered.insert(rank, (offset - 1, first))
            break
    return ordered


def extract_emergency_phone(section1: list[DocLine]) -> Extracted[str] | None:
    section1 = _label_words_rejoined(section1)
    for position, line in enumerate(section1):
        if not _emergency_label().search(line.text):
            continue
        for offset, candidate in _numbers_in_order(section1, position):
            text = candidate.text
            label = _emergency_label().search(text) if offset >= 0 else None
            after_label = text[label.end() :] if label is not None else text
            if offset == 0:
                text = after_label
            # A short national number right after the label, on any line of the window that holds it ("1.4
            # Numéro d'appel d'urgence" over "Numéro d'appel d'urgence: 145").
            short = _SHORT_EMERGENCY_NUMBER.match(after_label) if label is not None else None
            if short:
                return Extracted[str](
                    value=short.group("number"), confidence=0.85, evidence=[candidate.evidence(section=1)]
                )
            for match in PHONE.finditer(text):
                number = _first_number(match.group(0))
                number = re.sub(r"\s*\(\d{0,2}$", "", number).strip(" .-/")
                if sum(ch.isdigit() for ch in number) < _MIN_PHONE_DIGITS or _is_a_date(number):
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
