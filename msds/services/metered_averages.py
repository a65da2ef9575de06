"""Average billable units of the documents a host has processed, from the metering stored with records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.cost import DocumentUnits
from models.record import SdsRecord, TranslationMethod
from msds.errors import NoMeteredRecords

ENGLISH = "en"


@dataclass(frozen=True)
class RecordAverages:
    """Per-document units and the workload's shape, as measured on stored records."""

    units: DocumentUnits
    pages_per_document: float
    scanned_share: float
    translated_share: float
    review_share: float


def characters_for_translation(record: SdsRecord) -> int:
    """Free-text characters the AWS host would send to Amazon Translate: what the local engine was given
    (metered), plus free text it had to leave untranslated in a language other than English (Apertium has
    no pair for it; Amazon Translate has one for every language the product reads)."""
    untranslated = sum(
        len(text.original)
        for text in record.free_text.values()
        if text.method == TranslationMethod.UNTRANSLATED and text.language not in (ENGLISH, "und")
    )
    return record.metering.total.translation_characters + untranslated


def record_averages(records: Iterable[SdsRecord]) -> RecordAverages:
    """Averages over the records that carry metering (records stored before metering existed are left out);
    NoMeteredRecords when there is none."""
    metered = [record for record in records if record.metering.by_step and record.pages > 0]
    if not metered:
        raise NoMeteredRecords("no stored record carries metering: process some documents first")
    count = len(metered)
    totals = [record.metering.total for record in metered]
    translation = [characters_for_translation(record) for record in metered]
    pages = sum(record.pages for record in metered)
    ocr_pages = sum(total.ocr_pages for total in totals)
    units = DocumentUnits(
        ocr_pages=ocr_pages / count,
        translation_characters=sum(translation) / count,
        comprehend_units=sum(total.comprehend_units for total in totals) / count,
        vision_invocations=sum(total.vision_invocations for total in totals) / count,
        ocr_document_share=sum(1 for total in totals if total.ocr_pages) / count,
        source="metered",
        documents_metered=count,
    )
    return RecordAverages(
        units=units,
        pages_per_document=pages / count,
        scanned_share=ocr_pages / pages,
        translated_share=sum(1 for characters in translation if characters) / count,
        review_share=sum(1 for record in metered if record.needs_review) / count,
    )
