from msds.domain.countries import country_from_postcode, country_from_text
from msds.domain.identifiers import (
    cas_check_digit_ok,
    ec_check_digit_ok,
    find_cas_numbers,
    find_ec_numbers,
    mend_wrapped_registry_numbers,
)
from tests.helpers.records import record_of_lines


def test_a_cas_number_with_a_correct_check_digit_passes() -> None:
    # Given water's CAS number
    # When its check digit is verified
    # Then it passes, and a one-digit change fails
    assert cas_check_digit_ok("7732-18-5")
    assert not cas_check_digit_ok("7732-18-4")


def test_an_ec_number_check_uses_weights_from_the_left() -> None:
    # Given acetone's EC number and a corrupted copy
    # When the check digits are verified
    # Then the real one passes and the corrupted one fails
    assert ec_check_digit_ok("200-662-2")
    assert not ec_check_digit_ok("200-662-3")


def test_cas_numbers_are_found_in_a_composition_line_but_not_ec_index_or_reach_numbers() -> None:
    # Given a Section 3 line with CAS, EC, index and REACH registration numbers
    line = "Aceton 67-64-1 200-662-2 606-001-00-8 01-2119471330-49-XXXX 3 < 10 %"
    # When CAS numbers are searched
    found = [m.value for m in find_cas_numbers(line)]
    # Then only the CAS number is reported
    assert found == ["67-64-1"]
    assert [m.value for m in find_ec_numbers(line)] == ["200-662-2"]


def test_a_cas_number_printed_with_an_en_dash_is_normalised() -> None:
    # Given a CAS number typeset with en dashes and a bad check digit
    found = find_cas_numbers("CAS: 1310\u201373\u20132 and 2155-30-0")
    # When found
    # Then it is normalised and each check result is reported
    assert [(m.value, m.check_ok) for m in found] == [("1310-73-2", True), ("2155-30-0", False)]


def test_national_address_conventions_name_the_supplier_country() -> None:
    # Given Brazilian, Korean and Japanese addresses that do not name their country
    addresses = {
        "Rua Leiria, 537 - Belo Horizonte - MG - CEP: 31255-100": "BR",
        "서울특별시 중구 소공로 94(소공동)": "KR",
        "愛知県名古屋市中区": "JP",
    }
    # When the country is read from each
    found = {text: country_from_text(text) for text in addresses}
    # Then each is recognised
    assert found == addresses


def test_a_five_digit_postcode_names_the_country_only_where_one_country_of_the_language_uses_it() -> None:
    # Given supplier addresses with a five-digit postcode before the town, in German, French, Spanish, and a
    # German one with a four-digit (Austrian) postcode
    cases = {
        ("Musterstraße 4, 37075 Göttingen", "de"): "DE",
        ("12 rue de la Paix, 75002 Paris", "fr"): "FR",
        ("Calle Mayor 3, 28013 Madrid", "es"): None,  # Spain or Mexico
        ("Hauptplatz 1, 4020 Linz", "de"): None,
    }
    # When the country is read from each postcode
    found = {case: country_from_postcode(*case) for case in cases}
    # Then only the unambiguous ones give a country
    assert found == cases


def test_index_and_reach_numbers_wrapped_at_a_dash_are_put_back_together() -> None:
    # Given a narrow identifier cell: an Index number and a REACH number each broken after a dash, with a
    # line of the cell beside it in between
    texts = ["N. Indice: 015-011-", "%", "00-6", "N. registro: 01-", "2119485924-24-XXXX"]
    texts += ["Ethanol 10-", "20 %"]
    # When the wrapped numbers are mended
    mended = mend_wrapped_registry_numbers(texts)
    # Then each number is whole on its first line, the lone "00-6" is gone, a range is not touched
    assert mended == [
        "N. Indice: 015-011-00-6",
        "%",
        "",
        "N. registro: 01-2119485924-24-XXXX",
        "",
        "Ethanol 10-",
        "20 %",
    ]


def test_a_german_sheet_whose_supplier_gives_only_a_postcode_and_town_is_from_germany() -> None:
    # Given a German sheet whose supplier block has a street, a five-digit postcode and a town, no country
    # name and no international dialling code
    lines = [
        "Sicherheitsdatenblatt",
        "ABSCHNITT 1: Bezeichnung des Stoffs bzw. des Gemischs und des Unternehmens",
        "Handelsname: Acme Reiniger",
        "Lieferant: Acme Chemie GmbH",
        "Musterstraße 4",
        "37075 Göttingen",
        "ABSCHNITT 2: Mögliche Gefahren",
    ]
    # When the record is read
    record, _ = record_of_lines(lines, "de")
    # Then the supplier's country is Germany, with a confidence that says it was inferred
    assert record.supplier_country is not None and record.supplier_country.value == "DE"
