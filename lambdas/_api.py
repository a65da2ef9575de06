"""What every HTTP API handler shares: Powertools' HTTP API resolver, the caller from the JWT the authorizer
checked, bodies and query strings read into the pydantic models of models/api.py, and the one table from
the product's named errors to HTTP status codes.

The resolver is built and its routes registered on a container's first request, not at import.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ValidationError

from lambdas._observability import Handler, count, log_info, observed
from models.api import ErrorBody, Problem
from msds.errors import (
    AccessDenied,
    ConcurrentModification,
    DocumentNotFound,
    InvalidRequest,
    MsdsError,
    NotAuthenticated,
    ReviewNotOpen,
    ServiceThrottled,
    ServiceUnavailable,
)
from msds.services.api_access import Caller, caller_from_claims

M = TypeVar("M", bound=BaseModel)

# The first class an error is an instance of decides its status; errors not listed (configuration, access
# denied to the function's own role...) are not the caller's doing: they fail the invocation (a 500, alarmed).
STATUS_BY_ERROR: tuple[tuple[type[MsdsError], HTTPStatus], ...] = (
    (InvalidRequest, HTTPStatus.BAD_REQUEST),
    (NotAuthenticated, HTTPStatus.UNAUTHORIZED),
    (AccessDenied, HTTPStatus.FORBIDDEN),
    (DocumentNotFound, HTTPStatus.NOT_FOUND),
    (ReviewNotOpen, HTTPStatus.CONFLICT),
    (ConcurrentModification, HTTPStatus.CONFLICT),
    (ServiceThrottled, HTTPStatus.SERVICE_UNAVAILABLE),
    (ServiceUnavailable, HTTPStatus.SERVICE_UNAVAILABLE),
)


def status_of(error: MsdsError) -> HTTPStatus | None:
    """The HTTP status of a named error, or None when the error is not an answer to the caller."""
    return next((status for cls, status in STATUS_BY_ERROR if isinstance(error, cls)), None)


def error_response(error: MsdsError, status: HTTPStatus) -> Response[str]:
    problems = [Problem(location=where, message=what) for where, what in getattr(error, "problems", [])]
    payload = ErrorBody(error=error.code, message=error.message, problems=problems)
    return Response(
        status_code=status.value, content_type=content_types.APPLICATION_JSON, body=payload.model_dump_json()
    )


def api_handler(register: Callable[[APIGatewayHttpResolver], None]) -> Handler:
    """A Lambda handler serving the routes ``register`` adds to a resolver (built on the first request)."""
    resolver: APIGatewayHttpResolver | None = None
    lock = threading.Lock()

    def serve(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        nonlocal resolver
        with lock:
            if resolver is None:
                resolver = _resolver(register)
        count("ApiRequests")
        return resolver.resolve(event, context)

    return observed(serve)


def _resolver(register: Callable[[APIGatewayHttpResolver], None]) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver()

    @app.exception_handler([cls for cls, _ in STATUS_BY_ERROR])
    def answer_error(error: MsdsError) -> Response[str]:
        status = status_of(error) or HTTPStatus.INTERNAL_SERVER_ERROR  # only the table's classes come here
        count(f"Api{status.value}")
        log_info("api error", status=status.value, error=error.code, route=app.current_event.route_key)
        return error_response(error, status)

    register(app)
    return app


def caller(app: APIGatewayHttpResolver) -> Caller:
    """The signed-in caller of the current request."""
    return caller_from_claims(app.current_event.request_context.authorizer.jwt_claim)


def body(app: APIGatewayHttpResolver, model: type[M]) -> M:
    """The JSON body as ``model`` (an absent body is ``{}``); InvalidRequest naming every problem."""
    raw = app.current_event.decoded_body
    try:
        data = json.loads(raw) if raw and raw.strip() else {}
    except ValueError as error:
        raise InvalidRequest("the body is not JSON", [("body", str(error))]) from error
    if not isinstance(data, dict):
        raise InvalidRequest("the body must be a JSON object", [("body", "not an object")])
    return validated(model, data, "body")


def query(app: APIGatewayHttpResolver, model: type[M]) -> M:
    """The query string as ``model``; InvalidRequest naming every problem."""
    return validated(model, dict(app.current_event.query_string_parameters or {}), "query")


def validated(model: type[M], data: dict[str, Any], where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            (".".join([where, *(str(part) for part in item["loc"])]), str(item["msg"]))
            for item in error.errors(include_url=False, include_input=False)
        ]
        message = "; ".join(f"{location}: {text}" for location, text in problems)
        raise InvalidRequest(message, problems) from error


def ok(model: BaseModel) -> dict[str, Any]:
    """A 200 body (Powertools serialises the dict as JSON)."""
    return model.model_dump(mode="json")
