"""Normalisation of list and scalar field values before comparison."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from msds.evaluation.errors import EvaluationInputError
from msds.evaluation.names import match_names

FLASH_POINT_TOLERANCE_C = 1.0
_PICTOGRAM_SHORT = re.compile(r"GHS(\d)")
_VERSION_PREFIXES = ("version", "v")


def normalise_code(code: str, *, pictogram: bool = False) -> str:
    """Upper-case, drop all whitespace, join combined codes with a bare "+"; "GHS7" becomes "GHS07"."""
    compact = "".join(code.split()).upper()
    joined = "+".join(part for part in compact.split("+") if part)
    if pictogram and (short := _PICTOGRAM_SHORT.fullmatch(joined)):
        return f"GHS0{short.group(1)}"
    return joined


def code_set(value: object, *, field: str, doc_id: str, side: str) -> frozenset[str]:
    """The normalised set of a list field: null is empty; anything but a list of strings is an error."""
    if value is None:
        return frozenset()
    if not isinstance(value, list | tuple):
        raise EvaluationInputError(
            f"{side} {doc_id!r}: {field} must be a list of strings, got {type(value).__name__}"
        )
    codes: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise EvaluationInputError(
                f"{side} {doc_id!r}: {field} items must be strings, got {type(item).__name__}"
            )
        code = normalise_code(item, pictogram=field == "pictograms")
        if code:
            codes.add(code)
    return frozenset(codes)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _signal_word(value: object) -> object | None:
    text = _text(value)
    return text.casefold() if text else None


def _exact_text(value: object) -> object | None:
    return _text(value)


def _upper_compact(value: object) -> object | None:
    text = _text(value)
    return "".join(text.split()).upper() if text else None


def _name(value: object) -> object | None:
    text = _text(value)
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()) or None


def _phone(value: object) -> object | None:
    text = _text(value)
    if text is None:
        return None
    return re.sub(r"\D", "", text) or None


def _version(value: object) -> object | None:
    text = _text(value)
    if text is None:
        return None
    compact = "".join(text.split()).casefold()
    for prefix in _VERSION_PREFIXES:
        if compact.startswith(prefix):
            compact = compact[len(prefix) :]
            break
    return compact.lstrip(":") or None


def _number(value: object) -> object | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    text = _text(value)
    if text is None:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _boolean(value: object) -> object | None:
    return value


def _equal(expected: object, predicted: object) -> str | None:
    return "exact" if type(expected) is type(predicted) and expected == predicted else None


def _within_tolerance(expected: object, predicted: object) -> str | None:
    if isinstance(expected, float) and isinstance(predicted, float):
        close = abs(expected - predicted) <= FLASH_POINT_TOLERANCE_C + 1e-9
        return ("exact" if expected == predicted else "tolerance") if close else None
    return _equal(expected, predicted)


def _names(expected: object, predicted: object) -> str | None:
    if isinstance(expected, str) and isinstance(predicted, str):
        rule, _ = match_names(expected, predicted)
        return None if rule == "none" else rule
    return _equal(expected, predicted)


@dataclass(frozen=True)
class ScalarRule:
    """How one scalar field is normalised (null stays null) and how two normalised values are compared."""

    normalise: Callable[[object], object | None]
    compare: Callable[[object, object], str | None]


LIST_FIELDS: tuple[str, ...] = ("h_codes", "p_codes", "cas_numbers", "pictograms")

SCALAR_RULES: dict[str, ScalarRule] = {
    "product_name": ScalarRule(_name, _names),
    "supplier_name": ScalarRule(_name, _names),
    "supplier_country": ScalarRule(_upper_compact, _equal),
    "emergency_phone": ScalarRule(_phone, _equal),
    "revision_date": ScalarRule(_exact_text, _equal),
    "version": ScalarRule(_version, _equal),
    "signal_word": ScalarRule(_signal_word, _equal),
    "un_number": ScalarRule(_upper_compact, _equal),
    "flash_point_c": ScalarRule(_number, _within_tolerance),
    "is_sds": ScalarRule(_boolean, _equal),
    "has_signature": ScalarRule(_boolean, _equal),
}

SCALAR_FIELDS: tuple[str, ...] = tuple(SCALAR_RULES)
NAME_FIELDS: tuple[str, ...] = ("product_name", "supplier_name")


def compare_scalar(field: str, expected: object, predicted: object) -> tuple[bool, str | None]:
    """Compare raw values of a scalar field: (matched, rule). Null matches only null (rule "null")."""
    rule = SCALAR_RULES[field]
    left, right = rule.normalise(expected), rule.normalise(predicted)
    if left is None or right is None:
        return (left is None and right is None), ("null" if left is None and right is None else None)
    matched_by = rule.compare(left, right)
    return matched_by is not None, matched_by
