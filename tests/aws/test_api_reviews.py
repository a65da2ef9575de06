"""The review routes: reviewers list the open reviews (oldest first, paged, with their reasons), open one, and
submit corrections that are merged as an A2I answer would be; the waiting workflow resumes and the A2I loop
is withdrawn. Nobody but reviewers gets in."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.stub import ANY

from lambdas import api_reviews
from models.api import ReviewCorrections
from models.common import Provenance
from models.document import DocumentStatus
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS
from models.search import SearchQuery
from models.workflow import HumanLoopTask
from msds.adapters.aws.workflow import REVIEW_TASK_ARTIFACT
from msds.adapters.local.tantivy_index import TantivySearchIndex
from tests.aws.api_events import COMPLIANCE, REVIEWER, SUPPLIER_ACME, http_event, json_body
from tests.aws.api_host import T0, ApiHost, document_id, store_document
from tests.aws.support import lambda_context

CONTEXT = lambda_context()
FIRST, SECOND, THIRD = (document_id(f"sheet waiting {n}") for n in (1, 2, 3))
DONE = document_id("sheet accepted")
LOOP = "loop-of-the-first-sheet"


def call(method: str, path: str, claims: dict[str, Any] | None, **kwargs: Any) -> dict[str, Any]:
    route = "/reviews/{document_id}" if path.count("/") == 2 else "/reviews"
    return api_reviews.handler(http_event(method, path, claims, route=route, **kwargs), CONTEXT)


@pytest.fixture
def queue(api_host: ApiHost) -> ApiHost:
    """Three sheets waiting for review (received in the order SECOND, THIRD, FIRST) and an accepted one."""
    aws = api_host.aws
    store_document(aws, FIRST, status=DocumentStatus.NEEDS_REVIEW, received_minutes=30, supplier_ids=["acme"])
    store_document(aws, SECOND, status=DocumentStatus.NEEDS_REVIEW, received_minutes=10)
    store_document(aws, THIRD, status=DocumentStatus.NEEDS_REVIEW, received_minutes=20)
    store_document(aws, DONE, status=DocumentStatus.ACCEPTED, received_minutes=0)
    return api_host


def waiting_workflow(host: ApiHost, doc_id: str, token: str = "token-review") -> None:
    """The HumanReview task waiting for this sheet, as lambdas.start_review leaves it."""
    task = HumanLoopTask(
        document_id=doc_id, file_name="sheet.pdf", loop_name=LOOP, attempt=1, task_token=token, started_at=T0
    )
    host.aws.pipeline.store.put_artifact(doc_id, REVIEW_TASK_ARTIFACT, task.model_dump_json().encode())


def test_reviewers_page_through_the_open_reviews_oldest_first_with_their_reasons(queue: ApiHost) -> None:
    # Given three sheets waiting for review and one accepted
    # When a reviewer lists two per page and follows the token
    first = call("GET", "/reviews", REVIEWER, query={"limit": "2"})
    page_one = json_body(first)
    second = call("GET", "/reviews", REVIEWER, query={"limit": "2", "next_token": page_one["next_token"]})
    page_two = json_body(second)

    # Then the waiting sheets come oldest first, each with its reasons, and the last page has no token
    assert (first["statusCode"], second["statusCode"]) == (200, 200)
    listed = [item["document_id"] for item in page_one["items"] + page_two["items"]]
    assert listed == [SECOND, THIRD, FIRST]
    assert page_two["next_token"] is None
    assert page_one["items"][0]["review_reasons"] == [
        {"code": "low_confidence", "message": "product name", "field": "product_name"}
    ]
    assert page_one["items"][0]["language"] == "de" and page_one["items"][0]["status"] == "needs_review"


def test_a_sheet_reviewed_between_two_pages_does_not_shift_the_next_page(queue: ApiHost) -> None:
    # Given the first page of one review
    page_one = json_body(call("GET", "/reviews", REVIEWER, query={"limit": "1"}))
    # When the listed sheet leaves the queue before the next page is asked for
    entry = queue.aws.pipeline.repository.get(SECOND)
    assert entry is not None
    queue.aws.pipeline.repository.update(entry.model_copy(update={"status": DocumentStatus.ACCEPTED}))
    page_two = json_body(
        call("GET", "/reviews", REVIEWER, query={"limit": "1", "next_token": page_one["next_token"]})
    )
    # Then the next page is the next sheet in the queue, nothing skipped
    assert [item["document_id"] for item in page_two["items"]] == [THIRD]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"limit": "0"}, "query.limit"),
        ({"limit": "many"}, "query.limit"),
        ({"next_token": "bm90LWE"}, "query.next_token"),
        ({"page": "2"}, "query.page"),
    ],
    ids=["zero", "not-a-number", "forged-token", "unknown-parameter"],
)
def test_a_bad_limit_or_page_token_is_400_naming_it(
    queue: ApiHost, query: dict[str, str], location: str
) -> None:
    # Given a reviewer's listing with a bad query string
    # When the queue is asked for
    response = call("GET", "/reviews", REVIEWER, query=query)
    # Then the answer is 400 naming the parameter
    assert response["statusCode"] == 400
    assert [problem["location"] for problem in json_body(response)["problems"]] == [location]


@pytest.mark.parametrize("claims", [SUPPLIER_ACME, COMPLIANCE], ids=["supplier", "compliance"])
@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/reviews"), ("GET", f"/reviews/{FIRST}"), ("POST", f"/reviews/{FIRST}")]
)
def test_only_reviewers_may_use_the_review_routes(
    queue: ApiHost, claims: dict[str, Any], method: str, path: str
) -> None:
    # Given a supplier (even one that sent the sheet) or compliance staff
    # When they call a review route
    response = call(method, path, claims, body={} if method == "POST" else None)
    # Then the answer is 403, and nothing changed
    assert response["statusCode"] == 403
    assert json_body(response)["error"] == "access_denied"
    entry = queue.aws.pipeline.repository.get(FIRST)
    assert entry is not None and entry.status == DocumentStatus.NEEDS_REVIEW


def test_one_review_shows_the_record_its_findings_and_what_may_be_corrected(queue: ApiHost) -> None:
    # Given a sheet waiting for review
    # When a reviewer opens it
    response = call("GET", f"/reviews/{FIRST}", REVIEWER)
    # Then it shows why, the record with its values and confidences, the findings and the correctable fields
    assert response["statusCode"] == 200
    detail = json_body(response)
    assert detail["review_reasons"][0]["code"] == "low_confidence"
    assert detail["record"]["product_name"] == {
        "value": "Acetn rein",
        "confidence": 0.55,
        "provenance": "extracted",
        "evidence": [],
        "machine_value": None,
        "reviewer": None,
    }
    assert [finding["code"] for finding in detail["findings"]] == ["revision_old"]
    assert detail["correctable_fields"] == [*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS]


def test_a_sheet_not_waiting_for_review_or_unknown_is_404(queue: ApiHost) -> None:
    # Given an accepted sheet and an id nobody uploaded
    # When a reviewer opens each
    accepted, unknown = (
        call("GET", f"/reviews/{DONE}", REVIEWER),
        call("GET", f"/reviews/{document_id('x')}", REVIEWER),
    )
    # Then both are 404, the first saying the sheet is not waiting for review
    assert (accepted["statusCode"], unknown["statusCode"]) == (404, 404)
    assert json_body(accepted)["error"] == "review_not_found" and "accepted" in json_body(accepted)["message"]
    assert json_body(unknown)["error"] == "document_not_found"


def test_a_submitted_review_is_merged_resumes_the_workflow_and_withdraws_the_a2i_loop(queue: ApiHost) -> None:
    # Given a sheet whose workflow waits for its review, and A2I and Step Functions expecting the calls
    waiting_workflow(queue, FIRST)
    queue.sfn.stubber.add_response("send_task_success", {}, {"taskToken": "token-review", "output": ANY})
    queue.a2i.stubber.add_response("stop_human_loop", {}, {"HumanLoopName": LOOP})

    # When a reviewer corrects the product name, adds H319 and GHS02, and confirms the rest
    corrections = {
        "product_name": "Aceton rein",
        "hazard_statements": ["H225", "h 319"],
        "pictograms": ["ghs02"],
    }
    response = call("POST", f"/reviews/{FIRST}", REVIEWER, body=corrections)

    # Then the sheet is accepted, the workflow resumed, each change a correction by this reviewer
    assert response["statusCode"] == 200
    result = json_body(response)
    assert (result["status"], result["workflow_resumed"]) == ("accepted", True)
    changed = {c["field"]: (c["machine_value"], c["reviewer_value"]) for c in result["corrections"]}
    assert changed == {
        "product_name": ("Acetn rein", "Aceton rein"),
        "hazard_statements": (["H225"], ["H225", "H319"]),
        "pictograms": ([], ["GHS02"]),
    }
    assert {c["reviewer"] for c in result["corrections"]} == {REVIEWER["sub"]}
    # ... the stored record carries the reviewer's values with provenance and no longer needs review
    pipeline = queue.aws.pipeline
    record, entry = pipeline.repository.get_record(FIRST), pipeline.repository.get(FIRST)
    assert record is not None and entry is not None
    assert record.product_name is not None and record.product_name.provenance == Provenance.REVIEWED
    assert record.h_codes == ["H225", "H319"] and record.needs_review is False
    assert entry.status == DocumentStatus.ACCEPTED
    # ... and the corrections are kept as training data
    review_id = result["corrections"][0]["review_id"]
    kept = json.loads(pipeline.store.get_artifact(FIRST, f"review-{review_id}.json") or b"[]")
    assert {c["field"] for c in kept} == set(changed)


def test_a_sheet_left_in_the_queue_is_accepted_without_a_workflow_to_resume(queue: ApiHost) -> None:
    # Given a sheet whose review task ended earlier (no workflow waits for it)
    # When a reviewer confirms it as it is
    response = call("POST", f"/reviews/{SECOND}", REVIEWER, body={})
    # Then it is accepted with no corrections, and no workflow was resumed
    assert response["statusCode"] == 200
    result = json_body(response)
    assert (result["status"], result["corrections"], result["workflow_resumed"]) == ("accepted", [], False)


def test_a_second_submission_for_the_same_sheet_is_409(queue: ApiHost) -> None:
    # Given a sheet a reviewer has just reviewed
    assert call("POST", f"/reviews/{SECOND}", REVIEWER, body={})["statusCode"] == 200
    # When another review of it is submitted
    response = call("POST", f"/reviews/{SECOND}", REVIEWER, body={"product_name": "Other"})
    # Then the answer is 409 and the first review stands
    assert response["statusCode"] == 409
    assert json_body(response)["error"] == "review_not_open"
    record = queue.aws.pipeline.repository.get_record(SECOND)
    assert (
        record is not None and record.product_name is not None and record.product_name.value == "Acetn rein"
    )


def test_an_empty_list_clears_the_pictograms_and_is_recorded_as_a_correction(queue: ApiHost) -> None:
    # Given a sheet whose machine record lists H225
    # When a reviewer clears the hazard statements explicitly
    response = call("POST", f"/reviews/{THIRD}", REVIEWER, body={"hazard_statements": []})
    # Then the record has none, and the change is a correction
    result = json_body(response)
    assert [(c["field"], c["reviewer_value"]) for c in result["corrections"]] == [("hazard_statements", [])]
    record = queue.aws.pipeline.repository.get_record(THIRD)
    assert record is not None and record.hazard_statements == []


@pytest.mark.parametrize(
    ("body", "locations"),
    [
        (
            {"hazard_statements": ["H225", "H999", "P210"]},
            ["body.hazard_statements[1]", "body.hazard_statements[2]"],
        ),
        ({"precautionary_statements": ["P210", "nonsense"]}, ["body.precautionary_statements[1]"]),
        ({"pictograms": ["GHS10"]}, ["body.pictograms.0"]),
        ({"flash_point_c": "hot"}, ["body.flash_point_c"]),
        ({"product_name": ""}, ["body.product_name"]),
        ({"colour": "red"}, ["body.colour"]),
    ],
    ids=[
        "unknown-and-wrong-kind-codes",
        "not-a-code",
        "pictogram",
        "flash-point",
        "blank-name",
        "unknown-field",
    ],
)
def test_bad_corrections_are_400_naming_each_problem_and_change_nothing(
    queue: ApiHost, body: dict[str, Any], locations: list[str]
) -> None:
    # Given a reviewer's corrections with values that cannot be right
    # When they are submitted
    response = call("POST", f"/reviews/{FIRST}", REVIEWER, body=body)
    # Then the answer is 400 naming every problem, and the sheet still waits for review
    assert response["statusCode"] == 400
    assert [problem["location"] for problem in json_body(response)["problems"]] == locations
    entry = queue.aws.pipeline.repository.get(FIRST)
    assert entry is not None and entry.status == DocumentStatus.NEEDS_REVIEW


def test_the_correction_body_offers_exactly_the_reviewable_fields() -> None:
    # Given the fields A2I's worker template lets a reviewer correct
    # When the API's correction body is compared with them
    # Then it offers the same fields, no more and no fewer (besides the list of fields confirmed as they are)
    offered = set(ReviewCorrections.model_fields) - {"confirmed_fields"}
    assert offered == {*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS}


def test_a_review_with_no_workflow_to_resume_publishes_the_reviewed_record(
    queue: ApiHost, tmp_path: Any
) -> None:
    # Given a search index the reviews function publishes to, and a sheet whose review task ended earlier
    index = TantivySearchIndex(tmp_path / "search")
    queue.aws.pipeline.search_index = index
    # When a reviewer confirms it
    assert call("POST", f"/reviews/{SECOND}", REVIEWER, body={})["statusCode"] == 200
    # Then the reviewed record is searchable as accepted (no PublishReviewed state will run for it)
    hits = index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits
    assert [hit.document_id for hit in hits] == [SECOND]


def test_a_review_that_resumes_its_workflow_leaves_publishing_to_the_workflow(
    queue: ApiHost, tmp_path: Any
) -> None:
    # Given a search index, and the workflow waiting for the first sheet's review
    index = TantivySearchIndex(tmp_path / "search")
    queue.aws.pipeline.search_index = index
    waiting_workflow(queue, FIRST)
    queue.sfn.stubber.add_response("send_task_success", {}, {"taskToken": "token-review", "output": ANY})
    queue.a2i.stubber.add_response("stop_human_loop", {}, {"HumanLoopName": LOOP})
    # When a reviewer confirms it
    result = json_body(call("POST", f"/reviews/{FIRST}", REVIEWER, body={}))
    # Then the workflow resumed, and this function published nothing (PublishReviewed will)
    assert result["workflow_resumed"] is True
    assert index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits == []
