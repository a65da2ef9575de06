"""Revision date (else issue/print date) and version string."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from models.record import Extracted
from msds.domain import field_labels
from msds.domain.dates import DateMatch, find_dates
from msds.domain.section_headings import match_heading
from msds.services.document_lines import DocLine
from msds.services.extract import lexicon
from msds.services.extract.labelled_values import cell_below


@cache
def _revision() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.revision_date()})", re.IGNORECASE)


@cache
def _issue() -> re.Pattern[str]:
    return re.compile(rf"(?:{lexicon.issue_date()})", re.IGNORECASE)


@cache
def _version_label() -> re.Pattern[str]:
    return re.compile(
        rf"(?:^|(?<=[\s:(/\d]))(?:{lexicon.version()})(?:\b|(?<=\.))"
        # a few lower-case (or Korean) words before the colon ("Revisão das informações:", "개정횟수 및 …:");
        # a word has no digit, so "Revisão nº02" keeps its number
        r"(?:\s+(?:(?-i:(?![\w'’]*\d)[a-zà-ÿ][\w'’]*)|[가-힣]+)){0,4}"
        # "Version #: 01" (the number sign before the colon) as "Version: 01"
        r"[\s.]*(?:n[°ºo.]\.?\s*|nr\.?\s*|no\.?\s*|number\s*)?(?:#\s*)?[:：#]?\s*(?:n[°º]\s*)?",
        re.IGNORECASE,
    )


@cache
def _dated_label(field: str) -> re.Pattern[str]:
    """Any label of one date field of the label table, in any of its languages."""
    return re.compile(rf"(?:^|(?<=\W))(?:{field_labels.alternatives(field)})(?!\w)", re.IGNORECASE)


# "Ersetzt die Version: 1", "sustituye a la versión 1": the version a sheet replaces, not its own.
_SUPERSEDED = re.compile(
    r"(?:ersetzt(?:\s+die)?|replaces|supersedes|remplace(?:\s+la)?|sustituye\s+a(?:\s+la)?|substitui(?:\s+a)?)\s*$",
    re.IGNORECASE,
)
# "Supersedes revision of", "Date of previous revision": a date the sheet replaced, not its own.
_PREVIOUS = re.compile(
    r"(?:previous|prior|supersed\w*|replaces|ersetzt\w*|vorherig\w*|letzten\s+ausgabe|remplace\w*|pr[ée]c[ée]dent\w*|"
    r"sustituye\w*|anterior\w*|substitui\w*)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# A version number, but not the start of a date ("22.05.2017", "22/05"); "3. 3" is a version split in print.
# A version is a number ("2.1", "V3") or a supplier's code of capitals and digits ("LP4217.4").
_VERSION_NUMBER = re.compile(r"((?:[Vv]|[A-Z]{2,3}(?=\d{3}))?\d{1,4}(?:[.,]\s?\d{1,3}){0,3})(?!\d|[/.\-]\d)")
# A version printed alone in the title block or after the sheet number, as some suppliers do: "V004.10".
_QUALIFIER = re.compile(r"^\s*\([^()\d]{1,25}\)\s*[:：]")
_BARE_VERSION = re.compile(r"(?<![\w.])(V\d{3}\.\d{1,2})(?![\w.])")
# "Überarbeitet am / Version: 22.11.2017 / 0002": labels and values both joined by slashes.
_SLASHED_LABELS = re.compile(r"^(?P<labels>[^:：]{0,60}/[^:：]{0,40})[:：]\s*(?P<values>.+)$")
# "第8版": the edition number in Japanese.
_JAPANESE_EDITION = re.compile(r"第\s*(\d{1,3})\s*版")
# "Revised on : 16-May-2017 / v 6.8": version abbreviated to "v", after the revision date's slash.
_ABBREVIATED_VERSION = re.compile(r"/\s*[vV]\.?\s?(\d{1,3}(?:\.\d{1,3}){0,2})(?![\w.,/])")
_US_HINT = re.compile(r"\b(?:OSHA|USA|U\.S\.|29 CFR|Hazcom|HCS|NOM-018|Canada|WHMIS|HPR)\b", re.IGNORECASE)


def month_first_dates(front_text: str) -> bool:
    """Whether numeric dates are probably written month-first (US and North-American sheets)."""
    return bool(_US_HINT.search(front_text))


# Which date a dated label gives, best first. A sheet's revision date is the date of its own revision; an
# issue, creation or first-edition date stands in for it only when no revision date is printed, and a print
# date (when someone printed the file, not a property of the sheet) comes last.
_TIER_REVISION, _TIER_LAST_REVISION, _TIER_ISSUE, _TIER_FIRST_ISSUE, _TIER_PRINT = range(5)
# "Date of last issue", "Date de dernière parution", "Fecha de la última emisión", "Datum der letzten
# Ausgabe": the edition this sheet replaced (SAP-style headers print it beside the revision date), never its
# own date.
_LAST_ISSUE = re.compile(
    r"\b(?:last|latest|previous|prior)\s+(?:issue|edition|version)|derni[eè]re\s+(?:parution|[ée]dition|version)|"
    r"[uú]ltima\s+(?:emisi[oó]n|edici[oó]n|emiss[aã]o|edi[cç][aã]o|versi[oó]n|vers[aã]o)|"
    r"letzten\s+(?:ausgabe|fassung|version)",
    re.IGNORECASE,
)
# "Fecha de la última revisión" beside "Fecha de revisión": the plain revision label wins.
_LAST_REVISION = re.compile(
    r"\b(?:last|latest)\s+revis|derni[eè]re\s+r[ée]vis|[uú]ltima\s+revis|letzten\s+[üu]berarb", re.IGNORECASE
)
_FIRST_ISSUE = re.compile(
    r"\b(?:first|initial|original)\s+(?:issue|edition|version|release)|creat(?:ion|ed)|"
    r"premi[eè]re\s+(?:parution|[ée]dition|version)|primera\s+(?:emisi[oó]n|edici[oó]n|versi[oó]n)|"
    r"primeira\s+(?:emiss[aã]o|edi[cç][aã]o|vers[aã]o)|erstausgabe|erstell|cr[ée]ation|elabora|"
    r"작성|作成",
    re.IGNORECASE,
)
_PRINTED = re.compile(r"print|druck|impres|stampa|인쇄|印刷", re.IGNORECASE)
_CELL_GAP = re.compile(r"\s{3,}")
# What may follow a label word before its colon ("Date of last issue:", "Fecha de la primera emisión:").
_LABEL_TAIL = re.compile(r"[^:：\d]{0,30}")


def _cell_start(text: str, position: int) -> int:
    """Where the cell holding ``position`` begins (cells are separated by a column gap)."""
    gaps = [gap.end() for gap in _CELL_GAP.finditer(text[:position])]
    return gaps[-1] if gaps else 0


def _tier(text: str, match: re.Match[str], revision_label: bool) -> int | None:
    """The label's rank (see the tiers above), or None for the date of an edition the sheet replaced."""
    before = text[max(_cell_start(text, match.start()), match.start() - 30) : match.start()]
    tail = _LABEL_TAIL.match(text, match.end())
    label = before + match.group(0) + (tail.group(0) if tail else "")
    if (
        _PREVIOUS.search(text[max(0, match.start() - 30) : match.start()])
        or _LAST_ISSUE.search(label)
        or _dated_label("superseded_date").search(label)
    ):
        return None
    if revision_label:
        last = _LAST_REVISION.search(label) or _dated_label("last_revision_date").search(label)
        return _TIER_LAST_REVISION if last else _TIER_REVISION
    if _PRINTED.search(label) or _dated_label("print_date").search(label):
        return _TIER_PRINT
    first = _FIRST_ISSUE.search(label) or _dated_label("first_issue_date").search(label)
    return _TIER_FIRST_ISSUE if first else _TIER_ISSUE


def _cell_below(line: DocLine, label_start: int, following: DocLine) -> str | None:
    """The value cell under a label that heads a column of a row of labels ("Version   Date de révision:   N°
    FDS" over "5.2   01-08-2024   10000001217"): the next line's cell under the label's cell on the page, else
    the one in the label's column counted from the left."""
    geometric = cell_below(line, label_start, following)
    if geometric is not None:
        return geometric
    column = len(_cells(line.text[:label_start]))
    cells = _cells(following.text)
    if column == 0:
        # The first label of a row of labels over a row of as many values: "Data da última revisão   Versão:
        # FISPQ Nº" over "28/02/2019   2   178".
        labels = _cells(line.text)
        return cells[0] if len(labels) > 1 and len(labels) == len(cells) else None
    return cells[column] if column < len(cells) else None


def _cells(text: str) -> list[str]:
    """The non-empty cells of a line, split at its column gaps."""
    return [cell for cell in _CELL_GAP.split(text.strip()) if cell.strip()]


def _dated_labels(lines: list[DocLine], month_first: bool) -> Iterator[tuple[int, float, DateMatch, DocLine]]:
    """Every (tier, confidence, date, line) a revision or issue label gives, in document order."""
    for position, line in enumerate(lines):
        for label, revision_label in ((_revision(), True), (_issue(), False)):
            for match in label.finditer(line.text):
                tier = _tier(line.text, match, revision_label)
                if tier is None:
                    continue
                confidence = 0.9 if revision_label else 0.8
                after = line.text[match.end() :]
                dates = find_dates(after, month_first)
                first_cell = _CELL_GAP.split(after, maxsplit=1)[0].strip(" :：")
                following = lines[position + 1] if position + 1 < len(lines) else None
                if following is not None and not first_cell:
                    # The label ends its cell: its value is below, in its column or alone on the next line.
                    below = _cell_below(line, match.start(), following)
                    if below is not None:
                        found = find_dates(below, month_first)
                        if found and found[0].start == 0:
                            yield tier, confidence, found[0], following
                            continue
                    if not dates and len(after.strip(" :")) < 3:
                        found = find_dates(following.text, month_first)
                        if found:
                            yield tier, confidence, found[0], following
                        continue
                if dates and dates[0].start < 40:
                    yield tier, confidence, dates[0], line


def extract_revision_date(
    scope: list[DocLine], month_first: bool, order_uncertain: bool = False
) -> Extracted[str] | None:
    """The revision date; the issue or first-edition date when no revision date is printed, the print date
    last; never the date of an edition the sheet replaced.

    With ``order_uncertain`` (American conventions possible), a date that reads both ways gets a
    confidence low enough for review.
    """
    candidates = list(_dated_labels(scope, month_first))
    if not candidates:
        return None
    _, confidence, found, line = min(candidates, key=lambda candidate: candidate[0])
    # "05/09/2023" could be either order: a reviewer confirms it.
    certainty = min(confidence, 0.7) if found.ambiguous and order_uncertain else confidence
    return Extracted[str](value=found.iso, confidence=certainty, evidence=[line.evidence()])


def _slashed_value(text: str, label_start: int) -> str | None:
    """The value paired with a label inside "A / B: a / b" (labels and values in the same order)."""
    match = _SLASHED_LABELS.match(text)
    if match is None or label_start >= match.end("labels"):
        return None
    labels = match.group("labels").split("/")
    values = match.group("values").split("/")
    if len(labels) != len(values):
        return None
    position = len(match.group("labels")[:label_start].split("/")) - 1
    return values[position].strip()


# "Norma ABNT 14725-2:2009 — versão corrigida 2:2010", "according to GHS Rev. 7": the version of a standard
# or regulation the sheet cites, not the sheet's own.
_CITED_STANDARD = re.compile(
    r"\b(?:NBR|ABNT|ISO|DIN|EN|norma|norm|standard|regulation|regulamento|reglamento|r[èe]glement|verordnung|"
    r"directive|richtlinie|GHS|OSHA|CFR|HCS|WHMIS|HPR|NOM|JIS|KS|GB)\b",
    re.IGNORECASE,
)


def _value_line_below(scope: list[DocLine], position: int) -> DocLine | None:
    """The line after a label, where its value may stand; never a section heading, whose number
    ("2. Hazards identification") is no value: the label's own was lost (OCR read "Version   aa f")."""
    following = scope[position + 1] if position + 1 < len(scope) else None
    if following is None or match_heading(following.text) is not None:
        return None
    return following


def _version_candidates(scope: list[DocLine]) -> Iterator[tuple[str, DocLine]]:
    for position, line in enumerate(scope):
        for label in _version_label().finditer(line.text):
            before = line.text[max(_cell_start(line.text, label.start()), label.start() - 40) : label.start()]
            if _SUPERSEDED.search(line.text[: label.start()]) or _CITED_STANDARD.search(before):
                continue
            # A qualifier in brackets between the label and its colon: "Version (Überarbeitung) : 19.3.0".
            rest = _QUALIFIER.sub("", line.text[label.end() :], count=1)
            source = line
            slashed = _slashed_value(line.text, label.start())
            if slashed is not None:
                rest = slashed
            dates = find_dates(rest.strip(), False)
            if dates and dates[0].start == 0:
                continue  # "Revision: 12 March 2023" is a date, not revision number 12
            ends_cell = not rest.strip() or re.search(r"\s{3,}$", label.group(0)) is not None
            # "Versión" alone, or heading a row of column labels ("Versión  Fecha de revisión: ..."),
            # with its value first on the next line.
            heads_row = label.start() <= 3 and not _VERSION_NUMBER.match(rest.strip())
            wants_below = (slashed is None and ends_cell) or not rest.strip() or heads_row
            following = _value_line_below(scope, position) if wants_below else None
            if following is not None and slashed is None and ends_cell:
                # The label ends its cell in a row of labels: its value is the cell below it.
                below = _cell_below(line, label.start(), following)
                number = _VERSION_NUMBER.fullmatch(below.strip()) if below else None
                if number:
                    yield re.sub(r"\s", "", number.group(1)).strip("."), following
                    continue
            if (not rest.strip() or heads_row) and following is not None:
                source = following
                rest = source.text
            number = _VERSION_NUMBER.match(rest.strip())
            if number:
                yield re.sub(r"\s", "", number.group(1)).strip("."), source
        edition = _JAPANESE_EDITION.search(line.text)
        if edition:
            yield edition.group(1), line
        if _revision().search(line.text) and find_dates(line.text, False):
            abbreviated = _ABBREVIATED_VERSION.search(line.text)
            if abbreviated:
                yield abbreviated.group(1), line


def extract_version(scope: list[DocLine]) -> Extracted[str] | None:
    """The sheet's version: a labelled version (on the line of the revision date when several are printed,
    never the version a sheet says it replaces), else a bare "V001.2" in the title block."""
    candidates = list(_version_candidates(scope))
    if candidates:
        # "Versión 1  Fecha de emisión" / "Versión 2 (sustituye a la versión 1)  Fecha de revisión": the
        # version beside an issue date alone is the first edition, not the revision's.
        revised = [c for c in candidates if _revision().search(c[1].text) or not _issue().search(c[1].text)]
        value, source = (revised or candidates)[0]
        return Extracted[str](value=value, confidence=0.85, evidence=[source.evidence()])
    for line in scope[:20]:
        bare = _BARE_VERSION.search(line.text)
        if bare:
            return Extracted[str](value=bare.group(1), confidence=0.75, evidence=[line.evidence()])
    return None
