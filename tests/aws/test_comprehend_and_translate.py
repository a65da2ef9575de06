"""Service limits: Comprehend takes at most 100 KB of UTF-8, TranslateText at most 10,000 bytes; the
terminology comes from the catalog, and catalog phrases never go to Translate."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from botocore.stub import ANY

from msds.adapters.aws.amazon_translate import (
    MAX_REQUEST_BYTES,
    MAX_TERM_BYTES,
    AmazonTranslator,
    glossary_rows,
    import_terminology,
    line_batches,
    split_text,
    terminology_file,
)
from msds.adapters.aws.comprehend import (
    MAX_TEXT_BYTES,
    ComprehendLanguageDetector,
    truncate_utf8,
)
from msds.domain.catalog import StatementCatalog
from msds.pipeline.usage_meter import UsageMeter

# Three bytes per character in UTF-8: the byte limits bite long before the character counts.
KOREAN_LINE = "이 제품은 인화성 액체로 분류되어 있으며 서늘한 곳에 보관해야 합니다." * 3


def test_truncation_never_splits_a_character_and_stays_within_the_limit() -> None:
    # Given a text of three-byte characters
    text = "가" * 100
    # When it is cut to 10 bytes
    cut = truncate_utf8(text, 10)
    # Then three whole characters (9 bytes) remain
    assert cut == "가가가"


def test_the_language_sample_sent_to_comprehend_is_small_and_within_the_limit(stubbed: Any) -> None:
    # Given a long Korean sheet (far over 100 KB of UTF-8)
    stub = stubbed("comprehend")
    text = "\n".join([KOREAN_LINE] * 2000)
    assert len(text.encode("utf-8")) > MAX_TEXT_BYTES
    sent: list[str] = []
    stub.client.meta.events.register(
        "provide-client-params.comprehend.DetectDominantLanguage",
        lambda params, **_: sent.append(params["Text"]),
    )
    stub.stubber.add_response(
        "detect_dominant_language", {"Languages": [{"LanguageCode": "ko", "Score": 0.99}]}
    )
    # When its language is detected
    language = ComprehendLanguageDetector(stub.client).detect(text)
    # Then one request of at most the sample size went out, and the answer is Korean
    assert language == ("ko", 0.99)
    assert len(sent) == 1 and len(sent[0].encode("utf-8")) <= 5_000
    assert text.startswith(sent[0])


def test_a_language_comprehend_names_with_a_region_is_read_as_its_base_code(stubbed: Any) -> None:
    # Given Comprehend answering "pt-PT" (it can name variants)
    stub = stubbed("comprehend")
    stub.stubber.add_response(
        "detect_dominant_language", {"Languages": [{"LanguageCode": "pt-PT", "Score": 0.93}]}, {"Text": ANY}
    )
    # When a Portuguese text is detected
    answer = ComprehendLanguageDetector(stub.client).detect(
        "O produto é classificado como líquido inflamável."
    )
    # Then the product's code is "pt"
    assert answer == ("pt", 0.93)


def test_long_text_is_split_under_10000_bytes_at_sentence_ends() -> None:
    # Given 30 KB of German sentences with multi-byte characters
    text = "Behälter dicht verschlossen halten und vor Hitze schützen. " * 520
    # When it is split for TranslateText
    pieces = split_text(text)
    # Then every piece fits, pieces end at sentence ends, and together they are the text
    assert len(pieces) >= 3
    assert all(len(piece.encode("utf-8")) <= MAX_REQUEST_BYTES for piece in pieces)
    assert all(piece.rstrip().endswith(".") for piece in pieces)
    assert "".join(pieces) == text


def test_lines_are_batched_into_requests_under_the_limit() -> None:
    # Given lines of various sizes, one over the limit on its own
    lines = ["a" * 6000, "b" * 3000, "c" * 2000, "d" * 12000, "e" * 10]
    # When they are batched
    batches = list(line_batches(lines))
    # Then batches keep order, fit the limit (joined with newlines), and the long line stands alone
    assert batches == [[0, 1], [2], [3], [4]]
    for batch in batches[:2]:
        assert len("\n".join(lines[i] for i in batch).encode()) <= MAX_REQUEST_BYTES


def test_a_long_text_goes_in_requests_under_the_limit_with_the_terminology(stubbed: Any) -> None:
    # Given Translate answering every request, and a Spanish text of about 25 KB on one line
    stub = stubbed("translate")
    text = "Mantener el recipiente bien cerrado y en un lugar bien ventilado. " * 380
    requests: list[dict[str, Any]] = []
    stub.client.meta.events.register(
        "provide-client-params.translate.TranslateText", lambda params, **_: requests.append(dict(params))
    )
    for _ in split_text(text):
        stub.stubber.add_response(
            "translate_text",
            {
                "TranslatedText": "Keep container tightly closed.",
                "SourceLanguageCode": "es",
                "TargetLanguageCode": "en",
            },
        )
    meter = UsageMeter()
    translator = AmazonTranslator(
        stub.client, StatementCatalog(), terminology_names=["msds-glossary"], usage=meter
    )
    # When it is translated
    (english,) = translator.translate([text], "es")
    # Then each request was under 10,000 bytes and named the terminology, and the pieces were joined
    assert len(requests) == len(split_text(text)) >= 3
    assert all(len(r["Text"].encode("utf-8")) <= MAX_REQUEST_BYTES for r in requests)
    assert all(r["TerminologyNames"] == ["msds-glossary"] for r in requests)
    assert all((r["SourceLanguageCode"], r["TargetLanguageCode"]) == ("es", "en") for r in requests)
    assert english.startswith("Keep container tightly closed. Keep")
    assert meter.take().translation_characters == sum(len(r["Text"]) for r in requests) == len(text)


def test_catalog_phrases_never_go_to_translate(stubbed: Any) -> None:
    # Given a German free text whose first and third lines are official wordings (P210's German text and a
    # section title), and Translate prepared for the second line only
    catalog = StatementCatalog()
    p210 = catalog.official_text("P210", "de")
    stub = stubbed("translate")
    stub.stubber.add_response(
        "translate_text",
        {
            "TranslatedText": "Store in the original container.",
            "SourceLanguageCode": "de",
            "TargetLanguageCode": "en",
        },
        {
            "Text": "Im Originalbehälter lagern, Herstellerangaben beachten.",
            "SourceLanguageCode": "de",
            "TargetLanguageCode": "en",
        },
    )
    text = f"{p210}\nIm Originalbehälter lagern, Herstellerangaben beachten.\nGefahr"
    # When it is translated
    (english,) = AmazonTranslator(stub.client, catalog).translate([text], "de")
    # Then the official lines have the catalog's English, and only the free line was sent
    assert english.split("\n") == [
        catalog.official_text("P210", "en"),
        "Store in the original container.",
        "Danger",
    ]


def test_merged_lines_are_translated_again_one_by_one(stubbed: Any) -> None:
    # Given Translate merging two lines into one answer, then answering each line alone
    stub = stubbed("translate")
    answer = {"SourceLanguageCode": "es", "TargetLanguageCode": "en"}
    stub.stubber.add_response("translate_text", {"TranslatedText": "One and two.", **answer})
    stub.stubber.add_response("translate_text", {"TranslatedText": "One.", **answer})
    stub.stubber.add_response("translate_text", {"TranslatedText": "Two.", **answer})
    # When a two-line text is translated
    (english,) = AmazonTranslator(stub.client, StatementCatalog()).translate(["Uno.\nDos."], "es")
    # Then each line keeps its own English
    assert english == "One.\nTwo."


def test_the_terminology_file_has_a_language_header_and_one_official_term_per_row() -> None:
    # Given the catalog
    catalog = StatementCatalog()
    # When the terminology file is built
    rows = list(csv.reader(io.StringIO(terminology_file(catalog).decode("utf-8"))))
    # Then the header names the languages, every row has a term in each, and official terms are there
    header, body = rows[0], rows[1:]
    assert header == ["en", "de", "fr", "es", "it", "nl", "pt", "pl"]
    assert all(len(row) == len(header) and all(cell.strip() for cell in row) for row in body)
    by_english = {row[0]: row for row in body}
    assert by_english["Danger"][1] == "Gefahr"
    assert by_english["Hazards identification"][1] == "Mögliche Gefahren"
    assert by_english[catalog.official_text("H225", "en")][1] == catalog.official_text("H225", "de")
    # ... and no term repeats within a language (the terminology would be ambiguous)
    for column in range(len(header)):
        values = [row[column] for row in body]
        assert len(values) == len(set(values))


def test_every_term_of_the_terminology_is_within_amazon_translates_200_byte_limit() -> None:
    # Given the catalog, whose longest official wordings exceed the limit in some languages
    catalog = StatementCatalog()
    # When the terminology file is built
    rows = list(csv.reader(io.StringIO(terminology_file(catalog).decode("utf-8"))))
    # Then no source or target text is longer than Amazon Translate accepts (200 bytes of UTF-8)
    longest = max(len(cell.encode("utf-8")) for row in rows for cell in row)
    assert longest <= MAX_TERM_BYTES == 200
    # ... and the terminology keeps almost all its terms (only the few over-long rows are left out)
    assert len(rows) > 250


def test_the_terminology_is_imported_multi_directional(stubbed: Any) -> None:
    # Given Translate's ImportTerminology
    stub = stubbed("translate")
    catalog = StatementCatalog()
    stub.stubber.add_response(
        "import_terminology",
        {
            "TerminologyProperties": {
                "Name": "msds-glossary",
                "Arn": "arn:aws:translate:eu-west-1:1:terminology/x",
            }
        },
        {
            "Name": "msds-glossary",
            "MergeStrategy": "OVERWRITE",
            "Description": ANY,
            "TerminologyData": {
                "File": terminology_file(catalog),
                "Format": "CSV",
                "Directionality": "MULTI",
            },
        },
    )
    # When the terminology is imported
    arn = import_terminology(stub.client, "msds-glossary", catalog)
    # Then its ARN comes back
    assert arn.endswith("terminology/x")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_glossary_of_two_languages_maps_official_texts_to_english(language: str) -> None:
    # Given the catalog
    catalog = StatementCatalog()
    # When the glossary of one language and English is built
    rows = glossary_rows(catalog, (language, "en"))
    # Then H225's official wording maps to its English
    assert {
        "en": catalog.official_text("H225", "en"),
        language: catalog.official_text("H225", language),
    } in rows
