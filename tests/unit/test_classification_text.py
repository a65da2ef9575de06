"""Classifications printed in Section 2 and the hazard statements they imply."""

from __future__ import annotations

import pytest

from msds.domain.classification_text import printed_classifications


@pytest.mark.parametrize(
    ("line", "statements"),
    [
        ("Flam. Liq. 2, H225", {"H225"}),
        ("Flam.Liq.2", {"H225"}),
        ("Acute Tox. 4", {"H302", "H312", "H332"}),
        ("STOT SE 3", {"H335", "H336"}),
        ("Flammable liquids   Category 3", {"H226"}),
        ("Serious eye damage/eye irritation   Category 2A", {"H319"}),
        ("Acute toxicity - Oral Category 4", {"H302", "H312", "H332"}),
        ("Specific target organ toxicity (single exposure)   Category 1", {"H370"}),
        ("Specific target organ toxicity - (repeated exposure)   Category 2", {"H373"}),
        ("Hazardous to the aquatic environment - Chronic Hazard Category 2", {"H411"}),
        ("Acute aquatic toxicity Category 1", {"H400"}),
        ("Eye irritation Category 2A", {"H319"}),
        ("Skin corrosion Category 1B", {"H314"}),
        ("Aerosols Category 1", {"H222"}),
        ("Oxidizing liquids Category 2", {"H272"}),
        ("Substances and mixtures which, in contact with water, emit flammable gases Category 1", {"H260"}),
    ],
)
def test_a_printed_category_implies_the_statements_of_its_class(line: str, statements: set[str]) -> None:
    # Given a CLP category code or a UN GHS class name with its category
    # When the line is read
    found = printed_classifications(line)
    # Then one classification implies exactly those statements
    assert [set(printed.statements) for printed in found] == [statements]


@pytest.mark.parametrize(
    ("line", "statements"),
    [
        ("인화성 액체 : 구분2", {"H225"}),
        ("피부 부식성/피부 자극성 : 구분 2", {"H315"}),
        ("피부부식성/자극성 구분 2", {"H315"}),
        ("피부 부식성 또는 자극성 물질 구분 1", {"H314"}),
        ("심한 눈 손상 / 눈 자극성   구분 2A", {"H319"}),
        ("급성독성물질(경피) 구분 4", {"H302", "H312", "H332"}),
        ("급성 독성 - 경피 구분 1", {"H300", "H310", "H330"}),
        ("생식세포 변이원성 : 구분1B", {"H340"}),
        ("특정표적장기 독성(1회 노출) 구분 3", {"H335", "H336"}),
        ("특정표적장기 독성(반복 노출) : 구분1", {"H372"}),
        ("만성 수생환경 유해성 : 구분2", {"H411"}),
        ("금속 부식성 물질 구분 1", {"H290"}),
    ],
)
def test_a_korean_class_name_with_its_category_implies_the_statements_of_its_class(
    line: str, statements: set[str]
) -> None:
    # Given a Korean sheet's classification (the MoEL notice's class name, "구분" and the category)
    # When the line is read
    found = printed_classifications(line)
    # Then one classification implies exactly those statements
    assert [set(printed.statements) for printed in found] == [statements]


def test_a_category_code_is_not_found_inside_a_longer_one() -> None:
    # Given "Skin Corr. 1A" / When it is read / Then only the 1A category is found, not category 1
    assert [printed.text for printed in printed_classifications("Skin Corr. 1A")] == ["Skin Corr. 1A"]
