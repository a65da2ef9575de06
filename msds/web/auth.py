"""Who is calling: a browser's session cookie, or an ``Authorization: Bearer`` token (ERP systems), and the
anti-forgery check every session-authenticated request that changes something must pass."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from models.accounts import Session
from msds.errors import CsrfRejected, NotAuthenticated
from msds.services.api_access import Caller
from msds.web.errors import SignInRequired
from msds.web.host import WebHost
from msds.web.sessions import CSRF_FIELD, CSRF_HEADER, caller_of_session, csrf_matches, session_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Authenticated:
    caller: Caller
    session: Session | None  # None for a bearer token

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""


def host_of(request: Request) -> WebHost:
    host: WebHost = request.app.state.host
    return host


async def authenticated(request: Request) -> Authenticated | None:
    """The caller of the request, or None when nobody is signed in. NotAuthenticated for a bearer token that
    is not valid (a wrong token is an error, not an anonymous request); CsrfRejected when a session's
    request that changes something lacks the session's anti-forgery token."""
    host = host_of(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer":
        caller = host.bearer.caller(token.strip())
        if caller is None:
            raise NotAuthenticated("the bearer token is not valid, has been revoked or has expired")
        return Authenticated(caller, None)
    session = session_of(request, host.sessions, host.cookie_secure, host.services.now())
    if session is None:
        return None
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, session)
    return Authenticated(caller_of_session(session), session)


async def api_user(request: Request) -> Authenticated:
    """FastAPI dependency of the JSON API: the caller, or 401."""
    user = await authenticated(request)
    if user is None:
        raise NotAuthenticated("sign in, or send an API token as 'Authorization: Bearer <token>'")
    return user


async def page_user(request: Request) -> Authenticated:
    """FastAPI dependency of the pages: the signed-in browser, or a redirect to the sign-in page."""
    user = await authenticated(request)
    if user is None:
        raise SignInRequired()
    return user


async def _check_csrf(request: Request, session: Session) -> None:
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not csrf_matches(session, token):
        raise CsrfRejected(
            "this form has expired or did not come from this site; reload the page and try again"
        )
