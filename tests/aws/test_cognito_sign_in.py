"""Cognito for the web app: the hosted sign-in (authorization code with PKCE) and bearer tokens, verified
against the pool's key set with a key pair made in the test; tampered, expired, foreign and misused tokens
are refused."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
from typing import Any

import jwt
import pytest

from msds.adapters.aws.cognito_sign_in import CognitoTokens, SigningKeys
from msds.errors import AccessDenied, ServiceUnavailable, SignInNotCompleted
from msds.services.api_access import Group
from tests.aws.cognito_fake import COMPLIANCE, POOL, REVIEWER, SUPPLIER_ACME, FakeCognito, new_key

CALLBACK = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/auth/callback"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@pytest.fixture
def cognito() -> FakeCognito:
    return FakeCognito()


def test_a_hosted_sign_in_redeems_the_code_with_its_verifier_and_names_the_user(cognito: FakeCognito) -> None:
    # Given the app's sign-in adapter and a PKCE verifier with its S256 challenge
    sign_in = cognito.sign_in()
    verifier, challenge = pkce()
    # When the browser is sent to the authorize URL, the user signs in there, and the code comes back
    url = sign_in.authorize_url(state="state-1", code_challenge=challenge, redirect_uri=CALLBACK)
    code, state = cognito.sign_in_at(url, SUPPLIER_ACME)
    caller = sign_in.complete(code=code, code_verifier=verifier, redirect_uri=CALLBACK)
    # Then the authorize URL carried the state and challenge, the exchange sent the code, the verifier and
    # the same redirect URI without a secret, and the caller is the supplier of the ID token
    assert state == "state-1"
    ((_, sent),) = cognito.posts
    assert sent == {
        "grant_type": "authorization_code",
        "client_id": POOL.client_id,
        "code": code,
        "redirect_uri": CALLBACK,
        "code_verifier": verifier,
    }
    assert caller.subject == SUPPLIER_ACME["sub"] and caller.groups == frozenset({Group.SUPPLIER})
    assert (caller.supplier_id, caller.name) == ("acme", "anna@acme.example")


def test_a_code_redeemed_with_another_verifier_or_twice_does_not_sign_in(cognito: FakeCognito) -> None:
    # Given a sign-in started with one verifier
    sign_in = cognito.sign_in()
    verifier, challenge = pkce()
    url = sign_in.authorize_url(state="s", code_challenge=challenge, redirect_uri=CALLBACK)
    code, _ = cognito.sign_in_at(url, REVIEWER)
    # When the code is redeemed with another verifier (an intercepted code), then with the right one
    with pytest.raises(SignInNotCompleted, match="invalid_grant") as wrong:
        sign_in.complete(code=code, code_verifier=pkce()[0], redirect_uri=CALLBACK)
    # Then the first is refused by name, and the code is spent (Cognito redeems a code once)
    assert wrong.value.problems == [("query.code", "invalid_grant")]
    with pytest.raises(SignInNotCompleted):
        sign_in.complete(code=code, code_verifier=verifier, redirect_uri=CALLBACK)


def test_a_token_endpoint_that_is_down_is_a_service_error_not_a_failed_sign_in(cognito: FakeCognito) -> None:
    # Given a token endpoint answering 503
    from msds.adapters.aws.cognito_sign_in import CognitoHostedSignIn

    sign_in = CognitoHostedSignIn(POOL, cognito.tokens(), post=lambda url, fields: (503, b"busy"))
    # When a code is exchanged
    # Then the error says to try again (503), not that the sign-in was refused
    with pytest.raises(ServiceUnavailable):
        sign_in.complete(code="c", code_verifier="v", redirect_uri=CALLBACK)


def test_signing_out_goes_to_the_pools_logout_with_the_client_and_the_sign_out_url(
    cognito: FakeCognito,
) -> None:
    # Given the sign-in adapter
    # When the sign-out URL is made for the app's home
    url = cognito.sign_in().sign_out_url(
        redirect_uri="https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/"
    )
    # Then it is the pool domain's /logout with the client id and the logout URI
    parts = urllib.parse.urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{POOL.domain_url}/logout"
    assert dict(urllib.parse.parse_qsl(parts.query)) == {
        "client_id": POOL.client_id,
        "logout_uri": "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/",
    }


@pytest.mark.parametrize("use", ["id", "access"])
def test_id_and_access_tokens_of_the_app_client_name_their_caller(cognito: FakeCognito, use: str) -> None:
    # Given a compliance officer's ID token and access token
    token = cognito.token(COMPLIANCE, use=use)
    # When the API reads the bearer token
    caller = cognito.tokens().caller(token)
    # Then it is the officer, with the group of the token
    assert caller is not None and caller.subject == COMPLIANCE["sub"]
    assert caller.groups == frozenset({Group.COMPLIANCE}) and caller.name == "carl"


def test_a_suppliers_access_token_carries_no_supplier_id_so_suppliers_send_their_id_token(
    cognito: FakeCognito,
) -> None:
    # Given a supplier's ID token and access token (Cognito leaves custom attributes out of access tokens)
    tokens = cognito.tokens()
    # When both are read
    by_id, by_access = (
        tokens.caller(cognito.token(SUPPLIER_ACME)),
        tokens.caller(cognito.token(SUPPLIER_ACME, use="access")),
    )
    # Then only the ID token names the supplier
    assert by_id is not None and by_id.supplier_id == "acme"
    assert by_access is not None and by_access.supplier_id is None


def _tampered(token: str) -> str:
    header, _, signature = token.split(".")
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    claims["cognito:groups"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    "make",
    [
        lambda c: _tampered(c.token(REVIEWER)),
        lambda c: c.token({**REVIEWER, "exp": int(time.time()) - 120}),
        lambda c: c.token({**REVIEWER, "aud": "another-app-client"}),
        lambda c: c.token({**REVIEWER, "client_id": "another-app-client"}, use="access"),
        lambda c: c.token({**REVIEWER, "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"}),
        lambda c: c.token({**REVIEWER, "token_use": "refresh"}),
        lambda c: c.token(REVIEWER, key=new_key()),
        lambda c: c.token(REVIEWER, kid="unknown-key"),
        lambda c: jwt.encode(
            {**REVIEWER, "iss": POOL.issuer, "token_use": "id"}, "s" * 32, algorithm="HS256"
        ),
        lambda c: "not-a-jwt",
    ],
    ids=[
        "tampered",
        "expired",
        "wrong-audience",
        "access-token-of-another-client",
        "other-issuer",
        "wrong-token-use",
        "signed-by-another-key",
        "unknown-key-id",
        "hs256",
        "garbage",
    ],
)
def test_a_token_that_is_not_a_valid_token_of_the_app_client_names_nobody(
    cognito: FakeCognito, make: Any
) -> None:
    # Given a token that is tampered, expired, for another audience, issuer or use, or signed by another key
    token = make(cognito)
    # When the API reads it
    # Then it names no caller (the request is answered 401)
    assert cognito.tokens().caller(token) is None


def test_an_access_token_cannot_complete_a_sign_in(cognito: FakeCognito) -> None:
    # Given a token endpoint that answers with an access token in place of the ID token
    from msds.adapters.aws.cognito_sign_in import CognitoHostedSignIn

    access = cognito.token(REVIEWER, use="access")
    body = f'{{"id_token": "{access}"}}'.encode()
    sign_in = CognitoHostedSignIn(POOL, cognito.tokens(), post=lambda url, fields: (200, body))
    # When the sign-in completes
    # Then it is refused: only an ID token names the signed-in user
    with pytest.raises(SignInNotCompleted, match="cannot be used here"):
        sign_in.complete(code="c", code_verifier="v", redirect_uri=CALLBACK)


def test_a_supplier_id_that_could_not_be_a_key_prefix_is_refused(cognito: FakeCognito) -> None:
    # Given an ID token whose supplier attribute is not a safe supplier id
    token = cognito.token({**SUPPLIER_ACME, "custom:supplier_id": "../beta"})
    # When the API reads it
    # Then the caller is refused by name
    with pytest.raises(AccessDenied):
        cognito.tokens().caller(token)


def test_the_key_set_is_read_once_and_again_only_for_an_unknown_key_after_a_while(
    cognito: FakeCognito,
) -> None:
    # Given keys read through a clock the test moves
    now = [1000.0]
    keys = SigningKeys(POOL.jwks_url, get=cognito.get, clock=lambda: now[0])
    tokens = CognitoTokens(POOL, keys)
    # When three valid tokens are read, then tokens with an unknown key id at once and five minutes later
    for _ in range(3):
        assert tokens.caller(cognito.token(REVIEWER)) is not None
    reads_for_valid = cognito.key_set_reads
    assert tokens.caller(cognito.token(REVIEWER, kid="rotated")) is None
    reads_at_once = cognito.key_set_reads
    now[0] += 301
    tokens.caller(cognito.token(REVIEWER, kid="rotated"))
    # Then the key set was read once for the valid tokens, not again at once, and again after the wait
    assert (reads_for_valid, reads_at_once, cognito.key_set_reads) == (1, 1, 2)


def test_a_key_set_that_cannot_be_read_is_a_service_error(cognito: FakeCognito) -> None:
    # Given a key set URL that answers something that is not a key set
    keys = SigningKeys(POOL.jwks_url, get=lambda url: b"<html>gateway timeout</html>")
    # When a token is read
    # Then the error is the service's (503), not the caller's
    with pytest.raises(ServiceUnavailable):
        CognitoTokens(POOL, keys).caller(cognito.token(REVIEWER))
