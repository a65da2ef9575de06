"""Document language with lingua, restricted to the product's languages."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from typing import Any

from msds.errors import ConfigurationError
from msds.settings import SUPPORTED_LANGUAGES

# Text sampled per document: enough for a confident answer, small enough to stay fast on long sheets.
_SAMPLE_CHARACTERS = 2400
_SAMPLE_PARTS = 3
# Lines that are mostly digits, codes and punctuation say little about the language.
_MIN_LETTER_SHARE = 0.5
_MIN_LINE_LETTERS = 4
# Share of letters in Hangul, kana or Han from which the script decides between Korean and Japanese.
_MIN_CJK_SHARE = 0.1


class LinguaDetector:
    """Implements msds.ports.LanguageDetector with lingua, limited to ``languages`` (ISO 639-1).

    The detector (and its models) is built on first use and reused. Long texts are sampled: letter-rich
    lines from the beginning, middle and end of the text, about 2,400 characters in all, so a 40-page
    sheet costs the same as a 3-page one. Confidence is lingua's relative confidence of the winner (0..1).
    """

    def __init__(
        self, languages: Sequence[str] = SUPPORTED_LANGUAGES, sample_characters: int = _SAMPLE_CHARACTERS
    ):
        codes = tuple(dict.fromkeys(code.strip().lower() for code in languages))
        if not codes:
            raise ConfigurationError("the language detector needs at least one language")
        self._codes = codes
        self._sample_characters = sample_characters
        self._detector: Any = None
        self._lock = threading.Lock()

    @property
    def languages(self) -> tuple[str, ...]:
        return self._codes

    def detect(self, text: str) -> tuple[str | None, float]:
        sample = language_sample(text, self._sample_characters)
        if not sample:
            return None, 0.0
        if len(self._codes) == 1:
            return self._codes[0], 1.0
        by_script = self._by_script(sample)
        if by_script is not None:
            return by_script
        values = self._lingua().compute_language_confidence_values(sample)
        if not values:
            return None, 0.0
        best = values[0]
        if best.value <= 0.0:
            return None, 0.0
        return best.language.iso_code_639_1.name.lower(), float(best.value)

    def _by_script(self, sample: str) -> tuple[str, float] | None:
        # Korean and Japanese sheets are full of Latin chemical names, codes and units, and lingua, given
        # mixed scripts, can let the Latin part decide. The script of the letters settles these two.
        counts = script_counts(sample)
        cjk = counts["hangul"] + counts["kana"] + counts["han"]
        if not cjk or cjk < _MIN_CJK_SHARE * counts["letters"]:
            return None
        if "ko" in self._codes and counts["hangul"] > counts["kana"] + counts["han"]:
            return "ko", counts["hangul"] / cjk
        if "ja" in self._codes and counts["kana"] > 0 and counts["kana"] + counts["han"] >= counts["hangul"]:
            return "ja", (counts["kana"] + counts["han"]) / cjk
        return None

    def _lingua(self) -> Any:
        with self._lock:
            if self._detector is None:
                self._detector = _build(self._codes)
            return self._detector


def _build(codes: Sequence[str]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    try:
        iso_codes = [getattr(IsoCode639_1, code.upper()) for code in codes]
    except AttributeError as error:
        raise ConfigurationError(f"lingua does not know the language code {error.name!r}") from error
    # Low-accuracy mode uses trigram models only: about 30 MB instead of about 240 MB per worker, and on
    # the few thousand characters sampled from a sheet it answers the same.
    return LanguageDetectorBuilder.from_iso_codes_639_1(*iso_codes).with_low_accuracy_mode().build()


def language_sample(text: str, limit: int = _SAMPLE_CHARACTERS) -> str:
    """Letter-rich lines from the start, middle and end of ``text``, at most about ``limit`` characters."""
    lines = [line.strip() for line in text.splitlines()]
    useful = [line for line in lines if _is_wordy(line)]
    if not useful:
        return ""
    if sum(len(line) + 1 for line in useful) <= limit:
        return "\n".join(useful)
    share = limit // _SAMPLE_PARTS
    picked: list[str] = []
    for part in range(_SAMPLE_PARTS):
        start = part * len(useful) // _SAMPLE_PARTS
        taken = 0
        for line in useful[start:]:
            if taken >= share:
                break
            picked.append(line[: share - taken])
            taken += len(line) + 1
    return "\n".join(picked)


def _is_wordy(line: str) -> bool:
    letters = sum(1 for char in line if char.isalpha())
    return letters >= _MIN_LINE_LETTERS and letters >= _MIN_LETTER_SHARE * len(line.replace(" ", ""))


def script_counts(text: str) -> dict[str, int]:
    """Letters of ``text`` by script: hangul, kana (hiragana, katakana), han (CJK ideographs), all letters."""
    counts = {"hangul": 0, "kana": 0, "han": 0, "letters": 0}
    for char, n in Counter(text).items():  # each distinct character judged once
        if not char.isalpha():
            continue
        counts["letters"] += n
        code = ord(char)
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += n
        elif 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            counts["kana"] += n
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts["han"] += n
    return counts
