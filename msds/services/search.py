"""Searching published records on behalf of a user: the query from request parameters, and who sees what.

Compliance staff and reviewers search every published record; a supplier searches only the sheets it sent
(the query is restricted to its supplier account, whatever else it asks for): its hits and its facet counts
hold nothing of another supplier's sheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from models.search import SearchQuery, SearchResults
from msds.errors import AccessDenied, InvalidRequest
from msds.ports import SearchIndex
from msds.services.api_access import EVERYONE, SUPPLIER_CLAIM, Caller, require_group

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
