"""Route: decide auto-accept or human review.

A missed hazard is the worst error the product can make, so every sign of a possible miss sends the
sheet to review, and only sheets whose hazard fields are all read with high confidence pass.
"""

from __future__ import annotations

from models.common import Severity
from models.record import ReviewReason, SdsRecord
from msds.services.document_lines import DocLine

_HAZARD_FINDINGS = {
    "section_2_not_found",
    "pictogram_missing",
    "signal_word_missing",
    "signal_word_mismatch",
    "signal_word_without_hazards",
    "unknown_statement_code",
    "pictogram_not_implied",
}
_SCORED_FIELDS = ("product_name", "supplier_name", "revision_date", "signal_word")


def review_reasons(
    record: SdsRecord,
    section2_lines: list[DocLine],
    *,
    accept_confidence: float,
    ocr_min_confidence: float,
    supported_languages: tuple[str, ...],
) -> list[ReviewReason]:
    reasons: list[ReviewReason] = []

    def add(code: str, message: str, field: str | None = None) -> None:
        reasons.append(ReviewReason(code=code, message=message, field=field))

    if not record.is_sds:
        add("not_an_sds", "the document does not look like a safety data sheet")
    if record.language is None or record.language not in supported_languages:
        add("language_unsupported", f"language {record.language!r} is not fully supported")
    for finding in record.findings:
        if finding.code in _HAZARD_FINDINGS or finding.severity in (Severity.ERROR, Severity.CRITICAL):
            add(finding.code, finding.message, finding.field)
    if not record.vision_checked and not record.hazard_statements:
        add(
            "pictograms_not_checked",
            "no vision model ran on this sheet, so pictograms shown only as images cannot be ruled out",
            "pictograms",
        )
    if record.hazard_wording_without_code:
        snippets = "; ".join(e.snippet[:60] for e in record.hazard_wording_without_code[:3])
        add(
            "hazard_wording_without_code",
            f"hazard wording seen but not mapped to a code: {snippets}",
            "hazard_statements",
        )
    if not record.statement_texts_mappable and not (
        record.hazard_statements and record.precautionary_statements
    ):
        add(
            "statement_texts_unmappable",
            f"statements printed without codes cannot be mapped to codes in language {record.language!r}",
            "hazard_statements",
        )
    ocr_lines = [line for line in section2_lines if line.ocr]
    if ocr_lines:
        mean = sum(line.confidence for line in ocr_lines) / len(ocr_lines)
        if mean < ocr_min_confidence:
            add(
                "low_ocr_confidence_section_2",
                f"Section 2 was read by OCR with mean confidence {mean:.2f} (< {ocr_min_confidence:.2f})",
                "hazard_statements",
            )
    for statement in record.hazard_statements + record.precautionary_statements:
        if statement.confidence < accept_confidence:
            add(
                "low_confidence_statement",
                f"{statement.code} read with confidence {statement.confidence:.2f}",
                statement.code,
            )
    for name in _SCORED_FIELDS:
        value = getattr(record, name)
        if value is not None and value.confidence < accept_confidence:
            add("low_confidence_field", f"{name} read with confidence {value.confidence:.2f}", name)
    if record.product_name is None:
        add("field_missing", "no product name was found", "product_name")
    if record.supplier_name is None:
        add("field_missing", "no supplier name was found", "supplier_name")
    # De-duplicate while keeping order.
    unique: dict[tuple[str, str | None, str], ReviewReason] = {}
    for reason in reasons:
        unique.setdefault((reason.code, reason.field, reason.message), reason)
    return list(unique.values())
