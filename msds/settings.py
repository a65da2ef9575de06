"""Settings of the product, read once from the environment by the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "ko", "ja")
ENV_PREFIX = "MSDS_"
TranslatorChoice = Literal["catalog-only", "apertium", "amazon"]
# The on/off switch MSDS_TRANSLATOR replaced; still read when MSDS_TRANSLATOR is not set.
RETIRED_APERTIUM_SWITCH = "MSDS_APERTIUM_ENABLED"
# Defaults the adapters also use when they are built without settings (scripts, tests).
DEFAULT_MAX_PAGES = 200
# 12 megapixels: A4, US Letter and US Legal at 300 dpi fit whole. Tesseract needs about ten bytes a pixel
# on top of the page, so a page rendered larger (a scan placed on a 17 x 23 inch page, say) would push a
# worker past 500 MB; such a page is rendered at the resolution that fits instead.
DEFAULT_MAX_RENDER_PIXELS = 12_000_000
DEFAULT_MAX_IMAGE_PIXELS = 80_000_000
DEFAULT_MAX_STREAM_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_PAGE_CHARS = 100_000
DEFAULT_MAX_DOCUMENT_CHARS = 1_500_000


class Settings(BaseModel):
    """Every tunable of the product. Each field maps to the environment variable MSDS_<NAME>."""

    data_dir: Path = Field(default=Path(".msds-data"), description="Where documents, state and indexes live.")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, gt=0, description="Largest accepted upload.")
    max_pages: int = Field(
        default=DEFAULT_MAX_PAGES, gt=0, description="Most pages accepted in one document."
    )
    languages: tuple[str, ...] = Field(
        default=SUPPORTED_LANGUAGES, description="Languages the detector may answer."
    )
    ocr_dpi: int = Field(default=300, ge=100, le=600, description="Resolution pages are rendered at for OCR.")
    ocr_min_confidence: float = Field(
        default=0.70,
        ge=0.0,
        le=1.0,
        description="Below this mean OCR confidence a Section 2 page is reviewed.",
    )
    accept_confidence: float = Field(
        default=0.80, ge=0.0, le=1.0, description="Fields below this confidence send the sheet to review."
    )
    revision_max_age_days: int = Field(
        default=5 * 365, gt=0, description="Revisions older than this raise a finding."
    )
    sheet_check_after_years: int = Field(
        default=3, ge=1, le=20, description="Supplier sheets behind a product older than this are checked."
    )
    sheet_replace_after_years: int = Field(
        default=5, ge=1, le=30, description="Supplier sheets behind a product older than this are replaced."
    )
    review_claim_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="How long a reviewer's claim on a review task lasts."
    )
    workers: int = Field(default=max(1, min(4, os.cpu_count() or 1)), ge=1, description="Parallel processes.")
    # Resource limits: what one document may cost. Exceeding one records `resource_limit` (naming the limit)
    # for that document only; the batch goes on and a rerun does not retry it unless asked.
    max_render_pixels: int = Field(
        default=DEFAULT_MAX_RENDER_PIXELS,
        ge=1_000_000,
        description=(
            "Most pixels a rendered page may have; larger pages (up to 200 x 200 in) are rendered at a "
            "lower resolution instead."
        ),
    )
    max_image_pixels: int = Field(
        default=DEFAULT_MAX_IMAGE_PIXELS,
        ge=1_000_000,
        description="Most pixels an image (an image file's page, or an image inside a PDF) may declare.",
    )
    max_stream_bytes: int = Field(
        default=DEFAULT_MAX_STREAM_BYTES,
        ge=1024 * 1024,
        description="Most bytes one compressed PDF stream may inflate to.",
    )
    max_page_chars: int = Field(
        default=DEFAULT_MAX_PAGE_CHARS, ge=1000, description="Most characters of text one page may hold."
    )
    max_document_chars: int = Field(
        default=DEFAULT_MAX_DOCUMENT_CHARS,
        ge=1000,
        description="Most characters of text one document may hold.",
    )
    worker_memory_mb: int = Field(
        default=2048,
        ge=256,
        description="Memory one worker process may use while it processes a document (MiB).",
    )
    worker_recycle_mb: int = Field(
        default=300,
        ge=64,
        description=(
            "A worker whose resident memory has grown past this after a document (libraries keep what "
            "they allocated) is replaced by a fresh one before the next document (MiB)."
        ),
    )
    document_seconds: int = Field(
        default=900, ge=5, description="Longest time one document may take in a worker process."
    )
    publish_batch: int = Field(
        default=500,
        ge=1,
        description="Records a batch publishes to search and analytics at once (one commit each).",
    )
    translator: TranslatorChoice = Field(
        default="apertium",
        description=(
            "Engine for free text the phrase catalog cannot translate: apertium (where installed), amazon "
            "(Amazon Translate, AWS host only) or catalog-only (the text is kept and marked untranslated)."
        ),
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("languages")
    @classmethod
    def _only_supported_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("at least one language is needed")
        unknown = [code for code in value if code not in SUPPORTED_LANGUAGES]
        if unknown:
            supported = ", ".join(SUPPORTED_LANGUAGES)
            raise ValueError(f"unsupported language(s) {', '.join(unknown)}; supported are {supported}")
        return value

    @field_validator("translator", mode="before")
    @classmethod
    def _normalise_translator(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from MSDS_* variables; unknown variables are ignored, bad values raise."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.model_fields:
            key = ENV_PREFIX + name.upper()
            if key in env:
                values[name] = env[key]
        if "translator" not in values and RETIRED_APERTIUM_SWITCH in env:
            values["translator"] = _translator_of_apertium_switch(env[RETIRED_APERTIUM_SWITCH])
        return cls.model_validate(values)

    @classmethod
    def environment_names(cls) -> list[str]:
        return [ENV_PREFIX + name.upper() for name in cls.model_fields]


def _translator_of_apertium_switch(value: str) -> str:
    switch = value.strip().lower()
    if switch in ("1", "true", "yes", "on"):
        return "apertium"
    if switch in ("0", "false", "no", "off"):
        return "catalog-only"
    return value  # not a switch value: the translator field refuses it
