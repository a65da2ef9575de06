"""The label of a synthetic document, in the corpus label format (one JSON object per document)."""

from __future__ import annotations

from typing import Any

from msds.domain.composition_text import parse_concentration
from msds.services.export import LABEL_KEYS as PREDICTED_KEYS
from msds.synth import hazards
from msds.synth.content import (
    Heading,
    Table,
    build_blocks,
    printed_flash_point,
    printed_h_codes,
    product_summary,
)
from msds.synth.documents import DocumentSpec
from msds.synth.layouts import RenderResult

# The corpus label format: the document's origin, the fields the product predicts, the labeller's notes.
LABEL_KEYS = (
    "id",
    "file_name",
    "source_repo",
    "source_path",
    *(key for key in PREDICTED_KEYS if key != "id"),
    "notes",
    "uncertain",
    "sha256",
    "components",
)


def build_label(
    spec: DocumentSpec, rendered: RenderResult, file_name: str, pages: int, sha256: str, seed: int
) -> dict[str, Any]:
    """What a careful labeller would write for the document (only page 1 counts for first-page-only scans)."""

    def visible(tag: str) -> bool:
        page = rendered.tag_pages.get(tag)
        return page is not None and (not spec.first_page_only or page == 1)

    product = spec.product
    h_codes = [code for code in printed_h_codes(spec) if visible(f"h:{code}")]
    if spec.layout == "d":
        # Layout d prints statements as wordings alone; by the labelling convention an EUH wording without its
        # code is the sheet's supplemental prose, not a coded statement.
        h_codes = [code for code in h_codes if not code.startswith("EUH")]
    if not h_codes and product.h_codes and spec.first_page_only and visible("hclass"):
        h_codes = [c for c in hazards.split_codes(product.h_codes) if not c.startswith("EUH")]
    p_codes = [code for code in product.p_codes if visible(f"p:{code}")]
    pictograms_shown = bool(product.pictograms) and visible("pictograms")
    listed = sorted(
        (c for c in product.components if c.listed),
        key=lambda c: (c.chemical.key == "water", -c.concentration),
    )
    cas_numbers = list(dict.fromkeys(c.chemical.cas for c in listed if visible(f"cas:{c.chemical.cas}")))
    flash_point = printed_flash_point(spec)[1] if visible("flash") else None
    transport = product.transport
    label = {
        "id": spec.doc_id,
        "file_name": file_name,
        "source_repo": None,
        "source_path": None,
        "language": spec.language,
        "scanned": spec.scanned,
        "pages": pages,
        "is_sds": True,
        "product_name": product.name,
        "supplier_name": spec.supplier.name,
        "supplier_country": spec.supplier.country,
        "emergency_phone": spec.supplier.emergency_phone if visible("emergency") else None,
        "revision_date": spec.revision_date.isoformat() if visible("revision") else None,
        "version": spec.version if visible("version") else None,
        "signal_word": product.signal_word if visible("signal") else None,
        "h_codes": h_codes,
        "h_codes_printed": spec.layout != "d" or not product.h_codes,
        "p_codes": p_codes,
        "pictograms": list(product.pictograms) if pictograms_shown else [],
        "pictograms_source": spec.pictogram_source if pictograms_shown else None,
        "cas_numbers": cas_numbers,
        "un_number": transport.un_number if transport is not None and visible("un") else None,
        "flash_point_c": flash_point,
        "has_signature": spec.has_signature and visible("signature"),
        "sections_found": sum(1 for n in range(1, 17) if visible(f"section:{n}")),
        "notes": _notes(spec, seed),
        "uncertain": [],
        "sha256": sha256,
        "components": [row for row in section_3_rows(spec) if visible(f"cas:{row['cas']}")],
    }
    return {key: label[key] for key in LABEL_KEYS}


def section_3_rows(spec: DocumentSpec) -> list[dict[str, Any]]:
    """The rows of the document's Section 3 table in the labelling guide's ``components`` format."""
    blocks = build_blocks(spec)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.section == 3)
    table = next(b for b in blocks[start:] if isinstance(b, Table))
    listed = sorted(
        (c for c in spec.product.components if c.listed),
        key=lambda c: (c.chemical.key == "water", -c.concentration),
    )
    rows = []
    for component, (name, identifiers, concentration, _classification) in zip(
        listed, table.rows, strict=True
    ):
        cas, _, ec = identifiers.partition("\n")
        value = parse_concentration(concentration)
        rows.append(
            {
                "name": name,
                "cas": cas or None,
                "ec": ec or None,
                "concentration": concentration,
                "low": value.low if value else None,
                "high": value.high if value else None,
                "unit": value.unit if value else None,
                "h_codes": list(component.chemical.h_codes),
                "m_factors": None,
                "scl": None,
            }
        )
    return rows


def _notes(spec: DocumentSpec, seed: int) -> str:
    parts = [
        f"Synthetic SDS (msds.synth, seed {seed}); layout {spec.layout}; output {spec.output}.",
        f"Product: {product_summary(spec.product)}.",
    ]
    if spec.first_page_only:
        parts.append("Image of the first page only; fields not on page 1 are null.")
    if spec.layout == "d" and spec.product.h_codes:
        parts.append("Section 2 prints statement texts without codes.")
    if spec.flash_unit == "F" and spec.product.flash_point_c is not None:
        parts.append("Flash point printed in °F only; flash_point_c converted.")
    if spec.print_date is not None and spec.revision_in_header:
        parts.append("Header also prints a later print date.")
    if not spec.product.is_substance and spec.product.component_h_codes:
        parts.append("Section 16 lists the component H-statements, which differ from the product's.")
    return " ".join(parts)
