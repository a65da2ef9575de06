"""Searching published records on behalf of a user: the query from request parameters, who sees what, and the
export of a whole result set.

Compliance staff and reviewers search every published record; a supplier searches only the sheets it sent
(the query is restricted to its supplier account, whatever else it asks for): its hits, its facet counts and
its exports hold nothing of another supplier's sheets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from models.search import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SearchHit, SearchQuery, SearchResults
from msds.errors import AccessDenied, InvalidRequest
from msds.ports import SearchIndex
from msds.services.api_access import EVERYONE, SUPPLIER_CLAIM, Caller, require_group
from msds.services.search_export import (
    EXPORT_FORMATS,
    MEDIA_TYPES,
    ExportFormat,
    csv_pieces,
    json_pieces,
)

# Query-string parameter -> SearchQuery field. List parameters take comma-separated values, and may be
# repeated (API Gateway joins repeated values with commas; a mapping may also hold a list of values).
QUERY_PARAMETERS: dict[str, str] = {
    "q": "text",
    "h_code": "h_codes",
    "p_code": "p_codes",
    "cas": "cas_numbers",
    "pictogram": "pictograms",
    "signal_word": "signal_word",
    "supplier": "supplier",
    "supplier_id": "supplier_id",
    "language": "language",
    "status": "statuses",
    "older_than_years": "revised_before",
    "sort": "sort",
    "page": "page",
    "page_size": "page_size",
}
LIST_PARAMETERS = frozenset({"h_code", "p_code", "cas", "pictogram", "status"})
# The stale-sheet filter: revised more than this many whole years before today (or never dated).
MAX_AGE_YEARS = 100
# An export reads pages of this many hits, up to this many hits in all (as deep as a search may page).
EXPORT_PAGE_SIZE = MAX_PAGE_SIZE
EXPORT_LIMIT = MAX_RESULT_WINDOW
ParameterValue = str | Sequence[str]


def query_from_parameters(parameters: Mapping[str, ParameterValue], today: date) -> SearchQuery:
    """The query a request's parameters ask for; InvalidRequest naming each unknown or invalid one (location
    ``query.<name>``). ``older_than_years=N`` keeps the sheets revised before ``today`` minus N years (and
    undated ones); a value may be a string or, for a repeated parameter, a list of strings."""
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name, raw in parameters.items():
        given = [raw] if isinstance(raw, str) else [str(item) for item in raw]
        if name not in QUERY_PARAMETERS:
            problems.append((f"query.{name}", "unknown parameter"))
        elif name in LIST_PARAMETERS:
            values[QUERY_PARAMETERS[name]] = [
                part.strip() for item in given for part in item.split(",") if part.strip()
            ]
        elif len(set(given)) > 1:
            problems.append((f"query.{name}", "given more than once with different values"))
        elif name == "older_than_years":
            try:
                values["revised_before"] = years_before(today, _whole_years(given[0] if given else ""))
            except ValueError as error:
                problems.append((f"query.{name}", str(error)))
        elif given:
            values[QUERY_PARAMETERS[name]] = given[0]
    try:
        query = SearchQuery.model_validate(values)
    except ValidationError as error:
        problems.extend(_named_problems(error))
        query = None
    if problems or query is None:
        if any(what == "unknown parameter" for _, what in problems):
            problems.append(("query", f"known parameters are {', '.join(QUERY_PARAMETERS)}"))
        raise InvalidRequest("; ".join(f"{where}: {what}" for where, what in problems), problems)
    return query


def years_before(today: date, years: int) -> date:
    """The same day ``years`` years earlier; 29 February becomes 28 February in a year without it."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _whole_years(text: str) -> int:
    try:
        years = int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number of years") from None
    if not 0 <= years <= MAX_AGE_YEARS:
        raise ValueError(f"years must be between 0 and {MAX_AGE_YEARS}, not {years}")
    return years


def _named_problems(error: ValidationError) -> list[tuple[str, str]]:
    """Each validation error under the name of the parameter that set the field."""
    field_to_parameter = {field: name for name, field in QUERY_PARAMETERS.items()}
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        location = item["loc"]
        # The only check across fields is how deep the page goes.
        name = field_to_parameter.get(str(location[0]), str(location[0])) if location else "page"
        problems.append((f"query.{name}", str(item["msg"])))
    return problems


def check_may_search(caller: Caller) -> None:
    """AccessDenied unless the caller is staff, or a supplier whose token names its supplier account."""
    require_group(caller, EVERYONE)
    if not caller.is_staff and caller.supplier_id is None:
        raise AccessDenied(f"a supplier's token must carry {SUPPLIER_CLAIM}")


def search_as(caller: Caller, query: SearchQuery, index: SearchIndex) -> SearchResults:
    """The page of results the caller may see: everything for staff, a supplier's own sheets for it (its
    hits, total and facet counts)."""
    check_may_search(caller)
    if not caller.is_staff:
        if query.supplier_id not in (None, caller.supplier_id):
            raise AccessDenied("a supplier searches only the sheets it sent")
        query = query.model_copy(update={"supplier_id": caller.supplier_id})
    return index.search(query)


class SearchExport(Iterator[str]):
    """An export being written: iterate it for the text, piece by piece (a header or opening, then one CSV
    line or JSON object per hit). ``total`` is how many hits the query has, ``truncated`` whether that is
    more than an export holds (``limit``, MAX_RESULT_WINDOW: the first that many are written)."""

    def __init__(self, pieces: Iterator[str], fmt: ExportFormat, total: int, limit: int) -> None:
        self._pieces = pieces
        self.format: ExportFormat = fmt
        self.total = total
        self.limit = limit
        self.truncated = total > limit
        self.media_type = MEDIA_TYPES[fmt]

    def __next__(self) -> str:
        return next(self._pieces)

    def __iter__(self) -> SearchExport:
        return self


def export_results(caller: Caller, query: SearchQuery, index: SearchIndex, fmt: ExportFormat) -> SearchExport:
    """Every hit of the query the caller may see (search_as's rules), in the query's order, as CSV or JSON:
    the pages are read one after another (the query's own page and page size do not matter) up to
    MAX_RESULT_WINDOW hits; the JSON says whether that cut the result short, and so does ``truncated``.

    Who may search and the first page are checked now (AccessDenied, InvalidRequest for an unknown format),
    so a refusal comes before anything is written; the rest is read while the text is iterated."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidRequest(
            f"export format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}",
            [("query.format", f"one of {', '.join(EXPORT_FORMATS)}")],
        )
    limit = EXPORT_LIMIT
    # The caller's page and page size do not matter: the export reads pages of its own size from the first.
    first_query = query.model_copy(update={"page": 1, "page_size": EXPORT_PAGE_SIZE, "facets": False})
    first = search_as(caller, first_query, index)
    hits = _every_hit(caller, first_query, index, first, limit)
    truncated = first.total > limit
    pieces = csv_pieces(hits) if fmt == "csv" else json_pieces(hits, first.total, limit, truncated)
    return SearchExport(pieces, fmt, first.total, limit)


def _every_hit(
    caller: Caller, query: SearchQuery, index: SearchIndex, first: SearchResults, limit: int
) -> Iterator[SearchHit]:
    """The hits of every page up to ``limit``, each document once (an index that changes between pages
    could repeat one)."""
    seen: set[str] = set()
    page = first
    while True:
        for hit in page.hits:
            if hit.document_id in seen:
                continue
            seen.add(hit.document_id)
            yield hit
            if len(seen) >= limit:
                return
        following = page.page + 1
        if len(page.hits) < page.page_size or (following - 1) * page.page_size >= limit:
            return
        page = search_as(caller, query.model_copy(update={"page": following}), index)
