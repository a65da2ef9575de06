"""A document is an SDS when it shows four of the 16 sections, or names itself one in its title and shows
one."""

from __future__ import annotations

import pytest

from models.record import SdsRecord
from models.steps import Segmentation
from msds.domain.document_title import names_itself_an_sds
from tests.helpers.records import record_of_lines


@pytest.mark.parametrize(
    "title",
    [
        "Material Safety Data Sheet   = Health",
        "GHS Safety Data Sheet - US",
        "SICHERHEITSDATENBLATT gemäß Verordnung (EG) Nr. 1907/2006",
        "Fiche de données de sécurité",
        "FICHA DE INFORMAÇÕES DE SEGURANÇA DE PRODUTOS QUÍMICOS",
        "물질안전보건자료",
        "安全データシート",
    ],
)
def test_a_title_naming_the_document_a_safety_data_sheet_is_recognised(title: str) -> None:
    # Given the top of a first page with the title among other lines
    lines = ["ACME Chemicals", title, "Revision date: 01.02.2024"]
    # When asked whether the document names itself a safety data sheet
    # Then it does
    assert names_itself_an_sds(lines)


def test_a_sentence_that_mentions_a_safety_data_sheet_is_no_title() -> None:
    # Given a technical data sheet that refers to the safety data sheet in a sentence
    lines = [
        "Technical Data Sheet",
        "For handling advice please consult the safety data sheet of this product.",
    ]
    # When asked whether the document names itself a safety data sheet
    # Then it does not
    assert not names_itself_an_sds(lines)


def _record_of(title: str) -> tuple[SdsRecord, Segmentation]:
    return record_of_lines(
        [
            title,
            "Acme Flavors Incorporated",
            "I. IDENTIFICATION",
            "Item reference: ORANGE FLAVOR 560116",
            "II. PHYSICAL DATA",
            "Physical state : LIQUID",
            "III. FIRE AND EXPLOSION HAZARD INFORMATION",
            "Flash point (closed cup) = 46 Fahrenheit (= 8 Centigrade)",
            "IV. REACTIVITY INFORMATION",
            "Avoid strong oxidizing agents.",
            "V. HEALTH HAZARD INFORMATION",
            "Not classified.",
        ],
        "en",
    )


def test_an_older_format_sheet_with_few_sections_is_an_sds_by_its_title() -> None:
    # Given a sheet in an older format, titled "Material Safety Data Sheet", whose headings name fewer than
    # four of the 16 sections
    record, segmentation = _record_of("Material Safety Data Sheet")
    assert 1 <= len(segmentation.sections) < 4
    # When the record is read
    # Then it is an SDS
    assert record.is_sds


def test_the_same_pages_under_another_title_are_not_an_sds() -> None:
    # Given the same pages titled as a product information leaflet
    record, segmentation = _record_of("Product Information")
    assert 1 <= len(segmentation.sections) < 4
    # When the record is read
    # Then it is not an SDS
    assert not record.is_sds
