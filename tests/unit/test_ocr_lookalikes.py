"""Letters OCR confuses in print: regex pieces that accept them, and keys that ignore them."""

from __future__ import annotations

import re

from msds.domain.ocr_lookalikes import skeleton, tolerant_char


def test_a_word_and_its_misreadings_share_one_key_and_other_words_do_not() -> None:
    # Given a word, three misreadings of it and a different word
    # When their keys are taken
    keys = {
        text: skeleton(text) for text in ("manufacturer", "manufacturcr", "rnanufacturer", "rnanufactur3r")
    }
    # Then the misreadings by confused letters share the word's key; a digit OCR never reads for e does not
    assert keys["manufacturcr"] == keys["rnanufacturer"] == keys["manufacturer"]
    assert keys["rnanufactur3r"] != keys["manufacturer"]
    assert skeleton("supplier") != skeleton("product")


def test_a_tolerant_letter_accepts_what_ocr_reads_for_it_and_nothing_else() -> None:
    # Given the tolerant pieces for "m" and "e"
    m, e = re.compile(tolerant_char("m")), re.compile(tolerant_char("e"))
    # When they are matched against letters
    # Then "m" accepts "rn", "e" accepts "c", and neither accepts an unrelated letter
    assert m.fullmatch("rn") and m.fullmatch("m") and not m.fullmatch("n")
    assert e.fullmatch("c") and e.fullmatch("e") and not e.fullmatch("x")
