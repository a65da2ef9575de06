"""POST /documents/upload-url: a presigned S3 POST whose policy pins key, type, size, sender and encryption;
suppliers upload as themselves, compliance for a supplier or for itself, nobody else at all."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime
from typing import Any

import pytest
import requests
from PIL import Image

from lambdas import api_upload, receive
from models.document import MediaType
from msds.services.upload_policy import safe_file_name
from tests.aws.api_events import COMPLIANCE, REVIEWER, SUPPLIER_ACME, http_event, json_body
from tests.aws.api_host import ApiHost
from tests.aws.support import BUCKET, lambda_context

CONTEXT = lambda_context()
ROUTE = "/documents/upload-url"


def ask(claims: dict[str, Any] | None, body: Any) -> dict[str, Any]:
    return api_upload.handler(http_event("POST", ROUTE, claims, body=body), CONTEXT)


def policy_of(form: dict[str, Any]) -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(base64.b64decode(form["fields"]["policy"]))
    return policy


def conditions_of(policy: dict[str, Any]) -> dict[str, Any]:
    """The exact-match conditions by field name, and content-length-range."""
    found: dict[str, Any] = {}
    for condition in policy["conditions"]:
        if isinstance(condition, dict):
            found.update(condition)
        elif condition[0] == "content-length-range":
            found["content-length-range"] = (condition[1], condition[2])
        else:
            found[str(condition[1])] = tuple(condition)
    return found


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_supplier_gets_a_form_that_pins_key_type_size_sender_and_encryption(api_host: ApiHost) -> None:
    # Given a supplier about to upload a PDF
    # When it asks for an upload form
    response = ask(SUPPLIER_ACME, {"file_name": "Aceton Datenblatt.pdf", "content_type": "application/pdf"})

    # Then the form is for one key under its own prefix, and the policy pins every field the form carries
    assert response["statusCode"] == 200
    form = json_body(response)
    assert form["key"].startswith("uploads/acme/") and form["key"].endswith("/Aceton_Datenblatt.pdf")
    conditions = conditions_of(policy_of(form))
    assert conditions["bucket"] == BUCKET
    assert conditions["key"] == form["key"]
    assert conditions["content-length-range"] == (1, 1_000_000)
    assert form["max_bytes"] == 1_000_000
    assert conditions["Content-Type"] == "application/pdf"
    assert conditions["x-amz-meta-supplier-id"] == "acme"
    assert conditions["x-amz-meta-uploaded-by"] == SUPPLIER_ACME["sub"]
    assert conditions["x-amz-meta-file-name"] == "Aceton_Datenblatt.pdf"
    assert conditions["x-amz-server-side-encryption"] == "aws:kms"
    assert conditions["x-amz-server-side-encryption-aws-kms-key-id"] == api_host.kms_key_arn
    # ... every field of the form is in the policy (S3 refuses fields a policy does not list)
    signed = {"policy", "x-amz-signature"}
    assert set(form["fields"]) - signed <= set(conditions)
    assert all(form["fields"][name] == conditions[name] for name in set(form["fields"]) - signed)


def test_the_form_is_signed_with_signature_version_4_for_fifteen_minutes(api_host: ApiHost) -> None:
    # Given a supplier's upload request
    # When the form is made
    form = json_body(ask(SUPPLIER_ACME, {"file_name": "a.pdf", "content_type": "application/pdf"}))

    # Then it is a SigV4 POST (SSE-KMS needs it) and the policy expires 15 minutes after it was signed
    assert form["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    signed_at = datetime.strptime(form["fields"]["x-amz-date"], "%Y%m%dT%H%M%SZ")
    expires = datetime.strptime(policy_of(form)["expiration"], "%Y-%m-%dT%H:%M:%SZ")
    assert 899 <= (expires - signed_at).total_seconds() <= 900


def test_a_file_sent_with_the_form_is_received_with_its_supplier_on_the_document(api_host: ApiHost) -> None:
    # Given a supplier's upload form for a PNG scan
    form = json_body(ask(SUPPLIER_ACME, {"file_name": "scan.png", "content_type": "image/png"}))
    data = png_bytes()

    # When the file is posted with the form's fields, and the Receive step runs on the new object
    posted = requests.post(form["url"], data=form["fields"], files={"file": ("scan.png", data)}, timeout=10)
    head = api_host.s3.head_object(Bucket=BUCKET, Key=form["key"])
    result = receive.handler({"bucket": BUCKET, "key": form["key"]}, CONTEXT)

    # Then the object carries the sender, and the document's entry names the supplier and the user
    assert posted.status_code == 204
    assert head["Metadata"] == {
        "supplier-id": "acme",
        "uploaded-by": SUPPLIER_ACME["sub"],
        "file-name": "scan.png",
    }
    assert head["ContentType"] == "image/png"
    entry = api_host.aws.pipeline.repository.get(result["document_id"])
    assert entry is not None and entry.media_type == MediaType.PNG
    assert entry.supplier_ids == ["acme"] and entry.uploaded_by == SUPPLIER_ACME["sub"]


def test_compliance_uploads_for_a_supplier_or_for_itself(api_host: ApiHost) -> None:
    # Given compliance staff uploading one sheet for supplier beta and one of their own
    # When they ask for two forms
    for_beta = json_body(
        ask(COMPLIANCE, {"file_name": "b.pdf", "content_type": "application/pdf", "supplier_id": "beta"})
    )
    own = json_body(ask(COMPLIANCE, {"file_name": "c.tiff", "content_type": "image/tiff"}))

    # Then the first is under beta's prefix with beta as its supplier, the second under the staff prefix
    assert for_beta["key"].startswith("uploads/beta/")
    assert conditions_of(policy_of(for_beta))["x-amz-meta-supplier-id"] == "beta"
    assert own["key"].startswith("uploads/_staff/")
    assert "x-amz-meta-supplier-id" not in conditions_of(policy_of(own))
    assert conditions_of(policy_of(own))["x-amz-meta-uploaded-by"] == COMPLIANCE["sub"]


@pytest.mark.parametrize(
    ("claims", "body", "message"),
    [
        (SUPPLIER_ACME, {"supplier_id": "beta"}, "cannot name another supplier"),
        (REVIEWER, {}, "needs one of the groups compliance, supplier"),
        ({"sub": "u-1", "cognito:groups": "[supplier]"}, {}, "must carry custom:supplier_id"),
        ({"sub": "u-2"}, {}, "the caller is in no group"),
    ],
    ids=["supplier-as-another", "reviewer", "supplier-without-id", "no-group"],
)
def test_callers_who_may_not_upload_so_get_403(
    api_host: ApiHost, claims: dict[str, Any], body: dict[str, Any], message: str
) -> None:
    # Given a caller outside the uploaders, or a supplier naming another supplier
    request = {"file_name": "a.pdf", "content_type": "application/pdf", **body}

    # When it asks for an upload form
    response = ask(claims, request)

    # Then the answer is 403 with a named error saying why
    assert response["statusCode"] == 403
    error = json_body(response)
    assert error["error"] == "access_denied" and message in error["message"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"file_name": "a.pdf"}, "body.content_type"),
        ({"file_name": "a.txt", "content_type": "text/plain"}, "body.content_type"),
        ({"content_type": "application/pdf"}, "body.file_name"),
        ({"file_name": "a\x00.pdf", "content_type": "application/pdf"}, "body.file_name"),
        (
            {"file_name": "a.pdf", "content_type": "application/pdf", "size_bytes": 1_000_001},
            "body.size_bytes",
        ),
        ({"file_name": "a.pdf", "content_type": "application/pdf", "colour": "red"}, "body.colour"),
        (
            {"file_name": "a.pdf", "content_type": "application/pdf", "supplier_id": "../x"},
            "body.supplier_id",
        ),
        ("{not json", "body"),
        (["a.pdf"], "body"),
    ],
    ids=[
        "no-type",
        "text-type",
        "no-name",
        "control-char",
        "too-large",
        "unknown-field",
        "bad-supplier",
        "not-json",
        "not-object",
    ],
)
def test_a_bad_upload_request_is_400_naming_the_problem(api_host: ApiHost, body: Any, location: str) -> None:
    # Given compliance staff (who may name a supplier) sending a malformed request
    # When they ask for an upload form
    response = ask(COMPLIANCE, body)

    # Then the answer is 400 with the problem's location in the body
    assert response["statusCode"] == 400
    error = json_body(response)
    assert error["error"] == "invalid_request"
    assert location in [problem["location"] for problem in error["problems"]], error


def test_a_request_without_a_signed_in_user_is_401(api_host: ApiHost) -> None:
    # Given a request that reached the function without the authorizer's claims
    # When it asks for an upload form
    response = ask(None, {"file_name": "a.pdf", "content_type": "application/pdf"})

    # Then the answer is 401 and names the missing identity
    assert response["statusCode"] == 401
    assert json_body(response)["error"] == "not_authenticated"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Säure Datenblatt (v2).pdf", "Saure_Datenblatt_v2.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\SDS.PDF", "SDS.PDF"),
        ("...", "upload"),
        (".bashrc", "upload.bashrc"),
        ("安全データシート.pdf", "upload.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_a_file_name_becomes_one_safe_ascii_key_segment(name: str, safe: str) -> None:
    # Given a file name as a browser may send it
    # When it is made safe for the key and the metadata
    # Then it is one ASCII segment with its extension, never empty and never a path
    assert safe_file_name(name) == safe
