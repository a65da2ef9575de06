"""Full text in every supported language, the same on both hosts (the ``index`` fixture of conftest.py): the
original text of a sheet is analysed as its language is (stemmed where there is a stemmer, accents folded,
Korean and Japanese as character bigrams), and a query looks in every language at once."""

from __future__ import annotations

import pytest

from models.search import SearchQuery
from msds.ports import SearchIndex
from msds.settings import SUPPORTED_LANGUAGES
from tests.helpers.publications import publication

# language -> the original text of a sheet in it, a query that must find it (other forms of its words,
# without accents), and a query that must not (a word the text does not hold)
ORIGINAL_TEXTS: dict[str, tuple[str, str, str]] = {
    "en": ("Vapours can form explosive mixtures with air.", "mixture vapour", "solids"),
    "de": ("Dämpfe können mit Luft explosive Gemische bilden.", "gemisch dampf", "feststoff"),
    "fr": ("Provoque une sévère irritation des yeux.", "irritations severe", "peau"),
    "es": ("Líquidos y vapores muy inflamables.", "inflamable liquido", "solido"),
    "it": ("Liquido e vapori facilmente infiammabili.", "infiammabile vapore", "solido"),
    "nl": ("Licht ontvlambare vloeistof en damp.", "vloeistoffen", "vaste"),
    "pt": ("Líquido e vapor facilmente inflamáveis.", "liquidos", "solido"),
    "pl": ("Powoduje poważne uszkodzenie oczu.", "powazne USZKODZENIE", "skory"),
    "ja": ("引火性の高い液体及び蒸気", "液体", "固体"),
    "ko": ("고인화성 액체 및 증기", "인화성", "고체"),
}


def names(index: SearchIndex, text: str) -> list[str]:
    return [hit.product_name or "" for hit in index.search(SearchQuery(text=text)).hits]


def test_every_supported_language_has_a_case() -> None:
    # Given the supported languages
    # When the cases are listed
    # Then every language has one
    assert set(ORIGINAL_TEXTS) == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", list(ORIGINAL_TEXTS))
def test_the_original_text_is_found_by_other_forms_of_its_words(index: SearchIndex, language: str) -> None:
    # Given a sheet whose original text is in the language (its English translation says something else)
    original, query, absent = ORIGINAL_TEXTS[language]
    index.publish(
        publication("d", product="Produkt X", language=language, original=original, other_hazards="None.")
    )
    # When it is searched with other forms of its words, without accents, and with a word it does not hold
    hits = names(index, query)
    misses = names(index, absent)
    # Then the first finds it and the second does not
    assert hits == ["Produkt X"]
    assert misses == []


def test_a_word_inside_an_unspaced_japanese_sentence_is_found_and_bigrams_must_all_be_there(
    index: SearchIndex,
) -> None:
    # Given a Japanese sheet whose text runs without spaces
    sentence = "吸入すると有害のおそれ。眠気のおそれ。"
    index.publish(publication("d", product="Produkt J", language="ja", original=sentence))
    # When words inside it are searched, and a word made of characters it holds but not side by side
    inside = names(index, "有害")
    two_words = names(index, "吸入 眠気")
    scattered = names(index, "入眠")
    # Then the words inside are found, the scattered characters are not
    assert inside == two_words == ["Produkt J"]
    assert scattered == []


def test_one_query_finds_sheets_in_every_language_it_has_words_of(index: SearchIndex) -> None:
    # Given Spanish, Italian and Portuguese sheets that all speak of vapour, and a German one
    for seed, language in (("d", "es"), ("e", "it"), ("f", "pt"), ("c", "de")):
        original = ORIGINAL_TEXTS[language][0]
        index.publish(publication(seed, product=f"Produkt {language}", language=language, original=original))
    # When the one word is searched
    hits = sorted(names(index, "vapor"))
    # Then every sheet whose language has that word is found
    assert hits == ["Produkt es", "Produkt it", "Produkt pt"]


def test_a_japanese_product_name_is_found_by_a_word_inside_it(index: SearchIndex) -> None:
    # Given a Japanese product name written without spaces
    index.publish(publication("d", product="工業用アセトン", language="ja", components=()))
    # When a word inside it is searched
    # Then the sheet is found
    assert names(index, "アセトン") == ["工業用アセトン"]
    assert names(index, "工業") == ["工業用アセトン"]
    assert names(index, "トルエン") == []
