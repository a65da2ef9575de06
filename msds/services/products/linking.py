"""Which supplier sheet stands behind each BOM line: a person's override, else the best match.

A sheet matches a line by its supplier (the supplier's account sent it, or the names agree without legal
forms), its product (the supplier's product code printed in the sheet's product name, or the names agree)
and the CAS number (in the sheet's Section 3 or Section 1). Score = 0.35 supplier + 0.45 product + 0.20 CAS
(0.5 when the line gives no CAS). A line is linked at a score of 0.60 or more when the supplier and product
each agree at 0.80 or more; below 0.75 the link is marked uncertain for a person to confirm. The latest
revision of the matched sheet's product is the one linked.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.products import BomLine, LinkMethod, LinkOverride, Product, SheetCandidate, SheetLink
from msds.services.products.names import code_in, company_similarity, similarity
from msds.services.products.sheets import Sheet, SheetIndex

SUPPLIER_MIN = 0.80
PRODUCT_MIN = 0.80
LINK_MIN = 0.60
CERTAIN = 0.75
CANDIDATES = 3


def link_product(product: Product, index: SheetIndex, overrides: Sequence[LinkOverride]) -> list[SheetLink]:
    """The link of every BOM line of the product, in line order."""
    chosen = {
        override.line_no: override for override in overrides if override.product_id == product.product_id
    }
    return [
        link_line(product.product_id, line, index, chosen.get(line.line_no)) for line in product.components
    ]


def link_line(product_id: str, line: BomLine, index: SheetIndex, override: LinkOverride | None) -> SheetLink:
    if override is not None:
        if override.document_id is None:
            reasons = [f"set by {override.set_by}: no sheet exists"]
        else:
            reasons = [f"set by {override.set_by}"]
        if override.note:
            reasons.append(override.note)
        return SheetLink(
            product_id=product_id,
            line_no=line.line_no,
            document_id=override.document_id,
            confidence=1.0,
            method=LinkMethod.OVERRIDE,
            reasons=reasons,
        )
    scored = sorted(
        ((score_sheet(line, sheet), sheet) for sheet in index.all()),
        key=lambda item: (-item[0].score, item[1].superseded, item[1].document_id),
    )
    candidates = [candidate for candidate, _ in scored[:CANDIDATES] if candidate.score > 0]
    best = next((item for item in scored if _acceptable(item[0])), None)
    if best is None:
        return SheetLink(
            product_id=product_id,
            line_no=line.line_no,
            document_id=None,
            confidence=0.0,
            method=LinkMethod.NONE,
            reasons=["no sheet of this supplier and product"],
            candidates=candidates,
        )
    candidate, sheet = best
    current = index.current(sheet)
    reasons = list(candidate.reasons)
    if current.document_id != sheet.document_id:
        reasons.append(f"a newer revision ({current.document_id[:12]}) replaced the matched one")
    return SheetLink(
        product_id=product_id,
        line_no=line.line_no,
        document_id=current.document_id,
        confidence=round(candidate.score, 3),
        method=LinkMethod.MATCHED,
        reasons=reasons,
        candidates=candidates,
    )


def _acceptable(candidate: SheetCandidate) -> bool:
    # Scores of sheets whose supplier or product disagrees are capped below LINK_MIN (score_sheet).
    return candidate.score >= LINK_MIN


def score_sheet(line: BomLine, sheet: Sheet) -> SheetCandidate:
    reasons: list[str] = []
    if line.supplier_id and line.supplier_id in sheet.entry.supplier_ids:
        supplier = 1.0
        reasons.append("supplier account sent it")
    else:
        supplier = company_similarity(line.supplier, sheet.supplier_name)
        if supplier >= SUPPLIER_MIN:
            reasons.append(f"supplier name {supplier:.2f}")
    if line.supplier_product_code and (
        code_in(line.supplier_product_code, sheet.product_name)
        or code_in(line.supplier_product_code, sheet.entry.file_name)
    ):
        product = 1.0
        reasons.append("product code in the sheet")
    else:
        product = similarity(line.material_name, sheet.product_name)
        if product >= PRODUCT_MIN:
            reasons.append(f"product name {product:.2f}")
    if line.cas is None:
        cas = 0.5
    elif line.cas in sheet.cas_numbers:
        cas = 1.0
        reasons.append(f"CAS {line.cas} in the sheet")
    else:
        cas = 0.0 if sheet.cas_numbers else 0.5
    if supplier < SUPPLIER_MIN or product < PRODUCT_MIN:
        score = min(0.59, 0.35 * supplier + 0.45 * product + 0.20 * cas)
    else:
        score = 0.35 * supplier + 0.45 * product + 0.20 * cas
    return SheetCandidate(document_id=sheet.document_id, score=round(score, 3), reasons=reasons)
