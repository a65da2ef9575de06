"""The analytics tables and the rows of one published record: one shape for Redshift and local DuckDB.

Each table is keyed by document; loading a record replaces its document row and all its child rows, so a
record loaded twice leaves the same rows. Column types are written in the SQL both engines accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.publication import Publication
from msds.services.search_document import iso_date


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, SQL type)
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)


DOCUMENTS = Table(
    "sds_documents",
    (
        ("document_id", "CHAR(64) NOT NULL"),
        ("file_name", "VARCHAR(1024)"),
        ("language", "VARCHAR(8)"),
        ("product_name", "VARCHAR(1024)"),
        ("supplier_name", "VARCHAR(1024)"),
        ("supplier_country", "VARCHAR(64)"),
        ("revision_date", "DATE"),
        ("version", "VARCHAR(64)"),
        ("signal_word", "VARCHAR(16)"),
        ("un_number", "VARCHAR(16)"),
        ("flash_point_c", "DOUBLE PRECISION"),
        ("has_signature", "BOOLEAN"),
        ("needs_review", "BOOLEAN"),
        ("pages", "INTEGER"),
        ("ocr_pages", "INTEGER"),
        ("scanned", "BOOLEAN"),
        ("review_reasons", "VARCHAR(4096)"),
        ("status", "VARCHAR(16)"),
        ("supplier_ids", "VARCHAR(4096)"),
    ),
    ("document_id",),
)
STATEMENTS = Table(
    "sds_statements",
    (
        ("document_id", "CHAR(64) NOT NULL"),
        ("kind", "VARCHAR(3) NOT NULL"),
        ("code", "VARCHAR(64) NOT NULL"),
        ("text_en", "VARCHAR(4096)"),
        ("provenance", "VARCHAR(16)"),
        ("confidence", "DOUBLE PRECISION"),
    ),
    ("document_id", "code"),
)
COMPONENTS = Table(
    "sds_components",
    (
        ("document_id", "CHAR(64) NOT NULL"),
        ("line_no", "INTEGER NOT NULL"),
        ("name", "VARCHAR(1024)"),
        ("cas", "VARCHAR(16)"),
        ("ec", "VARCHAR(16)"),
        ("concentration", "VARCHAR(256)"),
        ("cas_check_ok", "BOOLEAN"),
    ),
    ("document_id", "line_no"),
)
PICTOGRAMS = Table(
    "sds_pictograms",
    (
        ("document_id", "CHAR(64) NOT NULL"),
        ("code", "VARCHAR(8) NOT NULL"),
        ("source", "VARCHAR(8)"),
        ("confidence", "DOUBLE PRECISION"),
    ),
    ("document_id", "code"),
)
TABLES: tuple[Table, ...] = (DOCUMENTS, STATEMENTS, COMPONENTS, PICTOGRAMS)
CHILD_TABLES: tuple[Table, ...] = (STATEMENTS, COMPONENTS, PICTOGRAMS)


def analytics_rows(publication: Publication) -> dict[str, list[dict[str, Any]]]:
    """The rows of one published record, by table name (columns of TABLES)."""
    record = publication.record

    def value(field: str) -> Any:
        extracted = getattr(record, field)
        return None if extracted is None else extracted.value

    document = {
        "document_id": record.document_id,
        "file_name": record.file_name,
        "language": record.language,
        "product_name": value("product_name"),
        "supplier_name": value("supplier_name"),
        "supplier_country": value("supplier_country"),
        "revision_date": iso_date(value("revision_date")),
        "version": value("version"),
        "signal_word": value("signal_word"),
        "un_number": value("un_number"),
        "flash_point_c": value("flash_point_c"),
        "has_signature": value("has_signature"),
        "needs_review": record.needs_review,
        "pages": record.pages,
        "ocr_pages": record.ocr_pages,
        "scanned": record.scanned,
        "review_reasons": ",".join(r.code for r in record.review_reasons),
        "status": publication.status.value,
        "supplier_ids": ",".join(sorted(publication.supplier_ids)),
    }
    statements = _first_per_code(
        {
            "document_id": record.document_id,
            "kind": "P" if s.code.startswith("P") else ("EUH" if s.code.startswith("EUH") else "H"),
            "code": s.code,
            "text_en": s.text_en,
            "provenance": s.provenance.value,
            "confidence": s.confidence,
        }
        for s in [*record.hazard_statements, *record.precautionary_statements]
    )
    components = [
        {
            "document_id": record.document_id,
            "line_no": line_no,
            "name": c.name,
            "cas": c.cas,
            "ec": c.ec,
            "concentration": c.concentration,
            "cas_check_ok": c.cas_check_ok,
        }
        for line_no, c in enumerate(record.components, start=1)
    ]
    pictograms = _first_per_code(
        {
            "document_id": record.document_id,
            "code": p.code,
            "source": p.source.value,
            "confidence": p.confidence,
        }
        for p in record.pictograms
    )
    return {
        DOCUMENTS.name: [document],
        STATEMENTS.name: statements,
        COMPONENTS.name: components,
        PICTOGRAMS.name: pictograms,
    }


def _first_per_code(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per code (the table's key within a document): a code listed twice is one fact."""
    kept: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept.setdefault(row["code"], row)
    return list(kept.values())
