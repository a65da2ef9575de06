"""Label elements of a classified mixture: hazard statements (Art. 27), pictograms after the precedence rules
(Art. 26), the signal word (Art. 20) and suggested precautionary statements (Art. 28, Annex IV).

The precautionary statements are suggestions from ``clp_precautionary_suggestions.csv`` (hand-compiled from
CLP Annex IV Part 1, per hazard statement): every one that applies is "considered", and at most six are
proposed for the label, taking each hazard's first prevention and response statements before the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from models.classification import ProposedHazard
from msds.domain.mixtures.categories import category_for
from msds.domain.reference_data import read_table

MAX_P_CODES = 6
_IRRITATION = frozenset({"H315", "H319"})
_SENSITISATION_AND_IRRITATION = frozenset({"H317", "H315", "H319"})
_KINDS = ("prevention", "response", "storage", "disposal")


@dataclass(frozen=True)
class LabelElements:
    h_codes: list[str]
    pictograms: list[str]
    signal_word: str | None
    p_codes: list[str]
    p_codes_considered: list[str]


def label_elements(hazards: Iterable[ProposedHazard]) -> LabelElements:
    on_label = [hazard for hazard in hazards if hazard.on_label]
    h_codes = list(dict.fromkeys(h.h_code for h in on_label if h.h_code))
    if "H314" in h_codes:
        h_codes = [code for code in h_codes if code not in ("H318", "H315", "H319")]
    needs: dict[str, set[str]] = {}
    words: set[str] = set()
    for hazard in on_label:
        row = category_for(hazard.category, hazard.h_code)
        if row is None:
            continue
        for pictogram in row.pictograms:
            needs.setdefault(pictogram, set()).add(hazard.h_code or row.code)
        if row.signal_word:
            words.add(row.signal_word)
    pictograms = _precedence(needs, set(h_codes))
    signal_word = "Danger" if "Danger" in words else ("Warning" if "Warning" in words else None)
    considered, chosen = suggested_p_codes(h_codes)
    return LabelElements(h_codes, pictograms, signal_word, chosen, considered)


def _precedence(needs: dict[str, set[str]], h_codes: set[str]) -> list[str]:
    """CLP Art. 26(1): GHS06 removes GHS07; GHS05 removes GHS07 shown for skin/eye irritation only;
    GHS08 for respiratory sensitisation removes GHS07 shown for skin sensitisation or irritation only."""
    if "GHS07" in needs:
        reasons = set(needs["GHS07"])
        if "GHS06" in needs:
            reasons = set()
        if "GHS05" in needs:
            reasons -= _IRRITATION
        if "H334" in h_codes and "GHS08" in needs:
            reasons -= _SENSITISATION_AND_IRRITATION
        if not reasons:
            del needs["GHS07"]
    return sorted(needs)


@cache
def _suggestions() -> dict[str, dict[str, tuple[str, ...]]]:
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in read_table("clp_precautionary_suggestions.csv"):
        table[row["h_code"]] = {kind: tuple(c for c in row[kind].split(";") if c) for kind in _KINDS}
    return table


def _lookup(h_code: str) -> dict[str, tuple[str, ...]] | None:
    table = _suggestions()
    if h_code in table:
        return table[h_code]
    base = re.match(r"(EUH\d{3}|H\d{3})", h_code)
    return table.get(base.group(1)) if base else None


def suggested_p_codes(h_codes: Iterable[str]) -> tuple[list[str], list[str]]:
    """(every suggested P-code, the at most six proposed for the label), both in P-number order."""
    rows = [row for row in (_lookup(code) for code in h_codes) if row]
    considered: dict[str, None] = {}
    for row in rows:
        for kind in _KINDS:
            for code in row[kind]:
                considered.setdefault(code, None)
    ranked: dict[str, None] = {}
    for kind, depth in (
        ("prevention", 1),
        ("response", 1),
        ("prevention", 3),
        ("response", 3),
        ("storage", 1),
        ("disposal", 1),
        ("response", 9),
        ("prevention", 9),
        ("storage", 9),
    ):
        for row in rows:
            for code in row[kind][:depth]:
                ranked.setdefault(code, None)
    chosen = list(ranked)[:MAX_P_CODES]
    return _in_order(considered), _in_order(chosen)


def _in_order(codes: Iterable[str]) -> list[str]:
    return sorted(codes, key=lambda code: [int(n) for n in re.findall(r"\d+", code)])
