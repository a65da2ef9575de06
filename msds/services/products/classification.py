"""A finished product's classification proposal from the sheets behind its components.

Each BOM line's raw material is broken down into the substances its sheet lists in Section 3, each at
(share of the raw material in the product) x (its share in the raw material), both at their upper bound; the
rest of a raw material is taken as non-hazardous. A substance carries its row's classification, M-factors,
specific limits and the Section 11 values given for it. A raw material whose Section 3 gives no usable rows
(a substance sheet) counts whole, with its Section 2 classification. Hazards a sheet states in Section 2
that no Section 3 row explains are kept as an ingredient of their own at the raw material's share (so a
hazard cannot get lost), and said in the warnings. A line without a sheet is an ingredient of unknown hazards.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.classification import MixtureIngredient
from models.composition import AcuteToxicityValue, ComponentHazard, ConcentrationRange
from models.products import BomLine, Product, ProductClassification, SheetLink
from models.record import Component, SdsRecord
from msds.domain.mixtures.categories import PHYSICAL, category_for
from msds.domain.mixtures.classify import classify_mixture
from msds.domain.mixtures.results import number
from msds.domain.statement_codes import split_combination
from msds.services.products.sheets import SheetIndex


def classify_product(
    product: Product, links: Sequence[SheetLink], index: SheetIndex
) -> ProductClassification:
    by_line = {link.line_no: link for link in links}
    ingredients: list[MixtureIngredient] = []
    warnings: list[str] = []
    sheets: dict[int, str | None] = {}
    for line in product.components:
        link = by_line.get(line.line_no)
        sheet = index.get(link.document_id) if link and link.document_id else None
        sheets[line.line_no] = sheet.document_id if sheet else None
        if sheet is None or sheet.record is None:
            ingredients.append(
                MixtureIngredient(
                    name=line.material_name,
                    cas=line.cas,
                    concentration=line.concentration,
                    unknown=True,
                    source=f"line {line.line_no}: no supplier sheet",
                )
            )
            warnings.append(
                f"line {line.line_no} ({line.material_name}): no supplier sheet; its hazards are unknown"
            )
            continue
        if sheet.in_review:
            warnings.append(
                f"line {line.line_no} ({line.material_name}): the sheet {sheet.document_id[:12]} is still "
                "in review"
            )
        found, notes = ingredients_of(line, sheet.record)
        ingredients += found
        warnings += notes
    proposal = classify_mixture(ingredients, product.facts)
    proposal.warnings = list(dict.fromkeys(warnings + proposal.warnings))
    return ProductClassification(
        product_id=product.product_id, name=product.name, proposal=proposal, sheets=sheets
    )


def ingredients_of(line: BomLine, record: SdsRecord) -> tuple[list[MixtureIngredient], list[str]]:
    """The substances one raw material brings into the product, and what the expert should know."""
    source = f"line {line.line_no}: {record.document_id[:12]}"
    rows = [
        c
        for c in record.components
        if c.concentration_range is not None and c.concentration_range.as_percent()
    ]
    notes: list[str] = []
    ingredients: list[MixtureIngredient] = []
    explained: set[str] = set()
    for row in rows:
        share = _share(line.concentration, row.concentration_range)
        if share is None:
            continue
        hazards = list(row.hazards)
        explained.update(h.h_code for h in hazards if h.h_code)
        ingredients.append(
            MixtureIngredient(
                name=row.name or row.cas or line.material_name,
                cas=row.cas,
                concentration=share,
                hazards=hazards,
                m_factor_acute=row.m_factor_acute,
                m_factor_chronic=row.m_factor_chronic,
                specific_limits=row.specific_limits,
                acute_toxicity=_values_for(record, row),
                source=f"{source} Section 3 ({row.concentration or ''})".strip(),
            )
        )
    printed = list(dict.fromkeys(part for code in record.h_codes for part in split_combination(code)))
    section2 = [code for code in printed if _health_or_environment(code)]
    if not ingredients:
        hazards = [ComponentHazard(h_code=code, printed=code) for code in printed]
        ingredients.append(
            MixtureIngredient(
                name=line.material_name,
                cas=line.cas or (record.cas_numbers[0] if len(record.cas_numbers) == 1 else None),
                concentration=line.concentration,
                hazards=hazards,
                acute_toxicity=list(record.acute_toxicity),
                source=f"{source} Section 2 (whole raw material)",
            )
        )
        return ingredients, notes
    unexplained = [code for code in section2 if code not in explained]
    if unexplained:
        ingredients.append(
            MixtureIngredient(
                name=f"{line.material_name} (Section 2 hazards)",
                cas=None,
                concentration=line.concentration,
                hazards=[ComponentHazard(h_code=code, printed=code) for code in unexplained],
                source=f"{source} Section 2",
            )
        )
        notes.append(
            f"line {line.line_no} ({line.material_name}): Section 2 states {', '.join(unexplained)}, "
            "which no Section 3 row carries; counted at the raw material's share"
        )
    return ingredients, notes


def _health_or_environment(code: str) -> bool:
    row = category_for(None, code)
    return row is not None and row.key != PHYSICAL


def _share(
    product_share: ConcentrationRange, row_share: ConcentrationRange | None
) -> ConcentrationRange | None:
    """Share of a substance in the product: (raw material in product) x (substance in raw material)."""
    if row_share is None:
        return None
    inner = row_share.as_percent()
    if inner is None:
        return None
    outer_high = product_share.upper_bound
    inner_high = inner.upper_bound if inner.high is not None else 100.0
    if outer_high is None or inner_high is None:
        return None
    high = outer_high * inner_high / 100.0
    low = None
    if product_share.low is not None and inner.low is not None:
        low = product_share.low * inner.low / 100.0
    printed = f"{product_share.printed} x {row_share.printed}"
    return ConcentrationRange(printed=printed, low=low, high=high, unit="%")


def _values_for(record: SdsRecord, row: Component) -> list[AcuteToxicityValue]:
    name = (row.name or "").casefold()
    return [
        value
        for value in record.acute_toxicity
        if (row.cas and value.component_cas == row.cas)
        or (
            not value.component_cas
            and name
            and value.component_name
            and value.component_name.casefold() == name
        )
        or (len(record.components) == 1 and value.component_cas is None and value.component_name is None)
    ]


def describe(share: ConcentrationRange) -> str:
    return f"{number(share.upper_bound or 0)} %"
