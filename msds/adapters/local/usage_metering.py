"""Billable-unit reporting for the engines that stand in for AWS services on the local host.

The local host records the units the AWS host would be billed for the same work, so that a local run can
feed the cost estimate: every text given to the language detector counts as a DetectDominantLanguage
request, every character given to the translation engine as an Amazon Translate character, every page given
to the vision model as an endpoint invocation. (Pages OCR'd are counted by the ReadText step, which knows
which pages had no usable text layer.) Each wrapper implements the port of the engine it wraps.
"""

from __future__ import annotations

from collections.abc import Iterable

from PIL.Image import Image

from models.vision import PageVision
from msds.domain import billing_units
from msds.ports import LanguageDetector, Translator, UsageRecorder, VisionDetector


class MeteredLanguageDetector:
    """A LanguageDetector that reports one detection request per non-blank text."""

    def __init__(self, detector: LanguageDetector, usage: UsageRecorder) -> None:
        self._detector = detector
        self._usage = usage

    def detect(self, text: str) -> tuple[str | None, float]:
        answer = self._detector.detect(text)
        sample = text.strip()
        if sample:
            self._usage.record(billing_units.language_detection(sample))
        return answer


class MeteredTranslator:
    """A Translator that reports the characters it hands to the engine."""

    def __init__(self, translator: Translator, usage: UsageRecorder) -> None:
        self._translator = translator
        self._usage = usage

    def can_translate(self, source_language: str) -> bool:
        return self._translator.can_translate(source_language)

    def translate(self, texts: Iterable[str], source_language: str) -> list[str]:
        given = list(texts)
        english = self._translator.translate(given, source_language)
        self._usage.record(billing_units.translation("".join(given)))
        return english


class MeteredVisionDetector:
    """A VisionDetector that reports one invocation per page it is given."""

    def __init__(self, detector: VisionDetector, usage: UsageRecorder) -> None:
        self._detector = detector
        self._usage = usage

    @property
    def dpi(self) -> int:
        return self._detector.dpi

    def detect(
        self, image: Image, page_number: int, *, signatures: bool, pictograms: bool = True
    ) -> PageVision:
        found = self._detector.detect(image, page_number, signatures=signatures, pictograms=pictograms)
        self._usage.record(billing_units.vision_invocation())
        return found
