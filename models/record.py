"""The SDS record: every extracted value carries confidence, evidence and provenance."""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from models.common import Provenance, Severity
from models.composition import (
    AcuteToxicityValue,
    ComponentHazard,
    ConcentrationRange,
    SpecificLimit,
)
from models.evidence import Evidence
from models.metering import Metering

T = TypeVar("T")


class TranslationMethod(StrEnum):
    SOURCE_ENGLISH = "source_english"
    CATALOG = "catalog"
    ENGINE = "engine"
    UNTRANSLATED = "untranslated"


class Extracted(BaseModel, Generic[T]):
    """One field's value with how sure the extractor is and where it came from."""

    value: T
    confidence: float = Field(ge=0.0, le=1.0)
    raw_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0, description="The extractor's own score before calibration."
    )
    provenance: Provenance = Provenance.EXTRACTED
    evidence: list[Evidence] = Field(default_factory=list)
    machine_value: T | None = None
    reviewer: str | None = None


class Translated(BaseModel):
    """A text in its original language and in English, with how the English came about."""

    original: str
    language: str
    english: str
    method: TranslationMethod


class Statement(BaseModel):
    """A hazard (H/EUH) or precautionary (P) statement of the product."""

    code: str
    text_en: str | None = None
    text_original: str | None = None
    code_printed: bool = True
    confidence: float = Field(ge=0.0, le=1.0)
    provenance: Provenance = Provenance.EXTRACTED
    evidence: list[Evidence] = Field(default_factory=list)


class PictogramSource(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    BOTH = "both"


class Pictogram(BaseModel):
    code: str
    name_en: str | None = None
    source: PictogramSource
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)


class Component(BaseModel):
    """One ingredient line of Section 3: identity, concentration and the row's own classification."""

    name: str | None = None
    cas: str | None = None
    ec: str | None = None
    concentration: str | None = None
    cas_check_ok: bool | None = None
    confidence: float = Field(ge=0.0, le=1.0, default=0.9)
    evidence: list[Evidence] = Field(default_factory=list)
    concentration_range: ConcentrationRange | None = None
    hazards: list[ComponentHazard] = Field(default_factory=list)
    m_factor_acute: int | None = None
    m_factor_chronic: int | None = None
    m_factors_printed: str | None = None
    specific_limits: list[SpecificLimit] = Field(default_factory=list)

    @property
    def h_codes(self) -> list[str]:
        """The row's H/EUH codes in printed order, each once."""
        return list(dict.fromkeys(h.h_code for h in self.hazards if h.h_code))


class SectionInfo(BaseModel):
    number: int = Field(ge=1, le=16)
    heading: str
    heading_en: str
    page: int
    line_index: int
    confidence: float = 1.0


class Finding(BaseModel):
    """A validation result: what is wrong, how bad, and where it was seen."""

    code: str
    severity: Severity
    message: str
    field: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ReviewReason(BaseModel):
    code: str
    message: str
    field: str | None = None


class SdsRecord(BaseModel):
    """The validated English record of one safety data sheet."""

    document_id: str
    file_name: str | None = None
    language: str | None = None
    language_confidence: float = 0.0
    scanned: bool = False
    pages: int = 0
    ocr_pages: int = 0
    is_sds: bool = True
    sections: list[SectionInfo] = Field(default_factory=list)
    sections_out_of_order: list[int] = Field(default_factory=list)

    product_name: Extracted[str] | None = None
    supplier_name: Extracted[str] | None = None
    supplier_country: Extracted[str] | None = None
    emergency_phone: Extracted[str] | None = None
    revision_date: Extracted[str] | None = None
    version: Extracted[str] | None = None
    signal_word: Extracted[str] | None = None
    hazard_statements: list[Statement] = Field(default_factory=list)
    precautionary_statements: list[Statement] = Field(default_factory=list)
    pictograms: list[Pictogram] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    acute_toxicity: list[AcuteToxicityValue] = Field(default_factory=list)
    un_number: Extracted[str] | None = None
    flash_point_c: Extracted[float] | None = None
    has_signature: Extracted[bool] | None = None
    free_text: dict[str, Translated] = Field(default_factory=dict)
    hazard_wording_without_code: list[Evidence] = Field(default_factory=list)
    # Hazards a national rule defines without a GHS code, as printed ("May form combustible dust ...").
    defined_hazards_without_code: list[Evidence] = Field(default_factory=list)
    statement_texts_mappable: bool = True
    vision_checked: bool = False

    findings: list[Finding] = Field(default_factory=list)
    needs_review: bool = True
    review_reasons: list[ReviewReason] = Field(default_factory=list)
    metering: Metering = Field(default_factory=Metering)

    @property
    def sections_found(self) -> int:
        return len({s.number for s in self.sections})

    @property
    def h_codes(self) -> list[str]:
        return [s.code for s in self.hazard_statements]

    @property
    def p_codes(self) -> list[str]:
        return [s.code for s in self.precautionary_statements]

    @property
    def cas_numbers(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.components:
            if c.cas:
                seen.setdefault(c.cas, None)
        return list(seen)
