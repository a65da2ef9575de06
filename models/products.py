"""Finished products: their bills of materials, the supplier sheet behind each component, traceability.

A product's components are raw materials bought from suppliers (``BomLine``); each is linked to the current
supplier sheet that covers it (``SheetLink``, found by supplier, product name or code and CAS number, or set
by hand). The traceability report says, per product and per supplier, what is missing, stale, superseded or
still in review.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from models.api import SUPPLIER_ID_PATTERN
from models.classification import ClassificationProposal, MixtureFacts
from models.composition import ConcentrationRange

PRODUCT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"
ProductId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=PRODUCT_ID_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
_CAS = re.compile(r"^\d{2,7}-\d{2}-\d$")


class BomLine(BaseModel):
    """One component of a finished product: a raw material from a supplier, at a concentration."""

    model_config = ConfigDict(extra="forbid")

    line_no: int = Field(ge=1)
    supplier: Name
    supplier_id: Annotated[str, StringConstraints(pattern=SUPPLIER_ID_PATTERN)] | None = Field(
        default=None, description="The supplier's account, where it sends sheets through the portal."
    )
    material_name: Name
    supplier_product_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = (
        None
    )
    cas: str | None = None
    concentration: ConcentrationRange

    @field_validator("cas")
    @classmethod
    def _cas_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not _CAS.match(value):
            raise ValueError(f"{value!r} is not a CAS number (N-NN-N)")
        return value

    @field_validator("concentration")
    @classmethod
    def _percent(cls, value: ConcentrationRange) -> ConcentrationRange:
        percent = value.as_percent()
        if percent is None:
            raise ValueError(f"concentration unit {value.unit!r} cannot be read as a share of the product")
        if percent.upper_bound is None:
            raise ValueError(f"concentration {value.printed!r} has no figure")
        if percent.upper_bound > 100:
            raise ValueError(f"concentration {value.printed!r} is above 100 %")
        return percent


class Product(BaseModel):
    """A finished product and its bill of materials."""

    model_config = ConfigDict(extra="forbid")

    product_id: ProductId
    name: Name
    facts: MixtureFacts = Field(default_factory=MixtureFacts)
    components: list[BomLine] = Field(min_length=1)
    updated_at: datetime | None = None

    @model_validator(mode="after")
    def _unique_lines(self) -> Product:
        numbers = [line.line_no for line in self.components]
        if len(numbers) != len(set(numbers)):
            raise ValueError("line numbers must be unique within a product")
        return self


class LinkMethod(StrEnum):
    OVERRIDE = "override"
    MATCHED = "matched"
    NONE = "none"


class SheetCandidate(BaseModel):
    """A sheet that may cover a BOM line, with the match score and why."""

    document_id: str
    score: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)


class SheetLink(BaseModel):
    """The supplier sheet behind one BOM line (or none), how it was chosen and how sure the match is."""

    product_id: str
    line_no: int
    document_id: str | None
    confidence: float = Field(ge=0.0, le=1.0)
    method: LinkMethod
    reasons: list[str] = Field(default_factory=list)
    candidates: list[SheetCandidate] = Field(default_factory=list)


class LinkOverride(BaseModel):
    """A person's decision for a BOM line: this sheet, or explicitly no sheet (``document_id`` None)."""

    product_id: str
    line_no: int = Field(ge=1)
    document_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    set_by: str
    set_at: datetime
    note: str | None = Field(default=None, max_length=500)


class SheetPolicy(BaseModel):
    """When a supplier sheet is old: checked after ``check_after_years``, replaced after
    ``replace_after_years`` (from its revision date)."""

    check_after_years: int = Field(default=3, ge=1, le=20)
    replace_after_years: int = Field(default=5, ge=1, le=30)

    @model_validator(mode="after")
    def _ordered(self) -> SheetPolicy:
        if self.replace_after_years < self.check_after_years:
            raise ValueError("replace_after_years must not be below check_after_years")
        return self


class LineStatus(StrEnum):
    """What a BOM line needs, worst first."""

    MISSING = "missing"
    SUPERSEDED = "superseded"
    REPLACE = "replace"
    UNCERTAIN_MATCH = "uncertain_match"
    IN_REVIEW = "in_review"
    CHECK = "check"
    CURRENT = "current"


class LineTrace(BaseModel):
    """One BOM line of the traceability report."""

    line_no: int
    supplier: str
    material_name: str
    supplier_product_code: str | None
    cas: str | None
    concentration: str
    status: LineStatus
    reasons: list[str] = Field(default_factory=list)
    document_id: str | None = None
    sheet_product_name: str | None = None
    sheet_supplier_name: str | None = None
    revision_date: date | None = None
    age_years: float | None = None
    link_confidence: float | None = None
    link_method: LinkMethod | None = None


class ProductTrace(BaseModel):
    """A product's traceability: every component with the state of its supplier sheet."""

    product_id: str
    name: str
    status: LineStatus
    lines: list[LineTrace]
    counts: dict[str, int]


class SheetRequest(BaseModel):
    """A sheet to ask a supplier for: which material, why, for which products."""

    supplier: str
    supplier_id: str | None
    material_name: str
    supplier_product_code: str | None
    cas: str | None
    reason: LineStatus
    document_id: str | None = None
    revision_date: date | None = None
    products: list[str] = Field(default_factory=list)


class SupplierRequests(BaseModel):
    supplier: str
    supplier_id: str | None
    requests: list[SheetRequest]


class ExpiryAlert(BaseModel):
    """A sheet behind some product that reaches its check or replace age within the quarter."""

    document_id: str
    supplier: str
    material_name: str
    revision_date: date
    due: date
    kind: LineStatus
    products: list[str]


class TraceabilityReport(BaseModel):
    """Products, per-supplier requests and this quarter's expiry alerts, as of a date, under a policy."""

    as_of: date
    policy: SheetPolicy
    products: list[ProductTrace]
    suppliers: list[SupplierRequests]
    expiring: list[ExpiryAlert]
    quarter: tuple[date, date]


class ImportProblem(BaseModel):
    """A row or field of an import that could not be read."""

    location: str
    message: str


class ImportResult(BaseModel):
    created: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)


class ProductsImportRequest(BaseModel):
    """API body of a JSON import: the products with their bills of materials."""

    model_config = ConfigDict(extra="forbid")

    products: list[Product] = Field(min_length=1, max_length=1000)


class LinkOverrideRequest(BaseModel):
    """API body that sets (or clears, with ``clear``) a BOM line's sheet by hand."""

    model_config = ConfigDict(extra="forbid")

    document_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    no_sheet: bool = Field(default=False, description="Record that no sheet exists for this line.")
    clear: bool = Field(default=False, description="Remove the override: match automatically again.")
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _one_choice(self) -> LinkOverrideRequest:
        chosen = sum((self.document_id is not None, self.no_sheet, self.clear))
        if chosen != 1:
            raise ValueError("give exactly one of document_id, no_sheet or clear")
        return self


class ProductView(BaseModel):
    """A product with the sheet behind each line."""

    product: Product
    links: list[SheetLink]


class ProductClassification(BaseModel):
    """A product's classification proposal and the sheets it was built from."""

    product_id: str
    name: str
    proposal: ClassificationProposal
    sheets: dict[int, str | None] = Field(default_factory=dict, description="BOM line -> document id used.")
