"""The hand-compiled chemicals table of the synthetic SDS generator."""

from __future__ import annotations

import re

import pytest

from msds.domain.identifiers import cas_check_digit_ok, ec_check_digit_ok
from msds.synth.chemicals import Chemical, load_chemicals
from msds.synth.reference import hazard_statements

CHEMICALS = load_chemicals()


def test_the_table_holds_about_forty_distinct_chemicals() -> None:
    # Given the chemicals table
    # When its identifiers are collected
    keys = [c.key for c in CHEMICALS]
    cas_numbers = [c.cas for c in CHEMICALS]
    ec_numbers = [c.ec for c in CHEMICALS]
    # Then there are at least 40 chemicals and no identifier repeats
    assert len(CHEMICALS) >= 40
    assert len(set(keys)) == len(keys)
    assert len(set(cas_numbers)) == len(cas_numbers)
    assert len(set(ec_numbers)) == len(ec_numbers)


@pytest.mark.parametrize("chemical", CHEMICALS, ids=lambda c: c.key)
def test_every_cas_number_passes_its_check_digit(chemical: Chemical) -> None:
    # Given a chemical of the table
    # When its CAS number is checked
    valid = cas_check_digit_ok(chemical.cas)
    # Then the check digit is right
    assert valid, chemical.cas


@pytest.mark.parametrize("chemical", CHEMICALS, ids=lambda c: c.key)
def test_every_ec_number_passes_its_check_digit(chemical: Chemical) -> None:
    # Given a chemical of the table
    # When its EC number is checked
    valid = ec_check_digit_ok(chemical.ec)
    # Then the check digit is right
    assert valid, chemical.ec


@pytest.mark.parametrize("cas", ["67-64-2", "67-64", "6764-1", "67-6a-1", "7732-18-50"])
def test_a_wrong_or_malformed_cas_number_is_rejected(cas: str) -> None:
    # Given a CAS number with a wrong check digit or shape
    # When it is checked
    valid = cas_check_digit_ok(cas)
    # Then it fails
    assert not valid


@pytest.mark.parametrize("ec", ["200-662-3", "200-662", "2006-62-2", "200-66x-2"])
def test_a_wrong_or_malformed_ec_number_is_rejected(ec: str) -> None:
    # Given an EC number with a wrong check digit or shape
    # When it is checked
    valid = ec_check_digit_ok(ec)
    # Then it fails
    assert not valid


def test_every_hazard_code_of_a_chemical_is_a_current_clp_statement() -> None:
    # Given the current CLP hazard statements
    current = hazard_statements()
    # When the chemicals' codes are compared with them
    unknown = {(c.key, code) for c in CHEMICALS for code in c.h_codes if code not in current}
    # Then every code exists
    assert unknown == set()


def test_every_un_number_has_the_un_prefix_and_four_digits() -> None:
    # Given the chemicals that are dangerous goods
    un_numbers = [c.un_number for c in CHEMICALS if c.un_number is not None]
    # When their UN numbers are looked at
    malformed = [u for u in un_numbers if not re.fullmatch(r"UN\d{4}", u)]
    # Then all look like "UN1090"
    assert un_numbers
    assert malformed == []


def test_flash_points_agree_with_the_flammable_liquid_category() -> None:
    # Given the flammable liquids of the table
    liquids = [c for c in CHEMICALS if {"H224", "H225", "H226"} & set(c.h_codes)]
    # When their flash points are compared with CLP Annex I 2.6
    wrong = []
    for chemical in liquids:
        flash_point = chemical.flash_point_c
        category_2 = "H224" in chemical.h_codes or "H225" in chemical.h_codes
        if flash_point is None:
            wrong.append(chemical.key)
            continue
        expected = flash_point < 23 if category_2 else 23 <= flash_point <= 60
        if not expected:
            wrong.append(chemical.key)
    # Then category 1/2 liquids flash below 23 °C and category 3 between 23 and 60 °C
    assert wrong == []


def test_acetone_carries_its_harmonised_identity() -> None:
    # Given the table
    # When acetone is looked up
    acetone = next(c for c in CHEMICALS if c.key == "acetone")
    # Then it has the documented identifiers, codes, UN number and flash point
    assert (acetone.cas, acetone.ec) == ("67-64-1", "200-662-2")
    assert acetone.h_codes == ("H225", "H319", "H336", "EUH066")
    assert acetone.un_number == "UN1090"
    assert acetone.flash_point_c == -20
    assert acetone.name("de") == "Aceton"
