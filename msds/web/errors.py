"""Errors as the web app answers them: the JSON API with a stable code (``models.api.ErrorBody``) and the
status the named error calls for; pages with an error page in words, or the sign-in page when nobody is
signed in."""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.api import ErrorBody, Problem
from msds.errors import (
    AccessDenied,
    AttemptConflict,
    ConcurrentModification,
    DocumentBusy,
    DocumentNotFound,
    InvalidRequest,
    MsdsError,
    NotAuthenticated,
    NotReprocessable,
    ProductNotFound,
    ProductsNotAvailable,
    ReviewClaimed,
    ReviewNotOpen,
    ServiceThrottled,
    ServiceUnavailable,
)

log = logging.getLogger(__name__)

# The first class an error is an instance of decides its status; any other named error is the product's
# fault, not the caller's (500, logged).
STATUS_BY_ERROR: tuple[tuple[type[MsdsError], HTTPStatus], ...] = (
    (InvalidRequest, HTTPStatus.BAD_REQUEST),
    (NotAuthenticated, HTTPStatus.UNAUTHORIZED),
    (AccessDenied, HTTPStatus.FORBIDDEN),
    (DocumentNotFound, HTTPStatus.NOT_FOUND),
    (ProductNotFound, HTTPStatus.NOT_FOUND),
    (ProductsNotAvailable, HTTPStatus.NOT_IMPLEMENTED),
    (ReviewNotOpen, HTTPStatus.CONFLICT),
    (ReviewClaimed, HTTPStatus.CONFLICT),
    (ConcurrentModification, HTTPStatus.CONFLICT),
    (DocumentBusy, HTTPStatus.CONFLICT),
    (NotReprocessable, HTTPStatus.CONFLICT),
    (AttemptConflict, HTTPStatus.CONFLICT),
    (ServiceThrottled, HTTPStatus.SERVICE_UNAVAILABLE),
    (ServiceUnavailable, HTTPStatus.SERVICE_UNAVAILABLE),
)
_HTTP_CODES = {
    HTTPStatus.NOT_FOUND: "not_found",
    HTTPStatus.METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "too_large",
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
}


class SignInRequired(Exception):
    """A page was asked for by a browser that is not signed in."""


def status_of(error: MsdsError) -> HTTPStatus:
    return next(
        (status for cls, status in STATUS_BY_ERROR if isinstance(error, cls)),
        HTTPStatus.INTERNAL_SERVER_ERROR,
    )


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_json(
    status: HTTPStatus, code: str, message: str, problems: list[Problem] | None = None
) -> JSONResponse:
    body = ErrorBody(error=code, message=message, problems=problems or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status.value)


def install_error_handlers(app: FastAPI) -> None:
    from msds.web.rendering import render_error  # the templates need the app's routes; imported late

    @app.exception_handler(MsdsError)
    async def named_error(request: Request, error: MsdsError) -> Response:
        status = status_of(error)
        if status == HTTPStatus.INTERNAL_SERVER_ERROR:
            log.error("%s %s failed: %s: %s", request.method, request.url.path, error.code, error.message)
        if isinstance(error, NotAuthenticated) and not is_api(request):
            return _to_sign_in(request)
        if is_api(request):
            problems = [Problem(location=w, message=m) for w, m in getattr(error, "problems", [])]
            return error_json(status, error.code, error.message, problems)
        return render_error(request, status, error.code, error.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [
            Problem(location=".".join(str(part) for part in item["loc"]), message=str(item["msg"]))
            for item in error.errors()
        ]
        message = "; ".join(f"{p.location}: {p.message}" for p in problems)
        if is_api(request):
            return error_json(HTTPStatus.BAD_REQUEST, InvalidRequest.code, message, problems)
        return render_error(request, HTTPStatus.BAD_REQUEST, InvalidRequest.code, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        status = HTTPStatus(error.status_code)
        code = _HTTP_CODES.get(status, status.phrase.lower().replace(" ", "_"))
        message = str(error.detail) if error.detail else status.phrase
        if is_api(request):
            return error_json(status, code, message)
        return render_error(request, status, code, message)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, error: SignInRequired) -> Response:
        return _to_sign_in(request)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        message = "the request failed on our side; it has been logged"
        if is_api(request):
            return error_json(HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error", message)
        return render_error(request, HTTPStatus.INTERNAL_SERVER_ERROR, "internal_error", message)


def _to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=HTTPStatus.SEE_OTHER)
