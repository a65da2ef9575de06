"""Search over published records: the query (free text, filters, sort, paging), the hits that come back and
the facet counts of all of them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.document import DocumentStatus
from models.publication import PUBLISHED_STATUSES

MAX_PAGE_SIZE = 100
# The deepest hit a query may page to (OpenSearch's default max_result_window).
MAX_RESULT_WINDOW = 10_000
MAX_FILTER_VALUES = 20
# The most values a facet lists (the most frequent first).
FACET_SIZE = 20
# The facets a result counts, by name; each counts the hits holding each value of the field of that name.
FACET_NAMES: tuple[str, ...] = (
    "h_codes",
    "p_codes",
    "pictograms",
    "signal_word",
    "language",
    "status",
    "supplier_name",
)

SearchSort = Literal["relevance", "newest", "oldest"]

_H_CODE = re.compile(r"^(?:EUH|H)[0-9]{3}[A-Za-z]{0,2}$")
# A precautionary statement code, or a combination of them as records hold it (P301+P330+P331).
_P_CODE = re.compile(r"^P[0-9]{3}(?:\+P[0-9]{3})*$")
_CAS = re.compile(r"^[0-9]{2,7}-[0-9]{2}-[0-9]$")
_PICTOGRAM = re.compile(r"^GHS0[1-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


def _normalise_h_code(value: str) -> str:
    """``h315`` -> ``H315``, ``euh066`` -> ``EUH066``; a suffix keeps its case (H360Fd is not H360FD)."""
    code = "".join(value.split())
    upper = code.upper()
    prefix = "EUH" if upper.startswith("EUH") else upper[:1]
    return prefix + upper[len(prefix) : len(prefix) + 3] + code[len(prefix) + 3 :]


def _normalise_p_code(value: str) -> str:
    """``p280`` -> ``P280``, ``p301 + p330`` -> ``P301+P330``."""
    return "".join(value.split()).upper()


class SearchQuery(BaseModel):
    """What a user searches for. Every filter narrows the result; several values of one filter must all be
    on the sheet (``h_codes=[H315, H319]`` finds sheets with both). A combined precautionary statement is
    one code (``P301+P330+P331``), found by that code, not by its parts. ``revised_before`` keeps the sheets
    revised before that day and the sheets without a revision date (the stale-sheet filter). Without
    ``statuses`` the current records are searched (accepted or needing review); superseded revisions only
    when asked for by status.

    Hits come by relevance to the text (``sort="relevance"``; newest first when there is no text), or by
    revision date (``newest``, ``oldest``); sheets without a date come last either way, ties by document id.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = Field(default=None, max_length=500, description="Words, codes or CAS numbers.")
    h_codes: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    p_codes: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    cas_numbers: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    pictograms: tuple[str, ...] = Field(default=(), max_length=MAX_FILTER_VALUES)
    signal_word: Literal["Danger", "Warning"] | None = None
    supplier: str | None = Field(default=None, max_length=200, description="Words of the supplier's name.")
    supplier_id: str | None = Field(
        default=None, max_length=64, description="Only sheets this supplier account sent."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code of the sheet's language.")
    statuses: tuple[DocumentStatus, ...] = Field(default=(), max_length=len(PUBLISHED_STATUSES))
    revised_before: date | None = Field(
        default=None, description="Only sheets revised before this day, or without a revision date."
    )
    sort: SearchSort = "relevance"
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)
    facets: bool = Field(default=True, description="Count the facets of all hits (FACET_NAMES).")

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

    @field_validator("p_codes", mode="after")
    @classmethod
    def _p_codes(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _checked(values, _normalise_p_code, _P_CODE, "not precautionary statement codes")

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

    @property
    def by_relevance(self) -> bool:
        """Whether hits come by relevance: asked for, and the text has a word to be relevant to."""
        return self.sort == "relevance" and any(char.isalnum() for char in self.text or "")


class SearchHit(BaseModel):
    """One published record that matched: enough to list it and open it."""

    document_id: str
    file_name: str | None = None
    status: DocumentStatus
    product_name: str | None = None
    supplier_name: str | None = None
    supplier_country: str | None = None
    revision_date: date | None = None
    version: str | None = None
    language: str | None = None
    signal_word: str | None = None
    h_codes: list[str] = Field(default_factory=list)
    p_codes: list[str] = Field(default_factory=list)
    pictograms: list[str] = Field(default_factory=list)
    cas_numbers: list[str] = Field(default_factory=list)
    un_number: str | None = None
    score: float | None = Field(
        default=None, description="Relevance to the free text; None when the hits are not sorted by it."
    )


class FacetCount(BaseModel):
    """How many hits of a query hold one value of a facet."""

    value: str
    count: int = Field(ge=1)


class SearchResults(BaseModel):
    """One page of hits in the query's order, the total of all hits, and the facet counts of all hits
    (every name of FACET_NAMES, each value with its count: most frequent first, then by value, at most
    FACET_SIZE values; empty when the query asked for no facets)."""

    total: int = Field(ge=0)
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    hits: list[SearchHit] = Field(default_factory=list)
    facets: dict[str, list[FacetCount]] = Field(default_factory=dict)


def _checked(
    values: tuple[str, ...], normalise: Callable[[str], str], pattern: re.Pattern[str], problem: str
) -> tuple[str, ...]:
    """Normalised, de-duplicated filter values; a ValueError naming every value that does not match."""
    normalised = tuple(dict.fromkeys(normalise(v) for v in values))
    bad = [value for value in normalised if not pattern.match(value)]
    if bad:
        raise ValueError(f"{problem}: {', '.join(bad)}")
    return normalised


def top_facet_values(counts: Iterable[tuple[str, int]]) -> list[FacetCount]:
    """The FACET_SIZE most frequent values, most frequent first, ties by value; zero counts left out."""
    ordered = sorted(((value, count) for value, count in counts if count > 0), key=lambda v: (-v[1], v[0]))
    return [FacetCount(value=value, count=count) for value, count in ordered[:FACET_SIZE]]
