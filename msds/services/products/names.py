"""Names compared the way people write them: case, accents, punctuation and legal forms do not matter."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_LEGAL_FORMS = re.compile(
    r"\b(?:gmbh|mbh|ag|kg|kgaa|co|ltd|limited|inc|incorporated|llc|llp|lp|sa|sas|sarl|spa|srl|bv|nv|lda|"
    r"ltda|plc|corp|corporation|company|oy|oyj|ab|as|aps|sp z o o|s a|s l|s r l|s p a|b v|n v|e k|ohg|se|"
    r"kft|zrt|doo|sro|a s|pty|pte|kk|cv|sc|scs|sl|slu)\b"
)


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return re.sub(r"[\W_]+", " ", folded).strip()


def company(text: str) -> str:
    """A company name without its legal form ("Shannon Chemicals Ltd." -> "shannon chemicals")."""
    return re.sub(r"\s+", " ", _LEGAL_FORMS.sub(" ", fold(text))).strip()


def similarity(a: str, b: str) -> float:
    """0..1: how alike two names are (token-set ratio of the folded names)."""
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(fold(a), fold(b)) / 100.0


def company_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    left, right = company(a), company(b)
    if not left or not right:
        return similarity(a, b)
    return fuzz.token_set_ratio(left, right) / 100.0


def code_in(code: str, text: str) -> bool:
    """A product code appears in a text, whatever spaces, dashes and case it is printed with."""
    compact = re.sub(r"[\W_]+", "", code.casefold())
    return len(compact) >= 3 and compact in re.sub(r"[\W_]+", "", text.casefold())
