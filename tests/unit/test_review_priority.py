"""Which review comes first, and which fields a reviewer is pointed at."""

from __future__ import annotations

import pytest

from models.record import ReviewReason
from models.review import ReviewPriority
from msds.domain.review_priority import fields_to_check, review_priority


def reason(code: str, field: str | None = None) -> ReviewReason:
    return ReviewReason(code=code, message=code, field=field)


@pytest.mark.parametrize(
    ("reasons", "priority"),
    [
        ([reason("low_confidence_field", "product_name")], ReviewPriority.IDENTITY),
        ([reason("field_missing", "supplier_name")], ReviewPriority.IDENTITY),
        ([reason("cas_check_digit", "components")], ReviewPriority.VALIDATION_ERROR),
        ([reason("low_confidence_statement", "P280")], ReviewPriority.VALIDATION_ERROR),
        ([reason("low_confidence_statement", "H315")], ReviewPriority.POSSIBLE_MISSED_HAZARD),
        ([reason("low_confidence_field", "signal_word")], ReviewPriority.POSSIBLE_MISSED_HAZARD),
        ([reason("section_2_not_found")], ReviewPriority.POSSIBLE_MISSED_HAZARD),
        (
            [
                reason("low_confidence_field", "product_name"),
                reason("statement_texts_unmappable", "hazard_statements"),
            ],
            ReviewPriority.POSSIBLE_MISSED_HAZARD,
        ),
        ([], ReviewPriority.IDENTITY),
    ],
)
def test_a_sign_of_a_missed_hazard_outranks_every_other_reason(
    reasons: list[ReviewReason], priority: ReviewPriority
) -> None:
    # Given the reasons Route gave
    # When the review's priority is decided
    # Then hazards come first, then validation errors, then identity fields
    assert review_priority(reasons) == priority


def test_the_fields_to_check_put_hazards_first_and_name_each_field_once() -> None:
    # Given reasons naming an identity field, a P-code, an H-code twice and the signal word
    reasons = [
        reason("low_confidence_field", "revision_date"),
        reason("low_confidence_statement", "P280"),
        reason("low_confidence_statement", "H315"),
        reason("low_confidence_statement", "H319"),
        reason("signal_word_missing", "signal_word"),
        reason("not_an_sds"),
    ]
    # When the fields to check are listed
    # Then hazard fields come first, each field once, reasons without a field add none
    assert fields_to_check(reasons) == [
        "hazard_statements",
        "signal_word",
        "precautionary_statements",
        "revision_date",
    ]
