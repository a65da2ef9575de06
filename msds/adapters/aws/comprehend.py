"""Amazon Comprehend: the document's dominant language.

A request takes at most 100 KB of UTF-8. The language sample is cut to fit (a few kilobytes say as much as
the whole sheet, and Comprehend bills per 100 characters). Every request sent is reported to the ``usage``
recorder with the units Comprehend bills for it (msds.domain.billing_units: 100 characters a unit, at least
3 a request).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msds.adapters.aws.service_errors import service_call
from msds.domain import billing_units
from msds.ports import UsageRecorder
from msds.settings import SUPPORTED_LANGUAGES

MAX_TEXT_BYTES = 100_000
MIN_LANGUAGE_CHARACTERS = 20
# Keep the language sample small: the answer does not change after a few thousand characters, the bill does.
DEFAULT_SAMPLE_BYTES = 5_000


def truncate_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding is at most ``limit`` bytes."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


class ComprehendLanguageDetector:
    """Implements msds.ports.LanguageDetector with DetectDominantLanguage, limited to ``languages``."""

    def __init__(
        self,
        client: Any,
        languages: Sequence[str] = SUPPORTED_LANGUAGES,
        sample_bytes: int = DEFAULT_SAMPLE_BYTES,
        *,
        usage: UsageRecorder | None = None,
    ) -> None:
        self._comprehend = client
        self._languages = tuple(code.lower() for code in languages)
        self._sample_bytes = min(sample_bytes, MAX_TEXT_BYTES)
        self._usage = usage

    def detect(self, text: str) -> tuple[str | None, float]:
        sample = truncate_utf8(text.strip(), self._sample_bytes)
        if len(sample) < MIN_LANGUAGE_CHARACTERS:
            return None, 0.0
        with service_call("comprehend:DetectDominantLanguage"):
            response = self._comprehend.detect_dominant_language(Text=sample)
        if self._usage is not None:
            self._usage.record(billing_units.language_detection(sample))
        best: tuple[str | None, float] = (None, 0.0)
        for candidate in response.get("Languages", []):
            code = str(candidate.get("LanguageCode", "")).split("-")[0].lower()
            score = float(candidate.get("Score", 0.0))
            if code in self._languages and score > best[1]:
                best = (code, round(score, 4))
        return best
