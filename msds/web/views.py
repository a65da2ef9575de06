"""What the document and review pages show of a record: each field with its value, confidence, provenance and
the place on the page it was read from (in page units, drawn as a box over the rendered page)."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from models.record import Evidence, Extracted, SdsRecord, Statement
from models.review import REVIEWABLE_VALUE_FIELDS
from models.text import DocumentText
from msds.domain.catalog import StatementCatalog
from msds.domain.ghs_rules import pictogram_name
from msds.errors import MsdsError

FIELD_LABELS: dict[str, str] = {
    "product_name": "Product name",
    "supplier_name": "Supplier",
    "supplier_country": "Supplier country",
    "emergency_phone": "Emergency phone",
    "revision_date": "Revision date",
    "version": "Version",
    "signal_word": "Signal word",
    "un_number": "UN number",
    "flash_point_c": "Flash point (°C)",
    "has_signature": "Signed by hand",
    "hazard_statements": "Hazard statements",
    "precautionary_statements": "Precautionary statements",
    "pictograms": "Pictograms",
}


@cache
def pictogram_names() -> dict[str, str]:
    """GHS01..GHS09 -> its English name (the official pictogram table shipped in msds/data/ghs)."""
    codes = (f"GHS0{number}" for number in range(1, 10))
    return {code: name for code in codes if (name := pictogram_name(code))}
LOW_CONFIDENCE = 0.8
_CODES_ONLY = re.compile(r"[\sHPEUh0-9+,;/.()\-]*")


@dataclass(frozen=True)
class Mark:
    """Where a value was read: a page and a box in that page's units (None: the page, not a place on it)."""

    page: int
    x: float | None = None
    y: float | None = None
    width: float | None = None
    height: float | None = None
    snippet: str = ""


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    value: Any
    confidence: float | None
    provenance: str | None
    marks: tuple[Mark, ...] = ()
    machine_value: Any = None
    reviewer: str | None = None
    flagged: bool = False

    @property
    def low(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class StatementRow:
    key: str
    code: str
    english: str | None
    original: str | None
    confidence: float
    provenance: str
    code_printed: bool
    marks: tuple[Mark, ...] = ()
    # True when the sheet printed the code alone and ``original`` is the catalog's wording in its language.
    original_is_official: bool = False


@dataclass(frozen=True)
class PageFrame:
    number: int
    width: float
    height: float


@dataclass
class RecordView:
    fields: list[FieldRow]
    hazards: list[StatementRow]
    precautions: list[StatementRow]
    pictograms: list[FieldRow]
    components: list[FieldRow]
    pages: dict[int, PageFrame] = field(default_factory=dict)

    def marks(self) -> dict[str, tuple[Mark, ...]]:
        rows: list[Any] = [*self.fields, *self.hazards, *self.precautions, *self.pictograms, *self.components]
        return {row.key: row.marks for row in rows}


def marks_of(evidence: list[Evidence]) -> tuple[Mark, ...]:
    found = []
    for item in evidence:
        if item.page is None:
            continue
        if item.box is None:
            found.append(Mark(page=item.page, snippet=item.snippet))
            continue
        box = item.box
        found.append(
            Mark(
                page=item.page,
                x=box.x0,
                y=box.y0,
                width=max(box.x1 - box.x0, 1.0),
                height=max(box.y1 - box.y0, 1.0),
                snippet=item.snippet,
            )
        )
    return tuple(found)


def record_view(
    record: SdsRecord, text: DocumentText | None, catalog: StatementCatalog, flagged: set[str] | None = None
) -> RecordView:
    flagged = flagged or set()
    fields = [_field_row(name, getattr(record, name), name in flagged) for name in REVIEWABLE_VALUE_FIELDS]
    language = record.language or "en"
    return RecordView(
        fields=fields,
        hazards=[_statement_row("h", s, catalog, language) for s in record.hazard_statements],
        precautions=[_statement_row("p", s, catalog, language) for s in record.precautionary_statements],
        pictograms=[
            FieldRow(
                key=f"pic:{p.code}",
                label=pictogram_names().get(p.code, p.code),
                value=p.code,
                confidence=p.confidence,
                provenance=p.source.value,
                marks=marks_of(p.evidence),
            )
            for p in record.pictograms
        ],
        components=[
            FieldRow(
                key=f"c:{index}",
                label=c.name or "(no name)",
                value=", ".join(part for part in (c.cas, c.ec, c.concentration) if part),
                confidence=c.confidence,
                provenance=None,
                marks=marks_of(c.evidence),
            )
            for index, c in enumerate(record.components)
        ],
        pages={page.number: PageFrame(page.number, page.width, page.height) for page in text.pages}
        if text
        else {},
    )


def _field_row(name: str, extracted: Extracted[Any] | None, flagged: bool) -> FieldRow:
    if extracted is None:
        return FieldRow(name, FIELD_LABELS[name], None, None, None, flagged=flagged)
    return FieldRow(
        key=name,
        label=FIELD_LABELS[name],
        value=extracted.value,
        confidence=extracted.confidence,
        provenance=extracted.provenance.value,
        marks=marks_of(extracted.evidence),
        machine_value=extracted.machine_value,
        reviewer=extracted.reviewer,
        flagged=flagged,
    )


def _statement_row(
    prefix: str, statement: Statement, catalog: StatementCatalog, language: str
) -> StatementRow:
    original = statement.text_original
    official = False
    if language != "en" and (original is None or _CODES_ONLY.fullmatch(original)):
        # The sheet printed the code without its words: show the official wording in the sheet's language.
        with suppress(MsdsError):  # a code the catalog has no wording for in this language
            original, official = catalog.official_text(statement.code, language), True
    return StatementRow(
        key=f"{prefix}:{statement.code}",
        code=statement.code,
        english=statement.text_en,
        original=original,
        original_is_official=official,
        confidence=statement.confidence,
        provenance=statement.provenance.value,
        code_printed=statement.code_printed,
        marks=marks_of(statement.evidence),
    )
