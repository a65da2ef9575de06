"""Scoring Section 3 components: per labelled component, CAS + concentration + H-codes all right.

Which sheets count
    Labels with a ``components`` list (the labelling guide's extra key) of a mixture: two or more rows, or
    one row whose printed concentration stays below 80 % (a substance sheet's single row is not scored).
    Sheets whose label has no ``components`` key are not scored; the figure is None when none counts.

Matching
    Each labelled row is paired with a predicted component of the same document: by CAS number when the
    label has one, otherwise by name (``rapidfuzz.fuzz.token_set_ratio`` >= 80) among predicted rows
    without a CAS number, each predicted row used once.

Exact match
    The CAS numbers are equal (digits-dash form), the concentration bounds ``low`` and ``high`` are equal
    (null only equals null; numbers within 1e-6), and the sets of H/EUH codes are equal (upper case, no
    spaces, combined codes split into their parts: "H301+H311" counts as H301 and H311).
    ``exact_match`` = exact rows / labelled rows; the other rates show which part failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

MIXTURE_SINGLE_ROW_BELOW = 80.0
_CAS = re.compile(r"(\d{2,7})-(\d{2})-(\d)(?!\d)")
NAME_MATCH = 80.0


class ComponentMistake(BaseModel):
    id: str
    label: dict[str, Any]
    predicted: dict[str, Any] | None
    wrong: list[str]


class ComponentScores(BaseModel):
    """Per-component scores over the scored mixture sheets."""

    sheets: int
    components: int
    found: int
    exact_matches: int
    exact_match: float | None
    cas_right: int
    concentration_right: int
    h_codes_right: int
    by_language: dict[str, tuple[int, int]] = Field(
        default_factory=dict, description="language -> (exact matches, labelled components)"
    )
    mistakes: list[ComponentMistake] = Field(default_factory=list)


def is_mixture(components: Sequence[Mapping[str, Any]]) -> bool:
    if len(components) >= 2:
        return True
    if len(components) == 1:
        high = components[0].get("high")
        low = components[0].get("low")
        bound = high if isinstance(high, int | float) else low
        return isinstance(bound, int | float) and bound < MIXTURE_SINGLE_ROW_BELOW
    return False


def score_components(
    labels: Mapping[str, Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]]
) -> ComponentScores | None:
    sheets = components = found = exact = cas_right = concentration_right = h_right = 0
    by_language: dict[str, list[int]] = {}
    mistakes: list[ComponentMistake] = []
    for doc_id, label in labels.items():
        labelled = label.get("components")
        if not isinstance(labelled, list) or not is_mixture(labelled):
            continue
        sheets += 1
        language = str(label.get("language") or "unknown")
        tally = by_language.setdefault(language, [0, 0])
        prediction = predictions.get(doc_id) or {}
        predicted = [row for row in prediction.get("components") or [] if isinstance(row, Mapping)]
        used: set[int] = set()
        for row in labelled:
            components += 1
            tally[1] += 1
            match = _pair(row, predicted, used)
            if match is None:
                mistakes.append(
                    ComponentMistake(id=doc_id, label=dict(row), predicted=None, wrong=["missing"])
                )
                continue
            found += 1
            other = predicted[match]
            wrong = []
            if _cas(row.get("cas")) == _cas(other.get("cas")):
                cas_right += 1
            else:
                wrong.append("cas")
            if _same_number(row.get("low"), other.get("low")) and _same_number(
                row.get("high"), other.get("high")
            ):
                concentration_right += 1
            else:
                wrong.append("concentration")
            if _codes(row.get("h_codes")) == _codes(other.get("h_codes")):
                h_right += 1
            else:
                wrong.append("h_codes")
            if wrong:
                mistakes.append(
                    ComponentMistake(id=doc_id, label=dict(row), predicted=dict(other), wrong=wrong)
                )
            else:
                exact += 1
                tally[0] += 1
    if sheets == 0:
        return None
    return ComponentScores(
        sheets=sheets,
        components=components,
        found=found,
        exact_matches=exact,
        exact_match=exact / components if components else None,
        cas_right=cas_right,
        concentration_right=concentration_right,
        h_codes_right=h_right,
        by_language={language: (t[0], t[1]) for language, t in sorted(by_language.items())},
        mistakes=mistakes,
    )


def _pair(row: Mapping[str, Any], predicted: list[Mapping[str, Any]], used: set[int]) -> int | None:
    cas = _cas(row.get("cas"))
    if cas:
        for index, other in enumerate(predicted):
            if index not in used and _cas(other.get("cas")) == cas:
                used.add(index)
                return index
        return None
    name = str(row.get("name") or "").lower()
    best, best_score = None, NAME_MATCH - 1e-9
    for index, other in enumerate(predicted):
        if index in used or _cas(other.get("cas")):
            continue
        score = fuzz.token_set_ratio(name, str(other.get("name") or "").lower()) if name else 0.0
        if score > best_score:  # the first of equally good names: rows keep their order
            best, best_score = index, score
    if best is not None:
        used.add(best)
    return best


def _cas(value: Any) -> str | None:
    """The first CAS number of a value (a label may print an alternative: "34902-57-3 (111879-80-2)")."""
    if not isinstance(value, str):
        return None
    found = _CAS.search(value.replace("–", "-").replace(" ", ""))
    return f"{int(found.group(1))}-{found.group(2)}-{found.group(3)}" if found else None


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) <= 1e-6
    except (TypeError, ValueError):
        return False


def _codes(value: Any) -> frozenset[str]:
    if not isinstance(value, list):
        return frozenset()
    out = set()
    for item in value:
        if isinstance(item, str):
            for part in "".join(item.split()).upper().split("+"):
                if part:
                    out.add(part)
    return frozenset(out)
