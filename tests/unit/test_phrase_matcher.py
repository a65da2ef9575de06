from __future__ import annotations

from collections import defaultdict

import pytest

from msds.domain.catalog import StatementCatalog, default_catalog
from msds.domain.phrase_matcher import PhraseLanguageUnsupported, PhraseMatcher
from msds.services.extract.hazards import ACCEPT_PHRASE_SCORE

PRIORITY_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "pl")


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher:
    return PhraseMatcher()


@pytest.fixture(scope="module")
def catalog() -> StatementCatalog:
    return default_catalog()


def codes(matcher: PhraseMatcher, text: str, lang: str | None = "en") -> list[str]:
    return [match.code for match in matcher.match(text, lang)]


# -- safety: statements that differ in meaning are never confused -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toxic if swallowed.", "H301"),
        ("Harmful if swallowed.", "H302"),
        ("Causes severe skin burns and eye damage.", "H314"),
        ("Causes skin irritation.", "H315"),
        ("Causes serious eye damage.", "H318"),
        ("Causes serious eye irritation.", "H319"),
        ("May damage fertility or the unborn child.", "H360"),
        ("Suspected of damaging fertility or the unborn child.", "H361"),
        ("Very toxic to aquatic life with long lasting effects.", "H410"),
        ("Toxic to aquatic life with long lasting effects.", "H411"),
        ("Harmful to aquatic life with long lasting effects.", "H412"),
        ("Very toxic to aquatic life.", "H400"),
        ("May cause cancer.", "H350"),
        ("May cause cancer by inhalation.", "H350i"),
        ("May damage fertility.", "H360F"),
        ("May damage fertility. May damage the unborn child.", "H360FD"),
    ],
)
def test_close_hazard_statements_each_map_to_their_own_code(
    matcher: PhraseMatcher, text: str, expected: str
) -> None:
    # Given one hazard statement among several that differ by a word
    # When it is matched
    found = codes(matcher, text)

    # Then only its own code is reported
    assert found == [expected]


def test_a_harmful_if_swallowed_text_never_maps_to_toxic_if_swallowed(matcher: PhraseMatcher) -> None:
    # Given "harmful" printed clean, in capitals and with an OCR error
    texts = [
        "Harmful if swallowed.",
        "HARMFUL IF SWALLOWED",
        "Harmfu1 if swal1owed.",
        "Harrnful if swallowed.",
    ]

    # When each is matched
    found = [codes(matcher, text) for text in texts]

    # Then every one is H302 and none is H301
    assert found == [["H302"]] * len(texts)


def test_precautionary_statements_that_differ_by_one_clause_keep_their_codes(matcher: PhraseMatcher) -> None:
    # Given P310/P311/P312-style texts that differ in "immediately" and "if you feel unwell"
    texts = {
        "Immediately call a POISON CENTER/doctor.": "P310",
        "Call a POISON CENTER/doctor.": "P311",
        "Call a POISON CENTER/doctor if you feel unwell.": "P312",
        "Get medical advice/attention.": "P313",
        "Get medical advice/attention if you feel unwell.": "P314",
        "Get immediate medical advice/attention.": "P315",
    }

    # When each is matched on its own
    found = {text: codes(matcher, text) for text in texts}

    # Then each keeps its code
    assert found == {text: [code] for text, code in texts.items()}


def test_a_negated_statement_is_not_reported(matcher: PhraseMatcher) -> None:
    # Given prose that negates a statement
    text = "Based on available data, the classification criteria are not met. Not harmful if swallowed."

    # When it is matched
    found = codes(matcher, text)

    # Then H302 is not reported
    assert "H302" not in found


def test_a_statement_inside_a_longer_one_gives_way_to_the_longer_one(matcher: PhraseMatcher) -> None:
    # Given H304, which contains H300's words
    text = "May be fatal if swallowed and enters airways."

    # When it is matched
    found = codes(matcher, text)

    # Then only H304 is reported
    assert found == ["H304"]


def test_a_statement_embedded_in_running_prose_is_not_reported_with_full_confidence(
    matcher: PhraseMatcher,
) -> None:
    # Given the words of H302 in the middle of a sentence
    text = "In animal studies the product was harmful if swallowed in high doses."

    # When it is matched with every score kept
    found = matcher.match(text, "en", min_score=0.0)

    # Then the match, if any, scores below the default threshold
    assert all(match.score < 0.6 for match in found)


# -- tolerance: layout, hyphenation, OCR, fill-ins, alternatives ---------------------------------------------


def test_a_statement_broken_over_lines_with_hyphenation_is_found(matcher: PhraseMatcher) -> None:
    # Given a German statement hyphenated at a line break and a French one broken without hyphen
    german = "Verursacht schwere Verätzungen der Haut und schwere Augen-\nschäden."
    french = "Contient un gaz sous pression; peut exploser sous l'effet de la\nchaleur."

    # When they are matched
    found = [codes(matcher, german, "de"), codes(matcher, french, "fr")]

    # Then the codes are found
    assert found == [["H314"], ["H280"]]


def test_a_soft_hyphen_left_by_pdf_extraction_does_not_break_a_word(matcher: PhraseMatcher) -> None:
    # Given text extracted with a soft hyphen inside a word
    text = "Causes serious eye irri\u00adtation."

    # When it is matched
    found = codes(matcher, text)

    # Then the statement is found
    assert found == ["H319"]


def test_small_ocr_errors_are_repaired_with_a_lower_score(matcher: PhraseMatcher) -> None:
    # Given an H411 text with two letters misread
    text = "Toxlc to aquatic life with long lastlng effects."

    # When it is matched
    found = matcher.match(text, "en")

    # Then it is H411 with a score below 1
    assert [match.code for match in found] == ["H411"]
    assert 0.6 < found[0].score < 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Harmful lf swallowed.", "H302"),  # i read as l in a short word
        ("Moy cause an allergic skin reaction.", "H317"),  # a read as o
        ("Fire 0r projection hazard.", "H204"),  # o read as a zero in a two-letter word
        ("Toxic ta aquatic life with long lasting effects.", "H411"),
    ],
)
def test_a_short_word_with_one_letter_ocr_confuses_is_repaired(
    matcher: PhraseMatcher, text: str, code: str
) -> None:
    # Given a statement whose short word has one letter misread the way OCR misreads print
    # When it is matched
    found = matcher.match(text, "en")
    # Then the statement is found, with a score below a clean reading's
    assert [match.code for match in found] == [code]
    assert ACCEPT_PHRASE_SCORE <= found[0].score < 1.0


def test_a_word_one_edit_from_two_words_is_repaired_by_the_letter_ocr_confuses(
    matcher: PhraseMatcher,
) -> None:
    # Given "cause" printed "canse" (u read as n), one edit from "cause" and from "case"
    text = "May canse cancer."
    # When it is matched
    found = matcher.match(text, "en")
    # Then the confused letter decides for "cause", and the statement is found
    assert [match.code for match in found] == ["H350"]


def test_words_split_or_glued_by_ocr_are_rejoined(matcher: PhraseMatcher) -> None:
    # Given one word split by a stray space and two words glued together
    split = "May be fatal if swallowed and ent ers airways."
    glued = "Causes skinirritation."

    # When they are matched
    found = [codes(matcher, split), codes(matcher, glued)]

    # Then the statements are found
    assert found == [["H304"], ["H315"]]


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("Líquidos yvapores inflamables.", "es", "H226"),  # a one-letter conjunction glued on
        ("Líquidoe vapor inflamáveis.", "pt", "H226"),
        ("Explosivo; grave peligro deproyección.", "es", "H202"),  # not "proyección" two edits away
        ("Fatal if in haled.", "en", "H330"),  # split, and the first part is a word too
        ("Extrem en tzündbares Aerosol.", "de", "H222"),
    ],
)
def test_words_glued_to_a_short_word_or_split_after_one_are_read_as_printed(
    matcher: PhraseMatcher, text: str, lang: str, code: str
) -> None:
    # Given a statement whose blank OCR lost after a short word, or put inside a word after a short word
    # When it is matched
    # Then the statement is found
    assert codes(matcher, text, lang) == [code]


def test_a_one_edit_correction_beats_a_split_into_a_letter_and_a_word(matcher: PhraseMatcher) -> None:
    # Given H281 with "oder" misread "ader" (also "a" + "der")
    text = "Enthält tiefgekühltes Gas; kann Kälteverbrennungen ader -verletzungen verursachen."
    # When it is matched
    # Then "ader" is read as "oder", and the statement is found
    assert codes(matcher, text, "de") == ["H281"]


def test_case_punctuation_and_typographic_quotes_do_not_matter(matcher: PhraseMatcher) -> None:
    # Given French text with a curly apostrophe and no final period
    text = "NOCIF EN CAS D’INGESTION"

    # When it is matched
    found = codes(matcher, text, "fr")

    # Then H302 is found
    assert found == ["H302"]


def test_a_printed_subset_of_alternatives_matches_the_full_statement(matcher: PhraseMatcher) -> None:
    # Given P280 with only some of its alternatives, joined by slash or "and"
    texts = [
        "Wear protective gloves/eye protection.",
        "Wear eye protection/face protection.",
        "Wear protective gloves.",
        "Schutzhandschuhe/Augenschutz tragen.",
    ]

    # When they are matched
    found = [codes(matcher, text, None) for text in texts]

    # Then every one is P280
    assert found == [["P280"]] * len(texts)


def test_alternatives_sharing_a_word_may_print_it_once(matcher: PhraseMatcher) -> None:
    # Given P280 as US sheets abbreviate it
    texts = [
        "Wear eye/face protection.",
        "Wear protective gloves/clothing.",
        "Wear protective gloves and eye/face protection.",
    ]

    # When they are matched
    found = [codes(matcher, text) for text in texts]

    # Then every one is P280
    assert found == [["P280"]] * len(texts)


def test_a_fill_in_between_official_words_beats_a_fill_in_at_the_end(matcher: PhraseMatcher) -> None:
    # Given P264 filled in with words that also begin P352 ("Wash with plenty of water/…")
    text = "Wash with plenty of water and soap thoroughly after handling."

    # When it is matched
    found = codes(matcher, text)

    # Then the statement whose official words frame the fill-in wins
    assert found == ["P264"]


def test_a_fill_in_completed_by_the_supplier_is_accepted(matcher: PhraseMatcher) -> None:
    # Given statements whose "…" the supplier filled in
    texts = {
        "Dispose of contents/container to an approved waste disposal plant.": "P501",
        "Wash hands and face thoroughly after handling.": "P264",
        "Store at temperatures not exceeding 25 °C/77 °F.": "P411",
        "IF ON SKIN: Wash with plenty of soap and water.": "P302+P352",
        "Wasser zum Löschen verwenden.": "P378",
    }

    # When they are matched
    found = {text: codes(matcher, text, None) for text in texts}

    # Then the statements are found
    assert found == {text: [code] for text, code in texts.items()}


def test_a_fill_in_at_the_end_stops_at_the_next_statement(matcher: PhraseMatcher) -> None:
    # Given a statement ending in a fill-in, then on the next line another one, without punctuation
    text = "Immediately call a POISON CENTER or doctor/physician\nRinse mouth"

    # When it is matched
    found = matcher.match(text, "en")

    # Then both are found and the first ends before the second
    assert [match.code for match in found] == ["P310", "P330"]
    assert found[0].matched_text == "Immediately call a POISON CENTER or doctor/physician"


def test_an_older_wording_is_recognised_and_marked_historical(matcher: PhraseMatcher) -> None:
    # Given the pre-2015 wording of P210
    text = "Keep away from heat/sparks/open flames/hot surfaces. — No smoking."

    # When it is matched
    found = matcher.match(text, "en")

    # Then P210 is found from a historical wording
    assert [(match.code, match.is_current_wording) for match in found] == [("P210", False)]


def test_the_us_ghs_spelling_is_recognised(matcher: PhraseMatcher) -> None:
    # Given the GHS Rev. 10 wording printed on US sheets
    text = "Highly flammable liquid and vapor."

    # When it is matched
    found = codes(matcher, text)

    # Then it is H225
    assert found == ["H225"]


# -- combinations --------------------------------------------------------------------------------------------


def test_a_combined_statement_is_reported_as_the_combined_code(matcher: PhraseMatcher) -> None:
    # Given P305+P351+P338 printed over two lines
    text = (
        "IF IN EYES: Rinse cautiously with water for several minutes. Remove contact lenses,\n"
        "if present and easy to do. Continue rinsing."
    )

    # When it is matched
    found = codes(matcher, text)

    # Then the combined code is reported and not its parts
    assert found == ["P305+P351+P338"]


def test_a_combined_hazard_statement_beats_its_parts(matcher: PhraseMatcher) -> None:
    # Given H302+H332 and, separately, H302 and H332
    combined = "Harmful if swallowed or if inhaled."
    separate = "Harmful if swallowed. Harmful if inhaled."

    # When they are matched
    found = [codes(matcher, combined), codes(matcher, separate)]

    # Then the combination is one code and the separate texts are two
    assert found == [["H302+H332"], ["H302", "H332"]]


def test_a_condition_followed_by_an_action_is_reported_as_their_combination(matcher: PhraseMatcher) -> None:
    # Given "IF SWALLOWED:" followed by "Rinse mouth.", a combination CLP does not list
    text = "IF SWALLOWED: Rinse mouth."

    # When it is matched
    found = codes(matcher, text)

    # Then it is reported as P301+P330
    assert found == ["P301+P330"]


def test_further_response_statements_on_the_same_line_join_the_combination(matcher: PhraseMatcher) -> None:
    # Given a condition with two actions on one line, then a storage statement on the next line
    text = (
        "IF ON SKIN (or hair): Take off immediately all contaminated clothing. Wash with plenty of water.\n"
        "IF SWALLOWED: Rinse mouth.\n"
        "Store locked up."
    )

    # When it is matched
    found = codes(matcher, text)

    # Then the actions join their condition, and the next line starts a new statement
    assert found == ["P303+P361+P352", "P301+P330", "P405"]


# -- many statements in one block ----------------------------------------------------------------------------


def test_a_german_label_block_printed_as_text_only_gives_every_code(matcher: PhraseMatcher) -> None:
    # Given a German Section 2.2 block with statements as text only, bullets and a line break in a statement
    text = (
        "· Gefahrenhinweise\n"
        "Verursacht schwere Augenreizung.\n"
        "· Sicherheitshinweise\n"
        "Ist ärztlicher Rat erforderlich, Verpackung oder Kennzeichnungsetikett bereithalten.\n"
        "Darf nicht in die Hände von Kindern gelangen.\n"
        "BEI KONTAKT MIT DEN AUGEN: Einige Minuten lang behutsam mit Wasser spülen. Vorhandene\n"
        "Kontaktlinsen nach Möglichkeit entfernen. Weiter spülen.\n"
        "Bei anhaltender Augenreizung: Ärztlichen Rat einholen/ärztliche Hilfe hinzuziehen.\n"
        "BEI VERSCHLUCKEN: Bei Unwohlsein GIFTINFORMATIONSZENTRUM/Arzt anrufen.\n"
    )

    # When it is matched in German
    found = codes(matcher, text, "de")

    # Then each statement is found once, in order
    assert found == ["H319", "P101", "P102", "P305+P351+P338", "P337+P313", "P301+P312"]


def test_every_match_points_at_the_text_it_came_from(matcher: PhraseMatcher) -> None:
    # Given two statements with noise around them
    text = "Hazard statements:\nH319 Causes serious eye irritation.\n(Continued on page 2)\nKeep cool."

    # When they are matched
    found = matcher.match(text, "en")

    # Then offsets and matched text agree
    assert [match.code for match in found] == ["H319", "P235"]
    assert all(text[match.start : match.end] == match.matched_text for match in found)
    assert found[0].matched_text == "Causes serious eye irritation"


# -- languages -----------------------------------------------------------------------------------------------


def test_the_language_restriction_limits_the_wordings_searched(matcher: PhraseMatcher) -> None:
    # Given a French statement
    text = "Provoque une irritation cutanée."

    # When it is matched in French, in German and in all languages
    french = codes(matcher, text, "fr")
    german = codes(matcher, text, "de")
    any_language = matcher.match(text, None)

    # Then only the French and the open search find it, and report the language
    assert french == ["H315"]
    assert german == []
    assert [(match.code, match.lang) for match in any_language] == [("H315", "fr")]


def test_a_language_without_statement_wordings_raises_a_named_error(matcher: PhraseMatcher) -> None:
    # Given Japanese, for which the catalog holds no wordings
    # When a text is matched in Japanese
    # Then PhraseLanguageUnsupported is raised
    assert not matcher.supports("ja")
    with pytest.raises(PhraseLanguageUnsupported):
        matcher.match("飲み込むと有害", "ja")


@pytest.mark.parametrize("lang", PRIORITY_LANGUAGES)
def test_every_official_wording_maps_back_to_its_own_code(
    matcher: PhraseMatcher, catalog: StatementCatalog, lang: str
) -> None:
    # Given every wording of one language, grouped with the codes sharing the same text
    codes_by_text: dict[str, set[str]] = defaultdict(set)
    for wording in catalog.wordings([lang]):
        code = wording.code
        codes_by_text[wording.text] |= {code.split("[+")[0], code.replace("[+", "+").replace("]", "")}

    # When each wording is matched on its own
    wrong = {}
    for text, expected in codes_by_text.items():
        found = codes(matcher, text, lang)
        accepted = {code for code in found if ({code} | _SAME_TEXT.get(code, set())) & expected}
        if not found or accepted != set(found):
            wrong[text] = found

    # Then each maps to its own code (or to every code the regulation gives the very same text)
    assert wrong == {}


# P285 was merged into P284 and keeps its text; early P362 wordings included the washing of P364.
_SAME_TEXT = {"P284": {"P285"}, "P362+P364": {"P362"}}


def test_a_statement_printed_again_with_more_words_is_two_statements(matcher: PhraseMatcher) -> None:
    # Given "Causes damage to organs" on one line and the repeated-exposure statement on the next
    text = "Causes damage to organs\nCauses damage to organs through prolonged or repeated exposure"
    # When the statements are matched
    found = matcher.match(text, "en")
    # Then both are read, the single-exposure one not swallowed as the other's organs
    assert [match.code for match in found] == ["H370", "H372"]
