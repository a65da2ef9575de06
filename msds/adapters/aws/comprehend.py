"""Amazon Comprehend: the document's dominant language, and organisations and locations named in its text.

Both calls take at most 100 KB of UTF-8 per request. The language sample is cut to fit (a few kilobytes say
as much as the whole sheet, and Comprehend bills per 100 characters); entity text is split into chunks at
line breaks (or, for an overlong line, at a character boundary), each within the limit, and entity offsets
are given in the whole text. Every request sent is reported to the ``usage`` recorder with the units
Comprehend bills for it (msds.domain.billing_units: 100 characters a unit, at least 3 a request).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from msds.adapters.aws.service_errors import service_call
from msds.domain import billing_units
from msds.ports import UsageRecorder
from msds.settings import SUPPORTED_LANGUAGES

MAX_TEXT_BYTES = 100_000
MIN_LANGUAGE_CHARACTERS = 20
# Keep the language sample small: the answer does not change after a few thousand characters, the bill does.
DEFAULT_SAMPLE_BYTES = 5_000
# DetectEntities' languages (Comprehend's pre-trained entity model).
ENTITY_LANGUAGES = frozenset({"en", "es", "fr", "de", "it", "pt", "ar", "hi", "ja", "ko", "zh", "zh-TW"})
ENTITY_TYPES = frozenset({"ORGANIZATION", "LOCATION"})


def truncate_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding is at most ``limit`` bytes."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def utf8_chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(character offset, chunk) pieces of ``text``, each at most ``limit`` UTF-8 bytes, cut after line breaks
    where possible; together they are the whole text."""
    if limit < 4:
        raise ValueError("a chunk must hold at least one character of any width")
    start = 0
    while start < len(text):
        piece = truncate_utf8(text[start:], limit)
        if start + len(piece) < len(text):
            cut = piece.rfind("\n")
            if cut > 0:
                piece = piece[: cut + 1]
        yield start, piece
        start += len(piece)


@dataclass(frozen=True)
class NamedEntity:
    """An organisation or location: its text, offsets in the whole text, and Comprehend's score."""

    type: str
    text: str
    score: float
    begin: int
    end: int


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


class ComprehendEntityExtractor:
    """Organisations and locations (DetectEntities), for the supplier and country fields."""

    def __init__(
        self,
        client: Any,
        min_score: float = 0.5,
        chunk_bytes: int = MAX_TEXT_BYTES,
        *,
        usage: UsageRecorder | None = None,
    ) -> None:
        self._comprehend = client
        self._min_score = min_score
        self._chunk_bytes = min(chunk_bytes, MAX_TEXT_BYTES)
        self._usage = usage

    def supports(self, language: str) -> bool:
        return language in ENTITY_LANGUAGES

    def entities(self, text: str, language: str) -> list[NamedEntity]:
        """Entities of the wanted types, in text order; [] for a language the entity model lacks."""
        if not self.supports(language) or not text.strip():
            return []
        found: list[NamedEntity] = []
        for offset, chunk in utf8_chunks(text, self._chunk_bytes):
            if not chunk.strip():
                continue
            with service_call("comprehend:DetectEntities"):
                response = self._comprehend.detect_entities(Text=chunk, LanguageCode=language)
            if self._usage is not None:
                self._usage.record(billing_units.entity_detection(chunk))
            for entity in response.get("Entities", []):
                if (
                    entity.get("Type") not in ENTITY_TYPES
                    or float(entity.get("Score", 0.0)) < self._min_score
                ):
                    continue
                found.append(
                    NamedEntity(
                        type=str(entity["Type"]),
                        text=str(entity.get("Text", "")),
                        score=round(float(entity["Score"]), 4),
                        begin=offset + int(entity.get("BeginOffset", 0)),
                        end=offset + int(entity.get("EndOffset", 0)),
                    )
                )
        return found
