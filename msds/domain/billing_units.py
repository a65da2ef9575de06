"""How the per-use AWS services count the units they bill, for one request or one document.

* Amazon Comprehend (DetectDominantLanguage): units of 100 characters, at least 3 units a
  request (a 150-character request bills 3 units, a 401-character one 5).
* Amazon Translate: every character of the text sent.
* Amazon Textract: every page analysed.
* SageMaker real-time endpoint: every invocation (one rendered page).
"""

from __future__ import annotations

from models.metering import BillableUsage

COMPREHEND_CHARACTERS_PER_UNIT = 100
COMPREHEND_MINIMUM_UNITS = 3


def comprehend_units(characters: int) -> int:
    """Units Comprehend bills for one request of ``characters`` characters."""
    if characters < 0:
        raise ValueError("a request cannot have a negative number of characters")
    whole_units = -(-characters // COMPREHEND_CHARACTERS_PER_UNIT)
    return max(COMPREHEND_MINIMUM_UNITS, whole_units)


def language_detection(text: str) -> BillableUsage:
    """One DetectDominantLanguage request carrying ``text``."""
    return BillableUsage(language_detection_requests=1, language_detection_units=comprehend_units(len(text)))


def translation(text: str) -> BillableUsage:
    """One TranslateText request carrying ``text``."""
    return BillableUsage(translation_characters=len(text))


def ocr(pages: int) -> BillableUsage:
    """``pages`` pages analysed by OCR."""
    return BillableUsage(ocr_pages=pages)


def vision_invocation() -> BillableUsage:
    """One page sent to the vision model."""
    return BillableUsage(vision_invocations=1)
