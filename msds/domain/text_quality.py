"""Is a page's embedded text layer worth reading, or should the page be OCR'd instead?

A text layer can exist and still be useless: a scanner stamped a few characters on an image page, a font
without a Unicode map produced replacement characters or private-use glyphs, a symbol font produced
punctuation soup, or a subset font's glyph codes were written as if they were character codes, so every
character is offset by a constant ("6LFKHUKHLWVGDWHQEODWW" for "Sicherheitsdatenblatt"). The last case
is only visible statistically: the words do not look like words of any supported language. Plausibility is
judged from letter-bigram statistics of the Latin-script languages, learned from the official CLP
statement texts shipped with the product (en, de, fr, es, it, nl, pt, pl); it is applied only when Latin
letters dominate the page, so Korean or Japanese text layers are judged by the script-neutral rules alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from models.text import PageText
from msds.domain.reference_data import read_table
from msds.domain.text_folding import fold

BIGRAM_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")
_STATEMENT_TABLES = ("clp_hazard_statements.csv", "clp_precautionary_statements.csv")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_WORD_START, _WORD_END = "^", "$"
_SMOOTHING = 0.5
_TRAINING_WORD = re.compile(r"[a-z]{2,}")
_PAGE_WORD = re.compile(r"[^\W\d_]{3,}")
_LATIN_WORD = re.compile(r"[a-z]+")
_RULE = re.compile(r"([^\w\s]|_)\1{3,}")
# Characters that never belong to real text: unassigned, private use, surrogates, non-characters and the
# replacement character. Control characters other than whitespace count too.
_BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
_BAD_CHARACTERS = frozenset("\ufffd\ufffe\uffff")


@dataclass(frozen=True)
class TextQualityRules:
    """Thresholds of the text-layer check; the defaults were measured on real supplier sheets."""

    min_characters: int = 40
    """Fewer non-space characters than this: the page is most likely an image with a stamp or header."""
    max_bad_share: float = 0.05
    """Largest share of control, private-use, unassigned or replacement characters."""
    min_alphanumeric_share: float = 0.5
    """Smallest share of letters and digits among non-space characters."""
    max_non_latin_letter_share: float = 0.5
    """Pages where letters of other scripts (Hangul, kana, CJK...) reach this share skip the word rules."""
    min_word_letter_share: float = 0.2
    """Smallest share of non-space characters that belong to words of three letters or more."""
    min_latin_words: int = 12
    """The plausibility rule needs at least this many Latin words of three letters or more."""
    word_log_likelihood: float = -3.0
    """A word is plausible when its mean bigram log-probability in some language is above this
    (uniformly random letters score log(1/27), about -3.3)."""
    min_plausible_share: float = 0.5
    """Smallest share of plausible words among the Latin words."""


DEFAULT_RULES = TextQualityRules()


@dataclass(frozen=True)
class TextLayerVerdict:
    """Whether the page's text layer is usable; when not, a short reason code and the measurements."""

    usable: bool
    reason: str
    metrics: dict[str, float] = field(default_factory=dict)


def assess_text_layer(page: PageText, rules: TextQualityRules = DEFAULT_RULES) -> TextLayerVerdict:
    """Judge one page's text layer. Reasons: ``ok``, ``too_few_characters``, ``garbled_characters``,
    ``mostly_symbols``, ``no_words``, ``implausible_words``."""
    return assess_text(page.text, rules)


def assess_text(text: str, rules: TextQualityRules = DEFAULT_RULES) -> TextLayerVerdict:
    """:func:`assess_text_layer` on plain text."""
    # Rules and leaders ("-----", "_____", ".....") are layout, not text. Each distinct character is judged
    # once, weighted by how often it occurs (a page has thousands of characters but a hundred distinct).
    counts = Counter(_RULE.sub(" ", text))
    total = sum(n for char, n in counts.items() if not char.isspace())
    metrics: dict[str, float] = {"characters": float(total)}
    if total < rules.min_characters:
        return TextLayerVerdict(False, "too_few_characters", metrics)

    bad = alphanumeric = letters = non_latin = 0
    for char, n in counts.items():
        if char.isspace():
            continue
        if char.isalpha():
            letters += n
            non_latin += n * (not _is_latin(char))
        elif char.isdigit():
            alphanumeric += n
        elif _is_bad(char):
            bad += n
    alphanumeric += letters
    metrics["bad_share"] = bad / total
    metrics["alphanumeric_share"] = alphanumeric / total
    if metrics["bad_share"] > rules.max_bad_share:
        return TextLayerVerdict(False, "garbled_characters", metrics)
    if metrics["alphanumeric_share"] < rules.min_alphanumeric_share:
        return TextLayerVerdict(False, "mostly_symbols", metrics)

    if letters == 0:
        return TextLayerVerdict(False, "no_words", metrics)
    metrics["non_latin_letter_share"] = non_latin / letters
    if metrics["non_latin_letter_share"] >= rules.max_non_latin_letter_share:
        # Korean, Japanese, Chinese...: no statistics to judge the words by; the rules above must do.
        return TextLayerVerdict(True, "ok", metrics)

    words = latin_words(text)
    metrics["latin_words"] = float(len(words))
    metrics["word_letter_share"] = sum(len(word) for word in words) / total
    if metrics["word_letter_share"] < rules.min_word_letter_share:
        return TextLayerVerdict(False, "no_words", metrics)
    if len(words) >= rules.min_latin_words:
        plausible = sum(1 for word in words if word_log_likelihood(word) > rules.word_log_likelihood)
        metrics["plausible_word_share"] = plausible / len(words)
        if metrics["plausible_word_share"] < rules.min_plausible_share:
            return TextLayerVerdict(False, "implausible_words", metrics)
    return TextLayerVerdict(True, "ok", metrics)


def latin_words(text: str) -> list[str]:
    """Words of three letters or more that fold to plain a-z (accents removed, lower case)."""
    folded = (fold(word) for word in _PAGE_WORD.findall(text))
    return [word for word in folded if _LATIN_WORD.fullmatch(word)]


@lru_cache(maxsize=65536)
def word_log_likelihood(word: str) -> float:
    """Mean log-probability of the word's letter transitions (with start and end) in its best-fitting
    language among BIGRAM_LANGUAGES. ``word`` is folded a-z text."""
    padded = _WORD_START + word + _WORD_END
    pairs = [padded[i : i + 2] for i in range(len(padded) - 1)]
    best = -math.inf
    for model in _bigram_models().values():
        best = max(best, sum(model[pair] for pair in pairs) / len(pairs))
    return best


def _is_latin(letter: str) -> bool:
    code = ord(letter)
    return code < 0x250 or 0x1E00 <= code < 0x1F00 or 0xFB00 <= code < 0xFB07 or 0xFF21 <= code < 0xFF5B


def _is_bad(char: str) -> bool:
    return char in _BAD_CHARACTERS or unicodedata.category(char) in _BAD_CATEGORIES


@cache
def _bigram_models() -> dict[str, dict[str, float]]:
    """Per language: log P(next letter | letter), add-half smoothed, from the shipped statement texts."""
    counts: dict[str, Counter[str]] = {language: Counter() for language in BIGRAM_LANGUAGES}
    for table in _STATEMENT_TABLES:
        for row in read_table(table):
            for language in BIGRAM_LANGUAGES:
                counts[language].update(_pairs(_TRAINING_WORD.findall(fold(row.get(f"text_{language}", "")))))
    models: dict[str, dict[str, float]] = {}
    followers = _ALPHABET + _WORD_END
    for language, pair_counts in counts.items():
        model: dict[str, float] = {}
        for first in _WORD_START + _ALPHABET:
            total = sum(pair_counts[first + second] for second in followers)
            for second in followers:
                count = pair_counts[first + second]
                model[first + second] = math.log((count + _SMOOTHING) / (total + _SMOOTHING * len(followers)))
        models[language] = model
    return models


def _pairs(words: Iterable[str]) -> Iterable[str]:
    for word in words:
        padded = _WORD_START + word + _WORD_END
        yield from (padded[i : i + 2] for i in range(len(padded) - 1))
