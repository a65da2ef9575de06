"""The documents of the JSON API on the AWS host (API Gateway -> Mangum -> the app, over moto): suppliers see
only what they sent (another supplier's id is a 404 like an unknown one), staff see everything."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from models.document import DocumentStatus
from tests.aws.api_host import document_id
from tests.aws.cognito_fake import COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA
from tests.aws.support import BUCKET, REGION
from tests.aws.web_host import Answer, AwsSite

ACME_SHEET = document_id("acme sheet")
SHARED_SHEET = document_id("sheet sent by acme and beta")
UNKNOWN = document_id("never uploaded")


@pytest.fixture
def stored(aws_site: AwsSite) -> AwsSite:
    aws_site.store_document(ACME_SHEET, status=DocumentStatus.ACCEPTED, supplier_ids=["acme"])
    aws_site.store_document(SHARED_SHEET, status=DocumentStatus.NEEDS_REVIEW, supplier_ids=["acme", "beta"])
    return aws_site


def get(site: AwsSite, claims: dict[str, Any] | None, doc_id: str, suffix: str = "") -> Answer:
    return site.call("GET", f"/api/documents/{doc_id}{suffix}", claims=claims)


def test_a_supplier_sees_the_status_of_a_document_it_sent(stored: AwsSite) -> None:
    # Given a document supplier acme sent
    # When acme asks for its status with its ID token
    answer = get(stored, SUPPLIER_ACME, ACME_SHEET)
    # Then it gets the status in words, without the list of suppliers that sent the same bytes
    assert answer.status == 200
    view = answer.json()
    assert (view["document_id"], view["status"], view["media_type"]) == (
        ACME_SHEET,
        "accepted",
        "application/pdf",
    )
    assert view["supplier_ids"] is None and "uploaded_by" not in view and view["status_text"]


def test_another_suppliers_document_is_a_404_exactly_like_an_unknown_id(stored: AwsSite) -> None:
    # Given a document only acme sent, and an id nobody uploaded
    # When supplier beta asks for both, their records, CSVs and originals
    answers = [
        get(stored, SUPPLIER_BETA, doc_id, suffix)
        for doc_id in (ACME_SHEET, UNKNOWN)
        for suffix in ("", "/record", "/record.csv", "/original", "/history")
    ]
    # Then every answer is the same 404, its message differing only by the id asked for
    assert {answer.status for answer in answers} == {404}
    bodies = [answer.json() for answer in answers]
    assert {body["error"] for body in bodies} == {"document_not_found"}
    assert {body["message"].replace(ACME_SHEET, "ID").replace(UNKNOWN, "ID") for body in bodies} == {
        "no document ID"
    }


def test_a_supplier_lists_only_its_own_documents(stored: AwsSite) -> None:
    # Given one document of acme's and one that acme and beta both sent
    # When each supplier lists its documents
    acme = stored.call("GET", "/api/documents", claims=SUPPLIER_ACME).json()
    beta = stored.call("GET", "/api/documents", claims=SUPPLIER_BETA).json()
    # Then each sees the documents it sent, and nothing else
    assert {item["document_id"] for item in acme["items"]} == {ACME_SHEET, SHARED_SHEET}
    assert [item["document_id"] for item in beta["items"]] == [SHARED_SHEET]


@pytest.mark.parametrize("claims", [COMPLIANCE, REVIEWER], ids=["compliance", "reviewer"])
def test_compliance_and_reviewers_see_every_document_with_its_suppliers(
    stored: AwsSite, claims: dict[str, Any]
) -> None:
    # Given documents sent by suppliers
    # When staff ask for one
    answer = get(stored, claims, SHARED_SHEET)
    # Then they see it, and which suppliers sent it
    assert answer.status == 200
    assert answer.json()["supplier_ids"] == ["acme", "beta"]


def test_the_record_route_returns_the_status_and_the_record_and_its_csv(stored: AwsSite) -> None:
    # Given an accepted document of acme's
    # When acme asks for its record and its record as CSV
    record, as_csv = (
        get(stored, SUPPLIER_ACME, ACME_SHEET, "/record"),
        get(stored, SUPPLIER_ACME, ACME_SHEET, "/record.csv"),
    )
    # Then the record has its values, evidence and findings, and the CSV its row
    body = record.json()
    assert body["status"] == "accepted" and body["record"]["hazard_statements"][0]["code"] == "H225"
    assert body["record"]["findings"][0]["code"] == "revision_old"
    assert as_csv.status == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert ACME_SHEET in as_csv.text


def test_the_original_is_downloaded_from_the_bucket_through_a_short_lived_link(stored: AwsSite) -> None:
    # Given an original larger than a Lambda function may answer (6 MB), stored under the document's id
    data = b"%PDF-1.4\n" + bytes(range(256)) * 28_000
    stored.aws.pipeline.store.put_original(ACME_SHEET, data)
    # When acme asks for it, and follows the answer
    answer = get(stored, SUPPLIER_ACME, ACME_SHEET, "/original")
    fetched = requests.get(answer.location, timeout=10)
    # Then it is sent to a presigned GET of the bucket that expires in minutes and gives the file, asking S3
    # to answer it as a download under its name and type (response-content-* overrides, signed with the URL)
    link = urlsplit(answer.location)
    query = dict(parse_qsl(link.query))
    assert answer.status == 303 and link.path == f"/originals/{ACME_SHEET}"
    assert link.netloc == f"{BUCKET}.s3.{REGION}.amazonaws.com" and int(query["X-Amz-Expires"]) <= 300
    assert fetched.status_code == 200 and fetched.content == data
    assert query["response-content-disposition"] == f'attachment; filename="{ACME_SHEET[:8]}.pdf"'
    assert query["response-content-type"] == "application/pdf"


def test_a_document_without_a_record_yet_answers_404_record_not_found(aws_site: AwsSite) -> None:
    # Given a document acme sent that is still being processed
    processing = document_id("still processing")
    aws_site.store_document(
        processing, status=DocumentStatus.PROCESSING, supplier_ids=["acme"], with_record=False
    )
    # When acme asks for its status and for its record
    status, record = (
        get(aws_site, SUPPLIER_ACME, processing),
        get(aws_site, SUPPLIER_ACME, processing, "/record"),
    )
    # Then the status is there, and the record is a named 404 that says the document is processing
    assert status.status == 200 and status.json()["status"] == "processing"
    assert record.status == 404
    assert record.json()["error"] == "record_not_found" and "processing" in record.json()["message"]


@pytest.mark.parametrize(
    "bad_id", ["abc", "A" * 64, "g" * 64, "0" * 65], ids=["short", "upper", "not-hex", "long"]
)
def test_an_id_that_is_not_a_sha256_is_400(stored: AwsSite, bad_id: str) -> None:
    # Given an id that cannot be a document id
    # When compliance asks for it
    answer = get(stored, COMPLIANCE, bad_id)
    # Then the answer is 400 naming the path parameter
    assert answer.status == 400
    assert answer.json()["problems"][0]["location"] == "path.document_id"


@pytest.mark.parametrize(
    "claims",
    [{"sub": "u-3", "cognito:groups": []}, {"sub": "u-4", "cognito:groups": ["supplier"]}],
    ids=["no-group", "supplier-without-id"],
)
def test_callers_without_a_group_or_a_supplier_id_get_403_whether_or_not_the_id_exists(
    stored: AwsSite, claims: dict[str, Any]
) -> None:
    # Given a caller in no group, and a supplier whose token has no supplier id
    # When it asks for an existing and an unknown document
    answers = [get(stored, claims, doc_id) for doc_id in (ACME_SHEET, UNKNOWN)]
    # Then both are the same 403 (nothing tells which ids exist)
    assert [answer.status for answer in answers] == [403, 403]
    assert {answer.json()["error"] for answer in answers} == {"access_denied"}


def test_a_suppliers_access_token_does_not_name_its_supplier_so_it_is_refused(stored: AwsSite) -> None:
    # Given supplier acme calling with its access token (Cognito puts custom attributes in ID tokens only)
    # When it asks for its own document
    answer = stored.call("GET", f"/api/documents/{ACME_SHEET}", claims=SUPPLIER_ACME, token_use="access")
    # Then it is refused, saying the token must carry the supplier id
    assert answer.status == 403 and "custom:supplier_id" in answer.json()["message"]
