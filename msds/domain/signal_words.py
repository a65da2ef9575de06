"""Signal words ("Danger"/"Warning") found in text, in the 24 CLP languages plus Japanese and Korean.

The words are common words too: French "danger" and "attention", Polish "uwaga", German "Gefahr" (inside
"Gefahr der Massenexplosion"). A word counts only where a label names it ("Signal word: Danger",
"Signalwort Achtung", "Mention d'avertissement : Attention", "신호어 : 경고") or where it stands alone on its
line ("DANGER", "· Gefahr"). Secondary spellings seen in official texts (nl "Let op", da "Farligt") need the
label. Sources: ``clp_signal_words.csv`` and the hand-made ``signal_word_variants.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from msds.domain.ghs_rules import SignalWord
from msds.domain.ocr_lookalikes import tolerant_char
from msds.domain.reference_data import base_language, read_table
from msds.domain.text_folding import fold_in_place, phrase_regex_source

_DECORATION = " \t\r\u00a0·•▪●◦■□➢►*-–—:!.()[]"


@dataclass(frozen=True, slots=True)
class SignalWordEntry:
    lang: str
    word_en: SignalWord
    text: str
    requires_label: bool


class SignalWordMatch(NamedTuple):
    """``text[start:end]`` is the signal word ``word_en`` ("Danger" or "Warning")."""

    word_en: SignalWord
    start: int
    end: int


@cache
def signal_words() -> tuple[SignalWordEntry, ...]:
    """Every known signal word spelling: the CLP table first, then the hand-made variants."""
    entries = []
    for row in read_table("clp_signal_words.csv"):
        entries.append(SignalWordEntry(row["lang"], "Danger", row["danger"], False))
        entries.append(SignalWordEntry(row["lang"], "Warning", row["warning"], False))
    for row in read_table("signal_word_variants.csv"):
        if row["kind"] == "word":
            word: SignalWord = "Danger" if row["word_en"] == "Danger" else "Warning"
            entries.append(SignalWordEntry(row["lang"], word, row["text"], row["requires_label"] == "1"))
    return tuple(entries)


@cache
def _label_pattern(lang: str | None) -> re.Pattern[str]:
    labels = [
        row["text"]
        for row in read_table("signal_word_variants.csv")
        if row["kind"] == "label" and (lang is None or row["lang"] in (lang, "en"))
    ]
    sources = sorted((phrase_regex_source(label) for label in labels), key=len, reverse=True)
    # the label, then punctuation and at most one parenthesis ("Signal word (CLP):"), then the word
    return re.compile(rf"(?:{'|'.join(sources)})[^\w\n]*(?:\([^)\n]*\)[^\w\n]*)?$")


@cache
def _word_patterns(
    lang: str | None, misread: bool = False
) -> tuple[tuple[SignalWordEntry, re.Pattern[str]], ...]:
    """The spellings as patterns; with ``misread``, a letter also matches what OCR reads for it in print."""
    source = _misread_source if misread else phrase_regex_source
    return tuple(
        (entry, re.compile(source(entry.text)))
        for entry in signal_words()
        if lang is None or entry.lang == lang
    )


def _misread_source(phrase: str) -> str:
    parts = re.split(r"[\s\-]+", fold_in_place(phrase.strip()))
    body = r"[\s\-]+".join(
        "".join("['’]?\\s*" if char in "'’" else tolerant_char(char) for char in part)
        for part in parts
        if part
    )
    return rf"(?<!\w){body}(?!\w)"


# A label of at most three words at the start of the line, ended by its colon or by a column gap: the cell
# before a value ("Warnhinweise:", "Emergency overview   ").
_SHORT_LABEL_CELL = re.compile(r"^\W{0,3}(?:[^\W\d_][\w\-.]*\s?){1,3}(?:[:：]\s*|\s{2,})$")


def find_signal_word(text: str, lang: str | None = None) -> list[SignalWordMatch]:
    """Signal words in ``text`` (labelled or alone on their line), in order; ``lang`` restricts the spellings
    (ISO 639-1), ``None`` tries all languages. A word with a letter OCR misread ("Dangcr", "Achtuug") counts
    where a label names it."""
    wanted = base_language(lang) if lang else None
    folded = fold_in_place(text)
    label = _label_pattern(wanted)
    found: dict[tuple[int, int], SignalWord] = {}
    for entry, pattern in _word_patterns(wanted):
        for match in pattern.finditer(folded):
            labelled, alone = _placement(folded, match.start(), match.end(), label)
            if labelled or (alone and not entry.requires_label):
                found.setdefault(match.span(), entry.word_en)
    for entry, pattern in _word_patterns(wanted, misread=True):
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in found):
                continue
            if _placement(folded, start, end, label)[0]:
                found[(start, end)] = entry.word_en
    return [SignalWordMatch(word, start, end) for (start, end), word in sorted(found.items())]


# What a scan leaves of a pictogram's edge beside the label and its word: a lone symbol, or a few o's and
# zeros ("Mention OOO d'avertissement   Danger ©", "Palabra oo de advertencia © Peligro").
_SPECK = re.compile(r"(?<!\S)(?:[^\w\s]{1,2}|[oO0°DdQq@]{1,4})(?!\S)")


def _despeckled(text: str) -> str:
    return " ".join(_SPECK.sub(" ", text).split()) + (" " if text.endswith(" ") else "")


def _placement(folded: str, start: int, end: int, label: re.Pattern[str]) -> tuple[bool, bool]:
    """Whether the word at ``start:end`` is a label's value, and whether it stands alone on its line."""
    line_start = folded.rfind("\n", 0, start) + 1
    line_end = folded.find("\n", end)
    before = folded[line_start:start]
    after = _despeckled(folded[end : line_end if line_end >= 0 else len(folded)])
    labelled = bool(label.search(before)) or bool(label.search(_despeckled(before)))
    if not labelled and not before.strip(_DECORATION) and line_start > 0:
        previous_line = folded[folded.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
        labelled = bool(label.search(previous_line.rstrip()))  # label on the line above
    if not labelled and not after.strip(_DECORATION) and _SHORT_LABEL_CELL.search(before):
        # The word alone after a short label of its own ("Warnhinweise:   Gefahr"): a sheet that names the
        # signal word with another label word still prints it as the label's value.
        labelled = True
    alone = not before.strip(_DECORATION) and not after.strip(_DECORATION)
    return labelled, alone


def resolve_signal_word(matches: list[SignalWordMatch]) -> SignalWord | None:
    """One signal word for a label: "Danger" if any match says so (CLP Art. 20(3)), else "Warning" or None."""
    words = {match.word_en for match in matches}
    if "Danger" in words:
        return "Danger"
    return "Warning" if words else None
