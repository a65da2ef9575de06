"""Comparison forms of text: case- and accent-insensitive, look-alike letters unified."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose. OCR and ASCII-only suppliers lose these diacritics too.
_EXTRA_FOLDS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ŀ": "l", "ς": "σ"}
)

# Cyrillic and Greek capitals/lower-case letters that render like Latin ones. Only applied to tokens that
# already mix scripts: a Bulgarian or Greek word stays as it is.
_CYRILLIC_TO_LATIN = str.maketrans("АВЕКМНОРСТХаеорсухіјѕԁ", "ABEKMHOPCTXaeopcyxijsd")
_GREEK_TO_LATIN = str.maketrans("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρυ", "ABEZHIKMNOPTYXoikvpu")

_NON_WORD = re.compile(r"[\W_]+")


def _script(char: str) -> str:
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def unify_lookalikes(token: str) -> str:
    """Rewrite Cyrillic/Greek look-alike letters as Latin inside a token that also holds Latin letters."""
    scripts = {_script(ch) for ch in token} - {""}
    if "LATIN" not in scripts or len(scripts) == 1:
        return token
    return token.translate(_CYRILLIC_TO_LATIN).translate(_GREEK_TO_LATIN)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-fold and strip diacritics: ``"Ätzwirkung"`` -> ``"atzwirkung"``, ``"ß"`` -> ``"ss"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_EXTRA_FOLDS)


def fold_words(text: str) -> str:
    """:func:`fold`, then every run of punctuation/space becomes one space: a key for short labels."""
    return _NON_WORD.sub(" ", fold(text)).strip()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()[:1] or char


def fold_in_place(text: str) -> str:
    """:func:`fold` one character at a time, keeping the length, so offsets in the result are offsets in
    ``text`` (a character that folds to several, like "ß", is only lower-cased)."""
    return "".join(_fold_char(char) for char in text)


def phrase_regex_source(phrase: str) -> str:
    """A regex source matching ``phrase`` in :func:`fold_in_place` text, flexible about spaces, hyphens and
    apostrophes, as a whole word."""
    parts = re.split(r"[\s\-]+", fold_in_place(phrase.strip()))
    body = r"[\s\-]+".join(re.escape(part).replace("'", "['’]?\\s*") for part in parts if part)
    return rf"(?<!\w){body}(?!\w)"
