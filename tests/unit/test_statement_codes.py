from __future__ import annotations

import pytest

from msds.domain.statement_codes import InvalidStatementCode, find_codes, kind_of, normalise_code


def codes_in(text: str) -> list[str]:
    return [match.code for match in find_codes(text)]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("H 315", "H315"),
        ("EUH 066", "EUH066"),
        ("EUH066", "EUH066"),
        ("H360FD", "H360FD"),
        ("H360Fd", "H360Fd"),
        ("H361d", "H361d"),
        ("H350i", "H350i"),
        ("EUH201A", "EUH201A"),
        ("EUH 209A", "EUH209A"),
    ],
)
def test_a_single_printed_code_is_found_in_its_normal_form(printed: str, expected: str) -> None:
    # Given a code printed with or without a space and with its letter suffix
    text = f"Hazard statements: {printed} see below"

    # When codes are searched
    found = find_codes(text)

    # Then exactly that code is found, spanning what was printed
    assert [match.code for match in found] == [expected]
    assert text[found[0].start : found[0].end] == printed


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("H315+H320", "H315+H320"),
        ("H302 + H312 + H332", "H302+H312+H332"),
        ("P305+P351+P338", "P305+P351+P338"),
        ("P301 + P310", "P301+P310"),
        ("P305 + P351 +\nP338", "P305+P351+P338"),
        ("P305+351+338", "P305+P351+P338"),
    ],
)
def test_a_printed_combination_stays_one_code_without_spaces(printed: str, expected: str) -> None:
    # Given a combined statement code as suppliers print it
    text = f"Precautionary statements {printed} Rinse"

    # When codes are searched
    found = find_codes(text)

    # Then it is one item, normalised, covering the whole print
    assert [match.code for match in found] == [expected]
    assert text[found[0].start : found[0].end] == printed


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("H302/H312", ["H302", "H312"]),
        ("H302-H315-H319", ["H302", "H315", "H319"]),
        ("H302, H315; H319", ["H302", "H315", "H319"]),
        ("H302/312/332", ["H302", "H312", "H332"]),
    ],
)
def test_a_list_of_codes_gives_separate_codes_not_a_combination(printed: str, expected: list[str]) -> None:
    # Given codes joined by slashes, hyphens or commas
    # When codes are searched
    found = codes_in(printed)

    # Then each is its own code
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "H2 25",
        "H2O",
        "UN 1203",
        "UN1263",
        "PH 7",
        "pH 7.5",
        "P/N 1234",
        "Page 3 of 12",
        "P 1234",
        "H 250 mm",
        "P 500 g",
        "P2O5 (phosphorus pentoxide)",
        "P4O10",
        "CH315",
        "Hi10 Prozessor",
    ],
)
def test_things_that_only_look_like_codes_are_not_matched(text: str) -> None:
    # Given text with numbers next to H or P that are not statement codes
    # When codes are searched
    found = codes_in(text)

    # Then nothing is found
    assert found == []


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("H3l5", "H315"), ("H3i9", "H319"), ("HЗ15", "H315"), ("Р280", "P280"), ("EUHOI9", "EUH019")],
)
def test_an_ocr_misread_code_is_repaired_and_flagged_when_the_repair_exists(
    printed: str, expected: str
) -> None:
    # Given a code with one character misread by OCR (letter l or i for 1, Cyrillic Ze for 3, Cyrillic Er
    # for P)
    # When codes are searched
    found = find_codes(f"Gefahrenhinweise {printed} Verursacht")

    # Then the repaired code is found and marked as corrected
    assert [(match.code, match.ocr_corrected) for match in found] == [(expected, True)]


def test_a_combination_with_a_part_ocr_damaged_and_a_speck_by_its_plus_is_read_whole() -> None:
    # Given a scanned precaution list whose P351 ends in a bracket and whose last plus sign has a speck
    text = "P264-P280-P302 + P352-P305 + P35] +. P338-P310"
    # When codes are searched
    found = codes_in(text)
    # Then the three-part combination is read whole, and nothing else changes
    assert found == ["P264", "P280", "P302+P352", "P305+P351+P338", "P310"]


def test_a_code_glued_to_the_following_word_is_still_found() -> None:
    # Given PDF text that lost the space after the code
    text = "H315Causes skin irritation. H350inhalation"

    # When codes are searched
    found = codes_in(text)

    # Then the codes are found, and prose is not read as a suffix
    assert found == ["H315", "H350"]


def test_a_code_after_a_spaced_code_is_not_taken_for_a_unit() -> None:
    # Given a spaced code followed by a code starting with H (as in "h" for hours)
    # When codes are searched
    found = codes_in("EUH 066 H350i P 280")

    # Then all three are found
    assert found == ["EUH066", "H350i", "P280"]


def test_an_unknown_but_well_formed_code_is_reported_so_validation_can_flag_it() -> None:
    # Given a code that does not exist, printed without a space
    # When codes are searched
    found = codes_in("H399")

    # Then it is still found
    assert found == ["H399"]


def test_a_bracketed_optional_part_of_a_combination_is_kept_as_printed() -> None:
    # Given the CLP template combination with its optional part
    # When codes are searched
    found = codes_in("P370+P380+P375[+P378]")

    # Then it is one code in the catalog's spelling
    assert found == ["P370+P380+P375[+P378]"]


def test_codes_of_different_kinds_joined_by_plus_are_not_a_combination() -> None:
    # Given an H code and a P code joined by "+"
    # When codes are searched
    found = codes_in("H315+P280")

    # Then they are two codes
    assert found == ["H315", "P280"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("h 315", "H315"), ("P301 + P310", "P301+P310"), ("H361FD", "H361fd"), ("euh 066", "EUH066")],
)
def test_normalising_a_code_fixes_case_and_spacing(raw: str, expected: str) -> None:
    # Given a code typed loosely
    # When it is normalised
    normal = normalise_code(raw)

    # Then it has the catalog's spelling
    assert normal == expected


@pytest.mark.parametrize("raw", ["", "X315", "H31", "H315+", "H360Q"])
def test_normalising_something_that_is_not_a_code_raises_a_named_error(raw: str) -> None:
    # Given a string that is not a statement code
    # When it is normalised
    # Then InvalidStatementCode is raised
    with pytest.raises(InvalidStatementCode):
        normalise_code(raw)


def test_the_kind_of_a_code_is_read_from_its_prefix() -> None:
    # Given codes of each kind
    # When their kind is asked
    kinds = [kind_of(code) for code in ("H315", "EUH066", "P301+P310")]

    # Then H, EUH and P are told apart
    assert kinds == ["H", "EUH", "P"]
