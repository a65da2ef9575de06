"""The same cases against lingua (local host) and Comprehend DetectDominantLanguage (AWS host, Stubber with
answers shaped like the API documentation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from msds.adapters.aws.comprehend import ComprehendLanguageDetector
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.ports import LanguageDetector

GERMAN = (
    "Das Produkt ist als entzündbare Flüssigkeit eingestuft. Behälter dicht verschlossen an einem gut "
    "belüfteten Ort aufbewahren. Von Hitze und Zündquellen fernhalten."
)
FRENCH = (
    "Le produit est classé comme liquide inflammable. Conserver le récipient bien fermé dans un endroit "
    "bien ventilé. Tenir à l'écart de la chaleur et des sources d'ignition."
)
Answer = Sequence[tuple[str, float]]


@dataclass
class Subject:
    make: Callable[[Sequence[str]], LanguageDetector]
    expect: Callable[[str, Answer], None] = field(default=lambda text, languages: None)


@pytest.fixture(params=["lingua", "comprehend"])
def subject(request: pytest.FixtureRequest) -> Iterator[Subject]:
    if request.param == "lingua":
        yield Subject(lambda languages: LinguaDetector(languages))
        return
    stub = request.getfixturevalue("stubbed")("comprehend")

    def expect(text: str, languages: Answer) -> None:
        stub.stubber.add_response(
            "detect_dominant_language",
            {"Languages": [{"LanguageCode": code, "Score": score} for code, score in languages]},
            {"Text": text},
        )

    yield Subject(lambda languages: ComprehendLanguageDetector(stub.client, languages), expect)


def test_a_german_paragraph_is_german(subject: Subject) -> None:
    # Given a detector of the product's languages and a German paragraph
    detector = subject.make(("en", "de", "fr", "es"))
    subject.expect(GERMAN, [("de", 0.99), ("en", 0.01)])
    # When its language is detected
    language, confidence = detector.detect(GERMAN)
    # Then it is German, with confidence
    assert language == "de"
    assert 0.5 < confidence <= 1.0


def test_a_french_paragraph_is_french(subject: Subject) -> None:
    # Given a detector and a French paragraph
    detector = subject.make(("en", "de", "fr", "es"))
    subject.expect(FRENCH, [("fr", 0.98)])
    # When its language is detected
    language, _ = detector.detect(FRENCH)
    # Then it is French
    assert language == "fr"


@pytest.mark.parametrize("text", ["", "   ", "H225 P210"])
def test_text_without_words_has_no_language(subject: Subject, text: str) -> None:
    # Given a detector and a text too short or too poor to judge
    detector = subject.make(("en", "de"))
    # When its language is detected
    answer = detector.detect(text)
    # Then there is no language and no confidence (and no service call)
    assert answer == (None, 0.0)


def test_the_answer_is_one_of_the_allowed_languages(subject: Subject) -> None:
    # Given a detector limited to English and German, and a French paragraph
    detector = subject.make(("en", "de"))
    subject.expect(FRENCH, [("fr", 0.97), ("en", 0.02)])
    # When its language is detected
    language, _ = detector.detect(FRENCH)
    # Then the answer is an allowed language or none
    assert language in ("en", "de", None)
