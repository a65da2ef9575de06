"""Compliance search: full text and filters, facet counts, sort, pictogram icons, and export of the result."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from models.search import SearchResults
from msds.errors import InvalidRequest
from msds.services.api_access import STAFF, require_group
from msds.services.search import search_as
from msds.web.auth import Authenticated, host_of, page_user
from msds.web.rendering import render
from msds.web.search_parameters import search_query
from msds.web.views import pictogram_names

router = APIRouter(include_in_schema=False)
User = Annotated[Authenticated, Depends(page_user)]


@router.get("/search")
def search_page(request: Request, user: User) -> HTMLResponse:
    require_group(user.caller, STAFF)
    host = host_of(request)
    parameters = dict(request.query_params)
    results: SearchResults | None = None
    problem: InvalidRequest | None = None
    index = host.services.search_index
    if index is not None:
        try:
            results = search_as(user.caller, search_query(request, host.services.now()), index)
        except InvalidRequest as error:
            problem = error
    return render(
        request,
        "search.html",
        user,
        {
            "results": results,
            "problem": problem,
            "parameters": parameters,
            "query_string": request.url.query,
            "pictogram_names": pictogram_names(),
        },
    )
