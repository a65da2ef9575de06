"""Signing in and out: a user name and password form on the local host, Cognito's hosted sign-in
(authorization code with PKCE) on AWS; the home page sends each user to their own part of the app."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from msds.errors import CsrfRejected, InvalidRequest, SignInFailed
from msds.services.api_access import Caller, Group
from msds.web.auth import authenticated, host_of
from msds.web.rendering import render
from msds.web.sessions import LOGIN_COOKIE, end_session, set_session_cookie, start_session

router = APIRouter(include_in_schema=False)
OAUTH_COOKIE = "msds-oauth"
CALLBACK_PATH = "/auth/callback"
_LOGIN_MINUTES = 10


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/")
async def home(request: Request) -> Response:
    user = await authenticated(request)
    if user is None:
        return RedirectResponse("/login", status_code=HTTPStatus.SEE_OTHER)
    groups = user.caller.groups
    if Group.REVIEWER in groups:
        target = "/reviews"
    elif groups & {Group.COMPLIANCE, Group.ADMIN}:
        target = "/search"
    else:
        target = "/portal"
    return RedirectResponse(target, status_code=HTTPStatus.SEE_OTHER)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    host = host_of(request)
    target = safe_next(next)
    if host.sign_in.kind == "hosted":
        return _start_hosted_sign_in(request, target)
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, {"login_token": token, "next": target, "failed": False})
    _set_short_cookie(response, LOGIN_COOKIE, token, host.cookie_secure)
    return response


@router.post("/login")
def login(
    request: Request,
    user_name: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    host = host_of(request)
    if host.sign_in.kind != "password":
        raise InvalidRequest("this host signs in through its identity provider", [("form", "not used")])
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, login_token):
        raise CsrfRejected("the sign-in form has expired; reload the page and sign in again")
    try:
        caller = host.sign_in.sign_in(user_name, password)
    except SignInFailed:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "login.html",
            None,
            {"login_token": token, "next": safe_next(next), "failed": True, "user_name": user_name},
            status=HTTPStatus.UNAUTHORIZED,
        )
        _set_short_cookie(response, LOGIN_COOKIE, token, host.cookie_secure)
        return response
    return _signed_in(request, caller, safe_next(next))


@router.get(CALLBACK_PATH)
def hosted_callback(request: Request, code: str = "", state: str = "") -> Response:
    host = host_of(request)
    if host.sign_in.kind != "hosted":
        raise InvalidRequest("this host signs in with a password", [("query", "not used")])
    saved_state, _, rest = request.cookies.get(OAUTH_COOKIE, "").partition("|")
    verifier, _, target = rest.partition("|")
    if not code or not saved_state or not hmac.compare_digest(saved_state, state):
        raise CsrfRejected("the sign-in did not start here or took too long; sign in again")
    caller = host.sign_in.complete(code=code, code_verifier=verifier, redirect_uri=_callback_url(request))
    response = _signed_in(request, caller, safe_next(target))
    response.delete_cookie(OAUTH_COOKIE, path="/", secure=host.cookie_secure, httponly=True, samesite="lax")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    host = host_of(request)
    await authenticated(request)  # a signed-in browser must send its anti-forgery token
    if host.sign_in.kind == "hosted":
        target = host.sign_in.sign_out_url(redirect_uri=str(request.base_url))
    else:
        target = "/login"
    response = RedirectResponse(target, status_code=HTTPStatus.SEE_OTHER)
    end_session(request, response, host.sessions, host.cookie_secure)
    return response


def _signed_in(request: Request, caller: Caller, target: str) -> Response:
    host = host_of(request)
    value, _ = start_session(caller, host.sessions, host.services.now(), host.session_hours)
    response = RedirectResponse(target, status_code=HTTPStatus.SEE_OTHER)
    set_session_cookie(response, value, host.cookie_secure, host.session_hours)
    response.delete_cookie(LOGIN_COOKIE, path="/", secure=host.cookie_secure, httponly=True, samesite="lax")
    return response


def _start_hosted_sign_in(request: Request, target: str) -> Response:
    host = host_of(request)
    assert host.sign_in.kind == "hosted"
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=")
    url = host.sign_in.authorize_url(
        state=state, code_challenge=challenge.decode("ascii"), redirect_uri=_callback_url(request)
    )
    response = RedirectResponse(url, status_code=HTTPStatus.SEE_OTHER)
    _set_short_cookie(response, OAUTH_COOKIE, f"{state}|{verifier}|{target}", host.cookie_secure)
    return response


def _callback_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + CALLBACK_PATH


def _set_short_cookie(response: Response, name: str, value: str, secure: bool) -> None:
    response.set_cookie(
        name, value, max_age=_LOGIN_MINUTES * 60, path="/", secure=secure, httponly=True, samesite="lax"
    )
