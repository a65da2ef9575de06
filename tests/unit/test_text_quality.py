"""Text-layer quality: real text in any supported language passes; junk, garbled and shifted glyphs do not."""

from __future__ import annotations

import pytest

from models.common import Box
from models.text import Line, PageText, TextSource
from msds.domain.text_quality import TextQualityRules, assess_text, assess_text_layer
from tests.helpers.text_documents import (
    FRENCH,
    JAPANESE,
    KOREAN,
    POLISH,
    SDS_LINES_DE,
    SDS_LINES_EN,
    SPANISH,
    shift_code_points,
    shift_letters,
)


def page_of(text: str) -> PageText:
    lines = tuple(
        Line(text=line, box=Box(x0=50, y0=50 + 14 * index, x1=500, y1=62 + 14 * index))
        for index, line in enumerate(text.splitlines())
    )
    return PageText(number=1, width=595, height=842, source=TextSource.TEXT_LAYER, lines=lines)


@pytest.mark.parametrize(
    "text",
    ["\n".join(SDS_LINES_EN), "\n".join(SDS_LINES_DE), FRENCH, SPANISH, POLISH],
    ids=["en", "de", "fr", "es", "pl"],
)
def test_a_real_text_layer_is_usable(text: str) -> None:
    # Given a page of real SDS text
    page = page_of(text)

    # When its text layer is assessed
    verdict = assess_text_layer(page)

    # Then it is usable
    assert verdict.usable, verdict
    assert verdict.reason == "ok"


@pytest.mark.parametrize("text", [KOREAN, JAPANESE], ids=["ko", "ja"])
def test_korean_and_japanese_text_layers_are_usable(text: str) -> None:
    # Given a page in Korean or Japanese script, with Latin chemical names mixed in
    page = page_of(text)

    # When it is assessed
    verdict = assess_text_layer(page)

    # Then it is usable: CJK script is text
    assert verdict.usable, verdict


@pytest.mark.parametrize("text", ["\n".join(SDS_LINES_EN), "\n".join(SDS_LINES_DE), FRENCH, SPANISH, POLISH])
def test_a_page_with_glyphs_shifted_by_29_code_points_is_rejected(text: str) -> None:
    # Given the text a subset font without a Unicode map yields: every character 29 code points lower
    shifted = shift_code_points(text, -29)

    # When it is assessed
    verdict = assess_text(shifted)

    # Then it is not usable
    assert not verdict.usable
    assert verdict.reason in {"implausible_words", "garbled_characters", "no_words"}


@pytest.mark.parametrize("offset", [1, 3, 7, 13, 20, 25])
def test_a_page_whose_letters_are_shifted_within_the_alphabet_has_implausible_words(offset: int) -> None:
    # Given real text whose letters are all moved the same number of places (nothing else changes)
    shifted = shift_letters("\n".join(SDS_LINES_EN + SDS_LINES_DE), offset)

    # When it is assessed
    verdict = assess_text(shifted)

    # Then the words are found implausible in every supported language
    assert verdict.reason == "implausible_words"
    assert verdict.metrics["plausible_word_share"] < 0.5


def test_a_page_with_a_few_characters_is_rejected() -> None:
    # Given a scanned page whose only text is a stamped page number
    page = page_of("Page 1 of 5")

    # When it is assessed
    verdict = assess_text_layer(page)

    # Then it goes to OCR for having too few characters
    assert (verdict.usable, verdict.reason) == (False, "too_few_characters")


def test_replacement_and_private_use_characters_are_garbled() -> None:
    # Given text from a font without a Unicode map: replacement and private-use characters
    text = "\n".join("\ufffd\ue001\ue002 Product \ue003\ue004\ufffd \ue010\ue011" for _ in range(10))

    # When it is assessed
    verdict = assess_text(text)

    # Then it is rejected as garbled
    assert verdict.reason == "garbled_characters"


def test_punctuation_soup_from_a_symbol_font_is_rejected() -> None:
    # Given text that is mostly symbols
    text = "\n".join("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~ a1" for _ in range(5))

    # When it is assessed
    verdict = assess_text(text)

    # Then it is rejected
    assert verdict.reason == "mostly_symbols"


def test_rules_and_leaders_do_not_count_as_junk() -> None:
    # Given a short real page framed by long rules of dashes and underscores
    text = "\n".join(["-" * 120, "Product Name: NEO PENTANOIC ACID", "Revision Date: 29 Mar 2018", "_" * 120])

    # When it is assessed
    verdict = assess_text(text)

    # Then it is usable
    assert verdict.usable, verdict


def test_thresholds_are_configurable() -> None:
    # Given a short real page and a rule set demanding more characters
    text = "Product name: Acetone\nSignal word: Danger"
    strict = TextQualityRules(min_characters=100)

    # When it is assessed with default and strict rules
    default_verdict = assess_text(text, TextQualityRules(min_characters=20))
    strict_verdict = assess_text(text, strict)

    # Then only the strict rules reject it
    assert default_verdict.usable
    assert strict_verdict.reason == "too_few_characters"
