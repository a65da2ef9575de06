"""Statements damaged the way OCR damages print: one confusion, lost or stray blanks, the same for a seed."""

from __future__ import annotations

import random

from msds.evaluation.ocr_noise import CONFUSIONS, DAMAGE, confuse_one, damaged_statements, glue_two_words


def test_one_confusion_changes_one_place_by_a_known_confusion() -> None:
    # Given a statement
    text = "Causes serious eye irritation."
    # When one confusion is applied
    damaged = confuse_one(text, random.Random(3))
    # Then the text differs, and putting one confusion back restores it
    assert damaged != text
    assert any(
        damaged[:position] + right + damaged[position + len(wrong) :] == text
        for right, wrong in CONFUSIONS
        for position in range(len(damaged))
        if damaged.startswith(wrong, position)
    )


def test_a_glued_statement_has_one_blank_less() -> None:
    # Given a statement of four words
    text = "Harmful if swallowed now"
    # When two neighbouring words are glued
    glued = glue_two_words(text, random.Random(1))
    # Then one blank is gone and the letters are the same
    assert glued.count(" ") == 2 and glued.replace(" ", "") == text.replace(" ", "")


def test_the_same_seed_damages_the_same_way_and_every_kind_is_listed() -> None:
    # Given two wordings
    wordings = [("H315", "Causes skin irritation."), ("H319", "Causes serious eye irritation.")]
    # When they are damaged twice with the same seed
    first, second = damaged_statements(wordings, 7), damaged_statements(wordings, 7)
    # Then both runs agree, and each kind of damage holds both statements
    assert first == second
    assert [item.kind for item in first] == [kind for kind in DAMAGE for _ in wordings]
