"""The warehouse's rows, built from the stored records and the finished products.

Every table is filled whole from the current state (the load replaces all its rows), so the rows depend only
on that state and the load date: loading twice gives the same rows. The columns are the SQL files' own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from models.common import Provenance
from models.document import DocumentEntry, DocumentStatus
from models.products import Product, ProductClassification, ProductTrace, SheetLink
from models.record import SdsRecord
from msds.domain.catalog import StatementCatalog, UnknownStatementCode
from msds.domain.statement_codes import kind_of, split_combination
from msds.services.products.names import company
from msds.services.products.sheets import revision_date
from msds.services.warehouse.dialect import schema_files, split_statements

_CREATE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)", re.DOTALL)
_COLUMN = re.compile(r"^\s*(\w+)\s+[A-Z]", re.MULTILINE)
WITHOUT_ROWS = frozenset({"wh_watch_list"})  # filled by imports, kept by loads


@cache
def table_columns() -> dict[str, tuple[str, ...]]:
    """Table -> its columns in order, read from the warehouse's SQL files."""
    tables: dict[str, tuple[str, ...]] = {}
    for text in schema_files():
        for statement in split_statements(text):
            match = _CREATE.search(statement)
            if match:
                columns = [c for c in _COLUMN.findall(match.group(2)) if c != "PRIMARY"]
                tables[match.group(1)] = tuple(columns)
    return tables


@dataclass(frozen=True)
class ProductState:
    """What the product services know about one product on the load date."""

    product: Product
    links: Sequence[SheetLink]
    trace: ProductTrace
    classification: ProductClassification


def supplier_key(name: str | None) -> str | None:
    if not name:
        return None
    return company(name) or name.casefold()


def warehouse_rows(
    documents: Iterable[tuple[DocumentEntry, SdsRecord]],
    products: Sequence[ProductState],
    catalog: StatementCatalog,
    as_of: date,
) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table but the watch list (imported on its own)."""
    tables: dict[str, list[dict[str, Any]]] = {
        name: [] for name in table_columns() if name not in WITHOUT_ROWS
    }
    suppliers: dict[str, dict[str, Any]] = {}
    codes: dict[str, None] = {}
    for entry, record in documents:
        supplier = record.supplier_name.value if record.supplier_name else None
        key = supplier_key(supplier)
        if key and key not in suppliers:
            country = record.supplier_country.value if record.supplier_country else None
            suppliers[key] = {"supplier_key": key, "supplier_name": supplier, "country": country}
        revised = revision_date(record.revision_date.value) if record.revision_date else None
        tables["wh_documents"].append(
            {
                "document_id": entry.document_id,
                "supplier_key": key,
                "product_name": record.product_name.value if record.product_name else None,
                "product_key": entry.product_key,
                "file_name": entry.file_name,
                "language": record.language,
                "revision_date": revised,
                "version": record.version.value if record.version else None,
                "status": entry.status.value,
                "needs_review": record.needs_review,
                "signal_word": record.signal_word.value if record.signal_word else None,
                "received_at": entry.received_at,
            }
        )
        tables["wh_revisions"].append(
            {
                "document_id": entry.document_id,
                "product_key": entry.product_key,
                "revision_date": revised,
                "version": record.version.value if record.version else None,
                "status": entry.status.value,
                "supersedes": entry.supersedes,
                "superseded_by": entry.superseded_by,
            }
        )
        for number, component in enumerate(record.components, start=1):
            value = component.concentration_range
            tables["wh_substances"].append(
                {
                    "document_id": entry.document_id,
                    "row_no": number,
                    "substance_name": component.name,
                    "cas": component.cas,
                    "ec": component.ec,
                    "concentration_low": value.low if value else None,
                    "concentration_high": value.high if value else None,
                    "unit": value.unit if value else None,
                    "h_codes": " ".join(component.h_codes) or None,
                }
            )
        seen: set[str] = set()
        for statement in record.hazard_statements:
            for code in split_combination(statement.code):
                if code not in seen:
                    seen.add(code)
                    codes.setdefault(code, None)
                    tables["wh_hazards"].append(
                        {
                            "owner_kind": "document",
                            "owner_id": entry.document_id,
                            "code": code,
                            "category": None,
                        }
                    )
        for pictogram in sorted({p.code for p in record.pictograms}):
            tables["wh_pictograms"].append(
                {"owner_kind": "document", "owner_id": entry.document_id, "code": pictogram}
            )
        for number, finding in enumerate(record.findings, start=1):
            tables["wh_findings"].append(
                {
                    "document_id": entry.document_id,
                    "finding_no": number,
                    "code": finding.code,
                    "severity": finding.severity.value,
                    "field": finding.field,
                    "message": finding.message,
                }
            )
        tables["wh_reviews"] += _reviews(entry, record)
    for state in products:
        product, proposal = state.product, state.classification.proposal
        tables["wh_products"].append(
            {
                "product_id": product.product_id,
                "product_name": product.name,
                "physical_state": product.facts.physical_state.value,
                "signal_word": proposal.signal_word,
                "classified": bool(proposal.hazards),
                "updated_at": product.updated_at,
            }
        )
        links = {link.line_no: link for link in state.links}
        for line in product.components:
            link = links.get(line.line_no)
            key = supplier_key(line.supplier)
            if key and key not in suppliers:
                suppliers[key] = {"supplier_key": key, "supplier_name": line.supplier, "country": None}
            tables["wh_components"].append(
                {
                    "product_id": product.product_id,
                    "line_no": line.line_no,
                    "supplier_key": key,
                    "material_name": line.material_name,
                    "supplier_product_code": line.supplier_product_code,
                    "cas": line.cas,
                    "concentration_low": line.concentration.low,
                    "concentration_high": line.concentration.upper_bound,
                    "document_id": link.document_id if link else None,
                    "link_method": link.method.value if link else None,
                    "link_confidence": link.confidence if link else None,
                }
            )
        for hazard in proposal.hazards:
            if hazard.h_code and hazard.on_label:
                codes.setdefault(hazard.h_code, None)
                tables["wh_hazards"].append(
                    {
                        "owner_kind": "product",
                        "owner_id": product.product_id,
                        "code": hazard.h_code,
                        "category": hazard.category,
                    }
                )
        for pictogram in proposal.pictograms:
            tables["wh_pictograms"].append(
                {"owner_kind": "product", "owner_id": product.product_id, "code": pictogram}
            )
        for traced in state.trace.lines:
            tables["wh_coverage"].append(
                {
                    "product_id": product.product_id,
                    "line_no": traced.line_no,
                    "as_of": as_of,
                    "status": traced.status.value,
                    "document_id": traced.document_id,
                    "revision_date": traced.revision_date,
                    "age_years": traced.age_years,
                    "reasons": "; ".join(traced.reasons) or None,
                }
            )
    tables["wh_suppliers"] = sorted(suppliers.values(), key=lambda row: row["supplier_key"])
    tables["wh_statements"] = [_statement(code, catalog) for code in sorted(codes)]
    return tables


def _statement(code: str, catalog: StatementCatalog) -> dict[str, Any]:
    try:
        text = catalog.official_text(code, "en")
    except UnknownStatementCode:
        text = None
    return {"code": code, "kind": kind_of(code), "text_en": text}


def _reviews(entry: DocumentEntry, record: SdsRecord) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "document_id": entry.document_id,
            "kind": "reason",
            "code": reason.code,
            "field": reason.field,
            "message": reason.message,
            "reviewer": None,
        }
        for reason in record.review_reasons
        if entry.status is not DocumentStatus.ACCEPTED
    ]
    for name in ("product_name", "supplier_name", "revision_date", "version", "signal_word", "un_number"):
        value = getattr(record, name)
        if value is not None and value.provenance is Provenance.REVIEWED:
            rows.append(
                {
                    "document_id": entry.document_id,
                    "kind": "correction",
                    "code": "corrected",
                    "field": name,
                    "message": f"{value.machine_value!r} -> {value.value!r}",
                    "reviewer": value.reviewer,
                }
            )
    for number, row in enumerate(rows, start=1):
        row["review_no"] = number
    return rows
