"""Section 2 hazard communication: H/EUH and P statements, signal word and pictograms named in text.

Codes printed in Section 2 are the product's own. Statement texts printed without codes are mapped to
codes through the official multilingual catalog; a text-mapped code is only added where no printed
code stands on the same line, so a printed code always wins over a guess. Hazard wording that looks
like a statement but matches no code safely is reported, so routing can send the sheet to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.common import Provenance
from models.record import Evidence, Extracted, Pictogram, PictogramSource, Statement
from msds.domain.catalog import UNOFFICIAL_LANGUAGES, UNOFFICIAL_SOURCES, StatementCatalog
from msds.domain.defined_hazards import defined_hazard_in
from msds.domain.ghs_rules import allowed_signal_words, pictogram_name
from msds.domain.ocr_code_repair import repair_line
from msds.domain.phrase_matcher import PhraseMatch, PhraseMatcher
from msds.domain.pictogram_names import find_pictograms
from msds.domain.reference_data import base_language
from msds.domain.signal_words import find_signal_word
from msds.domain.statement_codes import find_codes
from msds.services.document_lines import DocLine, line_at
from msds.services.extract import lexicon

ACCEPT_PHRASE_SCORE = 0.85
SUSPECT_PHRASE_SCORE = 0.70
# Below the default acceptance threshold (Settings.accept_confidence 0.80): the sheet goes to review with the
# mapped codes proposed.
UNOFFICIAL_MAPPING_CONFIDENCE = 0.75
SURE_SIGNAL_WORD = 0.9
# Korean and Japanese sheets fill every label-element slot, and say so when no statement applies:
# "유해·위험 문구 : 해당없음", "유해·위험문구 - 건강 유해성 : … 분류되지 않음", "危険有害性情報 : 該当しない".
_DECLARED_NONE = re.compile(
    r"(?:유해\s*[·ㆍ.․]?\s*위험\s*문구|危険有害性情報)[^\n]{0,50}?(?:\n[\s○\-–]*)?"
    r"(?:해당\s*없음|해당\s*사항\s*없음|분류되지\s*않음|該当しない|該当なし|なし)"
)
_SIGNAL_LABEL = re.compile(rf"(?:{lexicon.SIGNAL_WORD_LABEL})", re.IGNORECASE)
_HAZARD_HEADINGS = re.compile(
    r"hazard\s+statements?|gefahrenhinweise|h-s[äa]tze|mentions?\s+de\s+danger|indicaciones\s+de\s+peligro|"
    r"frases\s+(?:de\s+perigo|h)|indica[cç][oõ]es\s+de\s+perigo|advert[eê]ncias?\s+de\s+perigo|"
    r"indicazioni\s+di\s+pericolo|gevarenaanduidingen|zwroty\s+wskazuj[aą]ce|유해.?위험\s*문구|危険有害性情報",
    re.IGNORECASE,
)


_LABEL_ELEMENTS = re.compile(
    r"^\W{0,3}2\s*[.,]\s*2\b(?![.,]?\d)|label\s+elements|kennzeichnungselemente|[ée]l[ée]ments?\s+d['’]?\s*[ée]tiquetage|"
    r"elementos\s+(?:de\s+la|da|do)\s+(?:etiqueta|r[oó]tulo|rotulagem)|etiqueta\s+(?:SGA|GHS)|elementi\s+dell['’]etichetta|"
    r"etiketteringselementen|elementy\s+oznakowania|경고\s*표지|ラベル要素",
    re.IGNORECASE,
)
# A code cell that wraps: "P305 + P351 +" / "P338 ..." on the next line, or even inside a code:
# "H302+H312+H" / "332 ...". A scan's table rules may stand before it ("| | P301 + P330 +").
_DANGLING_COMBINATION = re.compile(
    r"^(\W{0,6}(?:(?:EUH|H|P)\s?\d{3}[A-Za-z]{0,2}\s*\+\s*)+)((?:EUH|H|P)\d{0,2})?"
    r"(?=\s|$|[^\s+\d])(?!\s*(?:EUH|H|P)\s?\d{3})"
)
_LEADING_CODE = re.compile(r"^\W{0,3}((?:EUH|H|P)\s?\d{3}[A-Za-z]{0,2})\b\s*")
_LEADING_DIGITS = re.compile(r"^\s*(\d{1,3})(?![\d.,])\s*")
# Lines after a printed code that carry its text, for at most this many lines.
STATEMENT_TEXT_LINES = 3


@dataclass
class HazardExtraction:
    hazard_statements: list[Statement] = field(default_factory=list)
    precautionary_statements: list[Statement] = field(default_factory=list)
    signal_word: Extracted[str] | None = None
    pictograms: list[Pictogram] = field(default_factory=list)
    unmatched_hazard_wording: list[Evidence] = field(default_factory=list)
    # Statements of hazards a national rule defines without a code (combustible dust...).
    defined_hazards: list[Evidence] = field(default_factory=list)
    hazard_heading_seen: bool = False
    texts_mappable: bool = True


def _is_hazard(code: str) -> bool:
    return code.startswith(("H", "EUH"))


def extract_hazards(
    section2: list[DocLine],
    language: str | None,
    catalog: StatementCatalog,
    matcher: PhraseMatcher,
) -> HazardExtraction:
    """Section 2's statements (printed codes, then wordings mapped through the catalog), signal word and
    pictograms named in text. An EUH wording printed without its code is not mapped."""
    result = HazardExtraction()
    if not section2:
        return result
    section2 = _label_part(section2)
    text, offsets, repaired = _joined_with_repairs(section2, catalog)
    statements: dict[str, Statement] = {}
    lines_with_codes: dict[str, set[int]] = {"H": set(), "P": set()}

    for match in find_codes(text):
        position = line_at(offsets, match.start)
        line = section2[position]
        kind = "H" if _is_hazard(match.code) else "P"
        lines_with_codes[kind].add(position)
        if match.code in statements:
            statements[match.code].evidence.append(line.evidence(section=2))
            continue
        known = catalog.status(match.code) != "unknown"
        confidence = 0.97 if known else 0.6
        if position in repaired or match.ocr_corrected:
            confidence = min(confidence, 0.7)  # the code's letter was guessed back from an OCR misreading
        statements[match.code] = Statement(
            code=match.code,
            text_en=catalog.official_text(match.code, "en") if known else None,
            text_original=line.text.strip()[:300],
            code_printed=True,
            confidence=_ocr_adjusted(confidence, line),
            provenance=Provenance.EXTRACTED,
            evidence=[line.evidence(section=2)],
        )

    matchable = language is None or matcher.supports(language)
    # Wordings from unofficial tables propose codes, but never vouch that every statement was mapped.
    result.texts_mappable = matchable and base_language(language or "") not in UNOFFICIAL_LANGUAGES
    phrases = matcher.match(text, language) if matchable else []
    covered = _statement_text_lines(lines_with_codes["H"] | lines_with_codes["P"], len(section2))
    printed_parts = {part for code in statements for part in code.split("+")}
    for phrase in phrases:
        first = line_at(offsets, phrase.start)
        kind = "H" if _is_hazard(phrase.code) else "P"
        opening = text[offsets[first] : phrase.start]
        own_line = (
            first not in lines_with_codes["H"] | lines_with_codes["P"]
            and not any(part in printed_parts for part in phrase.code.split("+"))
            and (
                _opened_by_its_code(opening, phrase.code)
                or (phrase.code.startswith("H") and _LINE_OPENING.match(opening) is not None)
            )
        )
        if first in covered and not own_line:
            # The line continues a printed code's text; but a hazard statement that opens its own line
            # ("H3i9   Causes serious eye irritation.", its code misread) is a statement of its own, and so
            # is any statement after what OCR left of its own code ("P2830   Schutzhandschuhe ... tragen",
            # "332   Harmful if inhaled."). (The supplemental EUH sentences printed without their codes stay
            # text, as before.)
            continue
        if phrase.code in statements or any(p in statements for p in phrase.code.split("+")):
            continue
        if phrase.code.startswith("EUH"):
            # CLP's supplemental statements count where printed with their code; the same sentences without
            # it are the sheet's prose ("Enthält 2-Butanonoxim. Kann allergische Reaktionen hervorrufen" in
            # "Zusätzliche Angaben", an OSHA sheet's "Repeated exposure may cause skin dryness").
            continue
        line = section2[first]
        if len(phrase.matched_text.split()) == 1 and not _stands_alone(text, offsets[first], phrase):
            # A one-word statement (the GHS's "Explosive") inside a sentence ("Vapors form explosive mixtures
            # with air") is an ordinary word.
            continue
        if phrase.score >= ACCEPT_PHRASE_SCORE:
            statements[phrase.code] = Statement(
                code=phrase.code,
                text_en=catalog.official_text(phrase.code, "en"),
                text_original=phrase.matched_text[:300],
                code_printed=False,
                confidence=_ocr_adjusted(
                    min(_mapped_ceiling(phrase.lang, phrase.source), phrase.score), line
                ),
                provenance=Provenance.CATALOG,
                evidence=[line.evidence(section=2, snippet=phrase.matched_text)],
            )
        elif phrase.score >= SUSPECT_PHRASE_SCORE and kind == "H":
            result.unmatched_hazard_wording.append(line.evidence(section=2, snippet=phrase.matched_text))

    for code in _misread_codes(statements, catalog):
        del statements[code]
    ordered = sorted(statements.values(), key=lambda s: (s.evidence[0].page or 0, s.evidence[0].snippet))
    result.hazard_statements = [s for s in ordered if _is_hazard(s.code)]
    result.precautionary_statements = [s for s in ordered if not _is_hazard(s.code)]
    result.signal_word = _agreeing(_signal_word(section2, text, offsets, language), result.hazard_statements)
    result.pictograms = _pictograms_in_text(section2, text, offsets, language)
    result.defined_hazards = [
        line.evidence(section=2, snippet=name)
        for line in section2
        if (name := defined_hazard_in(line.text)) is not None
    ]
    result.hazard_heading_seen = bool(_HAZARD_HEADINGS.search(text))
    if not statements and _DECLARED_NONE.search(text):
        result.texts_mappable = True  # nothing printed to map: the sheet declares no hazard statement
    return result


def _misread_codes(statements: dict[str, Statement], catalog: StatementCatalog) -> list[str]:
    """Printed codes that exist nowhere ("H358") one digit away from a code whose wording the section
    prints without it (H350's "May cause cancer"): OCR's reading of that code, not a statement of its own."""
    mapped = [s.code for s in statements.values() if not s.code_printed]
    return [
        code
        for code, statement in statements.items()
        if statement.code_printed
        and "+" not in code
        and catalog.status(code) == "unknown"
        and any(_one_digit_apart(code, other) for other in mapped)
    ]


def _one_digit_apart(code: str, other: str) -> bool:
    if len(code) != len(other) or code.rstrip("0123456789") != other.rstrip("0123456789"):
        return False
    return sum(a != b for a, b in zip(code, other, strict=True)) == 1


def _mapped_ceiling(lang: str, source: str) -> float:
    """How sure a statement mapped from its printed wording can be: below the acceptance threshold for
    wordings from unofficial national tables, so a reviewer confirms the proposed code."""
    unofficial = lang in UNOFFICIAL_LANGUAGES or source in UNOFFICIAL_SOURCES
    return UNOFFICIAL_MAPPING_CONFIDENCE if unofficial else 0.95


def _label_part(section2: list[DocLine]) -> list[DocLine]:
    """The label-elements part of Section 2 when it carries statements; else all of Section 2.

    The label is what the product's hazard communication is; 2.1 may list more classification
    statements (H318 beside H314) that the label rightly leaves out.
    """
    start = next((i for i, line in enumerate(section2) if _LABEL_ELEMENTS.search(line.text[:80])), None)
    if start is None:
        return section2
    label = section2[start:]
    if any(find_codes(line.text) for line in label):
        return label
    return section2


def _joined_with_repairs(lines: list[DocLine], catalog: StatementCatalog) -> tuple[str, list[int], set[int]]:
    """Section 2 as one text, with wrapped code cells rejoined and OCR-damaged codes repaired."""
    texts = [line.text for line in lines]
    repaired: set[int] = set()
    for i, line in enumerate(lines):
        if line.ocr:
            fixed = repair_line(texts[i], catalog.exists)
            if fixed is not None:
                texts[i] = fixed
                repaired.add(i)
    for i in range(len(texts) - 1):
        dangling = _DANGLING_COMBINATION.match(texts[i])
        if dangling is None:
            continue
        partial = dangling.group(2) or ""
        following = _LEADING_DIGITS.match(texts[i + 1]) if partial else _LEADING_CODE.match(texts[i + 1])
        if following is None:
            continue
        completed = partial + following.group(1)
        if partial and len(re.sub(r"\D", "", completed)) != 3:
            continue
        rest = texts[i][dangling.end() :]
        texts[i] = f"{dangling.group(1)}{completed} {rest}"
        texts[i + 1] = texts[i + 1][following.end() :]
    offsets: list[int] = []
    position = 0
    for value in texts:
        offsets.append(position)
        position += len(value) + 1
    return "\n".join(texts), offsets, repaired


# What may stand before a statement that opens its line: a bullet, or a code OCR damaged past reading.
_LINE_OPENING = re.compile(r"^[\W_]{0,3}(?:(?:EUH|H|P)[\w.]{2,5}\W{0,3})?\s*$", re.IGNORECASE)


# What OCR leaves of a code opening its line: the letter or not, digits with a stray mark or one too many.
_DAMAGED_CODE_OPENING = re.compile(
    r"^[\W_]{0,3}(EUH|H|P)?\s?([\w.@]{1,4}\s?[\w.@]{1,4})[\W_]{0,12}$", re.IGNORECASE
)


def _opens_line(text: str, line_start: int, start: int) -> bool:
    """Whether a match starting at ``start`` is the first thing on the line beginning at ``line_start``."""
    return _LINE_OPENING.match(text[line_start:start]) is not None


def _opened_by_its_code(opening: str, code: str) -> bool:
    """Whether the text before a statement's wording is its code as OCR read it: the same kind of code
    (or no letter), with digits one slip from the code's: a digit lost or added, or, where a mark stands
    among them ("H3i9"), one changed; a space may split them ("H3 11"). Clean digits of another code ("315"
    before H319's words) are not."""
    found = _DAMAGED_CODE_OPENING.match(opening)
    if found is None:
        return False
    letter, printed = found.group(1), found.group(2)
    digits = re.sub(r"\D", "", printed)
    wanted = re.sub(r"\D", "", code.split("+")[0])
    if letter is not None and not code.upper().startswith(letter.upper()):
        return False
    return len(digits) >= 2 and _one_slip_apart(digits, wanted, changed=digits != printed.replace(" ", ""))


def _one_slip_apart(printed: str, wanted: str, *, changed: bool) -> bool:
    if len(printed) == len(wanted):
        return sum(a != b for a, b in zip(printed, wanted, strict=True)) <= (1 if changed else 0)
    shorter, longer = sorted((printed, wanted), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _stands_alone(text: str, line_start: int, phrase: PhraseMatch) -> bool:
    """Whether a match is all its line says: a bullet or code before it, punctuation after it."""
    line_end = text.find("\n", phrase.end)
    after = text[phrase.end : line_end if line_end >= 0 else len(text)]
    return _opens_line(text, line_start, phrase.start) and not re.search(r"\w", after)


def _statement_text_lines(code_lines: set[int], count: int) -> set[int]:
    """Lines holding the text of a printed code: the code's line and the next few without a code."""
    covered: set[int] = set()
    for line in sorted(code_lines):
        covered.add(line)
        for following in range(line + 1, min(count, line + 1 + STATEMENT_TEXT_LINES)):
            if following in code_lines:
                break
            covered.add(following)
    return covered


def _agreeing(word: Extracted[str] | None, statements: list[Statement]) -> Extracted[str] | None:
    """An unlabelled signal word is doubtful, unless the H-codes read with it allow no other word (CLP
    Annex I: "Danger" for H225 with H314, "Warning" for H319 alone): then the label and the text agree."""
    if word is None or word.confidence >= SURE_SIGNAL_WORD or not statements:
        return word
    if any(statement.confidence < SURE_SIGNAL_WORD for statement in statements):
        return word
    if allowed_signal_words(statement.code for statement in statements) == {word.value}:
        word.confidence = SURE_SIGNAL_WORD
    return word


def _ocr_adjusted(confidence: float, line: DocLine) -> float:
    return round(min(confidence, 0.5 + 0.5 * line.confidence) if line.ocr else confidence, 3)


def _signal_word(
    section2: list[DocLine], text: str, offsets: list[int], language: str | None
) -> Extracted[str] | None:
    found = find_signal_word(text, language)
    if not found:
        return None
    # A word right after a "Signal word" label is the most reliable; else Danger outranks Warning.
    labelled = []
    for word, start, _end in found:
        position = line_at(offsets, start)
        for look in (position, position - 1):
            if 0 <= look < len(section2) and _SIGNAL_LABEL.search(section2[look].text):
                labelled.append((word, position))
                break
    if labelled:
        word, position = labelled[0]
        confidence = 0.95
    else:
        words = [w for w, _, _ in found]
        word = "Danger" if "Danger" in words else words[0]
        position = line_at(offsets, next(s for w, s, _ in found if w == word))
        confidence = 0.75
    line = section2[position]
    return Extracted[str](
        value=word, confidence=_ocr_adjusted(confidence, line), evidence=[line.evidence(section=2)]
    )


_PICTOGRAM_LABEL = re.compile(lexicon.PICTOGRAM_LABEL, re.IGNORECASE)
_PICTOGRAM_LABEL_WITHIN = 40


def _pictogram_line_mentions(section2: list[DocLine], language: str | None) -> list[tuple[str, DocLine]]:
    """Pictograms named on the pictogram line after its label, or on the line below a label that stands
    alone; there the names that are ordinary words elsewhere ("Chama", "Flamme", "Environment") count."""
    found: list[tuple[str, DocLine]] = []
    for index, line in enumerate(section2):
        label = _PICTOGRAM_LABEL.search(line.text[:_PICTOGRAM_LABEL_WITHIN])
        if label is None:
            continue
        rest = line.text[label.end() :]
        names_line = line
        if not re.search(r"[^\W\d_]{3}", rest) and index + 1 < len(section2):
            names_line = section2[index + 1]
            rest = names_line.text
        found += [(m.pictogram, names_line) for m in find_pictograms(rest, language, include_ambiguous=True)]
    return found


def _pictograms_in_text(
    section2: list[DocLine], text: str, offsets: list[int], language: str | None
) -> list[Pictogram]:
    pictograms: dict[str, Pictogram] = {}
    mentions = [(m.pictogram, section2[line_at(offsets, m.start)]) for m in find_pictograms(text, language)]
    for code, line in mentions + _pictogram_line_mentions(section2, language):
        if code in pictograms:
            continue
        pictograms[code] = Pictogram(
            code=code,
            name_en=pictogram_name(code),
            source=PictogramSource.TEXT,
            confidence=_ocr_adjusted(0.9, line),
            evidence=[line.evidence(section=2)],
        )
    return sorted(pictograms.values(), key=lambda p: p.code)
