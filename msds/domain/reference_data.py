"""Read-only access to the reference tables shipped in ``msds/data/ghs`` (CSV, UTF-8, header row)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from msds.errors import MsdsError

EU_LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "nl", "pt", "pl", "bg", "cs", "da", "el",
    "et", "fi", "ga", "hr", "hu", "lt", "lv", "mt", "ro", "sk", "sl", "sv",
)  # fmt: skip
"""The 24 official EU languages of the CLP statement tables, priority languages first."""


class ReferenceDataError(MsdsError):
    """A shipped reference table is missing or malformed: a packaging error, never a document problem."""

    code = "reference_data_error"


Row = dict[str, str]


@cache
def read_table(name: str) -> tuple[Row, ...]:
    """Rows of ``msds/data/ghs/<name>`` as dicts keyed by the header; read once per process."""
    resource = resources.files("msds").joinpath("data", "ghs", name)
    try:
        rows = tuple(csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8"), newline="")))
    except (FileNotFoundError, UnicodeDecodeError, csv.Error) as exc:
        raise ReferenceDataError(f"reference table {name!r} cannot be read: {exc}") from exc
    if not rows:
        raise ReferenceDataError(f"reference table {name!r} is empty")
    return rows


def base_language(lang: str) -> str:
    """``"pt-BR"`` -> ``"pt"``, ``"EN_us"`` -> ``"en"``: the catalog is keyed by ISO 639-1 codes."""
    return lang.replace("_", "-").split("-", 1)[0].strip().lower()
