"""Inputs and outputs of the pipeline steps, shared by the local runner and the AWS state machine."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.metering import Metering
from models.record import SdsRecord


class LanguageResult(BaseModel):
    language: str | None
    confidence: float
    by_page: dict[int, str] = Field(default_factory=dict)


class SectionSpan(BaseModel):
    """One of the 16 SDS sections: where its heading is and which lines belong to it."""

    number: int = Field(ge=1, le=16)
    heading: str
    page: int
    first_line: int
    end_line: int
    confidence: float
    inferred: bool = False


class Segmentation(BaseModel):
    sections: list[SectionSpan] = Field(default_factory=list)
    # Sections whose explicit heading ("SECTION 7: ...") was printed where the order says it cannot be.
    out_of_order: list[int] = Field(default_factory=list)
    # Sections whose heading was read inside a line, after other words (a scanned page whose columns OCR read
    # as one line: "Eye Irrit. 2 H319   3 COMPOSITION/INFORMATION ON INGREDIENTS"). Each starts at that line,
    # which the section before it holds too, so they are kept apart from ``sections`` (headings that open a
    # line) and only stand in for a section that has none there.
    inside_lines: list[SectionSpan] = Field(default_factory=list)

    def get(self, number: int) -> SectionSpan | None:
        return next((s for s in self.sections if s.number == number), None)

    def lines_of(self, number: int) -> SectionSpan | None:
        """Where a section's lines are: its heading at the start of a line, else one read inside a line."""
        return self.get(number) or next((s for s in self.inside_lines if s.number == number), None)


class PipelineState(BaseModel):
    """What the steps hand to each other. Large artifacts (page text) live in the document store."""

    document_id: str
    file_name: str
    completed_steps: list[str] = Field(default_factory=list)
    step_seconds: dict[str, float] = Field(default_factory=dict)
    language: LanguageResult | None = None
    segmentation: Segmentation | None = None
    record: SdsRecord | None = None
    metering: Metering = Field(default_factory=Metering)


class StepRequest(BaseModel):
    """The payload a state machine passes between Lambda tasks."""

    document_id: str
    file_name: str = ""
