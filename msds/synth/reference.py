"""Readers for the GHS/CLP reference tables in msds/data/ghs (statement texts, headings, categories)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("en", "de", "fr", "es", "pt")


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("msds").joinpath("data", "ghs", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True)
class HazardCategory:
    """One row of clp_hazard_categories.csv: a hazard class/category with its label elements."""

    category_code: str
    hazard_class_en: str
    h_codes: tuple[str, ...]
    pictograms: tuple[str, ...]
    signal_word: str | None


@cache
def hazard_statements() -> dict[str, dict[str, str]]:
    """Current H/EUH statements: code -> {language: official text}."""
    return _statements("clp_hazard_statements.csv")


@cache
def precautionary_statements() -> dict[str, dict[str, str]]:
    """Current P statements (single and combined): code -> {language: official text}."""
    return _statements("clp_precautionary_statements.csv")


def _statements(name: str) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in _read_csv(name):
        if row["status"] != "current":
            continue
        table[row["code"]] = {lang: row[f"text_{lang}"] for lang in LANGUAGES}
    return table


@cache
def hazard_categories() -> tuple[HazardCategory, ...]:
    """Hazard categories in table order (within a class the most severe category comes first)."""
    rows = []
    for row in _read_csv("clp_hazard_categories.csv"):
        rows.append(
            HazardCategory(
                category_code=row["category_code"],
                hazard_class_en=row["hazard_class_en"],
                h_codes=tuple(c for c in row["h_codes"].split(";") if c),
                pictograms=tuple(p for p in row["pictograms"].split(";") if p),
                signal_word=row["signal_word"] or None,
            )
        )
    return tuple(rows)


@cache
def category_for_code(code: str) -> HazardCategory | None:
    """The first (most severe) hazard category whose label elements include the H-code."""
    for category in hazard_categories():
        if code in category.h_codes:
            return category
    return None


@cache
def section_headings() -> dict[tuple[str, int], tuple[str, str]]:
    """(language, section) -> (prefix word, title), e.g. ("de", 2) -> ("ABSCHNITT", "Mögliche Gefahren")."""
    table: dict[tuple[str, int], tuple[str, str]] = {}
    for row in _read_csv("sds_section_headings.csv"):
        table[(row["lang"], int(row["section"]))] = (row["prefix_word"], row["title"])
    return table


@cache
def signal_words() -> dict[str, dict[str, str]]:
    """language -> {"Danger": word, "Warning": word}."""
    return {
        row["lang"]: {"Danger": row["danger"], "Warning": row["warning"]}
        for row in _read_csv("clp_signal_words.csv")
    }


@cache
def pictogram_names_en() -> dict[str, str]:
    """GHS01..GHS09 -> English pictogram name."""
    return {row["pictogram"]: row["name_en"] for row in _read_csv("ghs_pictograms.csv")}
