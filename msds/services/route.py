"""Route: decide auto-accept or human review.

A missed hazard is the worst error the product can make, so every sign of a possible miss sends the
sheet to review, and only sheets whose hazard fields are all read with high confidence pass.

Identity fields go by expected cost: a sheet goes to review for one of them only when accepting it would
cost more than a review: when the product or supplier is unknown, the revision date unreadable, or the
field's calibrated confidence is so low that the expected cost of a wrong value ((1 - confidence) times
what a wrong value costs, in reviews; see :data:`msds.domain.review_costs.WRONG_VALUE_COST`) exceeds one
review. A sheet that goes to review anyway also names its doubtful identity fields (``check_field``), so the
review task lists exactly the fields to check.
"""

from __future__ import annotations

import re

from models.common import Severity
from models.record import ReviewReason, SdsRecord
from msds.domain.classification_text import printed_classifications
from msds.domain.review_costs import WRONG_VALUE_COST, worth_reviewing
from msds.domain.statement_codes import split_combination
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
_HAZARD_SCORED_FIELDS = ("signal_word",)
# Fields a reviewer is asked to check on a sheet that goes to review anyway, below accept_confidence.
_CHECKED_FIELDS = (
    "product_name",
    "supplier_name",
    "revision_date",
    "version",
    "supplier_country",
    "emergency_phone",
)


_UNMAPPABLE_WHY = {
    "ja": (
        "This sheet prints its hazard statements in Japanese without H-codes. No Japanese statement table "
        "(JIS Z 7253 / MHLW) with a known source and licence is available to map them, so a person must read "
        "Section 2 and enter the codes."
    ),
    "ko": (
        "This sheet prints its hazard statements in Korean without H-codes. Korean wordings are mapped from "
        "unofficial tables that may miss a statement, so a person must read Section 2 and confirm the codes."
    ),
}


def _unmappable_message(language: str | None) -> str:
    return _UNMAPPABLE_WHY.get(
        language or "",
        f"This sheet prints its hazard statements without H-codes in a language ({language!r}) the statement "
        "catalog cannot map, so a person must read Section 2 and enter the codes.",
    )


# A hazard category in any language ("Kategorie 1", "Catégorie 2", "구분 1", "Flam. Liq. 2") states a
# classification; every classified product carries hazard statements (GHS 1.4.10.5.2).
_CLASSIFICATION = re.compile(
    r"(?:categor(?:y|ia|ía)|kategorie|cat[ée]gorie|cat\.|구분|区分)\s*[:\-.]?\s*[1-5][A-C]?\b|"
    r"\b(?:Flam\.\s*(?:Liq|Sol|Gas|Aerosol)\.?|Acute\s+Tox\.|Skin\s+(?:Irrit|Corr|Sens)\.|Eye\s+(?:Dam|Irrit)\.|"
    r"Aquatic\s+(?:Chronic|Acute)|STOT\s+(?:SE|RE)|Resp\.\s*Sens\.|Carc\.|Muta\.|Repr\.|Asp\.\s*Tox\.|"
    r"Ox\.\s*(?:Liq|Sol|Gas)\.|Press\.\s*Gas|Met\.\s*Corr\.|Self-react\.|Org\.\s*Perox\.|Expl\.)\s*\d",
    re.IGNORECASE,
)
# "Not classified", "nicht eingestuft", "no clasificado": the line says the product is not classified.
_NOT_CLASSIFIED = re.compile(
    r"\bnot\s+(?:classified|applicable|hazardous)|nicht\s+(?:eingestuft|anwendbar)|non\s+class[ée]|"
    r"no\s+(?:clasificad[ao]|aplicable)|n[aã]o\s+(?:classificad[ao]|aplic[aá]vel)|해당\s*없음|該当しない|分類対象外",
    re.IGNORECASE,
)


# Statements a label leaves out because a statement it prints covers them. A corrosive product's label gives
# H314 alone: serious eye damage and irritation are implicit in it (CLP Annex I 3.3.1.1, 3.2), so "Eye Dam. 1"
# beside "Skin Corr. 1" needs no statement of its own. The long-term aquatic statement covers the acute one
# of the same severity: H410 makes H400 redundant (CLP Article 27 and ECHA's labelling guidance), as labels
# under the UN GHS print H411 / H412 without H401 / H402.
_COVERED_BY = {
    "H314": frozenset({"H318", "H319", "H315"}),
    "H410": frozenset({"H400"}),
    "H411": frozenset({"H401"}),
    "H412": frozenset({"H402"}),
}


def _classification_without_statements(record: SdsRecord, section2_lines: list[DocLine]) -> str | None:
    """A classification Section 2 prints whose hazard statement was not read (any classification at all when
    no statement was read): the text that shows it, else None."""
    read = {part for statement in record.hazard_statements for part in split_combination(statement.code)}
    read |= {covered for code in read & _COVERED_BY.keys() for covered in _COVERED_BY[code]}
    for line in section2_lines:
        if _NOT_CLASSIFIED.search(line.text):
            continue
        for printed in printed_classifications(line.text):
            if not printed.statements & read:
                return printed.text
        if not read and _CLASSIFICATION.search(line.text):
            return line.text.strip()
    return None


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
    classified = _classification_without_statements(record, section2_lines)
    if classified is not None:
        add(
            "hazard_classification_without_statement",
            f"Section 2 prints the classification {classified[:60]!r} but its hazard statement was not read: "
            "a person must read Section 2 and enter the codes",
            "hazard_statements",
        )
    if not record.statement_texts_mappable and not (
        record.hazard_statements and record.precautionary_statements
    ):
        add("statement_texts_unmappable", _unmappable_message(record.language), "hazard_statements")
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
    for name in _HAZARD_SCORED_FIELDS:
        value = getattr(record, name)
        if value is not None and value.confidence < accept_confidence:
            add("low_confidence_field", f"{name} read with confidence {value.confidence:.2f}", name)
    for name, cost in WRONG_VALUE_COST.items():
        value = getattr(record, name)
        if value is not None and worth_reviewing(value.confidence, cost):
            add(
                "low_confidence_field",
                f"{name} read with confidence {value.confidence:.2f}: cheaper to check than to accept",
                name,
            )
    if record.product_name is None:
        add("field_missing", "no product name was found", "product_name")
    if record.supplier_name is None:
        add("field_missing", "no supplier name was found", "supplier_name")
    if record.is_sds and record.revision_date is None:
        add("field_missing", "no readable revision date was found", "revision_date")
    if reasons:
        named = {reason.field for reason in reasons}
        for name in _CHECKED_FIELDS:
            value = getattr(record, name)
            if name not in named and value is not None and value.confidence < accept_confidence:
                add("check_field", f"{name} read with confidence {value.confidence:.2f}", name)
    # De-duplicate while keeping order.
    unique: dict[tuple[str, str | None, str], ReviewReason] = {}
    for reason in reasons:
        unique.setdefault((reason.code, reason.field, reason.message), reason)
    return list(unique.values())
