from __future__ import annotations

import pytest

from msds.domain.section_headings import UnknownSection, heading_en, headings, match_heading


def test_every_section_has_an_english_reach_title() -> None:
    # Given the sixteen sections
    # When their English titles are asked
    titles = [heading_en(section) for section in range(1, 17)]

    # Then each has one, starting with the identification and ending with other information
    assert titles[0].startswith("Identification of the substance/mixture")
    assert titles[1] == "Hazards identification"
    assert titles[15] == "Other information"


def test_asking_a_section_outside_1_to_16_raises_a_named_error() -> None:
    # Given a section number that does not exist
    # When its title is asked
    # Then UnknownSection is raised
    with pytest.raises(UnknownSection):
        heading_en(17)


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "ko", "ja"])
def test_all_sixteen_sections_are_known_in_each_supported_language(lang: str) -> None:
    # Given the headings of one language
    # When their sections are collected
    sections = {heading.section for heading in headings() if heading.lang == lang}

    # Then all sixteen are there
    assert sections == set(range(1, 17))


def test_headings_carry_a_normalised_form_for_comparison() -> None:
    # Given the OSHA title of section 2
    heading = next(h for h in headings() if h.title == "Hazard(s) identification")

    # When its normalised form is read
    # Then case and punctuation are gone
    assert heading.normalised == "hazard s identification"
    assert heading.section == 2


@pytest.mark.parametrize(
    ("line", "section", "lang"),
    [
        ("SECTION 2: Hazards identification", 2, "en"),
        ("2. Hazard(s) identification", 2, "en"),
        ("SECTION 1. IDENTIFICATION", 1, "en"),
        ("3. Composition/information on ingredients   Page 2 of 7", 3, "en"),
        ("2 Mögliche Gefahren", 2, "de"),
        ("ABSCHNITT 9: Physikalische und chemische Eigenschaften", 9, "de"),
        ("14 Angaben zum Transport", 14, "de"),
        ("RUBRIQUE 9: Propriétés physiques et chimiques", 9, "fr"),
        ("SECTION 2. IDENTIFICATION DES DANGERS", 2, "fr"),
        ("2. Identificación de los peligros", 2, "es"),
        ("1. Identificação do produto e da empresa", 1, "pt"),
        ("14 - Informações sobre transporte", 14, "pt"),
        ("1. 화학제품과 회사에 관한 정보", 1, "ko"),
        ("14. 운송에 필요한 정보", 14, "ko"),
        ("２．危険有害性の要約", 2, "ja"),
        ("14. 輸送上の注意", 14, "ja"),
    ],
)
def test_a_printed_heading_line_is_read_as_its_section(line: str, section: int, lang: str) -> None:
    # Given a heading line as printed, with its number and prefix word
    # When it is matched
    found = match_heading(line)

    # Then the section and language are recognised
    assert found is not None
    assert (found.heading.section, found.heading.lang) == (section, lang)


def test_a_heading_with_an_ocr_error_is_still_recognised_with_a_lower_score() -> None:
    # Given a heading with one letter missing
    # When it is matched
    found = match_heading("2. Hazards identifcation")

    # Then it is section 2, scored below 1
    assert found is not None
    assert found.heading.section == 2
    assert 0.88 <= found.score < 1.0


@pytest.mark.parametrize(
    "line",
    [
        "2.1 Classification of the substance or mixture",
        "Keep container tightly closed.",
        "SECTION 2: Composition/information on ingredients",
    ],
)
def test_lines_that_are_not_section_headings_are_not_matched(line: str) -> None:
    # Given a subsection title, a statement, and a title whose number contradicts it
    # When it is matched
    found = match_heading(line)

    # Then nothing is returned
    assert found is None


def test_the_language_restriction_limits_the_titles_compared() -> None:
    # Given a German heading
    line = "7 Handhabung und Lagerung"

    # When it is matched in German and in French
    german = match_heading(line, "de")
    french = match_heading(line, "fr")

    # Then only the German search finds it
    assert german is not None and german.heading.section == 7
    assert french is None
