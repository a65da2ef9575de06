"""Statements damaged the way OCR damages print, to measure how many the phrase matcher still finds.

Each kind of damage is applied to every official wording of a language, with a fixed seed, so a change of
the matcher can be compared with the one before on exactly the same texts (``scripts/eval_ocr_noise.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Confusions seen in OCR of printed text, each way round where both happen.
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("l", "1"), ("i", "l"), ("l", "i"), ("o", "0"), ("e", "c"), ("c", "e"), ("a", "o"), ("o", "a"),
    ("s", "5"), ("rn", "m"), ("m", "rn"), ("u", "n"), ("n", "u"), ("h", "b"),
)  # fmt: skip


def confuse_one(text: str, rng: random.Random) -> str:
    """The text with one of :data:`CONFUSIONS` applied at a random place (unchanged if none fits)."""
    places = [
        (position, wrong, right) for right, wrong in CONFUSIONS for position in _occurrences(text, right)
    ]
    if not places:
        return text
    position, wrong, right = rng.choice(places)
    return text[:position] + wrong + text[position + len(right) :]


def glue_two_words(text: str, rng: random.Random) -> str:
    """The text with the blank between two neighbouring words lost."""
    blanks = [position for position, char in enumerate(text) if char == " "]
    if not blanks:
        return text
    position = rng.choice(blanks)
    return text[:position] + text[position + 1 :]


def split_longest_word(text: str, rng: random.Random) -> str:
    """The text with its longest word cut in two by a stray blank."""
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    if len(word) < 6:
        return text
    cut = rng.randrange(2, len(word) - 2)
    words[longest] = f"{word[:cut]} {word[cut:]}"
    return " ".join(words)


DAMAGE: dict[str, Callable[[str, random.Random], str]] = {
    "clean": lambda text, rng: text,
    "one confusion": confuse_one,
    "two confusions": lambda text, rng: confuse_one(confuse_one(text, rng), rng),
    "two words glued": glue_two_words,
    "a word split": split_longest_word,
}
"""Kinds of damage by name, in the order they are reported."""


@dataclass(frozen=True)
class DamagedStatement:
    code: str
    kind: str
    text: str


def damaged_statements(wordings: Iterable[tuple[str, str]], seed: int = 0) -> list[DamagedStatement]:
    """Every (code, wording) under every kind of :data:`DAMAGE`, the same for the same seed."""
    rng = random.Random(seed)
    listed = list(wordings)
    return [
        DamagedStatement(code, kind, damage(text, rng))
        for kind, damage in DAMAGE.items()
        for code, text in listed
    ]


def _occurrences(text: str, part: str) -> list[int]:
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found
