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
    rf"(?<!ersetzt\s)(?<!replaces\s)(?<!remplace\s)(?<!sustituye\sa\sla\s)(?:^|(?<=[\s:(]))(?:{lexicon.VERSION})\b"
    r"\s*(?:n[°ºo.]\s*|nr\.?\s*|no\.?\s*|number\s*)?[:：#]?\s*",
    re.IGNORECASE,
)
# A version number, but not the start of a date ("22.05.2017", "22/05").
_VERSION_NUMBER = re.compile(r"([Vv]?\d{1,3}(?:[.,]\d{1,3}){0,3})(?!\d|[/.\-]\d)")
_US_HINT = re.compile(r"\b(?:OSHA|USA|U\.S\.|29 CFR|Hazcom|HCS|NOM-018|Canada|WHMIS|HPR)\b", re.IGNORECASE)


def month_first_dates(front_text: str) -> bool:
    """Whether numeric dates are probably written month-first (US and North-American sheets)."""
    return bool(_US_HINT.search(front_text))


def _dates_after_label(
    lines: list[DocLine], label: re.Pattern[str], month_first: bool
) -> Iterator[tuple[DateMatch, DocLine]]:
    for position, line in enumerate(lines):
        match = label.search(line.text)
        if match is None:
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


def extract_version(scope: list[DocLine]) -> Extracted[str] | None:
    for position, line in enumerate(scope):
        for label in _VERSION_LABEL.finditer(line.text):
            rest = line.text[label.end() :]
            source = line
            # "Versión" alone, or heading a row of column labels ("Versión  Fecha de revisión: ..."),
            # with its value first on the next line.
            heads_row = label.start() <= 3 and not _VERSION_NUMBER.match(rest.strip())
            if (not rest.strip() or heads_row) and position + 1 < len(scope):
                source = scope[position + 1]
                rest = source.text
            number = _VERSION_NUMBER.match(rest.strip())
            if number:
                return Extracted[str](
                    value=number.group(1).strip("."), confidence=0.85, evidence=[source.evidence()]
                )
    return None
