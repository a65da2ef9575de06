"""Section 9 physical data: flash point in °C."""

from __future__ import annotations

import re

from models.record import Extracted
from msds.domain.units import fahrenheit_to_celsius
from msds.services.document_lines import DocLine
from msds.services.extract import lexicon

_LABEL = re.compile(rf"(?:{lexicon.FLASH_POINT})", re.IGNORECASE)
_VALUE = re.compile(
    r"(?<![\w.])([<>≤≥]|ca\.?|approx\.?|aprox\.?|env\.?)?\s*(-?\s?\d{1,4}(?:[.,]\d{1,4})?)\s*"
    r"(?:(?:-|–|to|a|bis)\s*-?\d{1,4}(?:[.,]\d{1,4})?\s*)?(°\s?[CF]|º\s?[CF]|[℃℉]|deg\.?\s?[CF]|"
    # The degree sign as OCR reads it in print: "160 “C", "39 *C", "60 oC".
    r"[“”\"'’*o]\s?[CF]\b|"
    # The scale spelled out: "75 Fahrenheit (24 Centigrade)", "23 Grad Celsius", "60 degrés Celsius".
    r"(?:(?:deg(?:ree)?s?|degr[ée]s|grad|graus|grados)\s+)?(?:celsius|cent[ií]grad[eo]s?|fahrenheit)\b|[CF]\b)",
    re.IGNORECASE,
)
# "Flammpunkt [°C] > 100": the unit stands in the label, the number alone after it.
_UNIT_IN_LABEL = re.compile(r"[\[(]\s*(?:[°º]\s?([CF])|([℃℉]))\s*[\])]", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*[:=]?\s*(?:[<>≤≥]=?|ca\.?)?\s*(-?\d{1,4}(?:[.,]\d{1,4})?)(?![\d.,]*\s*%)")
_NOT_APPLICABLE = re.compile(
    r"not\s+(?:applicable|available|determined|relevant)|n\.?\s?a\.?\b|nicht\s+(?:anwendbar|bestimmt|verfügbar)|"
    r"non\s+(?:applicable|d[ée]termin)|no\s+(?:aplicable|disponible|determinado)|n[aã]o\s+(?:aplic[aá]vel|dispon[ií]vel)|"
    r"entf[äa]llt|keine\s+daten",
    re.IGNORECASE,
)


def extract_flash_point(section9: list[DocLine]) -> Extracted[float] | None:
    for position, line in enumerate(section9):
        label = _LABEL.search(line.text)
        if label is None:
            continue
        unit = _UNIT_IN_LABEL.search(line.text, label.end(), label.end() + 12)
        if unit:
            bare = _BARE_NUMBER.match(line.text[unit.end() :])
            if bare:
                number = float(bare.group(1).replace(",", "."))
                scale = unit.group(1) or ("F" if unit.group(2) == "℉" else "C")
                value = fahrenheit_to_celsius(number) if scale.upper() == "F" else number
                return Extracted[float](value=value, confidence=0.85, evidence=[line.evidence(section=9)])
        for candidate in section9[position : position + 3]:
            text = candidate.text[label.end() :] if candidate is line else candidate.text
            if (
                candidate is not line
                and _LABEL.search(candidate.text) is None
                and _VALUE.search(text) is None
            ):
                continue
            values = [_to_celsius(m) for m in _VALUE.finditer(text)]
            if values:
                # Prefer a Celsius reading when both scales are printed.
                celsius = [v for v, unit in values if unit == "C"]
                value = celsius[0] if celsius else values[0][0]
                return Extracted[float](
                    value=value, confidence=0.88, evidence=[candidate.evidence(section=9)]
                )
            if _NOT_APPLICABLE.search(text):
                return None
    return None


def _to_celsius(match: re.Match[str]) -> tuple[float, str]:
    number = float(match.group(2).replace(" ", "").replace(",", "."))
    # No Celsius spelling holds an "f"; every Fahrenheit one does (and "℉" is the one sign for it).
    unit = "F" if "f" in match.group(3).lower() or "℉" in match.group(3) else "C"
    return (fahrenheit_to_celsius(number) if unit == "F" else number), unit
