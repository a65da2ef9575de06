from __future__ import annotations

import pytest

from msds.domain.ghs_rules import (
    allowed_signal_words,
    expected_pictograms,
    expected_signal_word,
    possible_pictograms,
    unmapped_codes,
)
from msds.domain.statement_codes import InvalidStatementCode


@pytest.mark.parametrize(
    ("codes", "pictograms"),
    [
        (["H225"], {"GHS02"}),
        (["H280"], {"GHS04"}),
        (["H410"], {"GHS09"}),
        (["H412"], set()),
        (["H350i", "H360Fd"], {"GHS08"}),
        (["H302", "H411"], {"GHS07", "GHS09"}),
    ],
)
def test_each_hazard_class_brings_its_pictogram(codes: list[str], pictograms: set[str]) -> None:
    # Given hazard statements without precedence conflicts
    # When the expected pictograms are asked
    found = expected_pictograms(codes)

    # Then they are the pictograms of the categories
    assert found == pictograms


def test_the_skull_suppresses_the_exclamation_mark() -> None:
    # Given acute toxicity cat. 3 (GHS06) with skin irritation (GHS07)
    # When the expected pictograms are asked
    found = expected_pictograms(["H301", "H315"])

    # Then GHS07 is not expected but stays possible
    assert found == {"GHS06"}
    assert possible_pictograms(["H301", "H315"]) == {"GHS06", "GHS07"}


def test_corrosion_suppresses_the_exclamation_mark_only_for_irritation() -> None:
    # Given corrosion with irritation, and corrosion with acute toxicity cat. 4
    with_irritation = expected_pictograms(["H314", "H315", "H319"])
    with_harmful = expected_pictograms(["H314", "H302"])

    # When / Then GHS07 goes for irritation but stays for H302
    assert with_irritation == {"GHS05"}
    assert with_harmful == {"GHS05", "GHS07"}


def test_respiratory_sensitisation_suppresses_the_exclamation_mark_for_skin_sensitisation() -> None:
    # Given respiratory and skin sensitisation, with and without a second GHS07 effect
    alone = expected_pictograms(["H334", "H317"])
    with_drowsiness = expected_pictograms(["H334", "H317", "H336"])

    # When / Then GHS07 only remains for the narcotic effect
    assert alone == {"GHS08"}
    assert with_drowsiness == {"GHS07", "GHS08"}


def test_the_exploding_bomb_makes_flame_optional_unless_the_category_needs_both() -> None:
    # Given an explosive with a flammable liquid, and a self-reactive type B (GHS01 and GHS02 together)
    explosive_and_flammable = expected_pictograms(["H201", "H225"])
    self_reactive_b = expected_pictograms(["H241"])

    # When / Then GHS02 is optional in the first case and required in the second
    assert explosive_and_flammable == {"GHS01"}
    assert "GHS02" in possible_pictograms(["H201", "H225"])
    assert self_reactive_b == {"GHS01", "GHS02"}


def test_a_code_shared_by_categories_with_different_pictograms_requires_only_what_they_share() -> None:
    # Given H221 (Flam. Gas 1B with GHS02, Flam. Gas 2 without pictogram)
    # When pictograms are asked
    required = expected_pictograms(["H221"])
    possible = possible_pictograms(["H221"])

    # Then GHS02 is possible but not required
    assert required == set()
    assert possible == {"GHS02"}


def test_combined_codes_are_read_as_their_parts() -> None:
    # Given a combined acute toxicity statement
    # When pictograms and signal word are asked
    pictograms = expected_pictograms(["H301+H311+H331"])
    word = expected_signal_word(["H301+H311+H331"])

    # Then they are those of the parts
    assert (pictograms, word) == ({"GHS06"}, "Danger")


@pytest.mark.parametrize(
    ("codes", "word"),
    [
        (["H315"], "Warning"),
        (["H315", "H318"], "Danger"),
        (["H412"], None),
        (["H411"], None),
        (["H410"], "Warning"),
        (["H227"], "Warning"),
        (["EUH380"], "Danger"),
    ],
)
def test_danger_wins_over_warning(codes: list[str], word: str | None) -> None:
    # Given hazard statements
    # When the signal word is asked
    found = expected_signal_word(codes)

    # Then the strongest required word is given
    assert found == word


def test_a_code_with_categories_of_different_signal_words_allows_both() -> None:
    # Given H228 (Flam. Sol. 1 Danger, Flam. Sol. 2 Warning)
    # When the allowed and the required words are asked
    allowed = allowed_signal_words(["H228"])
    required = expected_signal_word(["H228"])

    # Then both words are allowed and Warning is what is certainly required
    assert allowed == {"Danger", "Warning"}
    assert required == "Warning"


def test_a_stronger_code_settles_an_ambiguous_one() -> None:
    # Given H228 with a corrosive
    # When the allowed words are asked
    allowed = allowed_signal_words(["H228", "H314"])

    # Then only Danger remains
    assert allowed == {"Danger"}


def test_codes_without_label_rules_are_reported_and_ignored() -> None:
    # Given a supplemental EUH statement and an unknown code next to a known one
    codes = ["EUH066", "H399", "H315"]

    # When the rules are applied
    unmapped = unmapped_codes(codes)
    pictograms = expected_pictograms(codes)

    # Then the unmapped ones are named and do not affect the result
    assert unmapped == {"EUH066", "H399"}
    assert pictograms == {"GHS07"}


def test_something_that_is_not_a_code_raises_a_named_error() -> None:
    # Given garbage among the codes
    # When the rules are applied
    # Then InvalidStatementCode is raised
    with pytest.raises(InvalidStatementCode):
        expected_pictograms(["H315", "flammable"])
