"""Scoring SDS predictions against hand-made labels (``labels.jsonl`` format, see the corpus README).

Matching
    Predictions are matched to labels by ``id``. A labelled document without a prediction line counts as a
    prediction with every field empty/null and ``error="missing prediction"``. A prediction with ``error``
    set counts its fields as empty/null and its ``needs_review`` as true. The report counts missing and
    errored predictions and lists predictions whose id has no label (they are not scored). A missing
    ``needs_review`` means false.

List fields (h_codes, p_codes, cas_numbers, pictograms)
    Each document's value is a set of normalised codes: upper-case, all whitespace removed, combined codes
    joined with "+" (``"p301 + p310"`` -> ``"P301+P310"``; a combined code only matches the same
    combination), pictograms ``"GHS7"`` -> ``"GHS07"``. Null is the empty set.
    Precision, recall and F1 are micro-averaged: true/false positives and false negatives are summed over
    all documents. A metric with an empty denominator is None ("n/a"); F1 is 0 when there are items but no
    true positive. Exact-set accuracy is the share of documents whose sets are equal; a document where
    both sets are empty is correct for accuracy and adds nothing to precision/recall.

Scalar fields
    Accuracy is the share of documents whose normalised values match; null matches only null. After
    normalisation an empty string is null. Per field:
    signal_word case-insensitive; revision_date exact string (YYYY-MM-DD or YYYY-MM); un_number and
    supplier_country upper-case without spaces; emergency_phone digits only; flash_point_c numeric within
    +-1.0 degC; version equal after removing spaces and a leading "version"/"v" (case-insensitive) and
    colon; is_sds and has_signature exact booleans.
    product_name and supplier_name are case-folded (accents kept, Unicode NFC), whitespace collapsed,
    punctuation and legal forms kept, and match when the normalised strings are equal ("exact"), OR
    ``rapidfuzz.fuzz.ratio`` >= 90 ("ratio"), OR one contains the other and the shorter has at least 70%
    of the longer's length ("containment"). ``report.name_matches`` lists which rule decided each
    comparison where both sides are non-null.
    Null means "not stated": recall = matched non-null labels / non-null labels; precision = matched
    non-null predictions / non-null predictions.

Breakdowns
    Every field is also scored per label ``language`` (``by_language``) and per label ``scanned``
    (``by_scanned``, keys "true"/"false"; "unknown" when the label lacks the value).

Hazard misses
    A document whose prediction lacks a labelled H-code or pictogram is a hazard miss: silent when
    ``needs_review`` is false (the worst error), reviewed otherwise. Review rate = share of documents
    with ``needs_review`` true (missing and errored predictions included).

Mistakes
    ``report.mistakes`` lists every wrong field (id, field, expected, predicted; list fields as sorted
    normalised sets with a missing/extra detail); ``format_report(report, verbose=True)`` prints them.
"""

from msds.evaluation.errors import EvaluationInputError
from msds.evaluation.evaluate import evaluate
from msds.evaluation.floors import Floors, check_floors
from msds.evaluation.loading import load_jsonl, select_split
from msds.evaluation.models import (
    EvaluationReport,
    HazardMiss,
    ListFieldScore,
    Mistake,
    NameMatch,
    PredictionProblem,
    ScalarFieldScore,
    SliceScores,
)
from msds.evaluation.normalise import LIST_FIELDS, SCALAR_FIELDS
from msds.evaluation.text_report import format_report

__all__ = [
    "LIST_FIELDS",
    "SCALAR_FIELDS",
    "EvaluationInputError",
    "EvaluationReport",
    "Floors",
    "HazardMiss",
    "ListFieldScore",
    "Mistake",
    "NameMatch",
    "PredictionProblem",
    "ScalarFieldScore",
    "SliceScores",
    "check_floors",
    "evaluate",
    "format_report",
    "load_jsonl",
    "select_split",
]
