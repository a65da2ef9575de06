"""Find official H/EUH/P statement texts in a block of SDS text and name their codes.

Many sheets print the statements as text only (German, French, Portuguese, US sheets). The matcher aligns
every official wording (current and historical CLP wordings in 24 languages, plus the UN GHS Rev. 10 English
wording) with the text, word by word:

- words are compared case- and accent-insensitively; punctuation and line layout are ignored; a word
  hyphenated at a line break is joined again;
- a word not in the catalog's vocabulary is corrected to the one vocabulary word within one edit (two for
  words of eight letters or more), and only when that word is unique, so an OCR error is repaired but "toxic"
  is never read as "harmful" and no word of a statement is ever dropped or replaced; where several words are
  one edit away, and in words shorter than four letters, one letter that OCR confuses in print (c/e, a/o,
  o/e, i/l, h/b, u/n; "canse" -> cause, "Moy" -> may) repairs it when that gives exactly one word, and a
  digit read for a letter ("0r", "i5") when the result is a word as it stands;
- fill-ins, alternative lists and optional parts follow the regulation's template (see
  :mod:`msds.domain.phrase_patterns`).

Overlapping candidates are resolved longest first (most official words), so a printed combination such as
P305+P351+P338 is reported as one code, and "Very toxic to aquatic life with long lasting effects" is H410
and not H411 inside it. A conditional P-statement ending in ":" directly followed by another P-statement is
reported as their combination ("IF SWALLOWED: Rinse mouth." -> P301+P330).

Speed: the catalog is indexed by the rarest fixed word of each wording; only wordings whose fixed words all
occur in the document are aligned, and only at positions where their first word occurs. Measured with warm
indexes on a shared 2-vCPU machine: a 2.5 KB Section 2 takes 4-8 ms with ``lang`` given (5 KB: 8-20 ms) and
10 ms with ``lang=None`` (5 KB: 22-25 ms). Building an index costs about 0.1 s per language and 1 s for all
24 (see :meth:`PhraseMatcher.preload`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import Levenshtein

from msds.domain.catalog import CLP_SOURCE, StatementCatalog, Wording, default_catalog
from msds.domain.phrase_patterns import (
    WORD_RE,
    Element,
    Group,
    OptionalPart,
    Pattern,
    Reading,
    Slot,
    compile_wording,
    first_words,
    fixed_words,
    word_count,
    word_key,
)
from msds.domain.reference_data import base_language
from msds.domain.statement_codes import kind_of, split_combination
from msds.errors import MsdsError

MAX_FILL_WORDS: Final = 12
"""Most words a supplier fill-in (``…``) may take."""

MIN_MATCH_WORDS: Final = 2
"""A match must contain at least this many official words (or all of them, for one-word statements)."""

# Words joining printed alternatives ("gloves and eye protection", "POISON CENTER or doctor"), 24 languages.
# fmt: off
_CONJUNCTIONS: Final = frozenset(word_key(word) for word in (
    "or", "and", "oder", "und", "bzw", "ou", "et", "o", "y", "u", "e", "od", "of", "en", "lub", "i", "oraz",
    "albo", "или", "и", "nebo", "a", "eller", "og", "ή", "και", "või", "ja", "tai", "nó", "agus", "ili",
    "vagy", "és", "arba", "ir", "vai", "un", "jew", "sau", "și", "alebo", "ali", "in", "och",
))
# fmt: on

# A statement right after one of these is negated ("Not harmful if swallowed"): not a match.
# fmt: off
_NEGATIONS: Final = frozenset(word_key(word) for word in (
    "not", "no", "non", "never", "nicht", "kein", "keine", "keinen", "ne", "pas", "nie", "niet", "geen",
    "nao", "nem", "nunca", "jamais",
))
# fmt: on

_CODE_TOKEN = re.compile(r"(?:EUH|H|P)\d{3}[A-Za-z]{0,2}")
_HYPHEN_BREAK = re.compile(r"[ \t]*[-\u2010\u00ad\ufffe][ \t]*\r?\n\s*")
_SOFT_HYPHEN = re.compile(r"[\u00ad\ufffe]\s*")
_SPACE_ONLY = re.compile(r"[ \t\u00a0]+")
_CLAUSE_PUNCTUATION = re.compile(r"[;!?]")
_PERIOD_SPACE = re.compile(r"\.\s")
_BULLETS = frozenset("•·▪●◦■□➢►–—*")


class PhraseLanguageUnsupported(MsdsError):
    """The catalog holds no statement wordings in this language (e.g. ``ja``, ``ko``)."""

    code = "phrase_language_unsupported"


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """An official statement found in text. ``text[start:end] == matched_text``; ``wording`` is the official
    wording it was aligned with (``lang``, current or historical); ``score`` is 1.0 for a clean match at a
    sentence boundary and drops with OCR corrections and with boundaries inside a sentence."""

    code: str
    score: float
    start: int
    end: int
    matched_text: str
    lang: str
    wording: str
    is_current_wording: bool
    # Where the wording comes from (``catalog.CLP_SOURCE``, a national table...).
    source: str = CLP_SOURCE


# -- vocabulary ------------------------------------------------------------------------------------


# Letters OCR confuses in print, each way: c/e, a/o, o/e, i/l, h/b, u/n.
_LOOKALIKE_LETTERS: Final = {
    "c": "e", "e": "co", "a": "o", "o": "ae", "i": "l", "l": "i", "h": "b", "b": "h", "u": "n", "n": "u",
}  # fmt: skip


def _allowed_edits(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {variant[:i] + variant[i + 1 :] for variant in frontier for i in range(len(variant))}
        found |= frontier
    return found


class _Vocabulary:
    """The words of the catalog wordings, with a deletion index (SymSpell) for one- and two-edit lookups."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._deletes: dict[str, list[str]] | None = None
        self._corrections: dict[str, tuple[str, int] | None] = {}

    def _index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            deletes: dict[str, list[str]] = {}
            for word in self.words:
                edits = _allowed_edits(word)
                if edits and word.isalpha():
                    for variant in _deletions(word, edits):
                        deletes.setdefault(variant, []).append(word)
            self._deletes = deletes
        return self._deletes

    def correct(self, token: str) -> tuple[str, int] | None:
        """The unique nearest vocabulary word within the allowed edits, and the edit distance."""
        if token in self._corrections:
            return self._corrections[token]
        result: tuple[str, int] | None = None
        if len(token) >= 4 and token.isalpha():
            index = self._index()
            candidates = {word for variant in _deletions(token, 2 if len(token) >= 7 else 1)
                          for word in index.get(variant, ())}  # fmt: skip
            scored = sorted(
                (distance, word)
                for word in candidates
                if (distance := Levenshtein.distance(token, word, score_cutoff=_allowed_edits(word)))
                <= _allowed_edits(word)
            )
            if scored and (len(scored) == 1 or scored[0][0] < scored[1][0]):
                result = (scored[0][1], scored[0][0])
            elif scored:
                # Several words one edit away ("firc": fire, firm): a letter print OCR confuses decides.
                result = self._lookalike(token)
            elif not scored and ("rn" in token or "vv" in token):
                # OCR reads "m" as "rn" and "w" as "vv": one confusion, one edit
                repaired = self.correct(token.replace("rn", "m").replace("vv", "w"))
                if repaired is None and token.replace("rn", "m").replace("vv", "w") in self.words:
                    repaired = (token.replace("rn", "m").replace("vv", "w"), 0)
                if repaired is not None:
                    result = (repaired[0], repaired[1] + 1)
        elif 2 <= len(token) < 4 and token.isalpha():
            # Edit distance leaves short words alone (too many neighbours); one confused letter does not.
            result = self._lookalike(token)
        self._corrections[token] = result
        return result

    def _lookalike(self, token: str) -> tuple[str, int] | None:
        """The one vocabulary word that a single OCR letter confusion turns the token into ("gos" -> gas)."""
        found = {
            variant
            for position, letter in enumerate(token)
            for other in _LOOKALIKE_LETTERS.get(letter, "")
            if (variant := token[:position] + other + token[position + 1 :]) in self.words
        }
        return (found.pop(), 1) if len(found) == 1 else None

    def split(self, token: str) -> tuple[str, str] | None:
        """Two vocabulary words whose concatenation is the token (OCR lost a space), if exactly one split.
        A one-letter part must be a conjunction ("yvapores": y vapores; "evapor": e vapor)."""
        if len(token) < 4:
            return None
        splits = [
            (head, tail)
            for cut in range(1, len(token))
            if (head := token[:cut]) in self.words
            and (tail := token[cut:]) in self.words
            and all(len(part) >= 2 or part in _CONJUNCTIONS for part in (head, tail))
        ]
        return splits[0] if len(splits) == 1 else None


# -- document --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """The text as canonical words with offsets and the layout facts the scorer needs."""

    text: str
    words: list[str]
    costs: list[int]
    starts: list[int]
    ends: list[int]
    hard_before: list[bool]  # a sentence ends before the word
    clause_start: list[bool]  # the word starts a sentence, line, list item, or follows a colon or a code
    upper: list[bool]
    line_start_upper: list[bool]  # the word begins a new line with a capital: a fill-in stops there
    is_code: list[bool]
    positions: dict[str, list[int]]

    @property
    def size(self) -> int:
        return len(self.words)


def _raw_tokens(text: str, vocabulary: _Vocabulary) -> list[tuple[int, int, str]]:
    """Word tokens, with words hyphenated across a line break joined back."""
    tokens: list[tuple[int, int, str]] = []
    for match in WORD_RE.finditer(text):
        start, end, raw = match.start(), match.end(), match.group()
        if tokens:
            previous_start, previous_end, previous = tokens[-1]
            if _SOFT_HYPHEN.fullmatch(text, previous_end, start) or (
                _HYPHEN_BREAK.fullmatch(text, previous_end, start)
                and word_key(previous) + word_key(raw) in vocabulary.words
            ):
                tokens[-1] = (previous_start, end, previous + raw)
                continue
        tokens.append((start, end, raw))
    return tokens


_DIGIT_AS_LETTER = (str.maketrans("0158", "olsb"), str.maketrans("0158", "oisb"))


def _digit_repair(key: str, vocabulary: _Vocabulary) -> tuple[str, int] | None:
    """A word with one or two digits OCR read for letters ("harmfu1"), repaired if the result is known."""
    digits = sum(ch.isdigit() for ch in key)
    letters = len(key) - digits
    if not key.isalnum() or not 0 < digits <= 2 or letters < 1:
        return None
    for table in _DIGIT_AS_LETTER:
        candidate = key.translate(table)
        if not candidate.isalpha():
            return None
        if candidate in vocabulary.words:
            return candidate, digits
        if letters < 3:  # a short word ("0r", "i5") is repaired only into a word as it stands
            continue
        corrected = vocabulary.correct(candidate)
        if corrected is not None:
            return corrected[0], corrected[1] + digits
    return None


def _build_document(text: str, vocabulary: _Vocabulary) -> _Document:
    raw = _raw_tokens(text, vocabulary)
    keys = [word_key(token) for _, _, token in raw]
    words: list[str] = []
    costs: list[int] = []
    spans: list[tuple[int, int, int]] = []  # start, end, index of the raw token whose gap precedes it
    index = 0
    while index < len(raw):
        start, end, token = raw[index]
        key = keys[index]
        following = keys[index + 1] if index + 1 < len(raw) else ""
        if (
            key in vocabulary.words
            and following
            and following not in vocabulary.words
            and key + following in vocabulary.words
            and _SPACE_ONLY.fullmatch(text, end, raw[index + 1][0])
        ):
            # A word split by a stray blank whose first part is a word too ("in haled", "en tzündbar"): the
            # rest is no word, together they are.
            words.append(key + following)
            costs.append(1)
            spans.append((start, raw[index + 1][1], index))
            index += 2
            continue
        if _CODE_TOKEN.fullmatch(token) or key in vocabulary.words:
            words.append(key)
            costs.append(0)
            spans.append((start, end, index))
            index += 1
            continue
        if not key.isalpha():
            repaired = _digit_repair(key, vocabulary)  # "swal1owed"
            words.append(repaired[0] if repaired else key)
            costs.append(repaired[1] if repaired else 0)
            spans.append((start, end, index))
            index += 1
            continue
        if index + 1 < len(raw) and _SPACE_ONLY.fullmatch(text, end, raw[index + 1][0]):
            joined = key + keys[index + 1]
            if joined in vocabulary.words:  # OCR split a word: "Augen reizung"
                words.append(joined)
                costs.append(1)
                spans.append((start, raw[index + 1][1], index))
                index += 2
                continue
        # OCR glued two words ("skinirritation", "deproyección"): two exact words beat a correction that
        # only drops one of them ("proyeccion", "vapores" for "yvapores") or needs two edits; a one-edit
        # correction to another word wins ("ader" is "oder", not "a der").
        parts = vocabulary.split(key)
        corrected = vocabulary.correct(key)
        if parts is not None and (corrected is None or corrected[1] >= 2 or corrected[0] in parts):
            corrected = None
        else:
            parts = None
        if parts is not None:
            words.extend(parts)
            costs.extend((1, 0))
            spans.extend(((start, end, index), (start, end, -1)))
        elif corrected is not None:
            words.append(corrected[0])
            costs.append(corrected[1])
            spans.append((start, end, index))
        else:
            words.append(key)
            costs.append(0)
            spans.append((start, end, index))
        index += 1

    size = len(words)
    is_code = [bool(_CODE_TOKEN.fullmatch(text[start:end])) for start, end, _ in spans]
    hard_before = [False] * size
    clause_start = [False] * size
    upper = [False] * size
    line_start_upper = [False] * size
    previous_end = 0
    for position, (start, end, raw_index) in enumerate(spans):
        upper[position] = text[start].isupper()
        if raw_index < 0:  # second half of a split token: no gap before it
            previous_end = end
            continue
        gap = text[previous_end:start]
        newline = "\n" in gap
        # "5.5" and "approx.value" are not sentence ends; "rinsing. Call" and "rinsing.Call" are
        hard = bool(_CLAUSE_PUNCTUATION.search(gap)) or (
            "." in gap and (bool(_PERIOD_SPACE.search(gap)) or upper[position])
        )
        hard_before[position] = hard
        clause_start[position] = (
            position == 0
            or hard
            or newline
            or ":" in gap
            or any(ch in _BULLETS for ch in gap)
            or is_code[position - 1]
        )
        line_start_upper[position] = newline and upper[position]
        previous_end = end
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        positions.setdefault(word, []).append(position)
    return _Document(
        text=text,
        words=words,
        costs=costs,
        starts=[start for start, _, _ in spans],
        ends=[end for _, end, _ in spans],
        hard_before=hard_before,
        clause_start=clause_start,
        upper=upper,
        line_start_upper=line_start_upper,
        is_code=is_code,
        positions=positions,
    )


# -- compiled catalog ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    code: str
    wording: Wording
    pattern: Pattern
    leading_fill: bool
    required: frozenset[str]
    start_words: frozenset[str]
    min_words: int
    max_words: int


def _phrases_of(wording: Wording) -> Iterator[_Phrase]:
    """One phrase per wording; a code with an optional part (``P370+P380+P375[+P378]``) gives two."""
    if "[+" in wording.code:
        variants = [
            (wording.code.split("[+", 1)[0], "drop"),
            (wording.code.replace("[+", "+").replace("]", ""), "require"),
        ]
    else:
        variants = [(wording.code, "optional")]
    for code, brackets in variants:
        pattern = compile_wording(wording.text, brackets)  # type: ignore[arg-type]
        leading_fill = bool(pattern) and isinstance(pattern[0], Slot)
        while pattern and isinstance(pattern[0], Slot):
            pattern = pattern[1:]
        if not pattern:
            continue
        starts = first_words(pattern)
        if not starts:
            continue
        yield _Phrase(
            code=code,
            wording=wording,
            pattern=pattern,
            leading_fill=leading_fill,
            required=frozenset(fixed_words(pattern)),
            start_words=frozenset(starts),
            min_words=min(MIN_MATCH_WORDS, word_count(pattern)),
            max_words=max(1, word_count(pattern)),
        )


def _pattern_words(pattern: Pattern) -> Iterator[str]:
    for element in pattern:
        if isinstance(element, str):
            yield element
        elif isinstance(element, OptionalPart):
            yield from _pattern_words(element.items)
        elif isinstance(element, Group):
            for reading in element.readings:
                yield from _pattern_words(reading.prefix)
                yield from _pattern_words(reading.suffix)
                for alternative in reading.alternatives:
                    yield from _pattern_words(alternative)


class _Index:
    """The phrases of some languages, indexed by the rarest word every match of each contains."""

    def __init__(self, wordings: Iterable[Wording]) -> None:
        seen: set[tuple[str, str, Pattern]] = set()
        self.phrases: list[_Phrase] = []
        for wording in wordings:
            for phrase in _phrases_of(wording):
                key = (phrase.code, wording.lang, phrase.pattern)
                if key not in seen:
                    seen.add(key)
                    self.phrases.append(phrase)
        vocabulary = {word for phrase in self.phrases for word in _pattern_words(phrase.pattern)}
        self.vocabulary = _Vocabulary(vocabulary | _CONJUNCTIONS)
        frequency = Counter(word for phrase in self.phrases for word in phrase.required)
        self.by_rarest: dict[str, list[int]] = {}
        self.unconstrained: list[int] = []
        for number, phrase in enumerate(self.phrases):
            if phrase.required:
                rarest = min(phrase.required, key=lambda word: (frequency[word], word))
                self.by_rarest.setdefault(rarest, []).append(number)
            else:
                self.unconstrained.append(number)

    def candidates(self, document: _Document) -> Iterator[_Phrase]:
        present = document.positions.keys()
        for word in present:
            for number in self.by_rarest.get(word, ()):
                phrase = self.phrases[number]
                if phrase.required <= present:
                    yield phrase
        for number in self.unconstrained:
            yield self.phrases[number]


# -- alignment -------------------------------------------------------------------------------------

# (official words matched, their letters, edits made to them, tie-break penalty, end of last official word)
_Outcome = tuple[int, int, int, float, int]
_Outcomes = dict[int, _Outcome]
_EMPTY: Final[_Outcome] = (0, 0, 0, 0.0, -1)


def _add(first: _Outcome, second: _Outcome) -> _Outcome:
    return (
        first[0] + second[0],
        first[1] + second[1],
        first[2] + second[2],
        first[3] + second[3],
        max(first[4], second[4]),
    )


def _keep_better(outcomes: _Outcomes, end: int, outcome: _Outcome) -> None:
    current = outcomes.get(end)
    if current is None or (outcome[0], -outcome[2], -outcome[3]) > (current[0], -current[2], -current[3]):
        outcomes[end] = outcome


def _has_words(element: Element) -> bool:
    return isinstance(element, str | Group)


class _Aligner:
    """Aligns patterns with one document; results are memoised per document."""

    def __init__(self, document: _Document) -> None:
        self.doc = document
        self._memo: dict[tuple[int, int, int, bool], _Outcomes] = {}
        self._alt_memo: dict[tuple[int, int, int, bool, bool, int, str | None], _Outcomes] = {}
        self._words_after: dict[int, list[bool]] = {}

    def _fixed_after(self, pattern: Pattern, index: int) -> bool:
        flags = self._words_after.get(id(pattern))
        if flags is None:
            flags = [False] * (len(pattern) + 1)
            for position in range(len(pattern) - 1, -1, -1):
                flags[position] = flags[position + 1] or _has_words(pattern[position])
            self._words_after[id(pattern)] = flags
        return flags[index + 1]

    def sequence(self, pattern: Pattern, index: int, position: int, trailing: bool) -> _Outcomes:
        key = (id(pattern), index, position, trailing)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        # Plain words are compared in a loop; only fill-ins, options and alternatives recurse.
        words, costs, size = self.doc.words, self.doc.costs, len(self.doc.words)
        fixed = letters = edits = 0
        last = -1
        length = len(pattern)
        while index < length:
            element = pattern[index]
            if element.__class__ is not str:
                break
            if position >= size or words[position] != element:
                self._memo[key] = {}
                return {}
            fixed += 1
            letters += len(element)
            edits += costs[position]
            position += 1
            last = position
            index += 1
        head: _Outcome = (fixed, letters, edits, 0.0, last)
        results: _Outcomes
        if index == length:
            results = {position: head}
        else:
            results = {}
            element_trailing = trailing and not self._fixed_after(pattern, index)
            for end, outcome in self.element(pattern[index], position, element_trailing).items():
                for final_end, rest in self.sequence(pattern, index + 1, end, trailing).items():
                    _keep_better(results, final_end, _add(_add(head, outcome), rest))
        self._memo[key] = results
        return results

    def element(self, element: Element, position: int, trailing: bool) -> _Outcomes:
        if isinstance(element, str):  # words are normally consumed by sequence()
            doc = self.doc
            if position < doc.size and doc.words[position] == element:
                return {position + 1: (1, len(element), doc.costs[position], 0.0, position + 1)}
            return {}
        if isinstance(element, Slot):
            return self._fill(position, trailing)
        if isinstance(element, OptionalPart):
            results = dict(self.sequence(element.items, 0, position, trailing))
            _keep_better(results, position, (0, 0, 0, 0.001, -1))
            return results
        results = {}
        words = self.doc.words
        for reading in element.readings:
            head = reading.prefix[0] if reading.prefix else None
            if head.__class__ is str and (position >= len(words) or words[position] != head):
                continue
            for prefix_end, prefix in self.sequence(reading.prefix, 0, position, False).items():
                suffix_trailing = trailing and not reading.suffix
                for alt_end, alts in self._alternatives(
                    reading, prefix_end, 0, True, suffix_trailing
                ).items():
                    for end, suffix in self.sequence(reading.suffix, 0, alt_end, trailing).items():
                        _keep_better(results, end, _add(_add(prefix, alts), suffix))
        return results

    def _fill(self, position: int, trailing: bool) -> _Outcomes:
        doc = self.doc
        results: _Outcomes = {position: _EMPTY}
        for count in range(1, MAX_FILL_WORDS + 1):
            token = position + count - 1
            if token >= doc.size or doc.is_code[token] or doc.hard_before[token]:
                break
            if trailing and doc.line_start_upper[token]:
                break  # a new line starting with a capital is the next statement
            results[token + 1] = (0, 0, 0, 0.002 * count, -1)
        return results

    def _alternatives(
        self,
        reading: Reading,
        position: int,
        used: int,
        first: bool,
        trailing: bool,
        previous: int = -1,
        need_last: str | None = None,
    ) -> _Outcomes:
        """Outcomes of printing one or more unused alternatives from ``position``, in any order.

        Alternatives sharing a word may be printed with it once: "eye/face protection" (last word shared),
        "protective gloves/clothing" (first word shared). ``need_last`` is the shared last word the next
        alternative must end with; ``previous`` the alternative printed just before.
        """
        key = (id(reading.alternatives), position, used, first, trailing, previous, need_last)
        cached = self._alt_memo.get(key)
        if cached is not None:
            return cached
        doc = self.doc
        words, size = doc.words, len(doc.words)
        results: _Outcomes = {}
        starts = [position]
        if not first and need_last is None and position < size and words[position] in _CONJUNCTIONS:
            starts.append(position + 1)
        infos = _alternative_infos(reading.alternatives)
        for number, (alternative, elided, first_word, last_word, fill_only) in enumerate(infos):
            bit = 1 << number
            if used & bit:
                continue
            forms: list[tuple[Pattern, str | None]] = []
            if need_last is None:
                forms.append((alternative, None))
                if elided is not None and previous >= 0 and infos[previous][2] == first_word:
                    forms.append((elided[0], None))  # "protective gloves/clothing"
            elif last_word == need_last:
                forms.append((alternative, None))
            if elided is not None and last_word is not None:
                forms.append((elided[1], last_word))  # "eye/face protection"
            for form, next_need in forms:
                head = form[0]
                for start in starts:
                    if head.__class__ is str and (start >= size or words[start] != head):
                        continue
                    if not first and start < size and doc.hard_before[start]:
                        continue  # the next sentence is not another alternative
                    for end, outcome in self.sequence(form, 0, start, trailing).items():
                        if end == start:
                            continue
                        if next_need is None:
                            _keep_better(results, end, outcome)
                        if fill_only:
                            continue  # the supplier's own alternative ("…") comes last
                        more_outcomes = self._alternatives(
                            reading, end, used | bit, False, trailing, number, next_need
                        )
                        for more_end, more in more_outcomes.items():
                            _keep_better(results, more_end, _add(outcome, more))
        self._alt_memo[key] = results
        return results


# (alternative, (without first word, without last word) or None, first word, last word, is only a fill-in)
_AlternativeInfo = tuple[Pattern, tuple[Pattern, Pattern] | None, str | None, str | None, bool]
_ALTERNATIVE_INFOS: dict[int, tuple[_AlternativeInfo, ...]] = {}


def _alternative_infos(alternatives: tuple[Pattern, ...]) -> tuple[_AlternativeInfo, ...]:
    """Per alternative list, computed once. Keyed by identity: compiled patterns are interned for the life of
    the process, so the identity is stable, and the elided forms kept here stay alive for the aligner's
    identity-keyed memo."""
    infos = _ALTERNATIVE_INFOS.get(id(alternatives))
    if infos is None:
        built = []
        for alternative in alternatives:
            words_only = all(isinstance(item, str) for item in alternative)
            elided = (alternative[1:], alternative[:-1]) if words_only and len(alternative) >= 2 else None
            first_word = alternative[0] if isinstance(alternative[0], str) else None
            last_word = alternative[-1] if isinstance(alternative[-1], str) else None
            fill_only = not any(isinstance(item, str) for item in alternative)
            built.append((alternative, elided, first_word, last_word, fill_only))
        infos = _ALTERNATIVE_INFOS.setdefault(id(alternatives), tuple(built))
    return infos


# -- matcher ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    phrase: _Phrase
    first: int  # token span [first, last) covered, fill-ins included
    last: int
    core_last: int  # end of the last official word
    words: int
    score: float


def _score(doc: _Document, outcome: _Outcome, first: int, last: int, unprinted: float) -> float:
    _, letters, edits, penalty, _ = outcome
    similarity = max(0.0, 1.0 - 2.0 * edits / max(letters, 1))
    boundary = 0.0
    if not doc.clause_start[first]:
        # inside a sentence: "Not harmful if swallowed", "may be fatal if swallowed and ..."
        boundary += 0.15 if doc.upper[first] else 0.45
    if last < doc.size and not doc.clause_start[last] and not doc.upper[last] and not doc.is_code[last]:
        boundary += 0.1  # the sentence goes on in lower case
    return round(max(0.0, similarity * (1.0 - boundary) - min(penalty, 0.05) - unprinted), 3)


# A statement read whole on its own scores at least this.
_WHOLE_STATEMENT = 0.9


def _without_swallowed_statements(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a match whose fill-in swallowed a whole other statement: "Causes damage to organs" /
    "Causes damage to organs through prolonged or repeated exposure" is H370 then H372, not one H372 whose
    organs are "Causes damage to organs". Such a match starts where another statement is read whole, and
    the same code is read again, just as well, from where that statement ends."""
    starting: dict[int, list[_Candidate]] = {}
    ending: dict[tuple[str, int], list[_Candidate]] = {}
    for candidate in candidates:
        starting.setdefault(candidate.first, []).append(candidate)
        ending.setdefault((candidate.phrase.code, candidate.core_last), []).append(candidate)

    def swallowed(long: _Candidate) -> bool:
        for inner in starting[long.first]:
            if (
                inner.phrase.code == long.phrase.code
                or inner.score < _WHOLE_STATEMENT
                or inner.core_last >= long.core_last
            ):
                continue
            if any(
                inner.core_last <= other.first and other.score >= long.score - 0.01
                for other in ending[(long.phrase.code, long.core_last)]
                if other.first > long.first
            ):
                return True
        return False

    return [candidate for candidate in candidates if not swallowed(candidate)]


class PhraseMatcher:
    """Finds official statements in text. Thread-safe after construction; indexes are built on first use."""

    def __init__(self, catalog: StatementCatalog | None = None) -> None:
        self._catalog = catalog or default_catalog()
        self._index_for = lru_cache(maxsize=32)(self._build_index)

    def supports(self, lang: str) -> bool:
        return base_language(lang) in self._catalog.languages

    def preload(self, langs: Iterable[str | None]) -> None:
        """Build the indexes for these languages now (``None``: the all-language index), e.g. at start-up:
        about 0.1 s per language and 1 s for all 24, otherwise paid by the first call."""
        for lang in langs:
            index = self._index_for(None if lang is None else (base_language(lang),))
            index.vocabulary.correct("preload")

    def _build_index(self, langs: tuple[str, ...] | None) -> _Index:
        return _Index(self._catalog.wordings(langs))

    def match(self, text: str, lang: str | None = None, *, min_score: float = 0.6) -> list[PhraseMatch]:
        """Every official statement in ``text``, in text order, non-overlapping.

        ``lang`` restricts the wordings to one language (ISO 639-1, ``"pt-BR"`` is read as ``pt``); ``None``
        searches all 24. Matches scoring below ``min_score`` are dropped. Raises
        :class:`PhraseLanguageUnsupported` for a language the catalog has no wordings in.
        """
        langs: tuple[str, ...] | None = None
        if lang is not None:
            if not self.supports(lang):
                raise PhraseLanguageUnsupported(f"no statement wordings in language {lang!r}")
            langs = (base_language(lang),)
        index = self._index_for(langs)
        doc = _build_document(text, index.vocabulary)
        if not doc.size:
            return []
        candidates = self._align(index, doc, min_score)
        chosen = self._select(candidates)
        return self._report(doc, chosen)

    @staticmethod
    def _align(index: _Index, doc: _Document, min_score: float) -> list[_Candidate]:
        aligner = _Aligner(doc)
        found: list[_Candidate] = []
        for phrase in index.candidates(doc):
            starts = sorted({pos for word in phrase.start_words for pos in doc.positions.get(word, ())})
            for start in starts:
                outcomes = aligner.sequence(phrase.pattern, 0, start, True)
                if not outcomes:
                    continue
                end, outcome = max(outcomes.items(), key=lambda item: (item[1][0], -item[1][2], item[0]))
                if outcome[0] < phrase.min_words:
                    continue
                first = start
                if phrase.leading_fill:  # "… zum Löschen verwenden": the fill runs back to the clause start
                    while first > 0 and start - first < MAX_FILL_WORDS and not doc.clause_start[first]:
                        if doc.is_code[first - 1]:
                            break
                        first -= 1
                if first > 0 and not doc.clause_start[first] and doc.words[first - 1] in _NEGATIONS:
                    continue
                # Tie-break: of two wordings matching the same words, the one printed more completely wins.
                unprinted = 0.01 * (phrase.max_words - outcome[0]) / phrase.max_words
                score = _score(doc, outcome, first, end, unprinted)
                if score >= min_score:
                    found.append(
                        _Candidate(phrase, first, end, max(outcome[4], start + 1), outcome[0], score)
                    )
        return found

    @staticmethod
    def _select(candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest first: most words from the first to the last official word (fill-ins between official
        words count, a trailing fill-in does not), then most official words. An equally long, equally good
        match of another code on the same words is kept too."""
        candidates = _without_swallowed_statements(candidates)
        ordered = sorted(
            candidates,
            key=lambda c: (
                -(c.core_last - c.first),
                -c.words,
                -c.score,
                not c.phrase.wording.is_current,
                c.first,
                c.phrase.code,
            ),
        )
        chosen: list[_Candidate] = []
        for candidate in ordered:
            clash = [c for c in chosen if candidate.first < c.core_last and c.first < candidate.core_last]
            if not clash:
                chosen.append(candidate)
                continue
            if any(c.phrase.code == candidate.phrase.code for c in clash):
                continue
            if all(
                (c.first, c.core_last, c.words, c.score, c.phrase.wording.is_current)
                == (
                    candidate.first,
                    candidate.core_last,
                    candidate.words,
                    candidate.score,
                    candidate.phrase.wording.is_current,
                )
                for c in clash
            ):
                chosen.append(candidate)  # ambiguous wording across languages: report both, let review decide
        chosen.sort(key=lambda c: (c.first, c.core_last))
        return chosen

    @staticmethod
    def _report(doc: _Document, chosen: list[_Candidate]) -> list[PhraseMatch]:
        matches: list[PhraseMatch] = []
        for number, candidate in enumerate(chosen):
            last = candidate.last
            following = [c.first for c in chosen[number + 1 :] if c.first >= candidate.core_last]
            if following:
                last = max(
                    candidate.core_last, min(last, min(following))
                )  # fill-ins give way to the next match
            start, end = doc.starts[candidate.first], doc.ends[last - 1]
            wording = candidate.phrase.wording
            matches.append(
                PhraseMatch(
                    code=candidate.phrase.code,
                    score=candidate.score,
                    start=start,
                    end=end,
                    matched_text=doc.text[start:end],
                    lang=wording.lang,
                    wording=wording.text,
                    is_current_wording=wording.is_current,
                    source=wording.source,
                )
            )
        return _combine_conditionals(doc.text, _dedupe(matches))


def _dedupe(matches: list[PhraseMatch]) -> list[PhraseMatch]:
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for match in matches:
        key = (match.code, match.start, match.end)
        if key not in seen:
            seen.add(key)
            unique.append(match)
    return unique


def _combine_conditionals(text: str, matches: list[PhraseMatch]) -> list[PhraseMatch]:
    """A condition and its actions are printed as one statement: ``IF SWALLOWED:`` directly followed by
    ``Rinse mouth.`` is P301+P330. Further response statements (P3xx) on the same line join the combination
    ("IF ON SKIN (or hair): Take off ... clothing. Wash with plenty of water." -> P303+P361+P352)."""
    combined: list[PhraseMatch] = []
    chain_open = False
    for match in matches:
        previous = combined[-1] if combined else None
        merge = False
        if previous is not None and _joinable(text, previous, match):
            gap = text[previous.end : match.start]
            if (_is_condition(previous.wording) and not _is_condition(match.wording)) or (
                chain_open
                and "\n" not in gap
                and not _is_condition(match.wording)
                and _is_response(match.code)
            ):
                merge = True
        if merge and previous is not None:
            combined[-1] = PhraseMatch(
                code=f"{previous.code}+{match.code}",
                score=min(previous.score, match.score),
                start=previous.start,
                end=match.end,
                matched_text=text[previous.start : match.end],
                lang=previous.lang,
                wording=f"{previous.wording} {match.wording}",
                is_current_wording=previous.is_current_wording and match.is_current_wording,
                source=previous.source,
            )
            chain_open = True
            continue
        combined.append(match)
        chain_open = False
    return combined


def _is_condition(wording: str) -> bool:
    return wording.rstrip().endswith(":")


def _is_response(code: str) -> bool:
    return all(part.startswith("P3") for part in split_combination(code))


def _joinable(text: str, previous: PhraseMatch, match: PhraseMatch) -> bool:
    """Two P-statements with nothing but punctuation between them and no code in common."""
    return (
        kind_of(previous.code) == "P"
        and kind_of(match.code) == "P"
        and not text[previous.end : match.start].strip(" \t\r\n:.()")
        and not set(split_combination(previous.code)) & set(split_combination(match.code))
    )
