"""The titles of the 16 SDS sections: REACH Annex II titles in eight languages (``sds_section_headings.csv``)
and hand-added variants (``section_heading_variants.csv``): OSHA/GHS Annex 4 English, older German titles,
Canadian French, Mexican NOM-018 Spanish, Brazilian NBR 14725 Portuguese, Korean MSDS and Japanese JIS Z 7253.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy
from rapidfuzz import fuzz, process

from msds.domain.ocr_lookalikes import tolerant_word
from msds.domain.reference_data import base_language, read_table
from msds.domain.text_folding import fold_words
from msds.errors import MsdsError

REACH_SOURCE = "REACH Annex II"

# "SECTION 2:", "Abschnitt 2 -", "RUBRIQUE 2.", "2.", "２．", "【2】", "제2항": words that introduce a number.
_SECTION_WORDS = (
    "section|abschnitt|rubrique|seccion|sezione|rubriek|seccao|seção|secao|sekcja|oddil|oddiel|oddelek|punkt|"
    "kohta|szakasz|skyrius|iedala|sectiunea|avsnitt|afsnit|osa|odjeljak|seksjon|item"
)
OCR_SECTION_WORDS = "|".join(
    tolerant_word(word) for word in ("section", "abschnitt", "rubrique", "sezione", "rubriek", "sekcja")
)
"""The words that open a numbered section heading as OCR misreads them ("SECTlON 2", "secti0n 2")."""
_NUMBER_PREFIX = re.compile(
    rf"^\W*(?:(?:{_SECTION_WORDS}|{OCR_SECTION_WORDS})\W*)?(?:제\s*)?(?P<number>\d{{1,2}})(?!\d)\W*(?:항\W*)?"
)


class UnknownSection(MsdsError):
    """SDS sections are numbered 1 to 16."""

    code = "unknown_section"


@dataclass(frozen=True, slots=True)
class Heading:
    section: int
    lang: str
    title: str
    normalised: str
    source: str = REACH_SOURCE


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line read as a section heading: the heading it matches, the similarity (0..1), the number printed."""

    heading: Heading
    score: float
    printed_number: int | None


def normalise_heading(text: str) -> str:
    """Case, accents and punctuation removed, spaces collapsed: ``"Hazard(s) identification"`` ->
    ``"hazard s identification"``."""
    return fold_words(text)


def _compact(normalised: str) -> str:
    # Spacing varies freely in Korean and Japanese titles ("응급조치 요령" / "응급조치요령").
    return normalised.replace(" ", "")


@cache
def headings() -> tuple[Heading, ...]:
    """All known section titles: the REACH Annex II titles first, then the variants."""
    found = [
        Heading(int(row["section"]), row["lang"], row["title"], normalise_heading(row["title"]))
        for row in read_table("sds_section_headings.csv")
    ]
    seen = {(heading.section, heading.lang, heading.normalised) for heading in found}
    for row in read_table("section_heading_variants.csv"):
        heading = Heading(
            int(row["section"]),
            row["lang"],
            row["title"],
            normalise_heading(row["title"]),
            row["source_note"],
        )
        if (heading.section, heading.lang, heading.normalised) not in seen:
            seen.add((heading.section, heading.lang, heading.normalised))
            found.append(heading)
    return tuple(found)


def heading_en(section: int) -> str:
    """The REACH Annex II English title of a section (1..16)."""
    for heading in headings():
        if heading.section == section and heading.lang == "en" and heading.source == REACH_SOURCE:
            return heading.title
    raise UnknownSection(f"no SDS section {section!r}")


@dataclass(frozen=True, slots=True)
class _Keys:
    headings: tuple[Heading, ...]
    keys: tuple[str, ...]
    # Title key -> its positions, and the lengths of the keys: which titles start a line is found with one
    # dictionary look-up per length instead of comparing the line with every title.
    positions: dict[str, tuple[int, ...]]
    lengths: tuple[int, ...]


@cache
def _keys(lang: str | None) -> _Keys:
    chosen = tuple(heading for heading in headings() if lang is None or heading.lang == lang)
    keys = tuple(_compact(heading.normalised) for heading in chosen)
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, []).append(index)
    return _Keys(
        chosen,
        keys,
        {key: tuple(found) for key, found in positions.items()},
        tuple(sorted({len(key) for key in keys})),
    )


def match_heading(line: str, lang: str | None = None, *, min_score: float = 0.88) -> HeadingMatch | None:
    """Read one line as a section heading (``"SECTION 2: Hazards identification"``, ``"2. 유해성·위험성"``).

    The printed number, if any, must agree with the title's section. Text after the title (a page number, a
    second language) is tolerated when the title makes up most of the line.
    """
    normalised = normalise_heading(line)
    number: int | None = None
    prefix = _NUMBER_PREFIX.match(normalised)
    if prefix is not None:
        number = int(prefix.group("number"))
        normalised = normalised[prefix.end() :]
    key = _compact(normalised)
    if not key or (number is not None and not 1 <= number <= 16):
        return None
    known = _keys(base_language(lang) if lang else None)
    best: HeadingMatch | None = None
    for score, index in _closest(key, known, limit=8):
        heading = known.headings[index]
        if number is not None and heading.section != number:
            continue
        match = HeadingMatch(heading, round(score / 100.0, 3), number)
        if best is None or match.score > best.score:
            best = match
    if best is None or best.score < min_score:
        return None
    return best


def _closest(key: str, known: _Keys, limit: int) -> list[tuple[float, int]]:
    """The ``limit`` titles most similar to the key, best first (ties in table order), with their scores:
    the full similarity, or the title as a prefix of a longer line weighted by how much of the line it is."""
    scores = process.cdist([key], known.keys, scorer=fuzz.ratio, dtype=numpy.float64)[0]
    for length in known.lengths:
        if length >= len(key):
            break
        for index in known.positions.get(key[:length], ()):
            scores[index] = max(scores[index], 100.0 * (0.9 + 0.1 * length / len(key)))
    order = numpy.lexsort((numpy.arange(len(scores)), -scores))[:limit]
    return [(float(scores[index]), int(index)) for index in order]
