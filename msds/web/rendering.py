"""Server-rendered pages: the Jinja2 templates (autoescaped: text from a sheet is always shown as text), the
context every page gets (who is signed in, its anti-forgery token, the navigation), and the error page."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from msds.services.api_access import Caller, Group
from msds.web.auth import Authenticated

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
HTMX = "vendor/htmx-2.0.11.min.js"


# Search parameters that take several values (each one must hold); the others take one.
LIST_PARAMETERS = frozenset({"h_code", "p_code", "cas", "pictogram", "status"})


def refine(query_string: str, name: str, value: str | int) -> str:
    """The query string with one more filter (or another page): a list filter gains the value, any other
    parameter is replaced; refining starts again at the first page."""
    pairs = [(k, v) for k, v in parse_qsl(query_string) if k != "page" or name == "page"]
    if name in LIST_PARAMETERS:
        if (name, str(value)) not in pairs:
            pairs.append((name, str(value)))
    else:
        pairs = [(k, v) for k, v in pairs if k != name] + [(name, str(value))]
    return urlencode(pairs)


@cache
def templates() -> Jinja2Templates:
    environment = Jinja2Templates(directory=str(TEMPLATES))
    environment.env.globals["HTMX"] = HTMX
    environment.env.globals["refine"] = refine
    environment.env.filters["percent"] = lambda value: f"{round(100 * float(value))} %"
    return environment


def navigation(caller: Caller | None, products: bool = True) -> list[tuple[str, str]]:
    """The sections of the app the caller may open: (path, label); Products where the host has them."""
    if caller is None:
        return []
    links: list[tuple[str, str]] = []
    if caller.groups & {Group.SUPPLIER, Group.COMPLIANCE, Group.ADMIN}:
        links.append(("/portal", "Uploads"))
    if caller.is_staff:
        links.append(("/search", "Search"))
        if products:
            links.append(("/products", "Products"))
    if caller.groups & {Group.REVIEWER, Group.ADMIN}:
        links.append(("/reviews", "Review queue"))
    links.append(("/api/docs", "API"))
    return links


def _has_products(request: Request) -> bool:
    host = getattr(request.app.state, "host", None)
    return getattr(host, "products", None) is not None


def render(
    request: Request,
    template: str,
    user: Authenticated | None,
    context: dict[str, Any] | None = None,
    status: HTTPStatus = HTTPStatus.OK,
) -> HTMLResponse:
    caller = user.caller if user else None
    values = {
        "request": request,
        "user": caller,
        "csrf_token": user.csrf_token if user else "",
        "navigation": navigation(caller, _has_products(request)),
        "current_path": request.url.path,
        **(context or {}),
    }
    return templates().TemplateResponse(request, template, values, status_code=status.value)


def render_error(request: Request, status: HTTPStatus, code: str, message: str) -> HTMLResponse:
    return render(
        request,
        "error.html",
        None,
        {"status": status.value, "phrase": status.phrase, "code": code, "message": message},
        status=status,
    )
