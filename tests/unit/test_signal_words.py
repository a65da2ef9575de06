from __future__ import annotations

import pytest

from msds.domain.signal_words import find_signal_word, resolve_signal_word


def words(text: str, lang: str | None) -> list[str]:
    return [match.word_en for match in find_signal_word(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Signal word: Danger", "en", "Danger"),
        ("Signal word (CLP): Warning", "en", "Warning"),
        ("Signal Word\nDANGER", "en", "Danger"),
        ("· Signalwort Achtung", "de", "Warning"),
        ("Mention d'avertissement : Attention", "fr", "Warning"),
        ("Mot indicateur : Danger", "fr", "Danger"),
        ("Palabra de advertencia: Peligro", "es", "Danger"),
        ("Avvertenza: Pericolo", "it", "Danger"),
        ("Signaalwoord: Waarschuwing", "nl", "Warning"),
        ("Palavra de advertência: ATENÇÃO", "pt", "Warning"),
        ("Hasło ostrzegawcze: Niebezpieczeństwo", "pl", "Danger"),
        ("  ○ 신호어 : 경고", "ko", "Warning"),
        ("注意喚起語：危険", "ja", "Danger"),
    ],
)
def test_a_labelled_signal_word_is_found_in_its_language(text: str, lang: str, expected: str) -> None:
    # Given a signal word after its label
    # When signal words are searched in that language
    found = words(text, lang)

    # Then it is found in English
    assert found == [expected]


def test_a_signal_word_alone_on_its_line_counts() -> None:
    # Given the label block of a sheet, the word on a line of its own
    text = "GHS07\n\nGefahr\n\nGefahrenhinweise"

    # When signal words are searched
    found = words(text, "de")

    # Then it is found
    assert found == ["Danger"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Danger pour la santé", "fr"),
        ("Attention : ne pas respirer les vapeurs.", "fr"),
        ("Explosiv, Gefahr der Massenexplosion.", "de"),
        ("Uwaga: produkt należy przechowywać w chłodnym miejscu.", "pl"),
        ("Cyanoacrylate. Danger. Bonds skin and eyes in seconds.", "en"),
        ("Signalwort entfällt", "de"),
        ("危険有害性の要約", "ja"),
    ],
)
def test_the_same_words_in_ordinary_text_are_not_signal_words(text: str, lang: str) -> None:
    # Given text using a signal word as an ordinary word
    # When signal words are searched
    found = words(text, lang)

    # Then nothing is found
    assert found == []


def test_a_secondary_spelling_needs_its_label() -> None:
    # Given the Dutch "Let op" alone and after its label
    alone = words("Let op", "nl")
    labelled = words("Signaalwoord: Let op", "nl")

    # When / Then only the labelled one counts
    assert alone == []
    assert labelled == ["Warning"]


def test_without_a_language_every_language_is_tried() -> None:
    # Given an Italian label
    # When signal words are searched without a language
    found = words("Avvertenza: Attenzione", None)

    # Then it is found
    assert found == ["Warning"]


def test_offsets_point_at_the_word() -> None:
    # Given a labelled word
    text = "Signalwort: Gefahr"

    # When it is found
    match = find_signal_word(text, "de")[0]

    # Then the offsets cover the printed word
    assert text[match.start : match.end] == "Gefahr"


def test_danger_wins_when_both_words_are_found() -> None:
    # Given a sheet that prints both words
    matches = find_signal_word("Signal word: Warning\nSignal word: Danger", "en")

    # When one word is resolved
    word = resolve_signal_word(matches)

    # Then it is Danger
    assert word == "Danger"
    assert resolve_signal_word([]) is None


def test_a_signal_word_alone_after_a_short_label_of_another_wording_is_found() -> None:
    # Given a German label element that names the signal word "Warnhinweise" (warnings) instead of
    # "Signalwort", and a sentence that uses the same word
    text = "Warnhinweise:   Gefahr\nDieses Produkt ist eine Gefahr für Kinder"
    # When the signal words are found
    found = find_signal_word(text, "de")
    # Then the labelled one is found, the word inside the sentence is not
    assert [(match.word_en, match.start) for match in found] == [("Danger", 16)]


def test_a_signal_word_alone_in_the_column_beside_a_short_label_is_found() -> None:
    # Given an emergency overview laid out as a table row, its signal word in the value column, and a
    # classification row whose last cell is also the word
    text = "Emergency overview   DANGER\nSkin Corr. 1B   Danger\nCauses skin and eye burns."
    # When the signal words are found
    found = find_signal_word(text, "en")
    # Then the word beside the label is found, and the classification row's is not taken for a label's value
    assert [(match.word_en, match.start) for match in found] == [("Danger", 21)]


def test_a_signal_word_with_a_letter_ocr_misread_counts_beside_its_label_only() -> None:
    # Given "Danger" and "Achtung" read from scans with one letter misread, once after their label and once
    # alone on a line
    labelled = "Signal word: Dangcr\nSignalwort: Achtuug"
    alone = "Dangcr\nAchtuug"
    # When the signal words are found
    found, found_alone = find_signal_word(labelled), find_signal_word(alone)
    # Then the labelled ones are read as Danger and Warning, and a misread word alone is not taken
    assert [match.word_en for match in found] == ["Danger", "Warning"]
    assert found_alone == []


def test_a_labelled_signal_word_is_found_among_a_scans_specks() -> None:
    # Given label lines read from scans, with what a pictogram's edge leaves inside the label and after it
    lines = {
        "Mention OOO d'avertissement   Danger ©": "fr",
        "Palabra oo de advertencia © Peligro": "es",
        "Signalwort: ODO Gefahr   ©": "de",
    }
    # When the signal words are found
    found = {line: [match.word_en for match in find_signal_word(line, lang)] for line, lang in lines.items()}
    # Then each label's word is found, and the ordinary word in a sentence still is not
    assert found == {line: ["Danger"] for line in lines}
    assert find_signal_word("o danger © de la substance", "fr") == []
