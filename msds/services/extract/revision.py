"""Revision date (else issue/print date) and version string."""

from __future__ import annotations

import re
from collections.abc import Iterator

from models.record import Extracted
from msds.domain.dates import DateMatch, find_dates
from msds.services.document_lines import DocLine
from msds.services.extract import lexicon

_REVISION = re.compile(rf"(?:{lexicon.REVISION_DATE})", re.IGNORECASE)
_ISSUE = re.compile(rf"(?:{lexicon.ISSUE_DATE})", re.IGNORECASE)
_VERSION_LABEL = re.compile(
    rf"(?:^|(?<=[\s:(/\d]))(?:{lexicon.VERSION})(?:\b|(?<=\.))"
    # a few lower-case (or Korean) words before the colon ("Revisão das informações:", "개정횟수 및 …:")
    r"(?:\s+(?:(?-i:[a-zà-ÿ][\w'’]*)|[가-힣]+)){0,4}"
    r"[\s.]*(?:n[°ºo.]\s*|nr\.?\s*|no\.?\s*|number\s*)?[:：#]?\s*(?:n[°º]\s*)?",
    re.IGNORECASE,
)
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
_VERSION_NUMBER = re.compile(r"([Vv]?\d{1,4}(?:[.,]\s?\d{1,3}){0,3})(?!\d|[/.\-]\d)")
# A version printed alone in the title block or after the sheet number, as some suppliers do: "V004.10".
_BARE_VERSION = re.compile(r"(?<![\w.])(V\d{3}\.\d{1,2})(?![\w.])")
# "Überarbeitet am / Version: 22.11.2017 / 0002": labels and values both joined by slashes.
_SLASHED_LABELS = re.compile(r"^(?P<labels>[^:：]{0,60}/[^:：]{0,40})[:：]\s*(?P<values>.+)$")
# "第8版": the edition number in Japanese.
_JAPANESE_EDITION = re.compile(r"第\s*(\d{1,3})\s*版")
_US_HINT = re.compile(r"\b(?:OSHA|USA|U\.S\.|29 CFR|Hazcom|HCS|NOM-018|Canada|WHMIS|HPR)\b", re.IGNORECASE)


def month_first_dates(front_text: str) -> bool:
    """Whether numeric dates are probably written month-first (US and North-American sheets)."""
    return bool(_US_HINT.search(front_text))


def _dates_after_label(
    lines: list[DocLine], label: re.Pattern[str], month_first: bool
) -> Iterator[tuple[DateMatch, DocLine]]:
    for position, line in enumerate(lines):
        match = label.search(line.text)
        if match is None or _PREVIOUS.search(line.text[max(0, match.start() - 30) : match.start()]):
            continue
        after = line.text[match.end() :]
        dates = find_dates(after, month_first)
        # A label whose date sits on the following line ("Fecha de revisión:" / "01/24/2024").
        if not dates and position + 1 < len(lines) and len(after.strip(" :")) < 3:
            following = lines[position + 1]
            dates = find_dates(following.text, month_first)
            if dates:
                yield dates[0], following
            continue
        if dates and dates[0].start < 40:
            yield dates[0], line


def extract_revision_date(
    scope: list[DocLine], month_first: bool, order_uncertain: bool = False
) -> Extracted[str] | None:
    """The revision date; the issue or print date when no revision date is printed.

    With ``order_uncertain`` (American conventions possible), a date that reads both ways gets a
    confidence low enough for review.
    """
    for label, confidence in ((_REVISION, 0.9), (_ISSUE, 0.8)):
        for found, line in _dates_after_label(scope, label, month_first):
            # "05/09/2023" could be either order: a reviewer confirms it.
            certainty = min(confidence, 0.7) if found.ambiguous and order_uncertain else confidence
            return Extracted[str](value=found.iso, confidence=certainty, evidence=[line.evidence()])
    return None


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


def _version_candidates(scope: list[DocLine]) -> Iterator[tuple[str, DocLine]]:
    for position, line in enumerate(scope):
        for label in _VERSION_LABEL.finditer(line.text):
            if _SUPERSEDED.search(line.text[: label.start()]):
                continue
            rest = line.text[label.end() :]
            source = line
            slashed = _slashed_value(line.text, label.start())
            if slashed is not None:
                rest = slashed
            # "Versión" alone, or heading a row of column labels ("Versión  Fecha de revisión: ..."),
            # with its value first on the next line.
            heads_row = label.start() <= 3 and not _VERSION_NUMBER.match(rest.strip())
            if (not rest.strip() or heads_row) and position + 1 < len(scope):
                source = scope[position + 1]
                rest = source.text
            number = _VERSION_NUMBER.match(rest.strip())
            if number:
                yield re.sub(r"\s", "", number.group(1)).strip("."), source
        edition = _JAPANESE_EDITION.search(line.text)
        if edition:
            yield edition.group(1), line


def extract_version(scope: list[DocLine]) -> Extracted[str] | None:
    """The sheet's version: a labelled version (on the line of the revision date when several are printed,
    never the version a sheet says it replaces), else a bare "V001.2" in the title block."""
    candidates = list(_version_candidates(scope))
    if candidates:
        # "Versión 1  Fecha de emisión" / "Versión 2 (sustituye a la versión 1)  Fecha de revisión": the
        # version beside an issue date alone is the first edition, not the revision's.
        revised = [c for c in candidates if _REVISION.search(c[1].text) or not _ISSUE.search(c[1].text)]
        value, source = (revised or candidates)[0]
        return Extracted[str](value=value, confidence=0.85, evidence=[source.evidence()])
    for line in scope[:20]:
        bare = _BARE_VERSION.search(line.text)
        if bare:
            return Extracted[str](value=bare.group(1), confidence=0.75, evidence=[line.evidence()])
    return None
