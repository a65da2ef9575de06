"""Language detection: the supported languages only, Korean and Japanese despite Latin chemistry, quickly."""

from __future__ import annotations

import pytest

from msds.adapters.local.lingua_detector import LinguaDetector, language_sample, script_counts
from tests.helpers.text_documents import FRENCH, JAPANESE, KOREAN, POLISH, SPANISH

GERMAN = """Sicherheitsdatenblatt gemäß Verordnung (EG) Nr. 1907/2006
Einstufung des Stoffs oder Gemischs. Verursacht schwere Augenreizung.
Darf nicht in die Hände von Kindern gelangen. Behälter dicht verschlossen halten."""

ENGLISH = """Safety data sheet according to Regulation (EC) No. 1907/2006
Classification of the substance or mixture. Causes serious eye irritation.
Keep out of reach of children. Keep container tightly closed."""

ITALIAN = """Scheda di dati di sicurezza ai sensi del regolamento (CE) n. 1907/2006
Classificazione della sostanza o della miscela. Provoca grave irritazione oculare.
Tenere fuori dalla portata dei bambini. Tenere il recipiente ben chiuso."""

DUTCH = """Veiligheidsinformatieblad overeenkomstig Verordening (EG) nr. 1907/2006
Indeling van de stof of het mengsel. Veroorzaakt ernstige oogirritatie.
Buiten het bereik van kinderen houden. In goed gesloten verpakking bewaren."""

PORTUGUESE = """Ficha de dados de segurança de acordo com o Regulamento (CE) n.º 1907/2006
Classificação da substância ou mistura. Provoca irritação ocular grave.
Manter fora do alcance das crianças. Manter o recipiente bem fechado."""


@pytest.fixture(scope="module")
def detector() -> LinguaDetector:
    return LinguaDetector()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (GERMAN, "de"),
        (FRENCH, "fr"),
        (SPANISH, "es"),
        (ITALIAN, "it"),
        (DUTCH, "nl"),
        (PORTUGUESE, "pt"),
        (POLISH, "pl"),
        (KOREAN, "ko"),
        (JAPANESE, "ja"),
    ],
)
def test_each_supported_language_is_recognised(detector: LinguaDetector, text: str, language: str) -> None:
    # Given a few SDS lines in one supported language
    # When the language is detected
    found, confidence = detector.detect(text)

    # Then it is that language, with good confidence
    assert found == language
    assert confidence > 0.5


def test_a_korean_sheet_full_of_latin_chemical_names_is_korean(detector: LinguaDetector) -> None:
    # Given Korean lines that are mostly English chemical names and codes, as in a composition table
    text = "\n".join(
        [
            "3. 구성성분의 명칭 및 함유량",
            "Distillates (petroleum), hydrotreated heavy paraffinic 64742-54-7 80 ~ 90",
            "Mixed performance additive 혼합물 5 ~ 10",
            "Zinc alkyl dithiophosphate 68649-42-3 1 ~ 5 (아연 화합물)",
        ]
    )

    # When the language is detected
    found, _ = detector.detect(text)

    # Then the Hangul decides
    assert found == "ko"


def test_only_the_configured_languages_are_answered() -> None:
    # Given a detector limited to English and German, and a French text
    detector = LinguaDetector(["en", "de"])

    # When the language is detected
    found, _ = detector.detect(FRENCH)

    # Then the answer is one of the configured languages
    assert found in {"en", "de"}


def test_text_without_words_has_no_language(detector: LinguaDetector) -> None:
    # Given numbers and codes only
    text = "67-64-1 200-662-2 UN1090 3 II\n1.2 2.1 3.4 100 %"

    # When the language is detected, then there is no answer
    assert detector.detect(text) == (None, 0.0)
    assert detector.detect("") == (None, 0.0)


def test_a_long_document_is_detected_from_a_bounded_sample(detector: LinguaDetector) -> None:
    # Given a 40-page German sheet (the detector's models already loaded)
    document = "\n".join([GERMAN] * 400)
    detector.detect(GERMAN)

    # When its language is detected
    found, _ = detector.detect(document)

    # Then a bounded sample decides (speed is reported by `msds bench`, not asserted here)
    assert found == "de"
    assert len(language_sample(document)) <= 2600


def test_letters_are_counted_by_script() -> None:
    # Given mixed Hangul, kana, kanji and Latin text
    # When its letters are counted by script
    counts = script_counts("물질 データ 安全 abc 123")

    # Then each script has its share
    assert counts == {"hangul": 2, "kana": 3, "han": 2, "letters": 10}
