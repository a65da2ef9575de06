"""Segment: find the 16 SDS section headings in the document's lines.

Candidates come from three kinds of evidence: an explicit prefix word ("SECTION 2", "ABSCHNITT 2",
"RUBRIQUE 2", "SEÇÃO 2"...), a bare number followed by a title that resembles that section's title in
any supported language ("2. Hazards identification", "2 IDENTIFICAÇÃO DE PERIGOS"), and subsection
numbers ("2.1") when a heading itself is missing. The chosen headings are the best-scoring sequence
with strictly increasing section numbers, so stray numbered lines cannot reorder the document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy
from rapidfuzz import fuzz, process

from models.steps import SectionSpan, Segmentation
from msds.domain.section_headings import OCR_SECTION_WORDS, headings, match_heading
from msds.services.document_lines import DocLine

_PREFIX_WORDS = (
    r"section|sections|abschnitt|rubrique|secci[oó]n|sezione|rubriek|se[cç][cç]?[aã]o|sekcja|odd[ií]l|"
    r"punkt|kapitel|cap[ií]tulo|hoofdstuk|항목|項目|제|" + OCR_SECTION_WORDS
)
_PREFIXED = re.compile(
    rf"^\W{{0,4}}(?:{_PREFIX_WORDS})\s*(\d{{1,2}})(?![.,]\d)\s*(?:장|\b)?\s*[:.\-–—)]?\s*(.*)$", re.IGNORECASE
)
# A scan may leave a speck read as a lone letter before the number ("E 4, MEDIDAS DE PRIMEIROS SOCORROS"); the
# title must still match the number's section.
_NUMBERED = re.compile(r"^\W{0,4}(?:[^\W\d_]\W{1,3})?(\d{1,2})(?![.,]?\d)\s*[.:)\-–—．、]?\s*(\S.*)$")
_SUBSECTION = re.compile(r"^\W{0,4}(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d)\s*\.?\s*\S")


@lru_cache(maxsize=8192)
def _normalise(text: str) -> str:
    # Page headers and footers repeat on every page: each distinct line is normalised once. ASCII text has
    # no accents to strip, which saves the per-character pass.
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return _NON_WORD.sub(" ", folded).strip()


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _titles() -> dict[int, tuple[str, ...]]:
    table: dict[int, set[str]] = {}
    for heading in headings():
        table.setdefault(heading.section, set()).add(_normalise(heading.title))
    return {number: tuple(sorted(titles)) for number, titles in table.items()}


def title_similarity(section: int, text: str) -> float:
    """How much the text looks like the title of the given section (0..1), in any known language."""
    candidate = _normalise(text)[:120]
    if len(candidate) < 3:
        return 0.0
    best = 0.0
    for title in _titles().get(section, ()):
        # partial_ratio tolerates shortened titles ("Identification") and trailing words ("... (continued)").
        short, long_ = sorted((candidate, title), key=len)
        score = (
            fuzz.partial_ratio(short, long_) / 100.0 if len(short) >= 8 else fuzz.ratio(short, long_) / 100.0
        )
        if len(short) < 0.35 * len(long_):
            score *= 0.85
        best = max(best, score)
    return best


@lru_cache(maxsize=1)
def _flat_titles() -> tuple[list[str], list[int]]:
    titles: list[str] = []
    numbers: list[int] = []
    for number, group in _titles().items():
        for title in group:
            titles.append(title)
            numbers.append(number)
    return titles, numbers


def best_title_match(text: str, cutoff: float = 0.0) -> tuple[int, float]:
    """The section whose title the text resembles most, with the similarity (0 when below cutoff)."""
    titles, numbers = _flat_titles()
    found = process.extractOne(_normalise(text), titles, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    if found is None:
        return 0, 0.0
    return numbers[found[2]], found[1] / 100.0


def best_title_matches(texts: list[str], cutoff: float) -> list[tuple[int, float]]:
    """:func:`best_title_match` for many texts at once (one comparison matrix instead of a call per text)."""
    if not texts:
        return []
    titles, numbers = _flat_titles()
    scores = process.cdist(
        [_normalise(text) for text in texts],
        titles,
        scorer=fuzz.ratio,
        score_cutoff=cutoff * 100,
        dtype=numpy.float64,
    )
    best = scores.argmax(axis=1)  # the first of equal scores, as extractOne picks
    found = scores[numpy.arange(len(texts)), best]
    return [
        (numbers[index], score / 100.0) if score > 0 else (0, 0.0)
        for index, score in zip(best.tolist(), found.tolist(), strict=True)
    ]


_STRONG = 0.97


@dataclass(frozen=True)
class _Candidate:
    line: int
    number: int
    score: float
    heading: str
    inferred: bool = False


def _titled(text: str) -> bool:
    """A line short enough, and not opening with a number, to be read as an unnumbered section title."""
    return 6 <= len(text) <= 90 and not any(ch.isdigit() for ch in text[:3])


def _candidates(lines: list[DocLine]) -> list[_Candidate]:
    found: list[_Candidate] = []
    titled = [text for text in (line.text.strip() for line in lines) if _titled(text)]
    title_matches = dict(zip(titled, best_title_matches(titled, cutoff=0.9), strict=True))
    for line in lines:
        text = line.text.strip()
        if not text or len(text) > 200:
            continue
        prefixed = _PREFIXED.match(text)
        if prefixed and 1 <= int(prefixed.group(1)) <= 16:
            number = int(prefixed.group(1))
            title = prefixed.group(2)
            similarity = title_similarity(number, title) if title else 0.0
            found.append(_Candidate(line.index, number, 0.85 + 0.15 * similarity, text))
            continue
        numbered = _NUMBERED.match(text)
        if numbered and 1 <= int(numbered.group(1)) <= 16:
            number = int(numbered.group(1))
            similarity = title_similarity(number, numbered.group(2))
            if similarity >= 0.75:
                found.append(_Candidate(line.index, number, 0.3 + 0.6 * similarity, text))
                continue
            # OCR misreads digits ("4. IDENTIFICAÇÃO DO PRODUTO" for 1.): a title that clearly belongs to
            # another section still counts, weakly.
            other, other_similarity = best_title_match(numbered.group(2), cutoff=0.9)
            if other:
                found.append(_Candidate(line.index, other, 0.4 * other_similarity, text, inferred=True))
                continue
        subsection = _SUBSECTION.match(text)
        if subsection and 1 <= int(subsection.group(1)) <= 16 and subsection.group(2) in ("1", "01"):
            found.append(_Candidate(line.index, int(subsection.group(1)), 0.3, text, inferred=True))
            continue
        if _titled(text):
            number, similarity = title_matches[text]
            if number:
                found.append(_Candidate(line.index, number, 0.5 * similarity, text, inferred=True))
    return found


def _best_sequence(candidates: list[_Candidate]) -> list[_Candidate]:
    # Longest-path over candidates with strictly increasing section numbers and line indices.
    count = len(candidates)
    if count == 0:
        return []
    best = [c.score for c in candidates]
    previous = [-1] * count
    for j in range(count):
        for i in range(j):
            a, b = candidates[i], candidates[j]
            if a.number < b.number and a.line < b.line:
                # A small bonus for consecutive numbers favours the complete, regular sequence.
                gain = best[i] + b.score + (0.05 if b.number == a.number + 1 else 0.0)
                if gain > best[j] + 1e-9:
                    best[j] = gain
                    previous[j] = i
    end = max(range(count), key=lambda k: (best[k], -candidates[k].line))
    chain = []
    while end != -1:
        chain.append(candidates[end])
        end = previous[end]
    return list(reversed(chain))


def segment_lines(lines: list[DocLine]) -> Segmentation:
    """Split the flat line list into the SDS sections that can be found."""
    candidates = _candidates(lines)
    chain = _best_sequence(candidates)
    chosen = {c.number for c in chain}
    # A strong heading (prefix word and matching title) left out of the chain stands out of order.
    out_of_order = sorted(
        {c.number for c in candidates if c.number not in chosen and not c.inferred and c.score >= _STRONG}
    )
    spans: list[SectionSpan] = []
    for position, candidate in enumerate(chain):
        end = chain[position + 1].line if position + 1 < len(chain) else len(lines)
        spans.append(
            SectionSpan(
                number=candidate.number,
                heading=candidate.heading[:200],
                page=lines[candidate.line].page,
                first_line=candidate.line,
                end_line=end,
                confidence=round(min(1.0, candidate.score), 3),
                inferred=candidate.inferred,
            )
        )
    spans = _hazards_after_composition(lines, _numbered_by_titles(spans))
    return Segmentation(
        sections=spans, out_of_order=out_of_order, inside_lines=_headings_inside_lines(lines, spans)
    )


# Titles resemble their section at least this much (as a numbered heading's title must).
_TITLE_MATCH = 0.75


def _printed(heading: str) -> tuple[int, str] | None:
    """The number a heading prints and its title ("SECTION 3: Hazards identification" -> 3, "Hazards ...")."""
    found = _PREFIXED.match(heading.strip()) or _NUMBERED.match(heading.strip())
    return (int(found.group(1)), found.group(2)) if found else None


def _titled_as(section: int, heading: str) -> bool:
    printed = _printed(heading)
    return printed is not None and title_similarity(section, printed[1]) >= _TITLE_MATCH


# A printed title this like another section's, and by this margin more than its own number's, names the
# other section.
_OTHER_TITLE = 0.9
_TITLE_MARGIN = 0.1
# Headings so retitled before the sheet is read as numbering its sections in a scheme of its own.
_RETITLED_HEADINGS = 4


def _numbered_by_titles(spans: list[SectionSpan]) -> list[SectionSpan]:
    """A sheet numbering its sections in a scheme of its own (an older 15-section MSDS: "Section 2.
    Composition", "Section 3. First-Aid Measures", "Section 12. Transport Information") read by its titles:
    each heading whose title is another section's, far more than its number's, is that section. Only when
    several headings agree, so one stray title never renumbers a sheet; then a heading keeps its number only
    when its title is that number's and no retitled heading took it."""
    retitled: dict[int, int] = {}
    for position, span in enumerate(spans):
        printed = _printed(span.heading)
        if printed is None:
            continue
        # Whole titles compared, as best_title_match does ("Ecological information" is inside
        # "Toxicological information" for a partial comparison).
        own = max(
            (fuzz.ratio(_normalise(printed[1]), title) / 100.0 for title in _titles().get(span.number, ())),
            default=0.0,
        )
        if own > 1.0 - _TITLE_MARGIN:
            continue  # titled as its number (most headings): no other title can be that much closer
        section, score = best_title_match(printed[1])
        if section and section != span.number and score >= _OTHER_TITLE and score - own >= _TITLE_MARGIN:
            retitled[position] = section
    if len(retitled) < _RETITLED_HEADINGS or len(set(retitled.values())) < len(retitled):
        return spans
    taken = set(retitled.values())
    kept: list[SectionSpan] = []
    for position, span in enumerate(spans):
        if position in retitled:
            kept.append(span.model_copy(update={"number": retitled[position]}))
        elif span.number not in taken and _titled_as(span.number, span.heading):
            kept.append(span)
        elif kept:
            # A heading of no known section ("Section 15. Conclusion"): its lines stay with the one before.
            kept[-1] = kept[-1].model_copy(update={"end_line": span.end_line})
    return kept


def _hazards_after_composition(lines: list[DocLine], spans: list[SectionSpan]) -> list[SectionSpan]:
    """The older US order (ANSI Z400.1, before the GHS: 2 Composition, 3 Hazards identification) read by
    the titles: the composition is Section 3 and the hazards Section 2, wherever they stand."""
    by_number = {span.number: span for span in spans}
    second, third = by_number.get(2), by_number.get(3)
    if second is not None and third is not None:
        # Both headings read by their printed numbers: swapped when each carries the other's title.
        if (
            _titled_as(3, second.heading)
            and _titled_as(2, third.heading)
            and not _titled_as(2, second.heading)
        ):
            swapped = {2: 3, 3: 2}
            return [
                span.model_copy(update={"number": swapped[span.number]}) if span.number in swapped else span
                for span in spans
            ]
        return spans
    if second is not None or third is None:
        return spans
    composition_printed = _printed(third.heading)
    if composition_printed is None or composition_printed[0] != 2:
        return spans
    # "2. COMPOSITION ..." was read as Section 3 by its title; "3. HAZARDS IDENTIFICATION" is inside it.
    for line in lines[third.first_line + 1 : third.end_line]:
        printed = _printed(line.text)
        if printed is None or printed[0] != 3 or title_similarity(2, printed[1]) < _TITLE_MATCH:
            continue
        hazards = SectionSpan(
            number=2,
            heading=line.text.strip()[:200],
            page=line.page,
            first_line=line.index,
            end_line=third.end_line,
            confidence=round(0.4 * title_similarity(2, printed[1]), 3),
            inferred=True,
        )
        position = spans.index(third)
        return [
            *spans[:position],
            third.model_copy(update={"end_line": line.index}),
            hazards,
            *spans[position + 1 :],
        ]
    return spans


# Sections looked for inside lines when no line opens with their heading: Section 3's table is what the
# extraction needs from a sheet whose columns OCR ran together.
_INSIDE_LINE_SECTIONS = (3,)
# A section number standing on its own inside a line ("... H319 3 COMPOSITION/INFORMATION ...").
_NUMBER_INSIDE = r"(?<![\w.,/-]){}(?![\w.,/%-]|\s*[.,]\s*\d)"
# Without a later section to end it, a section found inside a line runs this many lines.
INSIDE_LINE_FALLBACK_LINES = 80


def _headings_inside_lines(lines: list[DocLine], spans: list[SectionSpan]) -> list[SectionSpan]:
    found: list[SectionSpan] = []
    present = {span.number for span in spans}
    for number in _INSIDE_LINE_SECTIONS:
        if number in present:
            continue
        pattern = re.compile(_NUMBER_INSIDE.format(number))
        for line in lines:
            matches = [match_heading(line.text[m.start() :]) for m in pattern.finditer(line.text)]
            if not any(match is not None and match.heading.section == number for match in matches):
                continue
            later = [s.first_line for s in spans if s.number > number and s.first_line > line.index]
            end = min(later) if later else min(len(lines), line.index + INSIDE_LINE_FALLBACK_LINES)
            heading = next(m for m in matches if m is not None and m.heading.section == number)
            found.append(
                SectionSpan(
                    number=number,
                    heading=line.text[:200],
                    page=line.page,
                    first_line=line.index,
                    end_line=end,
                    confidence=round(0.5 * heading.score, 3),
                    inferred=True,
                )
            )
            break
    return found
