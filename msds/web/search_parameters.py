"""The search query a request's query string asks for: repeated parameters are joined with commas (as API
Gateway joins them), then read by the search service, which names every unknown or invalid parameter."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from fastapi import Request

from models.search import SearchQuery
from msds.services.search import query_from_parameters

# Parameters of the search page's own form that are not search parameters.
PAGE_ONLY_PARAMETERS = frozenset({"format"})


def joined(items: Iterable[tuple[str, str]], ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    parameters: dict[str, str] = {}
    for name, value in items:
        if name in ignore or not value.strip():
            continue
        parameters[name] = f"{parameters[name]},{value}" if name in parameters else value
    return parameters


def search_query(request: Request, now: datetime, ignore: frozenset[str] = frozenset()) -> SearchQuery:
    return query_from_parameters(joined(request.query_params.multi_items(), ignore), now.date())
