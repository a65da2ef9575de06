"""Browser sessions: a random cookie whose SHA-256 names the stored session, and the session's anti-forgery
token that every form and script request changing something must carry."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from fastapi import Request, Response

from models.accounts import Session
from msds.ports import SessionStore
from msds.services.api_access import Caller, Group

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOGIN_COOKIE = "msds-login"


def cookie_name(secure: bool) -> str:
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and for path /.
    return "__Host-msds-session" if secure else "msds-session"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def start_session(caller: Caller, store: SessionStore, now: datetime, hours: int) -> tuple[str, Session]:
    """A new session for the caller: the cookie value (returned once) and the stored session."""
    value = secrets.token_urlsafe(32)
    session = Session(
        session_hash=_hash(value),
        subject=caller.subject,
        groups=sorted(group.value for group in caller.groups),
        supplier_id=caller.supplier_id,
        display_name=caller.name,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    store.put(session)
    return value, session


def session_of(request: Request, store: SessionStore, secure: bool, now: datetime) -> Session | None:
    """The live session the request's cookie names (None when absent, unknown or expired)."""
    value = request.cookies.get(cookie_name(secure))
    if not value:
        return None
    session = store.get(_hash(value))
    if session is None:
        return None
    if session.expires_at <= now:
        store.delete(session.session_hash)
        return None
    return session


def end_session(request: Request, response: Response, store: SessionStore, secure: bool) -> None:
    value = request.cookies.get(cookie_name(secure))
    if value:
        store.delete(_hash(value))
    response.delete_cookie(cookie_name(secure), path="/", secure=secure, httponly=True, samesite="lax")


def set_session_cookie(response: Response, value: str, secure: bool, hours: int) -> None:
    response.set_cookie(
        cookie_name(secure),
        value,
        max_age=hours * 3600,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )


def caller_of_session(session: Session) -> Caller:
    known = {group.value for group in Group}
    return Caller(
        subject=session.subject,
        groups=frozenset(Group(name) for name in session.groups if name in known),
        supplier_id=session.supplier_id,
        name=session.display_name,
    )


def csrf_matches(session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf_token, token or "")
