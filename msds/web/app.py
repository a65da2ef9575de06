"""The web application: every route of the pages and the JSON API, the same on both hosts."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from msds.web import (
    api_admin,
    api_documents,
    api_products,
    api_reviews,
    pages_auth,
    pages_documents,
    pages_portal,
    pages_products,
    pages_reviews,
    pages_search,
)
from msds.web.auth import authenticated
from msds.web.errors import install_error_handlers
from msds.web.host import WebHost
from msds.web.rendering import STATIC, render
from msds.web.security import security_headers

OPENAPI_PATH = "/api/openapi.json"
DESCRIPTION = (
    "The JSON API of the msds web app: everything its pages do, for ERP systems and scripts. Sign in through "
    "the pages (session cookie; requests that change something carry the session's anti-forgery token in "
    "the X-CSRF-Token header) or send `Authorization: Bearer <token>`. Errors answer "
    '`{"error": <stable code>, "message": ..., "problems": [...]}`.'
)


def create_app(host: WebHost) -> FastAPI:
    app = FastAPI(
        title="msds",
        summary="Safety data sheets in, validated English records out",
        description=DESCRIPTION,
        version="1",
        openapi_url=OPENAPI_PATH,
        docs_url=None,
        redoc_url=None,
    )
    app.state.host = host
    app.middleware("http")(security_headers(host.form_origins, https=host.name == "aws"))
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (api_documents, api_reviews, pages_auth, pages_portal, pages_search, pages_documents):
        app.include_router(module.router)
    app.include_router(pages_reviews.router)
    app.include_router(api_products.router)
    app.include_router(api_admin.router)
    app.include_router(pages_products.router)

    @app.get("/api/docs", include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        user = await authenticated(request)
        return render(request, "api_docs.html", user, {"operations": operations(app.openapi())})

    return app


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations for the docs page: method, path, summary, parameters, body and answers."""
    found = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            content: dict[str, Any] = operation.get("requestBody", {}).get("content", {})
            first: dict[str, Any] = next(iter(content.values())) if content else {}
            schema: dict[str, Any] = first.get("schema", {})
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": schema.get("$ref", "").rsplit("/", 1)[-1] or None,
                    "responses": sorted(operation.get("responses", {})),
                    "tag": (operation.get("tags") or ["other"])[0],
                }
            )
    return found
