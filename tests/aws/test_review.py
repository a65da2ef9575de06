"""Human review through the opt-in A2I channel: loop names unique per attempt, the loop's input with the pages
to check (rendered as artifacts), codes removed with the worker form's check boxes, a completed loop's answer
merged like a queue submit (the task completed, the workflow resumed), and a loop that ended without an
answer giving the task back to the product's queue, where the workflow still waits on it."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.stub import ANY

from lambdas import review_callback, start_review
from models.common import Box, Provenance
from models.document import DocumentStatus
from models.record import Evidence, Extracted, ReviewReason, SdsRecord, Statement
from models.review import ReviewAnswer, ReviewChannel, ReviewTaskState
from msds.adapters.aws.a2i_review import (
    A2IReview,
    answer_from_output,
    document_id_of_loop,
    human_loop_name,
    pages_to_check,
    review_input,
    without_removed_codes,
)
from msds.adapters.aws.s3_store import S3Objects
from msds.adapters.aws.stepfunctions import WorkflowStarter
from msds.domain.catalog import StatementCatalog
from msds.services.review_merge import apply_review
from msds.synth.bad_inputs import pdf_with_pages
from tests.aws.cognito_fake import REVIEWER
from tests.aws.support import BUCKET, Stubbed, client, human_loop_event, lambda_context
from tests.aws.web_host import AwsSite

STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:msds-dev-document"

FLOW = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/msds-review"
DOCUMENT_ID = hashlib.sha256(b"sheet under review").hexdigest()
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LOOP_NAME = re.compile(r"^[a-z0-9](-*[a-z0-9])*$")
CONTEXT = lambda_context()
TOKEN = "token-of-the-human-review-state"


def record_to_review(**changes: Any) -> SdsRecord:
    record = SdsRecord(
        document_id=DOCUMENT_ID,
        file_name="sheet.pdf",
        language="de",
        product_name=Extracted[str](
            value="Acetn rein",
            confidence=0.55,
            evidence=[Evidence(page=2, box=Box(x0=72, y0=80, x1=200, y1=94), snippet="Acetn rein")],
        ),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.92),
        signal_word=Extracted[str](value="Danger", confidence=0.95),
        hazard_statements=[
            Statement(
                code="H225",
                text_en="Highly flammable liquid and vapour.",
                confidence=0.9,
                evidence=[Evidence(page=3, snippet="H225")],
            ),
            Statement(code="H319", text_en="Causes serious eye irritation.", confidence=0.7),
        ],
        needs_review=True,
        review_reasons=[ReviewReason(code="low_confidence", message="product name", field="product_name")],
    )
    return record.model_copy(update=changes)


def output_json(
    loop_name: str, answer: dict[str, Any], shown: dict[str, Any] | None = None
) -> dict[str, Any]:
    """output.json of a completed loop, as A2I writes it for a custom task type."""
    return {
        "flowDefinitionArn": FLOW,
        "humanAnswers": [
            {
                "acceptanceTime": "2025-06-01T12:10:00.000Z",
                "answerContent": answer,
                "submissionTime": "2025-06-01T12:14:00.000Z",
                "timeSpentInSeconds": 240.5,
                "workerId": "a1b2c3d4e5f6g7h8",
                "workerMetadata": {
                    "identityData": {
                        "identityProviderType": "Cognito",
                        "issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xyz",
                        "sub": "reviewer-7",
                    }
                },
            }
        ],
        "humanLoopName": loop_name,
        "inputContent": shown or {"document_id": DOCUMENT_ID, "hazard_statements": ["H225", "H319"]},
    }


# -- the adapter ------------------------------------------------------------------------------------------


def test_loop_names_are_unique_per_attempt_valid_and_name_their_document() -> None:
    # Given a document id
    # When loop names are made for several attempts, and twice for the same attempt
    names = [human_loop_name(DOCUMENT_ID, attempt) for attempt in (1, 2, 3, 3, 999)]
    # Then all differ, all fit A2I's rules, and each names the document
    assert len(set(names)) == len(names)
    assert all(len(name) <= 63 and LOOP_NAME.match(name) for name in names)
    assert {document_id_of_loop(name) for name in names} == {DOCUMENT_ID}


def test_a_name_not_made_for_a_document_names_none() -> None:
    # Given a loop somebody started by hand
    # When its document is asked for
    # Then ValueError says it names none
    with pytest.raises(ValueError, match="does not name a document"):
        document_id_of_loop("my-manual-loop")


def test_the_pages_to_check_are_where_the_flagged_fields_and_the_hazards_were_read() -> None:
    # Given a record whose flagged product name was read on page 2 and whose H225 on page 3, in 12 pages,
    # and a record that says nothing of where its values were read
    record = record_to_review()
    nowhere = record_to_review(product_name=Extracted[str](value="X", confidence=0.5), hazard_statements=[])
    # When the pages to show a reviewer are chosen
    # Then they are those pages, in order; or the first two, where Section 2 is
    assert pages_to_check(record, 12) == [2, 3]
    assert pages_to_check(nowhere, 12) == [1, 2] and pages_to_check(nowhere, 1) == [1]
    assert pages_to_check(record, 2) == [2]


def test_the_loop_input_carries_the_record_and_the_pages_for_the_worker_template() -> None:
    # Given a record and the artifacts of its pages to check
    pages = [f"s3://{BUCKET}/artifacts/{DOCUMENT_ID}/page-2-150dpi.png"]
    # When the loop's input is made
    content = review_input(record_to_review(), pages)
    # Then it shows the reasons, each field with its confidence and evidence, the codes and the pages
    assert content["review_reasons"][0]["code"] == "low_confidence"
    assert content["fields"]["product_name"] == {
        "value": "Acetn rein",
        "confidence": 0.55,
        "page": 2,
        "snippet": "Acetn rein",
    }
    assert content["hazard_statements"] == ["H225", "H319"] and content["page_images"] == pages


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"hazard_statements": "H225, H319", "remove_hazard_statements": {"H225": False, "H319": True}},
            {"hazard_statements": ["H225"]},
        ),
        ({"remove_pictograms": {"GHS07": True}}, {"pictograms": ["GHS02"]}),
        (
            {"hazard_statements": "H225 H319 H336", "remove_hazard_statements": {"H225": False}},
            {"hazard_statements": "H225 H319 H336"},
        ),
        ({"product_name": "Aceton"}, {"product_name": "Aceton"}),
    ],
    ids=["ticked-in-the-edited-list", "ticked-in-the-list-shown", "nothing-ticked", "no-boxes"],
)
def test_a_ticked_remove_box_takes_its_code_out_of_the_answer(
    values: dict[str, Any], expected: dict[str, Any]
) -> None:
    # Given a worker's answer with remove boxes (and the lists the loop showed)
    shown = {"hazard_statements": ["H225", "H319"], "pictograms": ["GHS02", "GHS07"]}
    # When the answer is read
    # Then each ticked code is out of its list, and the boxes themselves are not values
    assert without_removed_codes(values, shown) == expected


def test_an_answer_with_a_removed_code_merges_without_it_with_provenance() -> None:
    # Given a completed loop whose reviewer fixed the product name and ticked "remove" for H319
    output = output_json(
        "loop-1",
        {
            "product_name": "Aceton rein",
            "hazard_statements": "H225, H319",
            "remove_hazard_statements": {"H225": False, "H319": True},
        },
    )
    # When the answer is read and merged
    answer = answer_from_output(output)
    merged, corrections = apply_review(record_to_review(), answer, StatementCatalog(), "loop-1")
    # Then the reviewer is the Cognito subject, H319 is gone, and both changes are corrections
    assert answer.reviewer == "reviewer-7" and answer.submitted_at == datetime(2025, 6, 1, 12, 14, tzinfo=UTC)
    assert merged.h_codes == ["H225"] and merged.product_name is not None
    assert merged.product_name.provenance == Provenance.REVIEWED
    assert {c.field: c.reviewer_value for c in corrections} == {
        "product_name": "Aceton rein",
        "hazard_statements": ["H225"],
    }


# -- the review path through A2I --------------------------------------------------------------------------


@dataclass
class A2iSite:
    site: AwsSite
    a2i: Stubbed
    started: list[dict[str, Any]]


@pytest.fixture
def a2i_site(aws_site: AwsSite, stubbed: Any) -> Iterator[A2iSite]:
    """The AWS host with the A2I channel, and a 3-page sheet in review (its task opened by Route)."""
    aws = aws_site.aws
    a2i = stubbed("sagemaker-a2i-runtime")
    aws.review = A2IReview(a2i.client, S3Objects(client("s3")), FLOW)
    aws.review_channel = "a2i"
    started: list[dict[str, Any]] = []
    a2i.client.meta.events.register(
        "provide-client-params.sagemaker-a2i-runtime.StartHumanLoop",
        lambda params, **_: started.append(params),
    )
    aws_site.store_document(
        DOCUMENT_ID, status=DocumentStatus.NEEDS_REVIEW, record=record_to_review(), pages=3
    )
    aws.pipeline.store.put_original(DOCUMENT_ID, pdf_with_pages(3, text="sheet under review"))
    yield A2iSite(aws_site, a2i, started)


def start(site: A2iSite, token: str = TOKEN) -> str:
    """The HumanReview task of the workflow, which starts a loop; the loop's name."""
    site.a2i.stubber.add_response("start_human_loop", {"HumanLoopArn": "arn:aws:sagemaker:x:1:human-loop/y"})
    start_review.handler({"document_id": DOCUMENT_ID, "file_name": "sheet.pdf", "task_token": token}, CONTEXT)
    return str(site.site.task(DOCUMENT_ID).human_loop_name)


def test_the_human_review_state_starts_a_loop_showing_the_rendered_pages_to_check(a2i_site: A2iSite) -> None:
    # Given a sheet in review whose product name was read on page 2 and H225 on page 3
    # When the workflow's HumanReview task runs with the A2I channel
    loop = start(a2i_site)
    # Then the loop's input names the pages 2 and 3, rendered as artifacts a grant_read_access link opens
    (params,) = a2i_site.started
    assert params["HumanLoopName"] == loop and params["FlowDefinitionArn"] == FLOW
    content = json.loads(params["HumanLoopInput"]["InputContent"])
    assert content["page_images"] == [
        f"s3://{BUCKET}/artifacts/{DOCUMENT_ID}/page-2-150dpi.png",
        f"s3://{BUCKET}/artifacts/{DOCUMENT_ID}/page-3-150dpi.png",
    ]
    png = (
        client("s3")
        .get_object(Bucket=BUCKET, Key=f"artifacts/{DOCUMENT_ID}/page-2-150dpi.png")["Body"]
        .read()
    )
    assert png.startswith(b"\x89PNG")
    # ... and the task records the loop and the workflow's token: it is worked in A2I, not in the queue
    task = a2i_site.site.task(DOCUMENT_ID)
    assert (task.channel, task.task_token, task.state) == (ReviewChannel.A2I, TOKEN, ReviewTaskState.OPEN)


def test_a_task_in_a2i_is_shown_as_such_in_the_queue_and_cannot_be_claimed_or_submitted_there(
    a2i_site: A2iSite,
) -> None:
    # Given a sheet whose review went to A2I
    start(a2i_site)
    site = a2i_site.site
    # When a reviewer lists the queue, then tries to claim and to submit it
    listed = site.call("GET", "/api/reviews", claims=REVIEWER).json()["items"]
    claimed = site.call("POST", f"/api/reviews/{DOCUMENT_ID}/claim", claims=REVIEWER)
    submitted = site.call("POST", f"/api/reviews/{DOCUMENT_ID}", claims=REVIEWER, json_body={})
    page = site.browser().sign_in(REVIEWER).get("/reviews")
    # Then the task is listed with its channel, and both are refused by name
    assert [(item["document_id"], item["channel"]) for item in listed] == [(DOCUMENT_ID, "a2i")]
    assert (claimed.status, claimed.json()["error"]) == (409, "review_in_a2i")
    assert (submitted.status, submitted.json()["error"]) == (409, "review_in_a2i")
    assert "Amazon A2I" in page.text
    assert site.task(DOCUMENT_ID).state == ReviewTaskState.OPEN


def test_a_completed_loop_is_merged_like_a_queue_submit_and_resumes_the_workflow(a2i_site: A2iSite) -> None:
    # Given a loop in progress, the reviewer's output.json in S3 (H319 ticked for removal)
    loop = start(a2i_site)
    key = f"a2i-output/msds-review/2025/06/01/12/00/00/{loop}/output.json"
    answer = {
        "product_name": "Aceton rein",
        "hazard_statements": "H225, H319",
        "remove_hazard_statements": {"H225": False, "H319": True},
    }
    client("s3").put_object(Bucket=BUCKET, Key=key, Body=json.dumps(output_json(loop, answer)))
    a2i_site.site.sfn.stubber.add_response("send_task_success", {}, {"taskToken": TOKEN, "output": ANY})
    # When A2I's Completed event arrives
    outcome = review_callback.handler(human_loop_event(loop, "Completed", f"s3://{BUCKET}/{key}"), CONTEXT)
    # Then the record has the reviewer's values with provenance, H319 removed, the sheet accepted
    assert (outcome["outcome"], outcome["corrections"], outcome["task_resumed"]) == ("corrected", 2, True)
    pipeline = a2i_site.site.aws.pipeline
    record, entry = pipeline.repository.get_record(DOCUMENT_ID), pipeline.repository.get(DOCUMENT_ID)
    assert record is not None and entry is not None and entry.status == DocumentStatus.ACCEPTED
    assert record.h_codes == ["H225"] and record.product_name is not None
    assert (record.product_name.machine_value, record.product_name.reviewer) == ("Acetn rein", "reviewer-7")
    # ... the queue's task is completed by the A2I reviewer, and the corrections are kept as training data
    task = a2i_site.site.task(DOCUMENT_ID)
    assert (task.state, task.completed_by) == (ReviewTaskState.COMPLETED, "reviewer-7")
    kept = json.loads(pipeline.store.get_artifact(DOCUMENT_ID, f"review-{loop}.json") or b"[]")
    assert {c["field"] for c in kept} == {"product_name", "hazard_statements"}


def test_a_completed_loop_whose_wait_timed_out_is_published_by_an_attempt_from_publish(
    a2i_site: A2iSite,
) -> None:
    # Given a loop whose answer arrives after the workflow stopped waiting (Step Functions answers
    # TaskTimedOut to its token), on a deployment with a document state machine
    loop = start(a2i_site)
    key = f"a2i-output/msds-review/2025/06/01/12/00/00/{loop}/output.json"
    answer = {"product_name": "Aceton rein", "hazard_statements": "H225", "remove_hazard_statements": {}}
    client("s3").put_object(Bucket=BUCKET, Key=key, Body=json.dumps(output_json(loop, answer)))
    site = a2i_site.site
    site.aws.starter = WorkflowStarter(site.sfn.client, STATE_MACHINE)
    site.sfn.stubber.add_client_error(
        "send_task_success", service_error_code="TaskTimedOut", http_status_code=400
    )
    site.sfn.stubber.add_response(
        "start_execution",
        {
            "executionArn": f"{STATE_MACHINE}:sds-{DOCUMENT_ID}-a1",
            "startDate": datetime(2025, 6, 1, tzinfo=UTC),
        },
        {"stateMachineArn": STATE_MACHINE, "name": f"sds-{DOCUMENT_ID}-a1", "input": ANY},
    )
    # When A2I's Completed event arrives
    outcome = review_callback.handler(human_loop_event(loop, "Completed", f"s3://{BUCKET}/{key}"), CONTEXT)
    # Then the answer is merged and the callback, whose own time is short of Publish's waits, left publishing
    # to the document's next attempt, which starts at Publish
    assert (outcome["outcome"], outcome["task_resumed"]) == ("corrected", False)
    site.sfn.stubber.assert_no_pending_responses()
    entry = site.aws.pipeline.repository.get(DOCUMENT_ID)
    assert entry is not None and entry.attempt == 1
    record = site.aws.pipeline.repository.get_record(DOCUMENT_ID)
    assert record is not None and record.product_name is not None
    assert record.product_name.value == "Aceton rein"


@pytest.mark.parametrize(
    ("status", "failure_code", "outcome"),
    [("Failed", "Expired", "expired"), ("Failed", "InternalError", "failed"), ("Stopped", None, "stopped")],
)
def test_a_loop_that_ends_without_an_answer_gives_the_task_back_to_the_queue_still_waited_for(
    a2i_site: A2iSite, status: str, failure_code: str | None, outcome: str
) -> None:
    # Given a review in progress in A2I
    loop = start(a2i_site)
    site = a2i_site.site
    # When the loop ends without an answer, and a queue reviewer then claims and submits the review
    answer = review_callback.handler(human_loop_event(loop, status, failure_code=failure_code), CONTEXT)
    task = site.task(DOCUMENT_ID)
    claimed = site.call("POST", f"/api/reviews/{DOCUMENT_ID}/claim", claims=REVIEWER)
    site.sfn.stubber.add_response("send_task_success", {}, {"taskToken": TOKEN, "output": ANY})
    submitted = site.call("POST", f"/api/reviews/{DOCUMENT_ID}", claims=REVIEWER, json_body={})
    # Then the task came back to the queue with the workflow's token (no task was failed), so the queue's
    # submit resumed the workflow: nothing was lost
    assert (answer["outcome"], answer["task_resumed"]) == (outcome, False)
    assert (task.channel, task.human_loop_name, task.task_token) == (ReviewChannel.QUEUE, None, TOKEN)
    assert claimed.status == 200 and submitted.json()["workflow_resumed"] is True
    trail = [event.kind.value for event in site.aws.pipeline.review_tasks.events(DOCUMENT_ID)]  # type: ignore[union-attr]
    assert trail == ["opened", "released", "claimed", "submitted"]


def test_a_retried_review_gets_a_new_loop_and_the_old_loops_event_is_ignored(a2i_site: A2iSite) -> None:
    # Given a first loop, then a second one (the HumanReview task retried after a transient error)
    first = start(a2i_site, "token-1")
    second = start(a2i_site, "token-2")
    # When the first loop's late event arrives
    answer = review_callback.handler(human_loop_event(first, "Failed", failure_code="Expired"), CONTEXT)
    # Then the loops differ, the late event is ignored, and the task stays with the second loop in A2I
    assert first != second and answer["outcome"] == "ignored"
    task = a2i_site.site.task(DOCUMENT_ID)
    assert (task.human_loop_name, task.channel, task.task_token) == (second, ReviewChannel.A2I, "token-2")


def test_a_sheet_that_no_longer_needs_review_resumes_at_once_and_starts_no_loop(a2i_site: A2iSite) -> None:
    # Given a record that was reviewed meanwhile (no longer needs review)
    aws = a2i_site.site.aws
    aws.pipeline.repository.save_record(record_to_review(needs_review=False))
    a2i_site.site.sfn.stubber.add_response("send_task_success", {}, {"taskToken": "token-x", "output": ANY})
    # When the HumanReview task starts
    result = start_review.handler(
        {"document_id": DOCUMENT_ID, "file_name": "sheet.pdf", "task_token": "token-x"}, CONTEXT
    )
    # Then no loop is started, no token is stored, and the execution goes on
    assert result["needs_review"] is False and a2i_site.started == []
    assert a2i_site.site.task(DOCUMENT_ID).task_token is None


def test_a_review_answer_keeps_the_reviewer_and_time_of_the_last_submission() -> None:
    # Given output.json with an answer
    output = output_json("loop", {"product_name": "X"})
    # When the answer is read
    answer = answer_from_output(output)
    # Then it is the last submission's, with its values
    assert answer == ReviewAnswer(
        reviewer="reviewer-7",
        submitted_at=datetime(2025, 6, 1, 12, 14, tzinfo=UTC),
        values={"product_name": "X"},
    )
