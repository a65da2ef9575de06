from __future__ import annotations

import pytest

from msds.domain.catalog import (
    StatementCatalog,
    StatementStatus,
    TranslationUnavailable,
    UnknownStatementCode,
    default_catalog,
)


@pytest.fixture(scope="module")
def catalog() -> StatementCatalog:
    return default_catalog()


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("H315", StatementStatus.CURRENT),
        ("H 315", StatementStatus.CURRENT),
        ("EUH066", StatementStatus.CURRENT),
        ("P305+P351+P338", StatementStatus.CURRENT),
        ("P281", StatementStatus.REMOVED),
        ("EUH006", StatementStatus.REMOVED),
        ("P370+P380", StatementStatus.REMOVED),
        ("H227", StatementStatus.GHS_ONLY),
        ("H315+H320", StatementStatus.GHS_ONLY),
        ("H399", StatementStatus.UNKNOWN),
        ("not a code", StatementStatus.UNKNOWN),
    ],
)
def test_a_code_has_the_status_the_regulation_gives_it(
    catalog: StatementCatalog, code: str, status: str
) -> None:
    # Given a code as printed
    # When its status is asked
    found = catalog.status(code)

    # Then it is current, removed, GHS-only or unknown
    assert found == status


def test_a_combination_the_tables_do_not_list_is_valid_when_every_part_exists(
    catalog: StatementCatalog,
) -> None:
    # Given combinations that CLP does not list
    # When their status is asked
    valid = catalog.status("P301+P330")
    with_removed_part = catalog.status("P301+P281")
    with_unknown_part = catalog.status("P301+P999")
    mixed_kinds = catalog.status("H315+P280")

    # Then they follow their parts
    assert valid is StatementStatus.CURRENT
    assert with_removed_part is StatementStatus.REMOVED
    assert with_unknown_part is StatementStatus.UNKNOWN
    assert mixed_kinds is StatementStatus.UNKNOWN


def test_existing_means_current_removed_or_ghs_only(catalog: StatementCatalog) -> None:
    # Given codes of every status
    # When existence is asked
    answers = {code: catalog.exists(code) for code in ("H315", "P281", "H227", "P301+P330", "H399")}

    # Then only the unknown one does not exist
    assert answers == {"H315": True, "P281": True, "H227": True, "P301+P330": True, "H399": False}


def test_the_official_text_of_a_listed_code_is_the_latest_wording(catalog: StatementCatalog) -> None:
    # Given listed codes
    # When their texts are asked in two languages
    english = catalog.official_text("H315")
    german = catalog.official_text("H315", "de")
    combined = catalog.official_text("P305+P351+P338")

    # Then the current CLP wording comes back
    assert english == "Causes skin irritation."
    assert german == "Verursacht Hautreizungen."
    assert combined.startswith("IF IN EYES: Rinse cautiously with water for several minutes.")


def test_the_text_of_an_unlisted_combination_joins_its_parts(catalog: StatementCatalog) -> None:
    # Given a combination CLP does not list
    # When its text is asked
    text = catalog.official_text("P301+P330")

    # Then it is the parts' texts in order
    assert text == f"{catalog.official_text('P301')} {catalog.official_text('P330')}"


def test_a_regional_language_tag_reads_as_its_base_language(catalog: StatementCatalog) -> None:
    # Given a Brazilian Portuguese language tag
    # When a text is asked
    text = catalog.official_text("H315", "pt-BR")

    # Then the Portuguese wording is returned
    assert text == catalog.official_text("H315", "pt")


def test_asking_the_text_of_an_unknown_code_raises_a_named_error(catalog: StatementCatalog) -> None:
    # Given a code that does not exist
    # When its text is asked
    # Then UnknownStatementCode is raised
    with pytest.raises(UnknownStatementCode):
        catalog.official_text("H399")


def test_a_ghs_only_code_has_an_english_text_and_no_other(catalog: StatementCatalog) -> None:
    # Given a GHS code CLP never adopted
    # When its English and German texts are asked
    english = catalog.official_text("H227")

    # Then English exists and German is reported missing
    assert english == "Combustible liquid."
    with pytest.raises(TranslationUnavailable):
        catalog.official_text("H227", "de")


def test_the_kind_of_a_code_is_h_euh_or_p(catalog: StatementCatalog) -> None:
    # Given codes of each kind
    # When their kind is asked
    kinds = [catalog.kind(code) for code in ("H 315", "EUH066", "P301 + P310")]

    # Then the prefix decides
    assert kinds == ["H", "EUH", "P"]


def test_historical_wordings_are_kept_next_to_the_current_one(catalog: StatementCatalog) -> None:
    # Given the English wordings of P210, which changed in 2015
    wordings = [wording for wording in catalog.wordings(["en"]) if wording.code == "P210"]

    # When they are split into current and historical
    current = [wording.text for wording in wordings if wording.is_current]
    historical = [wording.text for wording in wordings if not wording.is_current]

    # Then both are there
    assert current == [catalog.official_text("P210")]
    assert any("sparks/open flames" in text for text in historical)


def test_every_listed_code_has_an_english_and_a_german_text(catalog: StatementCatalog) -> None:
    # Given every current CLP code
    codes = catalog.codes()

    # When their texts are asked
    missing = [code for code in codes for lang in ("en", "de") if not catalog.official_text(code, lang)]

    # Then none is missing
    assert codes and missing == []
