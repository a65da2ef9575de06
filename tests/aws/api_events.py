"""HTTP API (payload format 2.0) events as API Gateway delivers them after its Cognito JWT authorizer, and
the users of the three groups as their tokens' claims."""

from __future__ import annotations

import json
from typing import Any

from tests.aws.support import ACCOUNT

SUPPLIER_ACME = {"sub": "0f1e2d3c-acme-user", "cognito:groups": "[supplier]", "custom:supplier_id": "acme"}
SUPPLIER_BETA = {"sub": "9a8b7c6d-beta-user", "cognito:groups": "[supplier]", "custom:supplier_id": "beta"}
COMPLIANCE = {"sub": "5e6f7a8b-compliance-user", "cognito:groups": "[compliance]"}
REVIEWER = {"sub": "1a2b3c4d-reviewer-user", "cognito:groups": "[reviewer]"}


def http_event(
    method: str,
    path: str,
    claims: dict[str, Any] | None,
    *,
    route: str | None = None,
    body: Any = None,
    query: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API event; ``claims`` None is a request without an authorizer context."""
    text = body if isinstance(body, str) or body is None else json.dumps(body)
    route_key = f"{method} {route or path}"
    authorizer = {"jwt": {"claims": claims, "scopes": None}} if claims is not None else None
    query_string = "&".join(f"{k}={v}" for k, v in (query or {}).items())
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": query_string,
        "headers": {"content-type": "application/json", "host": "api.example.test"},
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "a1b2c3d4e5",
            "domainName": "api.example.test",
            "domainPrefix": "api",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "pytest",
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": route_key,
            "stage": "$default",
            "time": "01/Jun/2025:12:00:00 +0000",
            "timeEpoch": 1748779200000,
        },
        "isBase64Encoded": False,
    }
    if authorizer is not None:
        event["requestContext"]["authorizer"] = authorizer
    if query:
        event["queryStringParameters"] = dict(query)
    if text is not None:
        event["body"] = text
    return event


def json_body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])
