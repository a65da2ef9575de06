"""A classification proposal as label elements in one of the 24 languages of the official phrase catalog.

Statement texts are the official CLP Annex III wordings (``StatementCatalog``); EUH208 gets the names of the
sensitisers in place of its "<name of sensitising substance>". Signal words come from
``clp_signal_words.csv``; headings and captions (REACH Annex II headings, CLP Article 17 terms, the sentences
for shares of unknown hazard) from ``label_captions.csv``, compiled by hand with a confidence per language.
"""

from __future__ import annotations

import re
from functools import cache

from models.classification import ClassificationProposal, MixtureIngredient, RuleOutcome
from models.labels import CompositionRow, LabelStatement, ProductLabel
from msds.domain.catalog import StatementCatalog, TranslationUnavailable
from msds.domain.mixtures.categories import category_for
from msds.domain.reference_data import EU_LANGUAGES, base_language, read_table
from msds.errors import UnsupportedLabelLanguage

HEADINGS = ("section_2", "section_2_1", "section_2_2", "section_3", "section_3_2")
# Classes whose ingredients the label names after "Contains" (CLP Art. 18(3)(b)), at most four names.
_NAMED_CLASSES = (
    "Acute toxicity",
    "Skin corrosion",
    "Serious eye damage",
    "sensitisation",
    "mutagenicity",
    "Carcinogenicity",
    "Reproductive",
    "lactation",
    "target organ",
    "Aspiration",
)
MAX_NAMES = 4
SECTION_3_FROM = 0.1
_PLACEHOLDER = re.compile(r"<[^>]+>")


@cache
def _captions() -> dict[str, dict[str, tuple[str, str]]]:
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for row in read_table("label_captions.csv"):
        table.setdefault(row["lang"], {})[row["key"]] = (row["text"], row["confidence"])
    return table


@cache
def _signal_words() -> dict[str, dict[str, str]]:
    return {
        row["lang"]: {"Danger": row["danger"], "Warning": row["warning"]}
        for row in read_table("clp_signal_words.csv")
    }


def label_languages() -> tuple[str, ...]:
    return EU_LANGUAGES


def product_label(
    product_id: str,
    product_name: str,
    proposal: ClassificationProposal,
    language: str,
    catalog: StatementCatalog,
) -> ProductLabel:
    """The proposal's label elements and Section 3 rows in ``language`` (ISO 639-1, one of the 24)."""
    lang = base_language(language)
    if lang not in EU_LANGUAGES or lang not in _captions():
        raise UnsupportedLabelLanguage(
            f"no label in {language!r}: the phrase catalog has {', '.join(EU_LANGUAGES)}",
            [("language", "one of " + ", ".join(EU_LANGUAGES))],
        )
    captions = {key: text for key, (text, _) in _captions()[lang].items()}
    confidence = next(iter(_captions()[lang].values()))[1]
    contains = _contains(proposal)
    label = ProductLabel(
        product_id=product_id,
        product_name=product_name,
        language=lang,
        status=proposal.status,
        notice=captions["proposal_notice"],
        headings={key: captions[key] for key in HEADINGS},
        captions={key: text for key, text in captions.items() if key not in HEADINGS},
        pictograms=list(proposal.pictograms),
        signal_word=_signal_words()[lang][proposal.signal_word] if proposal.signal_word else None,
        contains=contains,
        caption_confidence=confidence,
    )
    for hazard in proposal.hazards:
        if hazard.h_code:
            label.classification.append(
                LabelStatement(code=hazard.h_code, text=f"{hazard.category}, {hazard.h_code}")
            )
    label.hazard_statements = [LabelStatement(code=c, text=_text(catalog, c, lang)) for c in proposal.h_codes]
    label.precautionary_statements = [
        LabelStatement(code=c, text=_text(catalog, c, lang)) for c in proposal.p_codes
    ]
    for statement in proposal.supplemental:
        if statement.code:
            text = _text(catalog, statement.code, lang)
            names = statement.parameters.get("names")
            if names:
                text = _PLACEHOLDER.sub(names, text, count=1)
            label.supplemental.append(LabelStatement(code=statement.code, text=text))
        else:
            key = "unknown_acute" if statement.rule_id.startswith("ATE") else "unknown_aquatic"
            text = captions[key].format(percent=statement.parameters.get("percent", "?"))
            routes = statement.parameters.get("routes")
            if key == "unknown_acute" and routes and len(routes.split(",")) < 3:
                text = f"{text} ({routes})"
            label.supplemental.append(LabelStatement(code=None, text=text))
    label.composition = composition_rows(proposal.ingredients)
    return label


def _text(catalog: StatementCatalog, code: str, lang: str) -> str:
    try:
        return catalog.official_text(code, lang)
    except TranslationUnavailable:
        return catalog.official_text(code, "en")


def _contains(proposal: ClassificationProposal) -> list[str]:
    named: dict[str, float] = {}
    for trail in proposal.trail:
        if trail.outcome is not RuleOutcome.CLASSIFIED or not any(
            c in trail.hazard_class for c in _NAMED_CLASSES
        ):
            continue
        for term in trail.terms:
            gives = term.contribution is not None or (term.note or "").startswith(("->", "Skin", "Resp"))
            if gives and "Section 2 hazards" not in term.ingredient:
                named[term.ingredient] = max(named.get(term.ingredient, 0.0), term.concentration)
    ordered = sorted(named, key=lambda name: -named[name])
    return ordered[:MAX_NAMES]


def composition_rows(ingredients: list[MixtureIngredient]) -> list[CompositionRow]:
    """Ingredients with a classification at 0.1 % or more, by falling concentration, merged by CAS/name."""
    merged: dict[str, tuple[MixtureIngredient, float, float | None]] = {}
    for ingredient in ingredients:
        if ingredient.unknown or not ingredient.hazards:
            continue
        high = ingredient.concentration.upper_bound or 0.0
        low = ingredient.concentration.low
        key = ingredient.cas or ingredient.name.casefold()
        if key in merged:
            first, old_high, old_low = merged[key]
            merged[key] = (first, old_high + high, None if old_low is None or low is None else old_low + low)
        else:
            merged[key] = (ingredient, high, low)
    rows = []
    for ingredient, high, low in sorted(merged.values(), key=lambda item: -item[1]):
        if high < SECTION_3_FROM:
            continue
        parts = []
        for hazard in ingredient.hazards:
            row = category_for(hazard.category, hazard.h_code)
            code = hazard.h_code or (row.h_codes[0] if row and row.h_codes else "")
            parts.append(f"{row.code}, {code}" if row else code)
        rows.append(
            CompositionRow(
                name=ingredient.name,
                cas=ingredient.cas,
                concentration=_share(low, high),
                classification="; ".join(dict.fromkeys(p for p in parts if p)),
            )
        )
    return rows


def _share(low: float | None, high: float) -> str:
    def fmt(value: float) -> str:
        return f"{value:.3g}"

    if low is None:
        return f"≤ {fmt(high)} %"
    if abs(high - low) < 1e-9:
        return f"{fmt(high)} %"
    return f"{fmt(low)} – {fmt(high)} %"
