"""What the API handlers share: nothing happens at import, the caller comes from the claims in whatever form
API Gateway passes them, and each named error has one HTTP status (errors that are not the caller's doing
fail the invocation instead)."""

from __future__ import annotations

import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

from lambdas import api_upload
from lambdas._api import status_of
from msds.errors import (
    AccessDenied,
    ConcurrentModification,
    ConfigurationError,
    DocumentNotFound,
    InvalidRequest,
    MsdsError,
    NotAuthenticated,
    RecordNotFound,
    ReviewNotFound,
    ReviewNotOpen,
    ServiceAccessDenied,
    ServiceThrottled,
    ServiceUnavailable,
)
from msds.services.api_access import Group, caller_from_claims, group_names
from tests.aws.api_events import SUPPLIER_ACME, http_event
from tests.aws.api_host import ApiHost
from tests.aws.support import lambda_context

ROOT = Path(__file__).resolve().parents[2]
API_MODULES = ("lambdas.api_upload", "lambdas.api_documents", "lambdas.api_reviews")


def test_importing_the_api_handlers_reads_no_environment_and_builds_nothing() -> None:
    # Given a Python with no AWS or product environment at all
    code = (
        "import importlib\n"
        f"for name in {API_MODULES!r}: assert callable(importlib.import_module(name).handler)\n"
        "import msds.composition_aws as c, lambdas._observability as o\n"
        "assert c._services is None and o._tools is None\n"
    )
    # When the API handler modules are imported
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    # Then each has a handler, and no services, Powertools objects or resolvers were built
    assert completed.returncode == 0, completed.stderr


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
    # Given a cognito:groups claim as API Gateway, a JSON encoder or a hand-made token may give it
    # When the group names are read
    # Then they are the groups, in order
    assert group_names(raw) == groups


def test_the_caller_keeps_only_the_products_groups_and_its_supplier_id() -> None:
    # Given claims with an unknown group besides a known one, and a supplier id
    claims = {"sub": " user-1 ", "cognito:groups": "[admins supplier]", "custom:supplier_id": "acme"}
    # When the caller is read
    caller = caller_from_claims(claims)
    # Then it has the known group only, its subject and its supplier id
    assert caller.groups == frozenset({Group.SUPPLIER})
    assert (caller.subject, caller.supplier_id, caller.is_staff) == ("user-1", "acme", False)


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"cognito:groups": "[reviewer]"}, NotAuthenticated),
        ({**SUPPLIER_ACME, "custom:supplier_id": "a/b"}, AccessDenied),
    ],
    ids=["no-subject", "unsafe-supplier-id"],
)
def test_claims_without_a_subject_or_with_an_unsafe_supplier_id_are_refused(
    claims: dict[str, Any], error: type[MsdsError]
) -> None:
    # Given claims without a subject, or with a supplier id that could not be a key prefix
    # When the caller is read
    # Then it is refused with the named error
    with pytest.raises(error):
        caller_from_claims(claims)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidRequest("x"), HTTPStatus.BAD_REQUEST),
        (NotAuthenticated("x"), HTTPStatus.UNAUTHORIZED),
        (AccessDenied("x"), HTTPStatus.FORBIDDEN),
        (DocumentNotFound("x"), HTTPStatus.NOT_FOUND),
        (RecordNotFound("x"), HTTPStatus.NOT_FOUND),
        (ReviewNotFound("x"), HTTPStatus.NOT_FOUND),
        (ReviewNotOpen("x"), HTTPStatus.CONFLICT),
        (ConcurrentModification("x"), HTTPStatus.CONFLICT),
        (ServiceThrottled("x"), HTTPStatus.SERVICE_UNAVAILABLE),
        (ServiceUnavailable("x"), HTTPStatus.SERVICE_UNAVAILABLE),
        (ConfigurationError("x"), None),
        (ServiceAccessDenied("x"), None),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_each_named_error_has_one_status_and_deployment_errors_have_none(
    error: MsdsError, status: HTTPStatus | None
) -> None:
    # Given a named error of the product
    # When its HTTP status is looked up
    # Then it is the status of its class, or none when the caller did nothing wrong
    assert status_of(error) == status


def test_an_error_that_is_not_the_callers_fails_the_invocation(api_host: ApiHost) -> None:
    # Given a deployment without an upload signer
    api_host.aws.uploads = None
    event = http_event(
        "POST",
        "/documents/upload-url",
        SUPPLIER_ACME,
        body={"file_name": "a.pdf", "content_type": "application/pdf"},
    )
    # When a supplier asks for an upload form
    # Then the invocation fails with the named error (API Gateway answers 500 and the error alarm counts it)
    with pytest.raises(ConfigurationError):
        api_upload.handler(event, lambda_context())
