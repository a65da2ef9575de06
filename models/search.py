"""Search over published records: the query (free text, filters, paging) and the hits that come back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.document import DocumentStatus
from models.publication import PUBLISHED_STATUSES

MAX_PAGE_SIZE = 100
# The deepest hit a query may page to (OpenSearch's default max_result_window).
MAX_RESULT_WINDOW = 10_000
MAX_FILTER_VALUES = 20

_H_CODE = re.compile(r"^(?:EUH|H)[0-9]{3}[A-Za-z]{0,2}$")
_CAS = re.compile(r"^[0-9]{2,7}-[0-9]{2}-[0-9]$")
_PICTOGRAM = re.compile(r"^GHS0[1-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


def _normalise_h_code(value: str) -> str:
    """``h315`` -> ``H315``, ``euh066`` -> ``EUH066``; a suffix keeps its case (H360Fd is not H360FD)."""
    code = "".join(value.split())
    upper = code.upper()
    prefix = "EUH" if upper.startswith("EUH") else upper[:1]
    return prefix + upper[len(prefix) : len(prefix) + 3] + code[len(prefix) + 3 :]


class SearchQuery(BaseModel):
    """What a user searches for. Every filter narrows the result; several values of one filter must all be
    on the sheet (``h_codes=[H315, H319]`` finds sheets with both). Without ``statuses`` the current records
    are searched (accepted or needing review); superseded revisions only when asked for by status."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = Field(default=None, max_length=500, description="Words, codes or CAS numbers.")
    h_codes: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    cas_numbers: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    pictograms: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    signal_word: Literal["Danger", "Warning"] | None = None
    supplier: str | None = Field(default=None, max_length=200, description="Words of the supplier's name.")
    supplier_id: str | None = Field(
        default=None, max_length=64, description="Only sheets this supplier account sent."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code of the sheet's language.")
    statuses: tuple[DocumentStatus, ...] = Field(default=(), max_length=len(PUBLISHED_STATUSES))
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)

    @field_validator("text", "supplier", "supplier_id", mode="after")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        stripped = value.strip()
        return stripped or None

    @field_validator("h_codes", mode="after")
    @classmethod
    def _h_codes(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _checked(values, _normalise_h_code, _H_CODE, "not hazard statement codes")

    @field_validator("cas_numbers", mode="after")
    @classmethod
    def _cas_numbers(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _checked(values, lambda v: "".join(v.split()), _CAS, "not CAS numbers")

    @field_validator("pictograms", mode="after")
    @classmethod
    def _pictograms(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _checked(
            values, lambda v: v.strip().upper(), _PICTOGRAM, "not GHS pictogram codes (GHS01..GHS09)"
        )

    @field_validator("signal_word", mode="before")
    @classmethod
    def _signal_word(cls, value: object) -> object:
        return value.strip().capitalize() if isinstance(value, str) else value

    @field_validator("language", mode="after")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().lower()
        if not _LANGUAGE.match(code):
            raise ValueError(f"{value!r} is not a two-letter language code")
        return code

    @field_validator("statuses", mode="after")
    @classmethod
    def _statuses(cls, values: tuple[DocumentStatus, ...]) -> tuple[DocumentStatus, ...]:
        bad = [status.value for status in values if status not in PUBLISHED_STATUSES]
        if bad:
            allowed = ", ".join(s.value for s in PUBLISHED_STATUSES)
            raise ValueError(f"records are published as {allowed}, not {', '.join(bad)}")
        return tuple(dict.fromkeys(values))

    @model_validator(mode="after")
    def _within_result_window(self) -> SearchQuery:
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise ValueError(f"page {self.page} of {self.page_size} goes past hit {MAX_RESULT_WINDOW}")
        return self

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class SearchHit(BaseModel):
    """One published record that matched: enough to list it and open it."""

    document_id: str
    file_name: str | None = None
    status: DocumentStatus
    product_name: str | None = None
    supplier_name: str | None = None
    revision_date: date | None = None
    language: str | None = None
    signal_word: str | None = None
    h_codes: list[str] = Field(default_factory=list)
    p_codes: list[str] = Field(default_factory=list)
    pictograms: list[str] = Field(default_factory=list)
    cas_numbers: list[str] = Field(default_factory=list)
    score: float | None = Field(default=None, description="Relevance to the free text; None without text.")


class SearchResults(BaseModel):
    """One page of hits: by relevance when the query has free text, else newest revision first."""

    total: int = Field(ge=0)
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    hits: list[SearchHit] = Field(default_factory=list)


def _checked(
    values: tuple[str, ...], normalise: Callable[[str], str], pattern: re.Pattern[str], problem: str
) -> tuple[str, ...]:
    """Normalised, de-duplicated filter values; a ValueError naming every value that does not match."""
    normalised = tuple(dict.fromkeys(normalise(v) for v in values))
    bad = [value for value in normalised if not pattern.match(value)]
    if bad:
        raise ValueError(f"{problem}: {', '.join(bad)}")
    return normalised
