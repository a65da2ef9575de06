"""The AWS review path end to end, handler by handler as the state machine runs them, on moto: a generated
sheet goes through Receive ... Route (which opens its review task in DynamoDB) and Publish; the HumanReview
state stores its task token on that task; a reviewer's submit through the web app (API Gateway -> Mangum)
resumes the execution with SendTaskSuccess and that token, and PublishReviewed publishes the reviewed
record. When the wait timed out before the review (SendTaskSuccess answers TaskTimedOut), the app publishes
the reviewed record itself."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import ANY

from models.document import DocumentStatus
from models.review import ReviewChannel, ReviewTaskState
from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.pipeline.steps import STEP_NAMES
from msds.synth import generate
from tests.aws.cognito_fake import REVIEWER
from tests.aws.support import BUCKET, lambda_context
from tests.aws.web_host import AwsSite

CONTEXT = lambda_context()
READ_TEXT_TOKEN = "token-of-the-read-text-task"
REVIEW_TOKEN = "token-of-the-human-review-task"


def handler(step: str) -> Any:
    """The handler of a state: ``ReadText`` -> lambdas.read_text."""
    return importlib.import_module(f"lambdas.{re.sub(r'(?<!^)(?=[A-Z])', '_', step).lower()}").handler


@pytest.fixture
def routed(aws_site: AwsSite, tmp_path: Path) -> tuple[AwsSite, str, TantivySearchIndex]:
    """A supplier's generated sheet processed by the step handlers up to Publish, routed to review (every
    field below the acceptance confidence needs a look), with a search index the functions publish to."""
    aws = aws_site.aws
    aws.pipeline.settings = aws.pipeline.settings.model_copy(update={"accept_confidence": 0.999})
    index = TantivySearchIndex(tmp_path / "search")
    aws.pipeline.search_index = index
    path = generate(tmp_path / "sheets", 1, 5, languages=("en",), scanned_fraction=0.0)[0]
    key = f"uploads/acme/0123abcd/{path.name}"
    aws_site.s3.put_object(
        Bucket=BUCKET,
        Key=key,
        Body=path.read_bytes(),
        Metadata={"supplier-id": "acme", "file-name": path.name},
    )
    # ReadText runs with a task token: with local OCR it resumes its own task at once
    aws_site.sfn.stubber.add_response("send_task_success", {}, {"taskToken": READ_TEXT_TOKEN, "output": ANY})
    outputs = [handler("Receive")({"bucket": BUCKET, "key": key}, CONTEXT)]
    for step in STEP_NAMES[1:]:
        task_input = dict(outputs[-1])
        if step == "ReadText":
            task_input["task_token"] = READ_TEXT_TOKEN
        outputs.append(handler(step)(task_input, CONTEXT))
    assert outputs[-1]["needs_review"] is True and outputs[-1]["status"] == "needs_review", outputs[-1]
    return aws_site, outputs[0]["document_id"], index


def wait_for_review(site: AwsSite, document_id: str) -> dict[str, Any]:
    """The state machine's NeedsReview choice sends the sheet to HumanReview (.waitForTaskToken)."""
    result: dict[str, Any] = handler("StartReview")(
        {"document_id": document_id, "file_name": "sheet.pdf", "task_token": REVIEW_TOKEN}, CONTEXT
    )
    return result


def statuses(index: TantivySearchIndex, document_id: str) -> list[str]:
    hits = index.search(SearchQuery()).hits
    return [hit.status.value for hit in hits if hit.document_id == document_id]


def test_the_human_review_state_stores_its_token_on_the_task_route_opened(
    routed: tuple[AwsSite, str, TantivySearchIndex],
) -> None:
    # Given a sheet Route sent to review: its task is open in the queue, and Publish made it findable
    site, document_id, index = routed
    opened = site.task(document_id)
    assert (opened.state, opened.task_token, opened.supplier_ids) == (ReviewTaskState.OPEN, None, ["acme"])
    assert statuses(index, document_id) == ["needs_review"]
    # When the workflow's HumanReview task runs
    result = wait_for_review(site, document_id)
    # Then it returns without resuming (the execution waits), and the task holds its token, still in the queue
    waiting = site.task(document_id)
    assert result["needs_review"] is True
    assert (waiting.task_token, waiting.channel, waiting.state) == (REVIEW_TOKEN, ReviewChannel.QUEUE, "open")
    listed = site.call("GET", "/api/reviews", claims=REVIEWER).json()["items"]
    assert [item["document_id"] for item in listed] == [document_id]


def test_a_reviewers_submit_through_the_app_resumes_the_execution_with_that_token(
    routed: tuple[AwsSite, str, TantivySearchIndex],
) -> None:
    # Given the execution waiting on the sheet's review task, and Step Functions expecting its token
    site, document_id, index = routed
    wait_for_review(site, document_id)
    sent: list[dict[str, Any]] = []
    site.sfn.client.meta.events.register(
        "provide-client-params.states.SendTaskSuccess", lambda params, **_: sent.append(params)
    )
    site.sfn.stubber.add_response("send_task_success", {}, {"taskToken": REVIEW_TOKEN, "output": ANY})
    # When a reviewer signs in, claims the sheet and submits it with a corrected product name
    rita = site.browser().sign_in(REVIEWER)
    assert rita.post(f"/api/reviews/{document_id}/claim").status == 200
    answer = rita.post(f"/api/reviews/{document_id}", json_body={"product_name": "Reviewed product"})
    # Then the execution was resumed with the task's token and the reviewed sheet's result
    assert answer.status == 200 and answer.json()["workflow_resumed"] is True
    (call,) = sent
    output = json.loads(call["output"])
    assert call["taskToken"] == REVIEW_TOKEN
    assert (output["document_id"], output["status"], output["needs_review"]) == (
        document_id,
        "accepted",
        False,
    )
    # ... the app left publishing to the workflow, whose next state (PublishReviewed) publishes the record
    assert statuses(index, document_id) == ["needs_review"]
    handler("Publish")({**output, "republish": True}, CONTEXT)
    hits = index.search(SearchQuery(text="Reviewed product")).hits
    assert [(hit.document_id, hit.status.value) for hit in hits] == [(document_id, "accepted")]
    assert site.task(document_id).state == ReviewTaskState.COMPLETED


def test_a_review_submitted_after_the_wait_timed_out_is_published_by_the_app(
    routed: tuple[AwsSite, str, TantivySearchIndex],
) -> None:
    # Given a task whose HumanReview wait timed out (the execution ended in LeftInReviewQueue): its token is
    # stale, and Step Functions answers TaskTimedOut to it
    site, document_id, index = routed
    wait_for_review(site, document_id)
    site.sfn.stubber.add_client_error(
        "send_task_success",
        service_error_code="TaskTimedOut",
        service_message="Task Timed Out: 'Provided task does not exist anymore'",
        http_status_code=400,
        expected_params={"taskToken": REVIEW_TOKEN, "output": ANY},
    )
    # When a reviewer submits the review days later
    answer = site.call(
        "POST", f"/api/reviews/{document_id}", claims=REVIEWER, json_body={"product_name": "Reviewed late"}
    )
    # Then nothing was resumed, and the app published the reviewed record itself: search finds it accepted
    assert answer.status == 200 and answer.json()["workflow_resumed"] is False
    hits = index.search(SearchQuery(text="Reviewed late")).hits
    assert [(hit.document_id, hit.status.value) for hit in hits] == [(document_id, "accepted")]
    entry = site.aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.status == DocumentStatus.ACCEPTED
