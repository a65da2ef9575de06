"""The monthly AWS bill estimate: list prices, the workload, the deployment, and the estimate itself."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from models.common import Frozen


class EstimatePart(BaseModel):
    """Base of the estimate's parts: immutable, and read back from their own JSON (whose computed fields,
    such as ``monthly_usd``, are recomputed rather than refused)."""

    model_config = ConfigDict(frozen=True)


class Price(Frozen):
    """One list price: ``usd`` for every ``per`` units of ``unit``, where it was published and whether the
    figure could be checked against a stored copy of that page (``checked_in``)."""

    usd: float = Field(ge=0)
    per: float = Field(default=1.0, gt=0)
    unit: str = Field(min_length=1)
    source: str = Field(pattern=r"^https://")
    confirmed: bool
    checked_in: str | None = None
    note: str = ""
    # Textract feature types only: not charged when requested together with any of these features.
    free_with: tuple[str, ...] = ()

    @property
    def unit_price(self) -> float:
        return self.usd / self.per


class PriceBook(Frozen):
    """Every price the estimate uses, for one region, as read on one day."""

    region: str
    currency: Literal["USD"]
    read_on: date
    notes: str = ""
    prices: dict[str, Price]

    @property
    def unconfirmed(self) -> list[str]:
        return sorted(key for key, price in self.prices.items() if not price.confirmed)


class Workload(Frozen):
    """What the AWS host processes in a month."""

    documents_per_month: float = Field(ge=0)
    pages_per_document: float = Field(gt=0)
    scanned_share: float = Field(ge=0, le=1, description="Share of pages without a usable text layer.")
    translated_share: float = Field(
        default=0.5, ge=0, le=1, description="Share of documents with free text to machine-translate."
    )
    review_share: float = Field(default=0.1, ge=0, le=1, description="Share of documents sent to review.")


class DocumentUnits(Frozen):
    """Average billable units of one document: assumed from the workload, or metered on stored records."""

    ocr_pages: float = Field(ge=0)
    translation_characters: float = Field(ge=0)
    comprehend_units: float = Field(ge=0)
    vision_invocations: float = Field(ge=0)
    ocr_document_share: float = Field(ge=0, le=1, description="Documents with at least one page to OCR.")
    source: Literal["assumed", "metered"]
    documents_metered: int = Field(default=0, ge=0)


class Deployment(Frozen):
    """The deploy-time parameters that change the bill (defaults: the stack's defaults, infra/config.py)."""

    textract_features: tuple[str, ...] = ("LAYOUT",)
    vision_serverless: bool = False
    vision_instance_type: str = "ml.c6i.large"
    vision_min_instances: int = Field(default=1, ge=0)
    vision_serverless_memory_mb: int = Field(default=4096, ge=1024, le=6144)
    search_instance_type: str = "m7g.large.search"
    search_volume_gb: int = Field(default=20, ge=0)
    search_ha: bool = False
    redshift_base_capacity: int = Field(default=8, ge=0)
    alarms: int = Field(
        default=45, ge=0, description="CloudWatch alarms (two per function, workflow, queue)."
    )
    kms_keys: int = Field(default=1, ge=0)
    a2i: bool = Field(
        default=False,
        description="Review tasks go to Amazon A2I (msds:a2i_workteam_arn, opt-in); by default reviewers "
        "work the product's own queue, whose cost is a few DynamoDB requests per review.",
    )


class UsageAssumptions(Frozen):
    """Per-document quantities the meter does not see, and steady-state sizes. Defaults are round figures
    for the generated sample sheets; override them with ``msds cost --assumptions FILE``."""

    free_text_characters_per_translated_document: float = Field(default=1500, ge=0)
    language_detection_units_per_document: float = Field(
        default=64, ge=0, description="One sample of up to 4,000 characters and up to four page samples."
    )
    entity_units_per_document: float = Field(
        default=0, ge=0, description="DetectEntities: no step calls it, no function may."
    )
    vision_pages_per_document: float = Field(default=3, ge=0, description="Section 2's and signature pages.")
    vision_seconds_per_invocation: float = Field(default=1.0, ge=0)
    vision_megabytes_per_invocation: float = Field(default=0.3, ge=0, description="PNG in, JSON out.")
    lambda_seconds_per_invocation: float = Field(default=2.0, ge=0)
    lambda_memory_gb: float = Field(default=1.5, gt=0)
    stored_megabytes_per_document: float = Field(default=2.0, ge=0, description="Original and artifacts.")
    storage_months: float = Field(default=12, ge=0, description="Months of documents kept (steady state).")
    record_kilobytes: float = Field(default=20, ge=0, description="A stored record in DynamoDB.")
    kms_requests_per_document: float = Field(default=10, ge=0, description="Few: S3 Bucket Keys are on.")
    log_kilobytes_per_invocation: float = Field(default=4, ge=0)
    redshift_busy_hours_per_month: float = Field(default=30, ge=0, description="Loads and queries running.")


class CostLine(EstimatePart):
    """One line of the bill: a quantity of one billed unit at its list price."""

    service: str
    item: str
    quantity: float
    unit: str
    unit_price_usd: float
    price_key: str
    confirmed: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def monthly_usd(self) -> float:
        return self.quantity * self.unit_price_usd


class TextLayerSaving(EstimatePart):
    """What reading text layers before OCR saves: the same month with every page sent to Textract, against
    only the pages without a usable text layer."""

    pages_per_month: float
    ocr_pages_per_month: float
    textract_usd_per_page: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages_kept_out_of_ocr(self) -> float:
        return self.pages_per_month - self.ocr_pages_per_month

    @computed_field  # type: ignore[prop-decorator]
    @property
    def every_page_to_textract_usd(self) -> float:
        return self.pages_per_month * self.textract_usd_per_page

    @computed_field  # type: ignore[prop-decorator]
    @property
    def scanned_pages_only_usd(self) -> float:
        return self.ocr_pages_per_month * self.textract_usd_per_page

    @computed_field  # type: ignore[prop-decorator]
    @property
    def monthly_saving_usd(self) -> float:
        return self.pages_kept_out_of_ocr * self.textract_usd_per_page


class CostEstimate(EstimatePart):
    """The estimated monthly AWS bill of a workload, line by line, at the price book's list prices."""

    region: str
    prices_read_on: date
    workload: Workload
    units: DocumentUnits
    deployment: Deployment
    assumptions: UsageAssumptions
    lines: tuple[CostLine, ...]
    text_layer_saving: TextLayerSaving
    unconfirmed_prices: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_usd(self) -> float:
        return sum(line.monthly_usd for line in self.lines)

    def by_service(self) -> dict[str, float]:
        """Monthly dollars per service, in the order the lines list them."""
        totals: dict[str, float] = {}
        for line in self.lines:
            totals[line.service] = totals.get(line.service, 0.0) + line.monthly_usd
        return totals
