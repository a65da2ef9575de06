"""A result set written out as CSV or JSON, one hit at a time: the columns, the CSV cell guard and the JSON
envelope. msds.services.search.export_results pages through the hits and feeds them here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from models.search import SearchHit
from msds.services.export import spreadsheet_safe

ExportFormat = Literal["csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "json")
MEDIA_TYPES: dict[ExportFormat, str] = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# Every field of a hit, in the model's order: the CSV header and the keys of each JSON object.
EXPORT_COLUMNS: tuple[str, ...] = tuple(SearchHit.model_fields)
LIST_SEPARATOR = "; "


def csv_cell(value: Any) -> str:
    """A hit's value as a CSV cell: lists joined with "; ", nothing as empty, formulas defused."""
    if value is None:
        return ""
    listed = isinstance(value, list | tuple)
    text = LIST_SEPARATOR.join(str(item) for item in value) if listed else str(value)
    return spreadsheet_safe(text)


def csv_pieces(hits: Iterable[SearchHit]) -> Iterator[str]:
    """The header line, then one line per hit (RFC 4180: quoted where needed, CRLF line ends)."""
    yield _csv_line(EXPORT_COLUMNS)
    for hit in hits:
        values = hit.model_dump(mode="json")
        yield _csv_line([csv_cell(values[column]) for column in EXPORT_COLUMNS])


def json_pieces(hits: Iterable[SearchHit], total: int, limit: int, truncated: bool) -> Iterator[str]:
    """One JSON object, written in pieces: ``total`` (all hits of the query), ``limit`` (the most an export
    holds), ``truncated`` (whether the total is past the limit), ``hits`` (one object per hit) and
    ``exported`` (how many hits were written)."""
    head = {"total": total, "limit": limit, "truncated": truncated}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
    exported = 0
    for hit in hits:
        values = hit.model_dump(mode="json")
        yield ("\n" if exported == 0 else ",\n") + json.dumps(
            {column: values[column] for column in EXPORT_COLUMNS}, ensure_ascii=False
        )
        exported += 1
    yield f'\n], "exported": {exported}}}\n'


def _csv_line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()
