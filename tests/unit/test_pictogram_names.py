from __future__ import annotations

import pytest

from msds.domain.pictogram_names import find_pictograms, pictogram_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hazard pictograms: GHS02 GHS07", ["GHS02", "GHS07"]),
        ("Gefahrenpiktogramme GHS 05", ["GHS05"]),
        ("Pictogrammes de danger : SGH06", ["GHS06"]),
        ("Pictogram GHS07", ["GHS07"]),
        ("ghs-09", ["GHS09"]),
    ],
)
def test_pictogram_codes_are_found_in_their_printed_forms(text: str, expected: list[str]) -> None:
    # Given pictogram codes as printed by suppliers
    # When pictograms are searched
    found = [mention.pictogram for mention in find_pictograms(text)]

    # Then the codes are found
    assert found == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Symbol: Totenkopf mit gekreuzten Knochen", "de", "GHS06"),
        ("Ausrufezeichen", "de", "GHS07"),
        ("Flamme über einem Kreis", "de", "GHS03"),
        ("Point d’exclamation", "fr", "GHS07"),
        ("Danger pour la santé", "fr", "GHS08"),
        ("tête de mort", "fr", "GHS06"),
        ("Signo de exclamación", "es", "GHS07"),
        ("Wykrzyknik", "pl", "GHS07"),
    ],
)
def test_pictogram_names_are_found_in_eight_languages(text: str, lang: str, expected: str) -> None:
    # Given a pictogram named in words
    # When pictograms are searched in that language
    found = [mention.pictogram for mention in find_pictograms(text, lang)]

    # Then the pictogram is found once
    assert found == [expected]


def test_ordinary_words_are_only_read_as_pictograms_on_request() -> None:
    # Given text where "Flamme" and "Umwelt" are ordinary words
    text = "Von Flamme fernhalten. Freisetzung in die Umwelt vermeiden."

    # When pictograms are searched without and with ambiguous names
    strict = find_pictograms(text, "de")
    lenient = find_pictograms(text, "de", include_ambiguous=True)

    # Then only the lenient search reads them as pictograms
    assert strict == []
    assert [mention.pictogram for mention in lenient] == ["GHS02", "GHS09"]


def test_a_longer_name_wins_over_a_name_inside_it() -> None:
    # Given "flame over circle", which contains "flame"
    # When pictograms are searched with ambiguous names
    found = find_pictograms("Flame over circle", "en", include_ambiguous=True)

    # Then only GHS03 is reported, over the whole name
    assert [(mention.pictogram, mention.matched_text) for mention in found] == [
        ("GHS03", "Flame over circle")
    ]


def test_the_table_names_all_nine_pictograms_in_the_eight_priority_languages() -> None:
    # Given the pictogram name table
    names = pictogram_names()

    # When names are grouped by pictogram and language
    covered = {(name.pictogram, name.lang) for name in names if name.kind == "name"}

    # Then every pictogram has a name in every priority language
    expected = {
        (f"GHS0{n}", lang) for n in range(1, 10) for lang in ("en", "de", "fr", "es", "it", "nl", "pt", "pl")
    }
    assert expected <= covered
