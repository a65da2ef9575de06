"""The supplier's country from names (CLDR, every country, in the sheet's language, English or the country's
own) and from international calling codes (libphonenumber's, every code)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msds.domain.countries import country_from_domain, country_from_phone, country_from_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "language", "country"),
    [
        ("Jurong Island, Singapur", "de", "SG"),
        ("Bangkok, Tailândia", "pt", "TH"),
        ("싱가포르 주롱", "ko", "SG"),
        ("Ho Chi Minh City, Vietnam", "en", "VN"),
        ("1210 Wien, Österreich", "de", "AT"),
        ("Schweiz", "fr", "CH"),
        ("Polska", "en", "PL"),
    ],
)
def test_a_country_is_named_in_the_sheets_language_in_english_or_in_its_own(
    text: str, language: str, country: str
) -> None:
    # Given an address that names its country in the sheet's language, in English or in the country's own
    # When the country is read
    found = country_from_text(text, language)
    # Then it is that country, wherever it is
    assert found == country


def test_a_name_in_another_foreign_language_is_not_looked_for() -> None:
    # Given "Island", German for Iceland, on an English sheet ("Rhode Island")
    # When the country is read
    found = country_from_text("Providence, Rhode Island", "en")
    # Then no country is made of it
    assert found is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("18001 Granada, España", "ES"),
        ("Provincia:   Granada", None),
        ("State: Georgia", None),
        ("Atlanta, Georgia 30303", "US"),
        ("Lebanon, PA 17042", "US"),
        ("Albuquerque, New Mexico", None),
        ("Tbilisi, Georgia", "GE"),
    ],
)
def test_towns_states_and_provinces_named_like_a_country_are_no_country(
    text: str, country: str | None
) -> None:
    # Given a place that bears a country's name: a town after its postcode, a labelled province or state, a US
    # state before its ZIP code, a US town before its state, "New ..."
    # When the country is read
    found = country_from_text(text, "es" if "España" in text or "Provincia" in text else "en")
    # Then the place is not taken for the country of that name (a US state with its ZIP names the US)
    assert found == country


@pytest.mark.parametrize("text", ["크라운 그리스 EP 2", "나. 제품의 권고 용도와 사용상의 제한   인도"])
def test_korean_words_that_spell_a_country_are_no_country(text: str) -> None:
    # Given Korean words that are also a country's name (그리스 grease / Greece, 인도 handing-over / India)
    # When the country is read
    found = country_from_text(text, "ko")
    # Then they name no country
    assert found is None


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("+65 6123 4567", "SG"),
        ("0090 212 555 01 23", "TR"),
        ("+1 905 555 0100", "CA"),
        ("+1 (212) 555-0100", "US"),
        ("0049-(0)7223-284-0", "DE"),
        ("+44 (0) 1234 567890", "GB"),
    ],
)
def test_an_international_numbers_calling_code_gives_its_country(number: str, country: str) -> None:
    # Given an international number (the North American plan's by its area code)
    # When its country is read
    found = country_from_phone(number)
    # Then it is the calling code's country
    assert found == country


@pytest.mark.parametrize("number", ["00 - 16", "0015601-14", "(11) 4072-6100", "+49 12"])
def test_digits_that_cannot_be_an_international_number_give_no_country(number: str) -> None:
    # Given a time range ("8:00 - 16:00"), a code, a national number and a number too short for its code
    # When its country is read
    found = country_from_phone(number)
    # Then there is none
    assert found is None


def test_the_country_tables_are_what_their_sources_give() -> None:
    # Given the shipped tables and the CLDR and libphonenumber data installed with the development tools
    # When the generating script checks them
    result = subprocess.run(
        [sys.executable, "scripts/make_country_tables.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then they are up to date
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Tel.: 22 12-345 Fax: 22 12-346",
        "Fone: 21 1000-001 Fax",
        "Telefon :   +49208 / 9948-166\nTelefax :   +49208 / 9948-151",
        "Article AB12 3CC",
    ],
)
def test_digits_of_a_phone_number_or_a_code_are_no_postcode(text: str) -> None:
    # Given a national phone number split like a Polish or Portuguese postcode, or a code shaped like a
    # British one
    # When the country is read
    found = country_from_text(text, "en")
    # Then no country is made of it
    assert found is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("E-Mail: sds@acme.de", "DE"),
        ("www.acme.co.uk", "GB"),
        ("http://www.acme.com.br/contato", "BR"),
        ("msds@acme.cz", "CZ"),
        ("info@acme.com", None),
        ("sds@acme.eu", None),
        ("www.acme.io", None),
    ],
)
def test_a_national_mail_or_web_domain_names_its_country(text: str, country: str | None) -> None:
    # Given an e-mail or web address / When its country is read
    found = country_from_domain(text)
    # Then a national domain names its country, a worldwide one none
    assert found == country
