"""The same cases against Apertium (local host) and Amazon Translate (AWS host, Stubber with answers shaped
like the TranslateText documentation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from msds.adapters.aws.amazon_translate import AmazonTranslator
from msds.adapters.local.apertium_translator import ApertiumTranslator
from msds.domain.catalog import StatementCatalog
from msds.ports import Translator

TERMINOLOGY = "msds-glossary"


@dataclass
class Subject:
    translator: Translator
    expect: Callable[[str, str, str], None] = field(default=lambda source, language, english: None)


@pytest.fixture(params=["apertium", "amazon-translate"])
def subject(request: pytest.FixtureRequest) -> Iterator[Subject]:
    if request.param == "apertium":
        local = ApertiumTranslator()
        if not local.can_translate("es"):
            pytest.skip("Apertium with the Spanish-English pair is not installed here")
        yield Subject(local)
        return
    stub = request.getfixturevalue("stubbed")("translate")

    def expect(source: str, language: str, english: str) -> None:
        stub.stubber.add_response(
            "translate_text",
            {
                "TranslatedText": english,
                "SourceLanguageCode": language,
                "TargetLanguageCode": "en",
                "AppliedTerminologies": [{"Name": TERMINOLOGY, "Terms": []}],
            },
            {
                "Text": source,
                "SourceLanguageCode": language,
                "TargetLanguageCode": "en",
                "TerminologyNames": [TERMINOLOGY],
            },
        )

    yield Subject(AmazonTranslator(stub.client, StatementCatalog(), terminology_names=[TERMINOLOGY]), expect)


def test_english_is_not_a_source_language(subject: Subject) -> None:
    # Given a translator
    # When it is asked whether it translates English, and Spanish
    # Then English is not a source (nothing to do) and Spanish is
    assert subject.translator.can_translate("en") is False
    assert subject.translator.can_translate("es") is True


def test_each_text_comes_back_in_english_in_the_same_order(subject: Subject) -> None:
    # Given two Spanish free texts
    texts = ["El producto es inflamable.", "No hay datos disponibles."]
    subject.expect(texts[0], "es", "The product is flammable.")
    subject.expect(texts[1], "es", "No data available.")
    # When they are translated
    english = subject.translator.translate(texts, "es")
    # Then there is one English text per input, in order
    assert len(english) == 2
    assert "flammable" in english[0].lower()
    assert english[1] and english[1] != texts[1]


def test_no_texts_give_no_translations(subject: Subject) -> None:
    # Given no texts
    texts: list[str] = []
    # When they are translated
    english = subject.translator.translate(texts, "es")
    # Then nothing comes back (and no request was made)
    assert english == []
