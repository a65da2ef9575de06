"""The product's review queue on the AWS host (the app through API Gateway, tasks in DynamoDB on moto): the
order and paging of the queue, who may review, claims that expire, the split view, a submit that merges
with provenance and resumes the workflow waiting on the task's token, and one that publishes by itself when
no workflow waits any more (no token, or a token whose wait timed out)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from botocore.stub import ANY

from models.api import ReviewCorrections
from models.common import Provenance
from models.document import DocumentStatus
from models.record import ReviewReason
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS, ReviewAnswer, ReviewTaskState
from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.pipeline.review import complete_review
from msds.services.api_access import caller_from_claims
from msds.services.review_tasks import open_task
from tests.aws.api_host import document_id
from tests.aws.cognito_fake import COMPLIANCE, REVIEWER, SECOND_REVIEWER, SUPPLIER_ACME
from tests.aws.web_host import AwsSite

FIRST, SECOND, THIRD = (document_id(f"sheet waiting {n}") for n in (1, 2, 3))
DONE = document_id("sheet accepted")
HAZARD = [
    ReviewReason(code="hazard_wording_without_code", message="hazard wording", field="hazard_statements")
]
TOKEN = "token-of-the-human-review-state"


@pytest.fixture
def queue(aws_site: AwsSite) -> AwsSite:
    """Three sheets in review (identity checks received SECOND, THIRD; a possible missed hazard FIRST,
    received last) and an accepted one."""
    aws_site.store_document(FIRST, status=DocumentStatus.NEEDS_REVIEW, received_minutes=30, reasons=HAZARD)
    aws_site.store_document(SECOND, status=DocumentStatus.NEEDS_REVIEW, received_minutes=10)
    aws_site.store_document(THIRD, status=DocumentStatus.NEEDS_REVIEW, received_minutes=20)
    aws_site.store_document(DONE, status=DocumentStatus.ACCEPTED)
    return aws_site


def waiting_workflow(site: AwsSite, doc_id: str, token: str = TOKEN) -> None:
    """The workflow's HumanReview state waiting with its token stored on the task."""
    tasks = site.aws.pipeline.review_tasks
    assert tasks is not None
    task = site.task(doc_id)
    assert tasks.replace_if(task.model_copy(update={"task_token": token}), expected=task)


def sent_outputs(site: AwsSite) -> list[dict[str, Any]]:
    """What SendTaskSuccess is called with (the Stubber checks the call, this keeps the output)."""
    outputs: list[dict[str, Any]] = []
    site.sfn.client.meta.events.register(
        "provide-client-params.states.SendTaskSuccess", lambda params, **_: outputs.append(params)
    )
    return outputs


def index_of(site: AwsSite, tmp_path: Any) -> TantivySearchIndex:
    index = TantivySearchIndex(tmp_path / "search")
    site.aws.pipeline.search_index = index
    return index


def test_reviewers_page_through_the_queue_a_possible_missed_hazard_first_then_the_oldest(
    queue: AwsSite,
) -> None:
    # Given three sheets in review and an accepted one
    # When a reviewer lists two per page and follows the token
    first = queue.call("GET", "/api/reviews", claims=REVIEWER, query={"limit": "2"})
    page_one = first.json()
    second = queue.call(
        "GET", "/api/reviews", claims=REVIEWER, query={"limit": "2", "next_token": page_one["next_token"]}
    )
    page_two = second.json()
    # Then the possible missed hazard comes first, then the others oldest first, each with its reasons
    assert (first.status, second.status) == (200, 200)
    listed = [item["document_id"] for item in page_one["items"] + page_two["items"]]
    assert listed == [FIRST, SECOND, THIRD]
    assert page_two["next_token"] is None and page_one["open_tasks"] == 3
    assert page_one["items"][0]["priority_label"] == "possible missed hazard"
    assert page_one["items"][1]["reasons"] == [
        {"code": "low_confidence", "message": "product name", "field": "product_name"}
    ]


def test_a_sheet_reviewed_between_two_pages_does_not_shift_the_next_page(queue: AwsSite) -> None:
    # Given the first page of one task
    page_one = queue.call("GET", "/api/reviews", claims=REVIEWER, query={"limit": "1"}).json()
    # When the listed sheet is reviewed before the next page is asked for
    assert queue.call("POST", f"/api/reviews/{FIRST}", claims=REVIEWER, json_body={}).status == 200
    page_two = queue.call(
        "GET", "/api/reviews", claims=REVIEWER, query={"limit": "1", "next_token": page_one["next_token"]}
    ).json()
    # Then the next page is the next sheet in the queue, nothing skipped
    assert [item["document_id"] for item in page_two["items"]] == [SECOND]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"limit": "0"}, "query.limit"),
        ({"limit": "many"}, "query.limit"),
        ({"next_token": "bm90LWE"}, "query.next_token"),
    ],
    ids=["zero", "not-a-number", "forged-token"],
)
def test_a_bad_limit_or_page_token_is_400_naming_it(
    queue: AwsSite, query: dict[str, str], location: str
) -> None:
    # Given a reviewer's listing with a bad query string
    # When the queue is asked for
    answer = queue.call("GET", "/api/reviews", claims=REVIEWER, query=query)
    # Then the answer is 400 naming the parameter
    assert answer.status == 400
    assert [problem["location"] for problem in answer.json()["problems"]] == [location]


@pytest.mark.parametrize("claims", [SUPPLIER_ACME, COMPLIANCE], ids=["supplier", "compliance"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/reviews"),
        ("GET", f"/api/reviews/{FIRST}"),
        ("POST", f"/api/reviews/{FIRST}"),
        ("POST", f"/api/reviews/{FIRST}/claim"),
    ],
)
def test_only_reviewers_may_use_the_review_routes(
    queue: AwsSite, claims: dict[str, Any], method: str, path: str
) -> None:
    # Given a supplier or compliance staff
    # When they call a review route
    answer = queue.call(method, path, claims=claims, json_body={} if method == "POST" else None)
    # Then the answer is 403, and nothing changed
    assert answer.status == 403 and answer.json()["error"] == "access_denied"
    task = queue.task(FIRST)
    assert task.state == ReviewTaskState.OPEN and task.claimed_by is None


def test_one_task_shows_the_record_its_findings_and_what_may_be_corrected(queue: AwsSite) -> None:
    # Given a sheet in review
    # When a reviewer opens it
    answer = queue.call("GET", f"/api/reviews/{SECOND}", claims=REVIEWER)
    # Then it shows the task with its reasons, the record with values and confidences, findings and fields
    assert answer.status == 200
    detail = answer.json()
    assert detail["task"]["reasons"][0]["code"] == "low_confidence"
    assert detail["record"]["product_name"]["value"] == "Acetn rein"
    assert detail["record"]["product_name"]["confidence"] == 0.55
    assert [finding["code"] for finding in detail["findings"]] == ["revision_old"]
    assert detail["correctable_fields"] == [*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS]
    assert "task_token" not in detail["task"]


def test_a_sheet_not_in_review_or_unknown_is_404(queue: AwsSite) -> None:
    # Given an accepted sheet and an id nobody uploaded
    # When a reviewer opens each
    accepted = queue.call("GET", f"/api/reviews/{DONE}", claims=REVIEWER)
    unknown = queue.call("GET", f"/api/reviews/{document_id('x')}", claims=REVIEWER)
    # Then both say the sheet is not waiting for review
    assert (accepted.status, unknown.status) == (404, 404)
    assert accepted.json()["error"] == unknown.json()["error"] == "review_not_found"


def test_a_claim_holds_the_task_for_one_reviewer_until_it_expires(queue: AwsSite) -> None:
    # Given a task Rita claimed
    assert (
        queue.call("POST", f"/api/reviews/{SECOND}/claim", claims=REVIEWER).json()["claimed_by"]
        == REVIEWER["sub"]
    )
    # When Ralf tries to claim it and to submit it, and again once the claim has expired
    taken = queue.call("POST", f"/api/reviews/{SECOND}/claim", claims=SECOND_REVIEWER)
    submitted = queue.call("POST", f"/api/reviews/{SECOND}", claims=SECOND_REVIEWER, json_body={})
    queue.clock.advance(timedelta(minutes=31))
    later = queue.call("POST", f"/api/reviews/{SECOND}/claim", claims=SECOND_REVIEWER)
    # Then Ralf is refused while Rita holds it, and gets it once her claim has expired (never lost)
    assert (taken.status, taken.json()["error"], submitted.status) == (409, "review_claimed", 409)
    assert later.status == 200 and later.json()["claimed_by"] == SECOND_REVIEWER["sub"]


def test_a_submit_merges_completes_the_task_and_resumes_the_waiting_workflow_with_its_token(
    queue: AwsSite, tmp_path: Any
) -> None:
    # Given the workflow waiting on the first sheet's task, and Step Functions expecting its token
    index = index_of(queue, tmp_path)
    waiting_workflow(queue, FIRST)
    outputs = sent_outputs(queue)
    queue.sfn.stubber.add_response("send_task_success", {}, {"taskToken": TOKEN, "output": ANY})
    # When a reviewer corrects the product name, adds H319, removes nothing else, and sets the pictograms
    corrections = {
        "product_name": "Aceton rein",
        "hazard_statements": ["H225", "h 319"],
        "pictograms": ["ghs02"],
    }
    answer = queue.call("POST", f"/api/reviews/{FIRST}", claims=REVIEWER, json_body=corrections)
    # Then the sheet is accepted and the workflow resumed with the reviewed sheet's result
    assert answer.status == 200, answer.text
    result = answer.json()
    assert (result["status"], result["workflow_resumed"]) == ("accepted", True)
    (sent,) = outputs
    output = json.loads(sent["output"])
    assert (output["document_id"], output["step"], output["status"]) == (FIRST, "Review", "accepted")
    # ... each change is a correction by this reviewer, kept with provenance and as training data
    changed = {c["field"]: (c["machine_value"], c["reviewer_value"]) for c in result["corrections"]}
    assert changed == {
        "product_name": ("Acetn rein", "Aceton rein"),
        "hazard_statements": (["H225"], ["H225", "H319"]),
        "pictograms": ([], ["GHS02"]),
    }
    pipeline = queue.aws.pipeline
    record, entry = pipeline.repository.get_record(FIRST), pipeline.repository.get(FIRST)
    assert record is not None and entry is not None and entry.status == DocumentStatus.ACCEPTED
    assert record.product_name is not None and record.product_name.provenance == Provenance.REVIEWED
    assert record.h_codes == ["H225", "H319"] and record.needs_review is False
    review_id = result["corrections"][0]["review_id"]
    kept = json.loads(pipeline.store.get_artifact(FIRST, f"review-{review_id}.json") or b"[]")
    assert {c["field"] for c in kept} == set(changed)
    # ... the task is completed by the reviewer, with its audit trail, and left the queue
    task = queue.task(FIRST)
    assert (task.state, task.completed_by) == (ReviewTaskState.COMPLETED, REVIEWER["sub"])
    trail = queue.call("GET", f"/api/reviews/{FIRST}/events", claims=REVIEWER).json()
    assert [event["kind"] for event in trail] == ["opened", "submitted"]
    # ... and the app published nothing: the resumed workflow's PublishReviewed state does
    assert index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits == []


@pytest.mark.parametrize("error", ["TaskTimedOut", "InvalidToken", "TaskDoesNotExist"])
def test_a_token_that_no_longer_waits_is_not_resumed_and_the_app_publishes_the_sheet(
    queue: AwsSite, tmp_path: Any, error: str
) -> None:
    # Given a task whose workflow gave up waiting (its HumanReview wait timed out): the token is stale
    index = index_of(queue, tmp_path)
    waiting_workflow(queue, SECOND)
    queue.sfn.stubber.add_client_error("send_task_success", service_error_code=error, http_status_code=400)
    # When a reviewer submits the review
    answer = queue.call(
        "POST", f"/api/reviews/{SECOND}", claims=REVIEWER, json_body={"product_name": "Aceton"}
    )
    # Then nothing was resumed, and the reviewed record is published by the app itself, as accepted
    assert answer.status == 200 and answer.json()["workflow_resumed"] is False
    hits = index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits
    assert [(hit.document_id, hit.product_name) for hit in hits] == [(SECOND, "Aceton")]


def test_a_task_no_workflow_waits_for_is_accepted_and_published_by_the_app(
    queue: AwsSite, tmp_path: Any
) -> None:
    # Given a sheet in review whose task carries no token (left in the queue after its workflow ended)
    index = index_of(queue, tmp_path)
    # When a reviewer confirms it as it is
    answer = queue.call("POST", f"/api/reviews/{THIRD}", claims=REVIEWER, json_body={})
    # Then it is accepted with no corrections, nothing was resumed, and it is searchable as accepted
    result = answer.json()
    assert (result["status"], result["corrections"], result["workflow_resumed"]) == ("accepted", [], False)
    assert [
        hit.document_id for hit in index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits
    ] == [THIRD]


def test_a_second_submission_finds_the_sheet_no_longer_in_review_and_the_first_stands(queue: AwsSite) -> None:
    # Given a sheet a reviewer has just reviewed
    assert queue.call("POST", f"/api/reviews/{SECOND}", claims=REVIEWER, json_body={}).status == 200
    # When another review of it is submitted
    again = queue.call(
        "POST", f"/api/reviews/{SECOND}", claims=SECOND_REVIEWER, json_body={"product_name": "Other"}
    )
    # Then it is refused, and the first review stands
    assert again.status == 404 and again.json()["error"] == "review_not_found"
    record = queue.aws.pipeline.repository.get_record(SECOND)
    assert (
        record is not None and record.product_name is not None and record.product_name.value == "Acetn rein"
    )


def test_an_empty_list_clears_the_hazard_statements_and_is_recorded_as_a_correction(queue: AwsSite) -> None:
    # Given a sheet whose machine record lists H225
    # When a reviewer clears the hazard statements explicitly
    answer = queue.call("POST", f"/api/reviews/{THIRD}", claims=REVIEWER, json_body={"hazard_statements": []})
    # Then the record has none, and the change is a correction
    assert [(c["field"], c["reviewer_value"]) for c in answer.json()["corrections"]] == [
        ("hazard_statements", [])
    ]
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
    queue: AwsSite, body: dict[str, Any], locations: list[str]
) -> None:
    # Given a reviewer's corrections with values that cannot be right
    # When they are submitted
    answer = queue.call("POST", f"/api/reviews/{FIRST}", claims=REVIEWER, json_body=body)
    # Then the answer is 400 naming every problem, and the sheet still waits for review
    assert answer.status == 400
    assert [problem["location"] for problem in answer.json()["problems"]] == locations
    assert queue.task(FIRST).state == ReviewTaskState.OPEN


def test_the_correction_body_offers_exactly_the_reviewable_fields() -> None:
    # Given the fields a reviewer can correct (the same in the queue and in the A2I worker template)
    # When the API's correction body is compared with them
    # Then it offers the same fields, no more and no fewer (besides the list of fields confirmed as they are)
    offered = set(ReviewCorrections.model_fields) - {"confirmed_fields"}
    assert offered == {*REVIEWABLE_VALUE_FIELDS, *REVIEWABLE_CODE_FIELDS}


def test_a_reviewer_works_the_queue_in_the_pages_through_the_gateway(queue: AwsSite) -> None:
    # Given a reviewer signed in through the hosted sign-in, and the workflow waiting on the first sheet
    rita = queue.browser().sign_in(REVIEWER)
    waiting_workflow(queue, FIRST)
    queue.sfn.stubber.add_response("send_task_success", {}, {"taskToken": TOKEN, "output": ANY})
    # When she opens the queue, claims the first sheet, and posts the split view's form removing H225
    listing = rita.get("/reviews")
    claimed = rita.post(f"/reviews/{FIRST}/claim", body=f"csrf_token={rita.csrf}", headers=_FORM)
    page = rita.get(f"/reviews/{FIRST}")
    form = f"csrf_token={rita.csrf}&product_name=Aceton&hazard_statements__shown=1&confirmed=signal_word"
    submitted = rita.post(f"/reviews/{FIRST}", body=form, headers=_FORM)
    # Then the queue lists the sheet, the split view offers its code to untick, and the submit merged it
    assert listing.status == 200 and FIRST in listing.text
    assert claimed.status == 303 and page.status == 200
    assert 'name="hazard_statements__keep" value="H225"' in page.text
    assert submitted.status == 303 and submitted.location.startswith("/reviews?done=")
    record = queue.aws.pipeline.repository.get_record(FIRST)
    assert record is not None and record.h_codes == [] and record.product_name is not None
    assert (record.product_name.value, record.product_name.reviewer) == ("Aceton", REVIEWER["sub"])


_FORM = {"content-type": "application/x-www-form-urlencoded"}


def test_a_token_stored_while_a_review_is_being_completed_is_the_one_resumed(queue: AwsSite) -> None:
    # Given a task read by a reviewer's submit just before the workflow stored its token on it
    caller = caller_from_claims(REVIEWER)
    tasks = queue.aws.pipeline.review_tasks
    assert tasks is not None
    read = open_task(caller, tasks, SECOND)
    waiting_workflow(queue, SECOND)
    resumed: list[str | None] = []
    # When the submit completes the task it read
    result = complete_review(
        read,
        ReviewAnswer(reviewer=caller.subject, submitted_at=queue.clock(), values={}),
        "queue-race",
        queue.aws.pipeline,
        actor=caller.subject,
        resume=lambda task, merged: resumed.append(task.task_token) is None,
    )
    # Then it completed the task as it is now, and resumed the workflow with the token stored meanwhile
    assert resumed == [TOKEN] and result.workflow_resumed is True
    assert queue.task(SECOND).state == ReviewTaskState.COMPLETED
