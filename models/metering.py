"""Billable units spent on one document, per pipeline step, stored with its record.

On the AWS host the figures are what the adapters sent to the billed services (Textract pages analysed,
Amazon Translate characters, Comprehend units, SageMaker invocations). The local host records the same units
for the work it does in their place (pages OCR'd, characters given to the translation engine, texts given to
the language detector, pages given to the vision model), so that a local run can feed the cost estimate.
"""

from __future__ import annotations

from pydantic import Field

from models.common import Frozen


class BillableUsage(Frozen):
    """Units of the per-use AWS services, as one step (or a whole document) spent them."""

    ocr_pages: int = Field(default=0, ge=0, description="Pages analysed by OCR (Textract AnalyzeDocument).")
    translation_characters: int = Field(
        default=0, ge=0, description="Characters sent to the free-text translation engine (Amazon Translate)."
    )
    language_detection_requests: int = Field(default=0, ge=0, description="DetectDominantLanguage calls.")
    language_detection_units: int = Field(
        default=0, ge=0, description="Comprehend units of those calls (100 characters, at least 3 a call)."
    )
    entity_detection_requests: int = Field(default=0, ge=0, description="DetectEntities calls.")
    entity_detection_units: int = Field(default=0, ge=0, description="Comprehend units of those calls.")
    vision_invocations: int = Field(
        default=0, ge=0, description="Rendered pages sent to the vision model (SageMaker InvokeEndpoint)."
    )

    def __add__(self, other: BillableUsage) -> BillableUsage:
        return BillableUsage.model_validate(
            {name: getattr(self, name) + getattr(other, name) for name in BillableUsage.model_fields}
        )

    @property
    def comprehend_units(self) -> int:
        return self.language_detection_units + self.entity_detection_units

    @property
    def is_zero(self) -> bool:
        return not any(getattr(self, name) for name in BillableUsage.model_fields)


class Metering(Frozen):
    """A document's billable units by step name. A step run again replaces its own figures (a retried or
    resumed step never counts twice); steps that spent nothing are left out."""

    by_step: dict[str, BillableUsage] = Field(default_factory=dict)

    def with_step(self, step: str, usage: BillableUsage) -> Metering:
        """This metering with ``step``'s figures replaced by ``usage``."""
        by_step = {name: spent for name, spent in self.by_step.items() if name != step}
        if not usage.is_zero:
            by_step[step] = usage
        return Metering(by_step=by_step)

    @property
    def total(self) -> BillableUsage:
        total = BillableUsage()
        for usage in self.by_step.values():
            total = total + usage
        return total
