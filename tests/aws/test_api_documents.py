"""GET /documents/{document_id}[/record]: suppliers see only what they sent (another supplier's id is a 404
like an unknown one), compliance and reviewers see everything."""

from __future__ import annotations

from typing import Any

import pytest

from lambdas import api_documents
from models.document import DocumentStatus
from tests.aws.api_events import COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA, http_event, json_body
from tests.aws.api_host import ApiHost, document_id, store_document
from tests.aws.support import lambda_context

CONTEXT = lambda_context()
ACME_SHEET = document_id("acme sheet")
SHARED_SHEET = document_id("sheet sent by acme and beta")
UNKNOWN = document_id("never uploaded")


def get(claims: dict[str, Any] | None, doc_id: str, suffix: str = "") -> dict[str, Any]:
    route = "/documents/{document_id}" + suffix
    return api_documents.handler(
        http_event("GET", f"/documents/{doc_id}{suffix}", claims, route=route), CONTEXT
    )


@pytest.fixture
def stored(api_host: ApiHost) -> ApiHost:
    store_document(api_host.aws, ACME_SHEET, status=DocumentStatus.ACCEPTED, supplier_ids=["acme"])
    store_document(
        api_host.aws, SHARED_SHEET, status=DocumentStatus.NEEDS_REVIEW, supplier_ids=["acme", "beta"]
    )
    return api_host


def test_a_supplier_sees_the_status_of_a_document_it_sent(stored: ApiHost) -> None:
    # Given a document supplier acme sent
    # When acme asks for its status
    response = get(SUPPLIER_ACME, ACME_SHEET)

    # Then it gets the status, without the list of suppliers that sent the same bytes
    assert response["statusCode"] == 200
    view = json_body(response)
    assert (view["document_id"], view["status"], view["media_type"]) == (
        ACME_SHEET,
        "accepted",
        "application/pdf",
    )
    assert view["supplier_ids"] is None and "uploaded_by" not in view


def test_another_suppliers_document_is_a_404_exactly_like_an_unknown_id(stored: ApiHost) -> None:
    # Given a document only acme sent, and an id nobody uploaded
    # When supplier beta asks for both, with and without /record
    answers = [
        get(SUPPLIER_BETA, doc_id, suffix) for doc_id in (ACME_SHEET, UNKNOWN) for suffix in ("", "/record")
    ]

    # Then every answer is the same 404, its message differing only by the id asked for
    assert {answer["statusCode"] for answer in answers} == {404}
    bodies = [json_body(answer) for answer in answers]
    assert {body["error"] for body in bodies} == {"document_not_found"}
    assert {body["message"].replace(ACME_SHEET, "ID").replace(UNKNOWN, "ID") for body in bodies} == {
        "no document ID"
    }


def test_every_supplier_that_sent_the_same_bytes_sees_the_document(stored: ApiHost) -> None:
    # Given a document both acme and beta sent
    # When each asks for it
    # Then both see it
    assert get(SUPPLIER_ACME, SHARED_SHEET)["statusCode"] == 200
    assert get(SUPPLIER_BETA, SHARED_SHEET)["statusCode"] == 200


@pytest.mark.parametrize("claims", [COMPLIANCE, REVIEWER], ids=["compliance", "reviewer"])
def test_compliance_and_reviewers_see_every_document_with_its_suppliers(
    stored: ApiHost, claims: dict[str, Any]
) -> None:
    # Given documents sent by suppliers
    # When staff ask for one
    response = get(claims, SHARED_SHEET)

    # Then they see it, and which suppliers sent it
    assert response["statusCode"] == 200
    assert json_body(response)["supplier_ids"] == ["acme", "beta"]


def test_the_record_route_returns_the_document_status_and_its_record(stored: ApiHost) -> None:
    # Given an accepted document of acme's
    # When acme asks for its record
    response = get(SUPPLIER_ACME, ACME_SHEET, "/record")

    # Then it gets the record with its values, evidence and findings
    assert response["statusCode"] == 200
    body = json_body(response)
    assert body["status"] == "accepted"
    assert body["record"]["document_id"] == ACME_SHEET
    assert body["record"]["hazard_statements"][0]["code"] == "H225"
    assert body["record"]["findings"][0]["code"] == "revision_old"


def test_a_document_without_a_record_yet_answers_404_record_not_found(api_host: ApiHost) -> None:
    # Given a document acme sent that is still being processed
    processing = document_id("still processing")
    store_document(
        api_host.aws, processing, status=DocumentStatus.PROCESSING, supplier_ids=["acme"], with_record=False
    )

    # When acme asks for its status and for its record
    status, record = get(SUPPLIER_ACME, processing), get(SUPPLIER_ACME, processing, "/record")

    # Then the status is there, and the record is a named 404 that says the document is processing
    assert status["statusCode"] == 200 and json_body(status)["status"] == "processing"
    assert record["statusCode"] == 404
    assert json_body(record)["error"] == "record_not_found"
    assert "processing" in json_body(record)["message"]


@pytest.mark.parametrize(
    "bad_id", ["abc", "A" * 64, "g" * 64, "0" * 65], ids=["short", "upper", "not-hex", "long"]
)
def test_an_id_that_is_not_a_sha256_is_400(stored: ApiHost, bad_id: str) -> None:
    # Given an id that cannot be a document id
    # When compliance asks for it
    response = get(COMPLIANCE, bad_id)

    # Then the answer is 400 naming the path parameter
    assert response["statusCode"] == 400
    assert json_body(response)["problems"][0]["location"] == "path.document_id"


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"sub": "u-3", "cognito:groups": "[]"}, "access_denied"),
        ({"sub": "u-4", "cognito:groups": "[supplier]"}, "access_denied"),
    ],
    ids=["no-group", "supplier-without-id"],
)
def test_callers_without_a_group_or_a_supplier_id_get_403_whether_or_not_the_id_exists(
    stored: ApiHost, claims: dict[str, Any], error: str
) -> None:
    # Given a caller in no group, and a supplier whose token has no supplier id
    # When it asks for an existing and an unknown document
    answers = [get(claims, doc_id) for doc_id in (ACME_SHEET, UNKNOWN)]

    # Then both are the same 403 (nothing tells which ids exist)
    assert [answer["statusCode"] for answer in answers] == [403, 403]
    assert {json_body(answer)["error"] for answer in answers} == {error}
