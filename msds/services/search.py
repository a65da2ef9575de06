"""Searching published records on behalf of a user: the query from request parameters, and who sees what.

Compliance staff and reviewers search every published record; a supplier searches only the sheets it sent
(the query is restricted to its supplier account, whatever else it asks for).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from models.search import SearchQuery, SearchResults
from msds.errors import AccessDenied, InvalidRequest
from msds.ports import SearchIndex
from msds.services.api_access import EVERYONE, SUPPLIER_CLAIM, Caller, require_group

# Query-string parameter -> SearchQuery field. List parameters take comma-separated values, and may be
# repeated (API Gateway joins repeated values with commas).
QUERY_PARAMETERS: dict[str, str] = {
    "q": "text",
    "h_code": "h_codes",
    "cas": "cas_numbers",
    "pictogram": "pictograms",
    "signal_word": "signal_word",
    "supplier": "supplier",
    "supplier_id": "supplier_id",
    "language": "language",
    "status": "statuses",
    "page": "page",
    "page_size": "page_size",
}
LIST_PARAMETERS = frozenset({"h_code", "cas", "pictogram", "status"})


def query_from_parameters(parameters: Mapping[str, str]) -> SearchQuery:
    """The query a request's parameters ask for; InvalidRequest naming each unknown or invalid one."""
    unknown = sorted(name for name in parameters if name not in QUERY_PARAMETERS)
    if unknown:
        known = ", ".join(QUERY_PARAMETERS)
        raise InvalidRequest(
            f"unknown search parameter(s) {', '.join(unknown)}; known are {known}",
            [(f"query.{name}", "unknown parameter") for name in unknown],
        )
    values: dict[str, Any] = {}
    for name, raw in parameters.items():
        if name in LIST_PARAMETERS:
            values[QUERY_PARAMETERS[name]] = [part.strip() for part in raw.split(",") if part.strip()]
        else:
            values[QUERY_PARAMETERS[name]] = raw
    try:
        return SearchQuery.model_validate(values)
    except ValidationError as error:
        field_to_parameter = {field: name for name, field in QUERY_PARAMETERS.items()}
        problems = []
        for item in error.errors(include_url=False, include_input=False):
            location = item["loc"]
            name = field_to_parameter.get(str(location[0]), str(location[0])) if location else "query"
            problems.append((f"query.{name}", str(item["msg"])))
        message = "; ".join(f"{where}: {what}" for where, what in problems)
        raise InvalidRequest(message, problems) from error


def check_may_search(caller: Caller) -> None:
    """AccessDenied unless the caller is staff, or a supplier whose token names its supplier account."""
    require_group(caller, EVERYONE)
    if not caller.is_staff and caller.supplier_id is None:
        raise AccessDenied(f"a supplier's token must carry {SUPPLIER_CLAIM}")


def search_as(caller: Caller, query: SearchQuery, index: SearchIndex) -> SearchResults:
    """The page of results the caller may see: everything for staff, a supplier's own sheets for it."""
    check_may_search(caller)
    if not caller.is_staff:
        if query.supplier_id not in (None, caller.supplier_id):
            raise AccessDenied("a supplier searches only the sheets it sent")
        query = query.model_copy(update={"supplier_id": caller.supplier_id})
    return index.search(query)
