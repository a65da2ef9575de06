"""Amazon Cognito for the web app on the AWS host: the hosted sign-in (authorization code with PKCE) and the
JSON API's bearer tokens, both verified against the user pool's signing keys.

* Sign-in: the browser goes to ``<domain>/oauth2/authorize`` (``response_type=code``, the app client, the
  callback URL, a ``state`` and the PKCE ``code_challenge`` with ``S256``); Cognito sends it back to the
  callback with a code, which the app exchanges at ``<domain>/oauth2/token``
  (``grant_type=authorization_code``, the code, the same ``redirect_uri`` and the ``code_verifier``; a public
  client sends no secret). The ID token of the answer names the user. Sign-out goes through
  ``<domain>/logout`` (``client_id``, ``logout_uri``: one of the client's sign-out URLs).
* Tokens: RS256 JWTs signed with a key of ``<issuer>/.well-known/jwks.json``; the issuer is
  ``https://cognito-idp.<region>.amazonaws.com/<user pool id>``. An ID token (``token_use: id``) carries the
  app client in ``aud`` and the user's attributes (``custom:supplier_id``, ``email``); an access token
  (``token_use: access``) carries the app client in ``client_id``, no ``aud`` and no custom attributes. Both
  carry ``cognito:groups``. So a supplier calls the API with its ID token; staff may send either.

The HTTP calls (the token exchange and the key set) go through two injectable functions, so tests use a key
pair and a token endpoint of their own and never the network.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import jwt

from msds.errors import InvalidToken, ServiceUnavailable, SignInNotCompleted
from msds.services.api_access import Caller, caller_from_claims

# (url, form fields) -> (HTTP status, body); url -> body.
PostForm = Callable[[str, Mapping[str, str]], tuple[int, bytes]]
GetUrl = Callable[[str], bytes]
TokenUse = Literal["id", "access"]
SIGNING_ALGORITHM = "RS256"
SCOPES = "openid email profile"
CLOCK_SKEW_SECONDS = 30
# An unknown key id makes the key set be read again (keys rotate), at most this often.
JWKS_REFRESH_SECONDS = 300
HTTP_TIMEOUT_SECONDS = 8


@dataclass(frozen=True)
class CognitoPool:
    """The user pool and app client the web app signs in with."""

    region: str
    user_pool_id: str
    client_id: str
    domain_url: str  # https://<prefix>.auth.<region>.amazoncognito.com (or a custom domain)

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def base(self) -> str:
        return self.domain_url.rstrip("/")


def post_form(url: str, fields: Mapping[str, str]) -> tuple[int, bytes]:
    """POST an ``application/x-www-form-urlencoded`` body over HTTPS; the status and body of the answer."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as answer:
            return int(answer.status), bytes(answer.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())
    except (urllib.error.URLError, TimeoutError) as error:
        raise ServiceUnavailable(f"POST {url} failed: {error}") from error


def get_url(url: str) -> bytes:
    """GET over HTTPS; ServiceUnavailable when it cannot be read."""
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_SECONDS) as answer:
            return bytes(answer.read())
    except (urllib.error.URLError, TimeoutError) as error:
        raise ServiceUnavailable(f"GET {url} failed: {error}") from error


class SigningKeys:
    """The user pool's public keys by key id, read once and again when a token names an unknown key."""

    def __init__(self, url: str, get: GetUrl = get_url, clock: Callable[[], float] = time.monotonic) -> None:
        self._url = url
        self._get = get
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str) -> jwt.PyJWK | None:
        with self._lock:
            if kid not in self._keys and self._may_read():
                self._keys = self._read()
            return self._keys.get(kid)

    def _may_read(self) -> bool:
        return self._read_at is None or self._clock() - self._read_at >= JWKS_REFRESH_SECONDS

    def _read(self) -> dict[str, jwt.PyJWK]:
        self._read_at = self._clock()
        try:
            document = json.loads(self._get(self._url))
            key_set = jwt.PyJWKSet.from_dict(document)
        except (ValueError, jwt.PyJWKSetError) as error:
            raise ServiceUnavailable(
                f"the user pool's key set at {self._url} is not valid: {error}"
            ) from error
        return {key.key_id: key for key in key_set.keys if key.key_id}


class CognitoTokens:
    """Verifies the user pool's tokens and names their caller (implements msds.web.host.BearerTokens)."""

    def __init__(self, pool: CognitoPool, keys: SigningKeys) -> None:
        self._pool = pool
        self._keys = keys

    def caller(self, token: str) -> Caller | None:
        """The caller of an ID or access token of the app client; None when the token is not valid."""
        try:
            return self.verify(token, ("id", "access"))
        except InvalidToken:
            return None

    def verify(self, token: str, uses: tuple[TokenUse, ...]) -> Caller:
        """The caller of a valid token of one of the ``uses``; InvalidToken naming what is wrong."""
        claims = self.claims(token, uses)
        caller = caller_from_claims(claims)
        name = claims.get("email") or claims.get("cognito:username") or claims.get("username")
        return replace(caller, name=str(name)) if name else caller

    def claims(self, token: str, uses: tuple[TokenUse, ...]) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise InvalidToken(f"not a JWT: {error}") from error
        if header.get("alg") != SIGNING_ALGORITHM:
            raise InvalidToken(f"the token is signed with {header.get('alg')!r}, not {SIGNING_ALGORITHM}")
        key = self._keys.key(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("the token is signed with a key the user pool does not have")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[SIGNING_ALGORITHM],
                issuer=self._pool.issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.InvalidTokenError as error:
            raise InvalidToken(f"the token is not valid: {error}") from error
        use = claims.get("token_use")
        if use not in uses:
            raise InvalidToken(f"a {use!r} token cannot be used here")
        client = claims.get("aud") if use == "id" else claims.get("client_id")
        if client != self._pool.client_id:
            raise InvalidToken("the token was issued to another app client")
        return claims


class CognitoHostedSignIn:
    """Cognito's hosted sign-in pages (implements msds.web.host.HostedSignIn)."""

    kind: Literal["hosted"] = "hosted"

    def __init__(self, pool: CognitoPool, tokens: CognitoTokens, post: PostForm = post_form) -> None:
        self._pool = pool
        self._tokens = tokens
        self._post = post

    def authorize_url(self, *, state: str, code_challenge: str, redirect_uri: str) -> str:
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self._pool.client_id,
                "redirect_uri": redirect_uri,
                "state": state,
                "scope": SCOPES,
                "code_challenge_method": "S256",
                "code_challenge": code_challenge,
            }
        )
        return f"{self._pool.base}/oauth2/authorize?{query}"

    def complete(self, *, code: str, code_verifier: str, redirect_uri: str) -> Caller:
        status, body = self._post(
            f"{self._pool.base}/oauth2/token",
            {
                "grant_type": "authorization_code",
                "client_id": self._pool.client_id,
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
        )
        answer = _json_object(body)
        if status >= 500:
            raise ServiceUnavailable(f"the sign-in service answered {status}; try again in a moment")
        if status != 200:
            reason = str(answer.get("error") or status)
            raise SignInNotCompleted(
                f"the sign-in could not be completed ({reason}); sign in again",
                [("query.code", reason)],
            )
        id_token = answer.get("id_token")
        if not isinstance(id_token, str):
            raise SignInNotCompleted("the sign-in service sent no ID token", [("token", "missing")])
        try:
            return self._tokens.verify(id_token, ("id",))
        except InvalidToken as error:
            raise SignInNotCompleted(f"the sign-in could not be verified: {error.message}") from error

    def sign_out_url(self, *, redirect_uri: str) -> str:
        query = urllib.parse.urlencode({"client_id": self._pool.client_id, "logout_uri": redirect_uri})
        return f"{self._pool.base}/logout?{query}"


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
