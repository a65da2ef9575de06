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


class Settings(BaseModel):
    """Every tunable of the product. Each field maps to the environment variable MSDS_<NAME>."""

    data_dir: Path = Field(default=Path(".msds-data"), description="Where documents, state and indexes live.")
    max_file_bytes: int = Field(default=50 * 1024 * 1024, gt=0, description="Largest accepted upload.")
    max_pages: int = Field(default=200, gt=0, description="Most pages accepted in one document.")
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
