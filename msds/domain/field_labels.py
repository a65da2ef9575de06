"""The field labels of a sheet's identity block, in every language the label table holds.

``sds_field_labels.csv`` has one row per label: the field it names, its language, its wording and where the
wording comes from (REACH Annex II sub-sections 1.1, 1.3 and 1.4, the Korean MoEL form, JIS Z 7253, GB/T
16483, ABNT NBR 14725-4, or the wording sheets print). A label known in one language is known in all of
them: the extractors look for every row of a field whatever the sheet's language, and a value that is itself
a label of any field in any language is never taken (:func:`is_field_label`).

Fields: ``product_name``, ``product_identifier``, ``product_code`` (a supplier's article or catalogue number:
its label is never a name, and its value is a code); ``supplier`` (the supplier of the sheet), ``company`` (a
company label naming no role), ``manufacturer``, ``importer``, ``distributor``, ``parent_group`` (words that
name a parent group beside the supplier, not labels); ``emergency_phone``; ``revision_date``,
``last_revision_date``, ``issue_date``, ``first_issue_date``, ``print_date``, ``superseded_date`` (the date of
an edition the sheet replaced); ``version``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from msds.domain.ocr_lookalikes import skeleton, tolerant_char
from msds.domain.reference_data import ReferenceDataError, read_table
from msds.domain.text_folding import fold_words

TABLE = "sds_field_labels.csv"
FIELDS = frozenset(
    {
        "product_name", "product_identifier", "product_code", "supplier", "company", "manufacturer",
        "importer", "distributor", "parent_group", "emergency_phone", "revision_date", "last_revision_date",
        "issue_date", "first_issue_date", "print_date", "superseded_date", "version", "recommended_use",
    }
)  # fmt: skip
# Rows that are not labels of a field (words printed inside a company line).
_NOT_LABELS = frozenset({"parent_group"})
_CJK = re.compile(r"[가-힣\u3040-\u30ff\u4e00-\u9fff]")
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}\s*[.,]\s*\d{1,2}\s*\.?|[가-하]\s*[.)]|[○●■□▶▷◆◇•-])\s*")


@cache
def labels(*fields: str) -> tuple[str, ...]:
    """The printed wording of every label of the fields, longest first (alternatives prefer the longest)."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise ReferenceDataError(f"{TABLE} has no field {sorted(unknown)!r}")
    found = {row["label"].strip() for row in read_table(TABLE) if row["field"] in fields}
    return tuple(sorted(found, key=lambda label: (-len(label), label)))


@cache
def _accented(base: str) -> str:
    """The letters of the Latin alphabets that are ``base`` with an accent ("e": "èéêë...")."""
    return "".join(
        chr(code) for code in range(0xC0, 0x250) if unicodedata.normalize("NFD", chr(code))[0] == base
    )


def _letter(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    if base != char and base.isalpha() and not _CJK.match(char):
        # The accent optional, and any other accent on the same letter: OCR reads "ê" as "é" or "e".
        return f"[{re.escape(base)}{re.escape(_accented(base))}]"
    # A label read from a scan with a letter OCR confuses ("Ernergency", "Manufacturcr") is still the label.
    return tolerant_char(char)


def label_regex(label: str) -> str:
    """A regular-expression alternative for one label: accents optional, spaces as one or two blanks or none
    (a column gap of three never joins the words of one label), a slash with blanks around it, either
    apostrophe, Korean/Japanese/Chinese letters perhaps spaced apart ("제 품 명")."""
    parts: list[str] = []
    previous = ""
    for char in label.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s{0,2}":
                parts.append(r"\s{0,2}")
        elif char == "/":
            parts.append(r"\s*/\s*")
        elif char in "'’":
            parts.append("['’]")
        elif char in "-":
            parts.append(r"[\s-]?")
        elif char == ".":
            parts.append(r"\.?")
        else:
            if _CJK.match(char) and _CJK.match(previous):
                parts.append(r"\s*")
            parts.append(_letter(char))
        previous = char
    return "".join(parts)


@cache
def alternatives(*fields: str) -> str:
    """The labels of the fields as one group of regular-expression alternatives, longest first."""
    return "|".join(label_regex(label) for label in labels(*fields))


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", fold_words(text)).replace(" ", "")


@cache
def _folded_labels() -> dict[str, frozenset[str]]:
    by_label: dict[str, set[str]] = {}
    for row in read_table(TABLE):
        if row["field"] not in _NOT_LABELS:
            by_label.setdefault(skeleton(_folded(row["label"])), set()).add(row["field"])
    return {label: frozenset(fields) for label, fields in by_label.items() if label}


def fields_of_label(text: str) -> frozenset[str]:
    """The fields a printed text is the label of (empty when it is none): case, accents, blanks, a sub-section
    number or enumerator before it, a colon after it and letters OCR confuses in print do not matter."""
    stripped = _ENUMERATOR.sub("", text).strip().rstrip(":：#.").strip()
    if not stripped or len(stripped) > 120:
        return frozenset()
    return _folded_labels().get(skeleton(_folded(stripped)), frozenset())


def is_field_label(text: str) -> bool:
    """Whether the text is, in any language of the table, the label of an identity field."""
    return bool(fields_of_label(text))


@cache
def vocabulary() -> frozenset[str]:
    """Every folded word of every label (the words a text made only of label words is made of)."""
    words: set[str] = set()
    for row in read_table(TABLE):
        if row["field"] not in _NOT_LABELS:
            words.update(unicodedata.normalize("NFC", word) for word in fold_words(row["label"]).split())
    return frozenset(words)
