"""Flat views of records: the label-format row used by `extract` and `export`, and CSV columns."""

from __future__ import annotations

import re
from typing import Any

from models.record import Component, SdsRecord
from models.review import REVIEWABLE_VALUE_FIELDS

_FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")
LABEL_KEYS = (
    "id",
    "language",
    "scanned",
    "pages",
    "is_sds",
    "sections_found",
    "product_name",
    "supplier_name",
    "supplier_country",
    "emergency_phone",
    "revision_date",
    "version",
    "signal_word",
    "h_codes",
    "h_codes_printed",
    "p_codes",
    "pictograms",
    "pictograms_source",
    "cas_numbers",
    "un_number",
    "flash_point_c",
    "has_signature",
)


# The fields whose confidence a row carries (under "confidence"), for the evaluation's reliability table:
# the single-value fields, which are also the ones a reviewer corrects one value at a time.
CONFIDENCE_FIELDS = REVIEWABLE_VALUE_FIELDS


def record_to_row(record: SdsRecord, row_id: str) -> dict[str, Any]:
    """The record in the corpus label format, plus needs_review, review_reasons, the confidence of each
    field that has a value, and error."""

    def value(name: str) -> Any:
        extracted = getattr(record, name)
        return None if extracted is None else extracted.value

    sources = {p.source.value for p in record.pictograms}
    pictograms_source = None
    if sources:
        pictograms_source = "both" if len(sources) > 1 or "both" in sources else sources.pop()
    return {
        "id": row_id,
        "document_id": record.document_id,
        "language": record.language,
        "scanned": record.scanned,
        "pages": record.pages,
        "is_sds": record.is_sds,
        "sections_found": record.sections_found,
        "product_name": value("product_name"),
        "supplier_name": value("supplier_name"),
        "supplier_country": value("supplier_country"),
        "emergency_phone": value("emergency_phone"),
        "revision_date": value("revision_date"),
        "version": value("version"),
        "signal_word": value("signal_word"),
        "h_codes": record.h_codes,
        "h_codes_printed": all(s.code_printed for s in record.hazard_statements)
        if record.hazard_statements
        else None,
        "p_codes": record.p_codes,
        "pictograms": sorted(p.code for p in record.pictograms),
        "pictograms_source": pictograms_source,
        "cas_numbers": record.cas_numbers,
        "un_number": value("un_number"),
        "flash_point_c": value("flash_point_c"),
        "has_signature": value("has_signature"),
        "needs_review": record.needs_review,
        "review_reasons": [r.code for r in record.review_reasons],
        "confidence": {
            name: round(extracted.confidence, 3)
            for name in CONFIDENCE_FIELDS
            if (extracted := getattr(record, name)) is not None
        },
        "raw_confidence": {
            name: round(extracted.raw_confidence, 3)
            for name in CONFIDENCE_FIELDS
            if (extracted := getattr(record, name)) is not None and extracted.raw_confidence is not None
        },
        "error": None,
        "components": [component_row(component) for component in record.components],
    }


def component_row(component: Component) -> dict[str, Any]:
    """A Section 3 component in the label format of ``components`` (see the labelling guide)."""
    concentration = component.concentration_range
    return {
        "name": component.name,
        "cas": component.cas,
        "ec": component.ec,
        "concentration": component.concentration,
        "low": concentration.low if concentration else None,
        "high": concentration.high if concentration else None,
        "unit": concentration.unit if concentration else None,
        "h_codes": component.h_codes,
        "m_factors": component.m_factors_printed,
        "scl": "; ".join(limit.printed for limit in component.specific_limits) or None,
    }


def error_row(row_id: str, document_id: str | None, error: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(LABEL_KEYS)
    row.update(
        {
            "id": row_id,
            "document_id": document_id,
            "h_codes": [],
            "p_codes": [],
            "pictograms": [],
            "cas_numbers": [],
            "components": [],
            "needs_review": True,
            "review_reasons": ["error"],
            "error": error,
        }
    )
    return row


def csv_cell(value: Any) -> str:
    """A CSV cell: lists joined with ";", and a text a spreadsheet would run as a formula (it starts with
    = + - @ or a tab/return and is not a number) prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_safe(";".join(str(v) for v in value))
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


def spreadsheet_safe(text: str) -> str:
    if text[:1] in _FORMULA_STARTS and not _NUMBER.match(text):
        return "'" + text
    return text
