"""How urgent a human review is, and which fields it should look at first, from the reasons Route gave.

A possible missed hazard is the worst error the product can make, so a sheet whose reasons touch its hazard
statements, pictograms or signal word (or say that Section 2 could not be read at all) comes first; then
sheets with other validation errors; then sheets that only need an identity field confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.record import ReviewReason
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, ReviewPriority
from msds.domain.statement_codes import InvalidStatementCode, normalise_code

HAZARD_FIELDS: tuple[str, ...] = ("hazard_statements", "pictograms", "signal_word")
# Reasons that mean hazards may be missing or wrong whatever field they name.
HAZARD_REASONS = frozenset(
    {
        "not_an_sds",
        "language_unsupported",
        "section_2_not_found",
        "pictogram_missing",
        "pictogram_not_implied",
        "pictograms_not_checked",
        "signal_word_missing",
        "signal_word_mismatch",
        "signal_word_without_hazards",
        "unknown_statement_code",
        "hazard_wording_without_code",
        "statement_texts_unmappable",
        "low_ocr_confidence_section_2",
    }
)
IDENTITY_REASONS = frozenset({"low_confidence_field", "field_missing"})
FIELD_ORDER = tuple(dict.fromkeys((*HAZARD_FIELDS, "precautionary_statements", *REVIEWABLE_VALUE_FIELDS)))


def reason_field(reason: ReviewReason) -> str | None:
    """The reviewable field a reason is about: a statement code names its list, a field name itself."""
    field = reason.field
    if field is None:
        return None
    if field in REVIEWABLE_VALUE_FIELDS or field in REVIEWABLE_CODE_FIELDS:
        return field
    try:
        code = normalise_code(field)
    except InvalidStatementCode:
        return None
    return "precautionary_statements" if code.startswith("P") else "hazard_statements"


def review_priority(reasons: Iterable[ReviewReason]) -> ReviewPriority:
    """The most urgent priority any of the reasons calls for (a sheet with no reason is an identity check)."""
    priority = ReviewPriority.IDENTITY
    for reason in reasons:
        field = reason_field(reason)
        if reason.code in HAZARD_REASONS or field in HAZARD_FIELDS:
            return ReviewPriority.POSSIBLE_MISSED_HAZARD
        if reason.code not in IDENTITY_REASONS:
            priority = ReviewPriority.VALIDATION_ERROR
    return priority


def fields_to_check(reasons: Iterable[ReviewReason]) -> list[str]:
    """The fields the reasons name, hazard fields first, each once."""
    named = {field for reason in reasons if (field := reason_field(reason)) is not None}
    return [field for field in FIELD_ORDER if field in named]
