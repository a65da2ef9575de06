"""Security headers on every answer: a content security policy that allows nothing but the app's own scripts,
styles and images (and the upload and sign-in origins the host names), no framing, no sniffing, no caching of
pages and data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

STATIC_PREFIX = "/static/"


def content_security_policy(extra_origins: tuple[str, ...]) -> str:
    extra = "".join(f" {origin}" for origin in extra_origins)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{extra}",
            f"form-action 'self'{extra}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


def security_headers(
    extra_origins: tuple[str, ...], https: bool
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    policy = content_security_policy(extra_origins)

    async def add_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.url.path.startswith(STATIC_PREFIX):
            headers.setdefault("Cache-Control", "public, max-age=3600")
        else:
            headers.setdefault("Cache-Control", "no-store")
        return response

    return add_headers
