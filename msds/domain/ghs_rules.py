"""Label elements implied by hazard statements: pictograms (with the CLP Art. 26 precedence rules) and the
signal word (Art. 20: "Danger" wins over "Warning").

Source: ``clp_hazard_categories.csv`` (CLP Annex I label tables, one row per hazard category) and, for codes
CLP does not adopt (H227, H303, H316, H401 ...), the UN GHS Rev. 10 table from PubChem.

Several categories can share one H-code with different label elements: H228 is Flam. Sol. 1 (Danger) or
Flam. Sol. 2 (Warning); H221 is Flam. Gas 1B (GHS02, Danger) or Flam. Gas 2 (no pictogram, Warning). The rules
therefore separate what the codes *require* (true under every reading) from what they *allow*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from msds.domain.reference_data import read_table
from msds.domain.statement_codes import normalise_code, split_combination

SignalWord = Literal["Danger", "Warning"]

_RANK: Final[dict[SignalWord | None, int]] = {None: 0, "Warning": 1, "Danger": 2}
_WORD_OF_RANK: Final[dict[int, SignalWord | None]] = {0: None, 1: "Warning", 2: "Danger"}

# CLP Art. 26(1)(c) and (d): the irritation/sensitisation effects whose GHS07 gives way to GHS05 or to GHS08.
_IRRITATION: Final = frozenset({"H315", "H319"})
_RESPIRATORY_SENSITISATION: Final = "H334"
_SKIN_SENSITISATION_AND_IRRITATION: Final = frozenset({"H317", "H315", "H319"})


@dataclass(frozen=True, slots=True)
class LabelOption:
    """The label elements of one hazard category that carries the code."""

    category: str
    pictograms: frozenset[str]
    signal_word: SignalWord | None


def _signal(value: str) -> SignalWord | None:
    value = value.strip()
    if value == "Danger":
        return "Danger"
    if value == "Warning":
        return "Warning"
    return None


def _pictograms(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.replace(";", ",").split(",") if part.strip())


@cache
def label_options() -> dict[str, tuple[LabelOption, ...]]:
    """Code -> the label elements of every category that carries it (CLP first, GHS Rev. 10 for the rest)."""
    options: dict[str, list[LabelOption]] = {}
    for row in read_table("clp_hazard_categories.csv"):
        option = LabelOption(
            row["category_code"], _pictograms(row["pictograms"]), _signal(row["signal_word"])
        )
        for code in filter(None, (part.strip() for part in row["h_codes"].split(";"))):
            if option not in options.setdefault(code, []):
                options[code].append(option)
    for row in read_table("ghs_rev10_h_codes_pubchem.csv"):
        code = row["h_code"]
        if code in options or "+" in code:
            continue
        category = f"GHS {row['ghs_hazard_class']} {row['ghs_hazard_category']}".strip()
        options[code] = [
            LabelOption(category, _pictograms(row["ghs_pictograms"]), _signal(row["ghs_signal_word"]))
        ]
    return {code: tuple(values) for code, values in options.items()}


def _codes(h_codes: Iterable[str]) -> list[str]:
    """Normalised single codes; combinations are split into their parts."""
    return [part for code in h_codes for part in split_combination(normalise_code(code))]


def unmapped_codes(h_codes: Iterable[str]) -> set[str]:
    """The H/EUH codes with no label rule in the tables (they are ignored by the functions below)."""
    options = label_options()
    return {code for code in _codes(h_codes) if code not in options and not code.startswith("P")}


def possible_pictograms(h_codes: Iterable[str]) -> set[str]:
    """Every pictogram some reading of the codes can put on the label, before precedence: a pictogram shown on
    a sheet but not in this set is not implied by its hazard statements."""
    options = label_options()
    return {
        pictogram
        for code in _codes(h_codes)
        for option in options.get(code, ())
        for pictogram in option.pictograms
    }


def expected_pictograms(h_codes: Iterable[str]) -> set[str]:
    """The pictograms the codes require, after CLP Art. 26(1) precedence:

    - GHS06 applies: GHS07 is not shown;
    - GHS05 applies: GHS07 is not shown for skin or eye irritation (H315, H319);
    - GHS08 applies for respiratory sensitisation (H334): GHS07 is not shown for skin sensitisation or
      skin/eye irritation (H317, H315, H319);
    - GHS01 applies: GHS02 and GHS03 are optional (still in :func:`possible_pictograms`), unless a category
      requires them together with GHS01 (Self-react. B, Org. Perox. B: H241).

    A code whose categories disagree (H221: GHS02 or none) requires only what all of them share.
    """
    options = label_options()
    codes = _codes(h_codes)
    required: dict[str, set[str]] = {}  # pictogram -> the codes requiring it
    joint_with_explosive: set[str] = set()
    for code in codes:
        readings = options.get(code)
        if not readings:
            continue
        certain = frozenset.intersection(*(option.pictograms for option in readings))
        for pictogram in certain:
            required.setdefault(pictogram, set()).add(code)
        if "GHS01" in certain:
            joint_with_explosive |= certain & {"GHS02", "GHS03"}

    if "GHS07" in required:
        sources = required["GHS07"]
        if "GHS06" in required:
            sources = set()
        if "GHS05" in required:
            sources -= _IRRITATION
        if _RESPIRATORY_SENSITISATION in codes and "GHS08" in required:
            sources -= _SKIN_SENSITISATION_AND_IRRITATION
        if not sources:
            del required["GHS07"]
    if "GHS01" in required:
        for pictogram in ("GHS02", "GHS03"):
            if pictogram in required and pictogram not in joint_with_explosive:
                del required[pictogram]
    return set(required)


def allowed_signal_words(h_codes: Iterable[str]) -> set[SignalWord | None]:
    """Every signal word a correct label can carry for these codes (``None``: no signal word).

    ``["H228"]`` -> ``{"Danger", "Warning"}`` (Flam. Sol. 1 or 2); ``["H228", "H314"]`` -> ``{"Danger"}``.
    """
    options = label_options()
    per_code = [
        {_RANK[option.signal_word] for option in options[code]} for code in _codes(h_codes) if code in options
    ]
    if not per_code:
        return {None}
    floor = max(min(ranks) for ranks in per_code)  # every reading needs at least this
    ceiling = max(max(ranks) for ranks in per_code)
    allowed = {rank for ranks in per_code for rank in ranks if floor <= rank <= ceiling}
    return {_WORD_OF_RANK[rank] for rank in allowed}


def expected_signal_word(h_codes: Iterable[str]) -> SignalWord | None:
    """The signal word the codes require: ``"Danger"`` if any code requires it (Danger wins), else
    ``"Warning"`` if any requires that, else ``None``.

    Where a code allows a stronger word than it requires (H228 alone: Flam. Sol. 1 or 2) this is the weaker,
    certain one; check a printed word against :func:`allowed_signal_words`.
    """
    return min(allowed_signal_words(h_codes), key=lambda word: _RANK[word])


@cache
def _pictogram_names_en() -> dict[str, str]:
    return {row["pictogram"]: row["name_en"] for row in read_table("ghs_pictograms.csv")}


def pictogram_name(code: str) -> str | None:
    """The English name of a GHS pictogram ("GHS02" -> "Flame"), or None for an unknown code."""
    return _pictogram_names_en().get(code)
