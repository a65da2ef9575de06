"""The search query a request's query string asks for: repeated parameters are kept as lists, and the search
service names every unknown or invalid one. Empty values (a form's untouched fields) are left out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from fastapi import Request

from models.search import SearchQuery
from msds.services.search import query_from_parameters


def parameters_of(
    items: Iterable[tuple[str, str]], ignore: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    parameters: dict[str, list[str]] = {}
    for name, value in items:
        if name in ignore or not value.strip():
            continue
        parameters.setdefault(name, []).append(value)
    return parameters


def search_query(request: Request, now: datetime, ignore: frozenset[str] = frozenset()) -> SearchQuery:
    return query_from_parameters(parameters_of(request.query_params.multi_items(), ignore), now.date())
