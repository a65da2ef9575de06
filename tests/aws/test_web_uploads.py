"""Uploads on the AWS host: ``POST /api/uploads`` answers a presigned S3 POST whose policy pins key, type,
size, sender and encryption; the browser posts the file straight to the bucket (an origin the content
security policy names); suppliers upload as themselves, compliance for a supplier or for itself, nobody
else at all."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image

from lambdas import receive
from models.document import MediaType
from msds.services.upload_policy import safe_file_name
from tests.aws.cognito_fake import COMPLIANCE, REVIEWER, SUPPLIER_ACME
from tests.aws.support import BUCKET, REGION, lambda_context
from tests.aws.web_host import Answer, AwsSite

CONTEXT = lambda_context()


def ask(site: AwsSite, claims: dict[str, Any] | None, body: Any) -> Answer:
    if isinstance(body, str):
        return site.call(
            "POST", "/api/uploads", claims=claims, body=body, headers={"content-type": "application/json"}
        )
    return site.call("POST", "/api/uploads", claims=claims, json_body=body)


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


def test_a_supplier_gets_a_form_that_pins_key_type_size_sender_and_encryption(aws_site: AwsSite) -> None:
    # Given a supplier about to upload a PDF
    # When it asks for an upload form
    answer = ask(
        aws_site, SUPPLIER_ACME, {"file_name": "Aceton Datenblatt.pdf", "content_type": "application/pdf"}
    )
    # Then the form is for one key under its own prefix, and the policy pins every field the form carries
    assert answer.status == 201
    form = answer.json()
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
    assert conditions["x-amz-server-side-encryption-aws-kms-key-id"] == aws_site.kms_key_arn
    # ... every field of the form is in the policy (S3 refuses fields a policy does not list)
    signed = {"policy", "x-amz-signature"}
    assert set(form["fields"]) - signed <= set(conditions)
    assert all(form["fields"][name] == conditions[name] for name in set(form["fields"]) - signed)


def test_the_form_posts_to_the_buckets_regional_endpoint_which_the_pages_may_post_to(
    aws_site: AwsSite,
) -> None:
    # Given a supplier signed in through the hosted sign-in
    browser = aws_site.browser().sign_in(SUPPLIER_ACME)
    # When its portal page asks for a form (as the page's script does)
    answer = browser.post("/api/uploads", json_body={"file_name": "a.pdf", "content_type": "application/pdf"})
    portal = browser.get("/portal")
    # Then the form's URL is the bucket's regional endpoint, and the page's content security policy lets the
    # script send the file there (connect-src) and lets forms go there (form-action)
    url = urlsplit(answer.json()["url"])
    origin = f"{url.scheme}://{url.netloc}"
    assert origin == f"https://{BUCKET}.s3.{REGION}.amazonaws.com"
    policy = dict(part.strip().split(" ", 1) for part in portal.headers["content-security-policy"].split(";"))
    assert origin in policy["connect-src"].split() and origin in policy["form-action"].split()
    assert aws_site.cognito.pool.domain_url in policy["form-action"].split()


def test_the_form_is_signed_with_signature_version_4_for_fifteen_minutes(aws_site: AwsSite) -> None:
    # Given a supplier's upload request
    # When the form is made
    form = ask(aws_site, SUPPLIER_ACME, {"file_name": "a.pdf", "content_type": "application/pdf"}).json()
    # Then it is a SigV4 POST (SSE-KMS needs it) and the policy expires 15 minutes after it was signed
    assert form["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    signed_at = datetime.strptime(form["fields"]["x-amz-date"], "%Y%m%dT%H%M%SZ")
    expires = datetime.strptime(policy_of(form)["expiration"], "%Y-%m-%dT%H:%M:%SZ")
    assert 899 <= (expires - signed_at).total_seconds() <= 900


def test_a_file_sent_with_the_form_is_received_with_its_supplier_on_the_document(aws_site: AwsSite) -> None:
    # Given a supplier's upload form for a PNG scan
    form = ask(aws_site, SUPPLIER_ACME, {"file_name": "scan.png", "content_type": "image/png"}).json()
    data = png_bytes()
    # When the file is posted with the form's fields, and the Receive step runs on the new object
    posted = requests.post(form["url"], data=form["fields"], files={"file": ("scan.png", data)}, timeout=10)
    head = aws_site.s3.head_object(Bucket=BUCKET, Key=form["key"])
    result = receive.handler({"bucket": BUCKET, "key": form["key"]}, CONTEXT)
    # Then the object carries the sender, and the document's entry names the supplier and the user
    assert posted.status_code == 204
    assert head["Metadata"] == {
        "supplier-id": "acme",
        "uploaded-by": SUPPLIER_ACME["sub"],
        "file-name": "scan.png",
    }
    assert head["ContentType"] == "image/png"
    entry = aws_site.aws.pipeline.repository.get(result["document_id"])
    assert entry is not None and entry.media_type == MediaType.PNG
    assert entry.supplier_ids == ["acme"] and entry.uploaded_by == SUPPLIER_ACME["sub"]
    # ... and the supplier follows it through the API by its SHA-256
    followed = aws_site.call("GET", f"/api/documents/{result['document_id']}", claims=SUPPLIER_ACME)
    assert followed.status == 200 and followed.json()["file_name"] == "scan.png"


def test_compliance_uploads_for_a_supplier_or_for_itself(aws_site: AwsSite) -> None:
    # Given compliance staff uploading one sheet for supplier beta and one of their own
    # When they ask for two forms
    for_beta = ask(
        aws_site, COMPLIANCE, {"file_name": "b.pdf", "content_type": "application/pdf", "supplier_id": "beta"}
    ).json()
    own = ask(aws_site, COMPLIANCE, {"file_name": "c.tiff", "content_type": "image/tiff"}).json()
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
        ({"sub": "u-1", "cognito:groups": ["supplier"]}, {}, "must carry custom:supplier_id"),
        ({"sub": "u-2"}, {}, "the caller is in no group"),
    ],
    ids=["supplier-as-another", "reviewer", "supplier-without-id", "no-group"],
)
def test_callers_who_may_not_upload_so_get_403(
    aws_site: AwsSite, claims: dict[str, Any], body: dict[str, Any], message: str
) -> None:
    # Given a caller outside the uploaders, or a supplier naming another supplier
    request = {"file_name": "a.pdf", "content_type": "application/pdf", **body}
    # When it asks for an upload form
    answer = ask(aws_site, claims, request)
    # Then the answer is 403 with a named error saying why
    assert answer.status == 403
    error = answer.json()
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
def test_a_bad_upload_request_is_400_naming_the_problem(aws_site: AwsSite, body: Any, location: str) -> None:
    # Given compliance staff (who may name a supplier) sending a malformed request
    # When they ask for an upload form
    answer = ask(aws_site, COMPLIANCE, body)
    # Then the answer is 400 with the problem's location in the body
    assert answer.status == 400
    error = answer.json()
    assert error["error"] in ("invalid_request", "upload_rejected")
    assert any(problem["location"].startswith(location) for problem in error["problems"]), error


def test_a_request_without_a_signed_in_user_is_401(aws_site: AwsSite) -> None:
    # Given a request with neither a session nor a token
    # When it asks for an upload form
    answer = ask(aws_site, None, {"file_name": "a.pdf", "content_type": "application/pdf"})
    # Then the answer is 401 and names the missing identity
    assert answer.status == 401
    assert answer.json()["error"] == "not_authenticated"


def test_the_local_hosts_upload_target_does_not_exist_on_aws(aws_site: AwsSite) -> None:
    # Given a supplier
    # When it posts a file to the local host's direct upload route
    answer = aws_site.call(
        "POST",
        "/api/uploads/direct",
        claims=SUPPLIER_ACME,
        body=b'--x\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--x--\r\n',
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    # Then it is not found: uploads go to the bucket, whose upload starts the workflow
    assert answer.status == 404


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
