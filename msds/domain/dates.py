"""Find dates in the many forms SDSs print them and turn them into ISO dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_MONTHS: dict[str, int] = {}


def _add_months(names: str) -> None:
    for number, group in enumerate(names.split(";"), start=1):
        for name in group.split(","):
            _MONTHS[_fold(name.strip())] = number


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


_add_months(
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;august,aug;"
    "september,sep,sept;october,oct;november,nov;december,dec"
)
_add_months(
    "januar,jan,jänner,janner;februar,feb;märz,marz,mrz;april,apr;mai;juni;juli;august,aug;"
    "september,sep,sept;oktober,okt;november,nov;dezember,dez"
)
_add_months(
    "janvier,janv;fevrier,févr,fevr;mars;avril,avr;mai;juin;juillet,juil;aout,août;"
    "septembre;octobre;novembre;decembre,déc"
)
_add_months(
    "enero,ene;febrero;marzo;abril,abr;mayo;junio;julio;agosto,ago;septiembre,setiembre,set;"
    "octubre;noviembre;diciembre,dic"
)
_add_months(
    "gennaio,gen;febbraio;marzo;aprile;maggio,mag;giugno,giu;luglio,lug;agosto;settembre;"
    "ottobre,ott;novembre;dicembre"
)
_add_months("januari;februari;maart,mrt;april;mei;juni;juli;augustus;september;oktober;november;december")
_add_months(
    "janeiro;fevereiro,fev;março,marco;abril;maio;junho;julho;agosto;setembro;outubro,out;"
    "novembro;dezembro,dez"
)
_add_months(
    "stycznia,styczeń,styczen,sty;lutego,luty,lut;marca,marzec;kwietnia,kwiecień,kwi;maja,maj;"
    "czerwca,czerwiec,cze;lipca,lipiec,lip;sierpnia,sierpień,sie;września,wrzesień,wrz;"
    "października,październik,paz;listopada,listopad,lis;grudnia,grudzień,gru"
)

_MONTH_WORD = r"([A-Za-zÀ-ÿąćęłńóśźżĄĆĘŁŃÓŚŹŻ]{3,12})\.?"
_SEP = r"\s*[./\-]\s*"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cjk", re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?")),
    ("ymd", re.compile(rf"(?<!\d)(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)")),
    ("dmy_or_mdy", re.compile(rf"(?<![\d.])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})(?![\d])")),
    (
        "d_month_y",
        re.compile(
            # "12th May 2023"; a two-digit year only after a dash ("12-May-23")
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\.?(?:\s*(?:de|of)\s+|\s+|-|\.\s*){_MONTH_WORD}"
            rf"(?:\s*(?:de|del)\s+|,\s*|\s+|-|\.\s*)(\d{{4}}|(?<=-)\d{{2}})(?!\d)"
        ),
    ),
    # "Aug 17, 2009" (OCR may lose the blank after the comma: "Aug 17,2009"), and with dashes or slashes,
    # "Aug-17-2009"
    (
        "month_d_y",
        re.compile(
            rf"{_MONTH_WORD}(?:\s+|\s*[-/]\s*)(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+|\s*[-/]\s*)(\d{{4}})(?!\d)"
        ),
    ),
    # "March 2019", "Jan/2014"
    ("month_y", re.compile(rf"{_MONTH_WORD}(?:\s+|\s*/\s*)(\d{{4}})(?!\d)")),
    ("numeric_month_y", re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.]\s*(\d{4})(?![\d/.\-])")),
)


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int
    end: int
    precision: str  # "day" or "month"
    # Numeric day and month both <= 12, different, and written with "/" or "-": the order was assumed.
    # (Dotted dates are day-first wherever they are written.)
    ambiguous: bool = False


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1950 <= year <= 2100


def find_dates(text: str, month_first: bool = False) -> list[DateMatch]:
    """Every date in the text, as ISO strings, in order of appearance.

    Numeric dates with both parts <= 12 are read day-first unless month_first is set (US sheets).
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            parsed = _parse(kind, match.groups(), month_first)
            if parsed is None:
                continue
            iso, precision = parsed
            ambiguous = kind == "dmy_or_mdy" and _ambiguous(match.groups()) and "." not in match.group(0)
            found.append(DateMatch(iso, match.start(), match.end(), precision, ambiguous))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _ambiguous(groups: tuple[str | None, ...]) -> bool:
    first, second = int(groups[0] or 0), int(groups[1] or 0)
    return first <= 12 and second <= 12 and first != second


def _parse(kind: str, groups: tuple[str | None, ...], month_first: bool) -> tuple[str, str] | None:
    parts = [g or "" for g in groups]
    if kind in ("cjk", "ymd"):
        year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    elif kind == "dmy_or_mdy":
        first, second, year = int(parts[0]), int(parts[1]), int(parts[2])
        if year < 100:
            year += 2000 if year < 70 else 1900
        if first > 12 or (not month_first and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
    elif kind == "d_month_y":
        month_number = _MONTHS.get(_fold(parts[1]))
        if month_number is None:
            return None
        day, month, year = int(parts[0]), month_number, int(parts[2])
        if year < 100:
            year += 2000 if year < 70 else 1900
    elif kind == "month_d_y":
        month_number = _MONTHS.get(_fold(parts[0]))
        if month_number is None:
            return None
        month, day, year = month_number, int(parts[1]), int(parts[2])
    elif kind == "numeric_month_y":
        month, year = int(parts[0]), int(parts[1])
        if not (1 <= month <= 12 and 1950 <= year <= 2100):
            return None
        return f"{year:04d}-{month:02d}", "month"
    else:
        month_number = _MONTHS.get(_fold(parts[0]))
        if month_number is None or not 1950 <= int(parts[1]) <= 2100:
            return None
        return f"{int(parts[1]):04d}-{month_number:02d}", "month"
    if not _valid(year, month, day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", "day"
