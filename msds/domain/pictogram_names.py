"""GHS pictograms named in text: codes ("GHS07", "GHS 07", French "SGH07") and symbol names in the eight
priority languages ("Totenkopf mit gekreuzten Knochen", "point d'exclamation"), from the hand-made table
``msds/data/ghs/pictogram_names.csv``.

Some names are ordinary words ("Flamme", "Umwelt", "corrosion", "environment"); they are marked ambiguous and
only searched for on request, in text already known to describe the label (the pictogram line of Section 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from msds.domain.reference_data import base_language, read_table
from msds.domain.text_folding import fold_in_place, phrase_regex_source

NameKind = Literal["name", "keyword", "code_form"]


@dataclass(frozen=True, slots=True)
class PictogramName:
    pictogram: str
    lang: str  # empty for language-independent code forms
    name: str
    kind: NameKind
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class PictogramMention:
    """``text[start:end]`` names ``pictogram`` (GHS01 … GHS09)."""

    pictogram: str
    start: int
    end: int
    matched_text: str
    kind: NameKind


@cache
def pictogram_names() -> tuple[PictogramName, ...]:
    """Every row of the pictogram name table."""
    names = []
    for row in read_table("pictogram_names.csv"):
        kind: NameKind = (
            "code_form" if row["kind"] == "code_form" else ("keyword" if row["kind"] == "keyword" else "name")
        )
        names.append(PictogramName(row["pictogram"], row["lang"], row["name"], kind, row["ambiguous"] == "1"))
    return tuple(names)


@cache
def _compiled() -> tuple[tuple[PictogramName, re.Pattern[str]], ...]:
    return tuple((name, re.compile(phrase_regex_source(name.name))) for name in pictogram_names())


def find_pictograms(
    text: str, lang: str | None = None, *, include_ambiguous: bool = False
) -> list[PictogramMention]:
    """Pictograms named or coded in ``text``, in order, longest mention first where mentions overlap.

    ``lang`` restricts the names (codes are always searched); ``include_ambiguous`` adds the names that are
    also ordinary words.
    """
    wanted = base_language(lang) if lang else None
    folded = fold_in_place(text)
    found: list[tuple[int, int, PictogramName]] = []
    for name, pattern in _compiled():
        if name.ambiguous and not include_ambiguous:
            continue
        if wanted is not None and name.lang not in ("", wanted) and name.kind != "code_form":
            continue
        found.extend((match.start(), match.end(), name) for match in pattern.finditer(folded))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    mentions: list[PictogramMention] = []
    for start, end, name in found:
        if mentions and start < mentions[-1].end:
            continue
        mentions.append(PictogramMention(name.pictogram, start, end, text[start:end], name.kind))
    return mentions
