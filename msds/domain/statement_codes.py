"""Find and normalise hazard (H, EUH) and precautionary (P) statement codes in raw SDS text.

A printed combination such as ``P305 + P351 + P338`` is one code, normalised to ``P305+P351+P338``. Lists
such as ``H302/H312`` or ``H302-H315-H319`` are separate codes. Look-alikes that are not codes (``H2O``,
``UN 1203``, ``PH 7``, ``P/N 1234``, ``H2 25``, a height ``H 250 mm``) are not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from msds.errors import MsdsError

CodeKind = Literal["H", "EUH", "P"]


class InvalidStatementCode(MsdsError):
    """The string is not an H, EUH or P statement code (nor a ``+`` combination of them)."""

    code = "invalid_statement_code"


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A code found in text: ``text[start:end]`` is what was printed, ``code`` its normal form."""

    code: str
    start: int
    end: int
    kind: CodeKind
    ocr_corrected: bool = False

    @property
    def parts(self) -> tuple[str, ...]:
        return split_combination(self.code)


# Digits as OCR misreads them. Only used when two of the three characters are real digits and the
# corrected code exists in the catalog, so "P2O5" (P205 does not exist) stays chemistry.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "Ο": "0", "I": "1", "l": "1", "i": "1", "|": "1", "]": "1", "З": "3", "з": "3"}
)
_PREFIX_LOOKALIKES = {"Н": "H", "Η": "H", "Р": "P", "Ρ": "P"}  # Cyrillic/Greek capitals

_ATOM = re.compile(
    r"(?<![^\W\d_])"  # not glued to a preceding letter ("PH", "CH3")
    r"(?P<prefix>EUH|[HНΗ]|[PРΡ])"
    r"(?P<space>[ \u00a0]?)"  # "H 315" is a code; "H\n315" is not
    r"(?P<digits>[0-9OoΟIli|\]Зз]{3})"
    r"(?![0-9])"  # "P 1234"
)
_SHORTHAND = re.compile(r"[ \u00a0]*(?P<sep>[+/])[ \u00a0]*(?P<digits>[0-9]{3})(?![0-9])")
# A speck beside the plus sign ("P305 + P351 +. P338") is OCR's, not the sheet's.
_COMBINE_GAP = re.compile(r"\s*(?P<bracket>\[)?\s*\+[.,]?\s*")
_CLOSING_BRACKET = re.compile(r"\s*\]")
_UNIT_AFTER = re.compile(
    r"[ \u00a0]?(?:mm|cm|km|m|kg|mg|g|µm|ml|l|%|°|bar|mbar|kpa|hpa|pa|ppm|min|s|h|t)(?!\w)",
    re.IGNORECASE,
)
_CODE_SHAPE = re.compile(r"(EUH|H|P)(\d{3})([A-Za-z]{0,2})", re.IGNORECASE)
_FIRST_DIGITS: dict[str, str] = {"H": "234", "EUH": "0234", "P": "12345"}


def kind_of(code: str) -> CodeKind:
    """``"EUH066"`` -> ``"EUH"``, ``"H315"`` -> ``"H"``, ``"P301+P310"`` -> ``"P"``."""
    head = code.lstrip().upper()
    if head.startswith("EUH"):
        return "EUH"
    if head.startswith("H"):
        return "H"
    if head.startswith("P"):
        return "P"
    raise InvalidStatementCode(f"not a statement code: {code!r}")


def split_combination(code: str) -> tuple[str, ...]:
    """``"P370+P380+P375[+P378]"`` -> ``("P370", "P380", "P375", "P378")``."""
    return tuple(part for part in re.split(r"\[?\+|\]", code) if part)


@cache
def _suffixed_codes() -> dict[str, tuple[str, ...]]:
    """Base code -> the letter suffixes the catalog knows for it (H350i, H360Fd, H361fd, EUH201A ...)."""
    from msds.domain.catalog import default_catalog  # the catalog normalises with this module

    suffixes: dict[str, list[str]] = {}
    for code in default_catalog().codes(include_removed=True, include_ghs=True):
        match = re.fullmatch(r"((?:EUH|H|P)\d{3})([A-Za-z]+)", code)
        if match:
            suffixes.setdefault(match.group(1), []).append(match.group(2))
    return {base: tuple(values) for base, values in suffixes.items()}


def _resolve_suffix(base: str, suffix: str) -> str | None:
    """The catalog's spelling of a suffix: exact case first, then a unique case-insensitive match."""
    known = _suffixed_codes().get(base, ())
    if suffix in known:
        return suffix
    folded = [value for value in known if value.lower() == suffix.lower()]
    return folded[0] if len(folded) == 1 else None


def normalise_code(raw: str) -> str:
    """Normal form of one code or combination: ``"h 315"`` -> ``"H315"``, ``"P301 + P310"`` ->
    ``"P301+P310"``, ``"H361FD"`` -> ``"H361fd"``. Raises :class:`InvalidStatementCode` for anything else."""
    compact = re.sub(r"\s+", "", raw)
    if not compact:
        raise InvalidStatementCode("empty statement code")
    pieces = re.split(r"(\[\+|\+|\])", compact)
    out: list[str] = []
    for piece in pieces:
        if piece in {"+", "[+", "]"}:
            out.append(piece)
        elif piece:
            out.append(_normalise_single(piece, raw))
    normal = "".join(out)
    if normal.startswith(("+", "[")) or normal.endswith(("+", "[+")) or "++" in normal:
        raise InvalidStatementCode(f"not a statement code: {raw!r}")
    return normal


def _normalise_single(piece: str, raw: str) -> str:
    match = _CODE_SHAPE.fullmatch(piece)
    if not match:
        raise InvalidStatementCode(f"not a statement code: {raw!r}")
    prefix, digits, suffix = match.group(1).upper(), match.group(2), match.group(3)
    if not suffix:
        return f"{prefix}{digits}"
    resolved = _resolve_suffix(f"{prefix}{digits}", suffix)
    if resolved is None:
        raise InvalidStatementCode(f"unknown suffix {suffix!r} in {raw!r}")
    return f"{prefix}{digits}{resolved}"


@dataclass(frozen=True, slots=True)
class _Atom:
    code: str
    kind: CodeKind
    start: int
    end: int
    ocr_corrected: bool


def _is_known(code: str) -> bool:
    from msds.domain.catalog import StatementStatus, default_catalog

    return default_catalog().status(code) is not StatementStatus.UNKNOWN


def is_known_code(code: str) -> bool:
    """True for a code the catalog knows (CLP, GHS-only or removed): ``"H379"`` is no statement at all."""
    return _is_known(code)


def _read_suffix(text: str, base: str, position: int) -> tuple[str, int]:
    """Suffix letters right after the digits, if the catalog knows the suffixed code."""
    for length in (2, 1):
        letters = text[position : position + length]
        if len(letters) != length or not letters.isascii() or not letters.isalpha():
            continue
        following = text[position + length : position + length + 1]
        if following.isalpha() and following.islower():
            continue  # "H350inhalation": glued prose, not a suffix
        resolved = _resolve_suffix(base, letters)
        if resolved is not None:
            return resolved, position + length
    return "", position


def _atom_at(text: str, match: re.Match[str]) -> _Atom | None:
    raw_prefix = match.group("prefix")
    prefix = _PREFIX_LOOKALIKES.get(raw_prefix, raw_prefix)
    raw_digits = match.group("digits")
    digits = raw_digits.translate(_DIGIT_LOOKALIKES)
    corrected = raw_prefix != prefix or raw_digits != digits
    # "P2O5" is chemistry, not a misread P205; after "EUH", which no formula writes, one real digit will do
    # ("EUHOI9").
    if corrected and sum(ch.isdigit() for ch in raw_digits) < (1 if prefix == "EUH" else 2):
        return None
    kind: CodeKind = "EUH" if prefix == "EUH" else ("H" if prefix == "H" else "P")
    if digits[0] not in _FIRST_DIGITS[kind]:
        return None
    base = f"{prefix}{digits}"
    suffix, end = _read_suffix(text, base, match.end())
    if _UNIT_AFTER.match(text, end):
        return None
    code = base + suffix
    # A space inside the code or an OCR correction is only trusted for codes that exist.
    if (corrected or match.group("space")) and not _is_known(code):
        return None
    return _Atom(code, kind, match.start(), end, corrected)


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _ATOM.finditer(text):
        if atoms and match.start() < atoms[-1].end:
            continue
        atom = _atom_at(text, match)
        if atom is None:
            continue
        atoms.append(atom)
        # Shorthand that drops the letter prefix: "H302/312/332", "P305+351+338".
        position = atom.end
        while shorthand := _SHORTHAND.match(text, position):
            digits = shorthand.group("digits")
            if digits[0] not in _FIRST_DIGITS[atom.kind]:
                break
            prefix = "EUH" if atom.kind == "EUH" else atom.kind
            start = shorthand.start("digits")
            atoms.append(_Atom(f"{prefix}{digits}", atom.kind, start, shorthand.end(), False))
            position = shorthand.end()
    return atoms


def find_codes(text: str) -> list[CodeMatch]:
    """Every statement code printed in ``text``, in order; printed combinations stay one item.

    ``"P305 + P351 +\\nP338"`` -> one :class:`CodeMatch` ``P305+P351+P338`` spanning the whole print;
    ``"H302/H312"`` and ``"H302-H315-H319"`` -> separate items.
    """
    atoms = _atoms(text)
    found: list[CodeMatch] = []
    index = 0
    while index < len(atoms):
        first = atoms[index]
        code, end, corrected = first.code, first.end, first.ocr_corrected
        index += 1
        while index < len(atoms):
            following = atoms[index]
            gap = _COMBINE_GAP.fullmatch(text, end, following.start)
            if gap is None or following.kind != first.kind:
                break
            if gap.group("bracket"):
                closing = _CLOSING_BRACKET.match(text, following.end)
                if closing is None:
                    break
                code, end = f"{code}[+{following.code}]", closing.end()
            else:
                code, end = f"{code}+{following.code}", following.end
            corrected = corrected or following.ocr_corrected
            index += 1
        found.append(CodeMatch(code, first.start, end, first.kind, corrected))
    return found
