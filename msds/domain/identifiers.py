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
    repaired: bool = False  # read from OCR text with a misread character put right by the check digit


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


# An EU Index number or a REACH registration number wrapped at one of its dashes: "N. Indice: 015-011-" /
# "00-6", "N. registro: 01-" / "2119485924-24-XXXX". Left apart, the pieces read as a range ("00-6") or a CAS
# number.
_REGISTRY_WRAPS = (
    (
        re.compile(rf"(?<![\w{_DASH}])(?P<head>\d{{3}}[{_DASH}]\d{{3}}[{_DASH}](?:\d{{2}}[{_DASH}])?)\s*$"),
        re.compile(rf"^\s*(?P<tail>(?:\d{{2}}[{_DASH}])?\d)(?![\w{_DASH}.,%])"),
        INDEX_PATTERN,
    ),
    (
        re.compile(rf"(?<![\w{_DASH}])(?P<head>0[1-5][{_DASH}](?:\d{{10}}[{_DASH}])?)\s*$"),
        re.compile(rf"^\s*(?P<tail>(?:\d{{10}}[{_DASH}])?\d{{2}}(?:[{_DASH}]\w{{1,6}})?)(?![\w{_DASH}])"),
        REACH_PATTERN,
    ),
)


_REGISTRY_TAIL_WITHIN = 3


def mend_wrapped_registry_numbers(texts: list[str]) -> list[str]:
    """Lines with an Index or REACH number wrapped at a dash put back together (the rest moves up), when the
    joined text is a whole number of that kind: ``["N. Indice: 015-011-", "00-6"]`` ->
    ``["N. Indice: 015-011-00-6", ""]``."""
    out = list(texts)
    for index in range(len(out) - 1):
        for head_pattern, tail_pattern, whole in _REGISTRY_WRAPS:
            head = head_pattern.search(out[index])
            if head is None:
                continue
            # The cell's next line may come after a line of a cell beside it, printed a little higher.
            for following in range(index + 1, min(index + 1 + _REGISTRY_TAIL_WITHIN, len(out))):
                tail = tail_pattern.match(out[following])
                if tail is None or not whole.fullmatch(head.group("head") + tail.group("tail")):
                    continue
                out[index] = out[index][: head.start("head")] + head.group("head") + tail.group("tail")
                out[following] = out[following][tail.end("tail") :].strip()
                break
    return out


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


# What OCR makes of a CAS number: letters for digits ("67-64-l", "1O7-21-1"), a dot, comma or space for a
# dash ("64-17.5", "7732 18-5"), a speck of punctuation glued before it ("CAS :.0003658-77-3"), and one digit
# for a similar one ("64-17-6" for "64-17-5").
_LOOKALIKE_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "!": "1"}
    | {"S": "5", "B": "8", "Z": "2"}
)
_OCR_CHAR = "0-9OoQDIl|!SBZ"
_OCR_SEPARATOR = rf"[{_DASH}.,·:\s]"
OCR_CAS_PATTERN = re.compile(
    rf"(?<![\w/{_DASH}])(?<!\d[.,])(?P<a>[{_OCR_CHAR}]{{2,7}})\s?(?P<s1>{_OCR_SEPARATOR})\s?(?P<b>[{_OCR_CHAR}]{{2}})"
    rf"\s?(?P<s2>{_OCR_SEPARATOR})\s?(?P<c>[{_OCR_CHAR}])(?![\w{_DASH}%]|[.,]\d)"
)
_CAS_WORD = re.compile(r"(?i)\b[CG]A[S5]\b")
# Digits OCR takes for one another.
_SIMILAR_DIGITS = {
    "0": "689",
    "1": "7",
    "2": "7",
    "3": "58",
    "5": "36",
    "6": "058",
    "7": "12",
    "8": "0369",
    "9": "08",
}


def repair_cas_digit(value: str) -> str | None:
    """The one CAS number that a single misread digit (an OCR confusion: 3/8, 5/6, 1/7, 0/8 ...) away from
    ``value`` passes its check digit; None when none or more than one does (the repair is not certain)."""
    if not _CAS_SHAPE.match(value) or cas_check_digit_ok(value):
        return None
    found = set()
    for index, char in enumerate(value):
        for other in _SIMILAR_DIGITS.get(char, ""):
            candidate = value[:index] + other + value[index + 1 :]
            if candidate[0] != "0" and cas_check_digit_ok(candidate):
                found.add(candidate)
    return found.pop() if len(found) == 1 else None


def find_cas_numbers_ocr(text: str) -> list[IdentifierMatch]:
    """CAS numbers in a line read by OCR: those ``find_cas_numbers`` finds, a number that fails its check
    digit replaced by its unique repair (``repair_cas_digit``), and numbers printed with letters for digits or
    a dot, comma or space for a dash when they pass the check digit (with at least one dash, or on a line
    that names the CAS number, so that other figures are not taken for one)."""
    found: list[IdentifierMatch] = []
    for match in find_cas_numbers(text):
        repaired = None if match.check_ok else repair_cas_digit(match.value)
        found.append(
            IdentifierMatch(repaired, match.start, match.end, True, repaired=True) if repaired else match
        )
    masked = _masked(text)
    named = bool(_CAS_WORD.search(text))
    for shaped in OCR_CAS_PATTERN.finditer(masked):
        if any(other.start < shaped.end() and shaped.start() < other.end for other in found):
            continue
        raw = shaped.group("a") + shaped.group("b") + shaped.group("c")
        if sum(not ch.isdigit() for ch in raw) > 2 or not shaped.group("a")[0].isdigit():
            continue
        dashed = any(re.fullmatch(rf"[{_DASH}]", shaped.group(key)) for key in ("s1", "s2"))
        if not (dashed or named):
            continue
        digits = [shaped.group(key).translate(_LOOKALIKE_DIGITS) for key in ("a", "b", "c")]
        value = f"{int(digits[0])}-{digits[1]}-{digits[2]}"
        if cas_check_digit_ok(value):
            found.append(IdentifierMatch(value, shaped.start(), shaped.end(), True, repaired=True))
    return sorted(found, key=lambda m: m.start)
