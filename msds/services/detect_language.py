"""Detect language: one language per document, plus a per-page reading for mixed-language sheets."""

from __future__ import annotations

import re

from models.steps import LanguageResult
from models.text import DocumentText
from msds.ports import LanguageDetector

DOCUMENT_SAMPLE_CHARS = 4000
PAGE_SAMPLE_CHARS = 600
PAGES_CHECKED = 4
_NOISE = re.compile(r"[\d\W_]+")


def _sample(text: str, limit: int) -> str:
    # Numbers, codes and punctuation say nothing about the language and slow the detector down.
    return _NOISE.sub(" ", text)[:limit]


def detect_document_language(text: DocumentText, detector: LanguageDetector) -> LanguageResult:
    language, confidence = detector.detect(_sample(text.text, DOCUMENT_SAMPLE_CHARS))
    by_page: dict[int, str] = {}
    for page in text.pages[:PAGES_CHECKED]:
        sample = _sample(page.text, PAGE_SAMPLE_CHARS)
        if len(sample.strip()) < 80:
            continue
        page_language, _ = detector.detect(sample)
        if page_language:
            by_page[page.number] = page_language
    return LanguageResult(language=language, confidence=round(confidence, 3), by_page=by_page)
