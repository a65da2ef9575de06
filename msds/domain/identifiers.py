"""CAS Registry Numbers and EC numbers: finding them in text and checking their check digits."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A CAS number is 2-7 digits, 2 digits and a check digit. OCR and typesetting put odd dashes and spaces in.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
CAS_PATTERN = re.compile(
    rf"(?<![\d.,/{_DASH}])(\d{{2,7}})\s?[{_DASH}]\s?(\d{{2}})\s?[{_DASH}]\s?(\d)(?![\d{_DASH}]|[.,]\d)"
)
EC_PATTERN = re.compile(
    rf"(?<![\d.,/{_DASH}])([2-9]\d{{2}})\s?[{_DASH}]\s?(\d{{3}})\s?[{_DASH}]\s?(\d)(?![\d{_DASH}])"
)
# EU Index numbers look like 603-002-00-5 and must never be taken for CAS numbers.
INDEX_PATTERN = re.compile(rf"\b\d{{3}}[{_DASH}]\d{{3}}[{_DASH}]\d{{2}}[{_DASH}]\d\b")
# REACH registration numbers 01-2119471330-49-xxxx contain digit groups that look like CAS numbers.
REACH_PATTERN = re.compile(rf"\b0[1-5][{_DASH}]\d{{10}}[{_DASH}]\d{{2}}(?:[{_DASH}]\w{{1,6}})?\b")


_CAS_SHAPE = re.compile(r"^\d{2,7}-\d{2}-\d$")
_EC_SHAPE = re.compile(r"^\d{3}-\d{3}-\d$")


def cas_check_digit_ok(cas: str) -> bool:
    """True for a well-formed CAS number (N-NN-R) whose check digit is right."""
    if not _CAS_SHAPE.match(cas):
        return False
    digits = cas.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * position for position, d in enumerate(reversed(body), start=1))
    return total % 10 == check


def ec_check_digit_ok(ec: str) -> bool:
    """True for a well-formed EC number (NNN-NNN-R) whose check digit is right (R = 10 is never issued)."""
    if not _EC_SHAPE.match(ec):
        return False
    digits = ec.replace("-", "")
    remainder = sum(int(d) * position for position, d in enumerate(digits[:6], start=1)) % 11
    return remainder != 10 and remainder == int(digits[6])


@dataclass(frozen=True)
class IdentifierMatch:
    value: str
    start: int
    end: int
    check_ok: bool


def _masked(text: str) -> str:
    # Blank out index and REACH numbers so their digit groups are not read as CAS or EC numbers.
    for pattern in (INDEX_PATTERN, REACH_PATTERN):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def find_cas_numbers(text: str) -> list[IdentifierMatch]:
    """CAS-shaped numbers in the text, normalised to N-NN-N, with their check-digit result."""
    found = []
    for match in CAS_PATTERN.finditer(_masked(text)):
        value = f"{int(match.group(1))}-{match.group(2)}-{match.group(3)}"
        found.append(IdentifierMatch(value, match.start(), match.end(), cas_check_digit_ok(value)))
    return found


def find_ec_numbers(text: str) -> list[IdentifierMatch]:
    found = []
    for match in EC_PATTERN.finditer(_masked(text)):
        value = f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
        found.append(IdentifierMatch(value, match.start(), match.end(), ec_check_digit_ok(value)))
    return found


# A CAS number wrapped at one of its dashes: "(CAS 55965-" ending a line, "84-9)" opening the next.
_CAS_HEAD = re.compile(rf"(?<![\w{_DASH}./])(?P<head>\d{{2,7}}[{_DASH}](?:\d{{2}}[{_DASH}])?)\s*$")
_CAS_TAIL_TWO = re.compile(rf"^\s*\(?\s*(?P<tail>\d{{2}}[{_DASH}]\d)(?![\d{_DASH}]|[.,]\d)")
_CAS_TAIL_ONE = re.compile(rf"^\s*\(?\s*(?P<tail>\d)(?![\d{_DASH}]|[.,]\d)")


def mend_wrapped_cas_numbers(texts: list[str]) -> list[str]:
    """Lines with a CAS number wrapped at a dash put back together (the rest of it moves up to the first
    line), when the joined number passes its check digit: ``["... (CAS 55965-", "84-9)"]`` ->
    ``["... (CAS 55965-84-9", ")"]``."""
    out = list(texts)
    for index in range(len(out) - 1):
        head = _CAS_HEAD.search(out[index])
        if head is None or INDEX_PATTERN.search(out[index][-20:]) or REACH_PATTERN.search(out[index][-20:]):
            continue
        first = re.sub(rf"[{_DASH}]", "-", head.group("head"))
        pattern = _CAS_TAIL_ONE if first.count("-") == 2 else _CAS_TAIL_TWO
        tail = pattern.match(out[index + 1])
        if tail is None:
            continue
        joined = first + re.sub(rf"[{_DASH}]", "-", tail.group("tail"))
        if not cas_check_digit_ok(joined):
            continue
        out[index] = out[index][: head.start("head")] + joined
        out[index + 1] = out[index + 1][tail.end("tail") :].strip()
    return out
