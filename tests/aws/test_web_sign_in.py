"""Who is calling the web app on the AWS host: the hosted sign-in through the gateway (authorization code
with PKCE, a session in DynamoDB, sign-out through the pool's /logout), Cognito tokens as bearer tokens,
nothing built at import, and every named error answered with its status."""

from __future__ import annotations

import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from msds.errors import (
    AccessDenied,
    ConcurrentModification,
    ConfigurationError,
    DocumentNotFound,
    InvalidRequest,
    MsdsError,
    NotAuthenticated,
    RecordNotFound,
    ReviewClaimed,
    ReviewNotFound,
    ReviewNotOpen,
    ServiceAccessDenied,
    ServiceThrottled,
    ServiceUnavailable,
    SignInNotCompleted,
)
from msds.services.api_access import Group, caller_from_claims, group_names
from msds.web.errors import status_of
from tests.aws.cognito_fake import ADMIN, REVIEWER, SUPPLIER_ACME
from tests.aws.support import client
from tests.aws.web_host import BASE_URL, SESSION_COOKIE, SESSIONS_TABLE, AwsSite

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_web_handler_reads_no_environment_and_builds_nothing() -> None:
    # Given a Python with no AWS or product environment at all
    code = (
        "import lambdas.web as w\n"
        "assert callable(w.handler) and w._served is None\n"
        "import msds.composition_aws as c, msds.composition_aws_web as cw, lambdas._observability as o\n"
        "assert c._services is None and cw._web is None and o._tools is None\n"
    )
    # When the web handler module is imported
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    # Then it has a handler, and no services, app, Powertools objects or sign-in were built
    assert completed.returncode == 0, completed.stderr


def test_a_browser_signs_in_on_the_hosted_page_with_pkce_and_gets_a_session(aws_site: AwsSite) -> None:
    # Given a reviewer's browser that is not signed in
    browser = aws_site.browser()
    # When it opens a page, follows the redirect to the sign-in, signs in there and comes back with the code
    page = browser.get("/reviews")
    start = browser.get("/login", query=[("next", "/reviews")])
    code, state = aws_site.cognito.sign_in_at(start.location, REVIEWER)
    back = browser.get("/auth/callback", query=[("code", code), ("state", state)])
    me = browser.get("/api/me")
    # Then the page sent it to sign in, the sign-in page is the pool's authorize endpoint with this app's
    # callback, the code was redeemed with the verifier, and the session names the reviewer
    assert page.status == 303 and page.location.startswith("/login?next=")
    authorize = dict(parse_qsl(urlsplit(start.location).query))
    assert authorize["redirect_uri"] == f"{BASE_URL}auth/callback"
    ((_, exchange),) = aws_site.cognito.posts
    assert exchange["redirect_uri"] == authorize["redirect_uri"] and exchange["code_verifier"]
    assert back.status == 303 and back.location == "/reviews"
    assert me.json()["subject"] == REVIEWER["sub"] and me.json()["groups"] == ["reviewer"]
    # ... kept as a secure, host-only cookie whose hash names the session stored in DynamoDB (with a TTL)
    (set_cookie,) = [c for c in back.cookies if c.startswith(SESSION_COOKIE)]
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie and "samesite=lax" in set_cookie.lower()
    items = client("dynamodb").scan(TableName=SESSIONS_TABLE)["Items"]
    assert len(items) == 1 and int(items[0]["expires_at"]["N"]) > 0
    assert browser.cookies[SESSION_COOKIE] not in str(items)


def test_a_callback_whose_state_did_not_start_here_is_refused(aws_site: AwsSite) -> None:
    # Given a sign-in started in one browser
    victim, attacker = aws_site.browser(), aws_site.browser()
    start = attacker.get("/login")
    code, _ = aws_site.cognito.sign_in_at(start.location, ADMIN)
    # When another browser is made to call back with that code and a state of its own
    victim.get("/login")
    answer = victim.get("/auth/callback", query=[("code", code), ("state", "forged-state")])
    # Then the sign-in is refused, no code is redeemed and no session is made
    assert answer.status == 403 and aws_site.cognito.posts == []
    assert SESSION_COOKIE not in victim.cookies


def test_a_code_that_cannot_be_redeemed_shows_an_error_page_not_a_sign_in_loop(aws_site: AwsSite) -> None:
    # Given a browser that started a sign-in
    browser = aws_site.browser()
    start = browser.get("/login")
    _, state = aws_site.cognito.sign_in_at(start.location, REVIEWER)
    # When it comes back with a code Cognito does not know (used already, or expired)
    answer = browser.get("/auth/callback", query=[("code", "spent-code"), ("state", state)])
    # Then it sees why in words (400), and is not sent round to sign in again
    assert answer.status == 400 and "sign_in_not_completed" in answer.text
    assert SESSION_COOKIE not in browser.cookies


def test_signing_out_ends_the_session_and_the_hosted_session_too(aws_site: AwsSite) -> None:
    # Given a signed-in supplier
    browser = aws_site.browser().sign_in(SUPPLIER_ACME)
    # When it signs out (with the session's anti-forgery token)
    answer = browser.post("/logout")
    # Then it is sent to the pool's /logout back to the app, and its session is gone
    assert answer.status == 303
    target = urlsplit(answer.location)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{aws_site.cognito.pool.domain_url}/logout"
    assert dict(parse_qsl(target.query))["logout_uri"] == BASE_URL
    assert client("dynamodb").scan(TableName=SESSIONS_TABLE)["Items"] == []
    assert aws_site.call("GET", "/api/me", cookies=browser.cookies).status == 401


def test_a_signed_in_browser_must_send_its_anti_forgery_token(aws_site: AwsSite) -> None:
    # Given a signed-in reviewer
    browser = aws_site.browser().sign_in(REVIEWER)
    # When a request that changes something comes without the token
    without = browser.request("POST", "/api/uploads", json_body={"file_name": "a.pdf", "content_type": "x"})
    # Then it is refused by name before anything is read
    assert without.status == 403 and without.json()["error"] == "csrf_rejected"


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
    ids=["garbage", "empty", "unsigned"],
)
def test_a_bearer_token_that_is_not_valid_is_401_not_an_anonymous_request(
    aws_site: AwsSite, header: str
) -> None:
    # Given a request with a bearer token that is not one of the pool's
    # When it asks for anything, even a page
    answer = aws_site.call("GET", "/api/me", headers={"authorization": header})
    # Then it is 401
    assert answer.status == 401 and answer.json()["error"] == "not_authenticated"


def test_an_api_token_of_the_pool_needs_no_anti_forgery_token(aws_site: AwsSite) -> None:
    # Given an ERP system calling with an administrator's access token
    # When it lists the review queue and claims nothing
    answer = aws_site.call("GET", "/api/reviews", claims=ADMIN, token_use="access")
    # Then it is answered (bearer calls are not cross-site requests)
    assert answer.status == 200 and answer.json()["open_tasks"] == 0


@pytest.mark.parametrize(
    ("raw", "groups"),
    [
        ("[supplier reviewer]", ["supplier", "reviewer"]),
        ('["compliance"]', ["compliance"]),
        (["reviewer"], ["reviewer"]),
        ("supplier,compliance", ["supplier", "compliance"]),
        ("[]", []),
        (None, []),
    ],
    ids=["api-gateway-string", "json-string", "list", "comma-separated", "empty", "absent"],
)
def test_the_groups_claim_is_read_in_every_form_it_arrives_in(raw: Any, groups: list[str]) -> None:
    # Given a cognito:groups claim as a token, a JSON encoder or a hand-made token may give it
    # When the group names are read
    # Then they are the groups, in order
    assert group_names(raw) == groups


def test_the_caller_keeps_only_the_products_groups_and_its_supplier_id() -> None:
    # Given claims with an unknown group besides a known one, and a supplier id
    claims = {"sub": " user-1 ", "cognito:groups": ["admins", "supplier"], "custom:supplier_id": "acme"}
    # When the caller is read
    caller = caller_from_claims(claims)
    # Then it has the known group only, its subject and its supplier id
    assert caller.groups == frozenset({Group.SUPPLIER})
    assert (caller.subject, caller.supplier_id, caller.is_staff) == ("user-1", "acme", False)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidRequest("x"), HTTPStatus.BAD_REQUEST),
        (SignInNotCompleted("x"), HTTPStatus.BAD_REQUEST),
        (NotAuthenticated("x"), HTTPStatus.UNAUTHORIZED),
        (AccessDenied("x"), HTTPStatus.FORBIDDEN),
        (DocumentNotFound("x"), HTTPStatus.NOT_FOUND),
        (RecordNotFound("x"), HTTPStatus.NOT_FOUND),
        (ReviewNotFound("x"), HTTPStatus.NOT_FOUND),
        (ReviewNotOpen("x"), HTTPStatus.CONFLICT),
        (ReviewClaimed("x"), HTTPStatus.CONFLICT),
        (ConcurrentModification("x"), HTTPStatus.CONFLICT),
        (ServiceThrottled("x"), HTTPStatus.SERVICE_UNAVAILABLE),
        (ServiceUnavailable("x"), HTTPStatus.SERVICE_UNAVAILABLE),
        (ConfigurationError("x"), HTTPStatus.INTERNAL_SERVER_ERROR),
        (ServiceAccessDenied("x"), HTTPStatus.INTERNAL_SERVER_ERROR),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_named_error_has_one_status_and_deployment_errors_are_the_products(
    error: MsdsError, status: HTTPStatus
) -> None:
    # Given a named error of the product
    # When its HTTP status is looked up
    # Then it is the status of its class, 500 when the caller did nothing wrong
    assert status_of(error) == status


def test_an_error_that_is_not_the_callers_is_a_500_with_its_code(aws_site: AwsSite) -> None:
    # Given a deployment without a search domain
    aws_site.aws.pipeline.search_index = None
    # When compliance searches
    answer = aws_site.call("GET", "/api/search", claims={"sub": "c", "cognito:groups": ["compliance"]})
    # Then the answer is 500 with the named error (logged, and counted by the function's WebErrors metric)
    assert answer.status == 500 and answer.json()["error"] == "configuration_error"
