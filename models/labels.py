"""A finished product's label elements (Section 2) and Section 3 table, in one catalog language."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LabelStatement(BaseModel):
    """A statement as the label prints it: its code (None for the unknown-share sentences) and text."""

    code: str | None
    text: str


class CompositionRow(BaseModel):
    """One hazardous ingredient of the product's Section 3 table."""

    name: str
    cas: str | None = None
    concentration: str
    classification: str


class ProductLabel(BaseModel):
    """Section 2 (classification and label elements) and the Section 3 table, ready to print.

    ``status`` says it is a proposal: the texts are the official CLP wordings of the proposed codes; the
    headings and captions are the REACH Annex II / CLP terms (compiled, ``caption_confidence``).
    """

    product_id: str
    product_name: str
    language: str
    status: str
    notice: str
    headings: dict[str, str]
    captions: dict[str, str]
    classification: list[LabelStatement] = Field(default_factory=list)
    pictograms: list[str] = Field(default_factory=list)
    signal_word: str | None = None
    hazard_statements: list[LabelStatement] = Field(default_factory=list)
    precautionary_statements: list[LabelStatement] = Field(default_factory=list)
    supplemental: list[LabelStatement] = Field(default_factory=list)
    contains: list[str] = Field(default_factory=list)
    composition: list[CompositionRow] = Field(default_factory=list)
    caption_confidence: str = "high"
