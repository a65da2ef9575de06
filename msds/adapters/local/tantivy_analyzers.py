"""How the local tantivy index analyses text, language by language (on the AWS host the OpenSearch mapping
gives the same fields OpenSearch's analyzers: msds.adapters.aws.opensearch_indexer.ANALYZERS).

* ``words`` splits text as OpenSearch's standard tokenizer does: runs of letters and digits, except that each
  Han or Hiragana character is a word of its own and Katakana and Hangul runs are words.
* ``folded``: words, lower case, accents folded to ASCII (``Säure`` -> ``saure``, ``Acétone`` -> ``acetone``,
  ``Łódź`` -> ``lodz``, ``Straße`` -> ``strasse``). Product, supplier and component names, and Polish text
  (no stemmer for Polish in tantivy).
* ``text_<language>`` for en, de, fr, es, it, nl, pt: words, lower case, the language's Snowball stemmer, then
  (except English) accents folded, so ``Gemische`` is found by ``Gemisch`` and ``acétone`` by ``acetone``.
* Korean and Japanese text is indexed as character bigrams (:func:`cjk_bigrams`, like OpenSearch's ``cjk``
  analyzer): a word inside an unspaced sentence is found by its own bigrams. tantivy's n-gram tokenizer works
  on the whole text (spaces, punctuation and Latin words included), so these tokens are made here and given
  to the index pre-tokenized.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

# Longer tokens are left out of the index (garbage, not words); the query side drops them the same way.
MAX_TOKEN_CHARS = 100
WORDS_PATTERN = (
    r"\p{Han}|\p{Hiragana}|[\p{Katakana}ー]+|\p{Hangul}+"
    r"|[\p{L}\p{N}\p{M}--\p{Han}--\p{Hiragana}--\p{Katakana}--\p{Hangul}]+"
)
FOLDED = "folded"
CJK = "cjk_bigrams"
# Snowball stemmers tantivy has, by ISO 639-1 code.
STEMMERS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
}
CJK_LANGUAGES = frozenset({"ko", "ja"})

_CJK_CHAR = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f"
)
_CJK_RUN = re.compile(f"[{_CJK_CHAR}]+|[^\\W_{_CJK_CHAR}]+")
_IS_CJK = re.compile(f"[{_CJK_CHAR}]")


def text_analyzer_name(language: str) -> str:
    """The analyzer of original-language text in ``language`` (a supported ISO 639-1 code)."""
    if language in CJK_LANGUAGES:
        return CJK
    if language in STEMMERS:
        return f"text_{language}"
    return FOLDED


def register_analyzers(index: Any) -> None:
    """Register every analyzer this module names on an opened index (tantivy keeps them per index object,
    not on disk: each process registers them before it writes or searches)."""
    for name in (FOLDED, *(f"text_{language}" for language in STEMMERS)):
        index.register_tokenizer(name, analyzer(name))


@cache
def analyzer(name: str) -> Any:
    """The tantivy TextAnalyzer of ``name`` (not for ``cjk_bigrams``: see :func:`cjk_bigrams`)."""
    import tantivy

    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORDS_PATTERN))
    builder = builder.filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS)).filter(tantivy.Filter.lowercase())
    if name == FOLDED:
        return builder.filter(tantivy.Filter.ascii_fold()).build()
    language = name.removeprefix("text_")
    if language not in STEMMERS:
        raise KeyError(f"no analyzer named {name!r}")
    builder = builder.filter(tantivy.Filter.stemmer(STEMMERS[language]))
    if language != "en":
        builder = builder.filter(tantivy.Filter.ascii_fold())
    return builder.build()


def analyze(name: str, text: str) -> list[str]:
    """The tokens ``name`` makes of ``text`` (the terms a query must meet in a field of that analyzer)."""
    if name == CJK:
        return [token for token, _, _, _ in cjk_bigrams(text)]
    return list(analyzer(name).analyze(text))


def cjk_bigrams(text: str) -> list[tuple[str, int, int, int]]:
    """(token, position, start, end) of Korean or Japanese text, offsets into its NFKC form: every two
    adjacent Han, Kana or Hangul characters make a token (a lone one is a token by itself), other letters
    and digits make lower-cased words."""
    normal = unicodedata.normalize("NFKC", text)
    tokens: list[tuple[str, int, int, int]] = []
    for match in _CJK_RUN.finditer(normal):
        run, start = match.group(0), match.start()
        if not _IS_CJK.match(run):
            if len(run) <= MAX_TOKEN_CHARS:
                tokens.append((run.lower(), len(tokens), start, match.end()))
            continue
        if len(run) == 1:
            tokens.append((run, len(tokens), start, start + 1))
            continue
        for offset in range(len(run) - 1):
            tokens.append((run[offset : offset + 2], len(tokens), start + offset, start + offset + 2))
    return tokens
