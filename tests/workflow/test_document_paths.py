"""Every path of the synthesised document state machine on moto's Step Functions interpreter, with the real
handlers (tests/workflow/harness.py) and the web app for the reviewer's side: review approved, corrected,
timed out and abandoned; Textract's callback; a failure caught into RecordFailure; a throttled function
retried. Each test checks what the path leaves in S3, DynamoDB, the search index and the analytics tables."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from lambdas import start_workflow, textract_callback
from models.document import DocumentStatus
from models.review import ReviewTaskState
from models.search import SearchQuery
from models.text import DocumentText, TextSource
from msds.adapters.aws.textract import TextractOcr
from msds.errors import ServiceThrottled
from msds.pipeline.services import TEXT_ARTIFACT
from tests.aws.cognito_fake import REVIEWER, SECOND_REVIEWER
from tests.aws.support import BUCKET, object_created_event, sns_event
from tests.aws.test_textract import SETTINGS, mixed_pdf, word
from tests.helpers.synthetic import backfill_sheets
from tests.workflow.deployment import DOCUMENT_MACHINE, Deployment
from tests.workflow.harness import wait_until


@pytest.fixture(scope="module")
def review_sheet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A sheet that prints hazard statements but no pictogram: a reviewer must look at it."""
    (path,) = backfill_sheets(tmp_path_factory.mktemp("review"), 1, 1, seed=5)
    return path.read_bytes()


@pytest.fixture(scope="module")
def accepted_sheet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    (path,) = backfill_sheets(tmp_path_factory.mktemp("accepted"), 1, 0, seed=5)
    return path.read_bytes()


def start(deployment: Deployment, data: bytes, name: str = "sheet.pdf") -> tuple[str, str]:
    """A supplier's upload and S3's Object Created event to start_workflow: (execution ARN, document id)."""
    key = deployment.upload(data, f"uploads/acme/0001/{name}", "acme")
    started = deployment.invoke(start_workflow, object_created_event(BUCKET, key))
    assert started["started"] is True, started
    return str(started["execution_arn"]), str(started["document_id"])


def waiting_for_review(deployment: Deployment, data: bytes) -> tuple[str, str]:
    """Started, and waiting in HumanReview with its token stored on the review task."""
    arn, document_id = start(deployment, data)
    tasks = deployment.aws.pipeline.review_tasks
    assert tasks is not None
    wait_until(lambda: (task := tasks.get(document_id)) is not None and task.task_token)
    assert deployment.execution(arn)["status"] == "RUNNING"
    assert deployment.states_entered(arn)[-1] == "HumanReview"
    return arn, document_id


def submit(deployment: Deployment, document_id: str, claims: dict[str, Any], body: dict[str, Any]) -> Any:
    claimed = deployment.web("POST", f"/api/reviews/{document_id}/claim", claims=claims)
    assert claimed.status == 200, claimed.text
    answer = deployment.web("POST", f"/api/reviews/{document_id}", claims=claims, json_body=body)
    assert answer.status == 200, answer.text
    return answer.json()


def analytics_status(deployment: Deployment, document_id: str) -> list[tuple[Any, ...]]:
    return deployment.analytics("SELECT status FROM sds_documents WHERE document_id = ?", document_id)


def test_a_sheet_approved_by_a_reviewer_resumes_its_execution_and_is_published_as_accepted(
    deployment: Deployment, review_sheet: bytes
) -> None:
    # Given a sheet waiting for review, already findable as needing review
    arn, document_id = waiting_for_review(deployment, review_sheet)
    assert deployment.search_statuses(document_id) == ["needs_review"]
    assert analytics_status(deployment, document_id) == [("needs_review",)]

    # When a reviewer claims it and submits it without corrections
    answer = submit(deployment, document_id, REVIEWER, {})

    # Then the execution resumed with the task's token and ended after PublishReviewed
    assert answer["workflow_resumed"] is True
    execution = deployment.wait_for_end(arn)
    assert execution["status"] == "SUCCEEDED"
    assert deployment.states_entered(arn)[-3:] == ["HumanReview", "PublishReviewed", "Done"]
    # ... the entry is accepted, the task completed, and the index and the tables say accepted
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.status == DocumentStatus.ACCEPTED
    task = deployment.aws.pipeline.review_tasks.get(document_id)  # type: ignore[union-attr]
    assert task is not None and task.state == ReviewTaskState.COMPLETED
    assert deployment.search_statuses(document_id) == ["accepted"]
    assert analytics_status(deployment, document_id) == [("accepted",)]


def test_a_corrected_sheet_is_published_with_the_reviewers_values(
    deployment: Deployment, review_sheet: bytes
) -> None:
    # Given a sheet waiting for review
    arn, document_id = waiting_for_review(deployment, review_sheet)

    # When the reviewer corrects its product name
    submit(deployment, document_id, REVIEWER, {"product_name": "Reviewed acetone blend"})

    # Then the execution ends, and the stored, indexed and loaded record carries the correction
    assert deployment.wait_for_end(arn)["status"] == "SUCCEEDED"
    record = deployment.aws.pipeline.repository.get_record(document_id)
    assert record is not None and record.product_name is not None
    assert record.product_name.value == "Reviewed acetone blend"
    hits = deployment.index.search(SearchQuery(text="Reviewed acetone blend")).hits
    assert [(hit.document_id, hit.status.value) for hit in hits] == [(document_id, "accepted")]
    rows = deployment.analytics("SELECT product_name FROM sds_documents WHERE document_id = ?", document_id)
    assert rows == [("Reviewed acetone blend",)]


def test_a_review_wait_that_times_out_leaves_the_sheet_queued_and_its_later_submit_publishes_it(
    deployment: Deployment, review_sheet: bytes
) -> None:
    # Given the synthesised definition with only the review wait shortened from days to two seconds
    definition = json.loads(deployment.definitions[DOCUMENT_MACHINE])
    assert definition["States"]["HumanReview"]["TimeoutSeconds"] > 86400
    definition["States"]["HumanReview"]["TimeoutSeconds"] = 2
    deployment.sfn.update_state_machine(
        stateMachineArn=deployment.document_machine, definition=json.dumps(definition)
    )

    # When a sheet needing review waits longer than that
    arn, document_id = start(deployment, review_sheet)
    execution = deployment.wait_for_end(arn)

    # Then the execution succeeded in LeftInReviewQueue, and the sheet stays queued, findable as such
    assert execution["status"] == "SUCCEEDED"
    assert deployment.states_entered(arn)[-2:] == ["HumanReview", "LeftInReviewQueue"]
    task = deployment.aws.pipeline.review_tasks.get(document_id)  # type: ignore[union-attr]
    assert task is not None and task.state == ReviewTaskState.OPEN
    assert deployment.search_statuses(document_id) == ["needs_review"]
    # ... and a later submit, which no workflow waits for, hands the publication to attempt 1, an execution
    # that starts at Publish (the web function answers at once: Publish may wait longer than its budget)
    answer = submit(deployment, document_id, REVIEWER, {})
    assert (answer["workflow_resumed"], answer["publish_attempt"]) == (False, 1)
    republished = deployment.sfn.describe_execution(
        executionArn=arn.replace(f":sds-{document_id}", f":sds-{document_id}-a1")
    )
    assert deployment.wait_for_end(republished["executionArn"])["status"] == "SUCCEEDED"
    assert deployment.states_entered(republished["executionArn"]) == [
        "StartFrom",
        "Publish",
        "PublishedBackfillNotice",
        "PublishedFromBackfill",
        "NeedsReview",
        "Done",
    ]
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and (entry.status, entry.attempt) == (DocumentStatus.ACCEPTED, 1)
    assert deployment.search_statuses(document_id) == ["accepted"]
    assert analytics_status(deployment, document_id) == [("accepted",)]


def test_a_review_abandoned_by_one_reviewer_is_finished_by_another_and_resumes_the_execution(
    deployment: Deployment, review_sheet: bytes
) -> None:
    # Given a sheet waiting for review, claimed by a reviewer who then walks away
    arn, document_id = waiting_for_review(deployment, review_sheet)
    assert deployment.web("POST", f"/api/reviews/{document_id}/claim", claims=REVIEWER).status == 200
    assert deployment.web("POST", f"/api/reviews/{document_id}/claim", claims=SECOND_REVIEWER).status == 409

    # When the claim expires and a second reviewer claims and submits it
    claim_minutes = deployment.aws.pipeline.settings.review_claim_minutes
    deployment.clock.advance(timedelta(minutes=claim_minutes + 1))
    answer = submit(deployment, document_id, SECOND_REVIEWER, {})

    # Then the waiting execution resumes and ends with the sheet published as accepted
    assert answer["workflow_resumed"] is True
    assert deployment.wait_for_end(arn)["status"] == "SUCCEEDED"
    assert deployment.search_statuses(document_id) == ["accepted"]
    task = deployment.aws.pipeline.review_tasks.get(document_id)  # type: ignore[union-attr]
    assert task is not None and task.state == ReviewTaskState.COMPLETED


def test_a_page_without_text_waits_for_textracts_notification_and_the_callback_resumes_the_execution(
    deployment: Deployment, stubbed: Any
) -> None:
    # Given Textract answered by its Stubber, and a PDF whose second page is an image without text
    textract = stubbed("textract")
    deployment.aws.textract = TextractOcr(textract.client, SETTINGS)
    textract.stubber.add_response("start_document_analysis", {"JobId": "job-7"})
    data = mixed_pdf()

    # When its upload starts the execution, and ReadText sent the page to Textract
    arn, document_id = start(deployment, data, "mixed.pdf")
    wait_until(lambda: deployment.lambdas.calls("lambdas.read_text"))
    assert deployment.execution(arn)["status"] == "RUNNING"
    assert deployment.states_entered(arn)[-1] == "ReadText"
    # ... and Textract's SNS notification reaches the callback function
    textract.stubber.add_response(
        "get_document_analysis",
        {"JobStatus": "SUCCEEDED", "Blocks": [word("Scanned", 1, 0.1, 0.1), word("page", 1, 0.205, 0.1)]},
        {"JobId": "job-7", "MaxResults": 1000},
    )
    notification = {
        "JobId": "job-7",
        "Status": "SUCCEEDED",
        "API": "StartDocumentAnalysis",
        "JobTag": document_id,
        "Timestamp": 1748779200000,
        "DocumentLocation": {"S3ObjectName": f"artifacts/{document_id}/ocr-input.pdf", "S3Bucket": BUCKET},
    }
    deployment.invoke(textract_callback, sns_event(notification))

    # Then the execution went on past ReadText through every later step to Publish
    wait_until(lambda: "Publish" in deployment.states_entered(arn))
    entered = deployment.states_entered(arn)
    assert entered.index("DetectLanguage") > entered.index("ReadText")
    # ... with Textract's words as page 2 of the stored text, and the sheet published
    raw = deployment.aws.pipeline.store.get_artifact(document_id, TEXT_ARTIFACT)
    assert raw is not None
    text = DocumentText.model_validate_json(raw)
    assert [page.source for page in text.pages] == [
        TextSource.TEXT_LAYER,
        TextSource.OCR,
        TextSource.TEXT_LAYER,
    ]
    assert text.pages[1].text == "Scanned page"
    wait_until(lambda: deployment.search_statuses(document_id))


def test_a_failure_that_is_not_retried_is_recorded_and_fails_the_execution(
    deployment: Deployment, accepted_sheet: bytes
) -> None:
    # Given the Segment function crashes on its next invocation
    deployment.lambdas.failures["lambdas.segment"] = [RuntimeError("the function crashed")]

    # When a sheet's execution runs
    arn, document_id = start(deployment, accepted_sheet)
    execution = deployment.wait_for_end(arn)

    # Then it was caught into RecordFailure, once, and the execution failed with the function's error
    assert execution["status"] == "FAILED" and execution["error"] == "RuntimeError"
    entered = deployment.states_entered(arn)
    assert entered[entered.index("Segment") :] == [
        "Segment",
        "SegmentCaught",
        "RecordFailure",
        "FailureBackfillNotice",
        "FailureFromBackfill",
        "Failed",
    ]
    assert len(deployment.lambdas.calls("lambdas.segment")) == 1
    # ... the entry says failed, with the step and the error, the original is kept, nothing is published
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.status == DocumentStatus.FAILED
    assert entry.error_message is not None and entry.error_message.startswith("Segment: ")
    assert deployment.aws.documents.get_original(document_id) == accepted_sheet
    assert deployment.search_statuses(document_id) == []
    assert analytics_status(deployment, document_id) == []


def test_a_throttled_function_is_retried_and_the_sheet_goes_through(
    deployment: Deployment, accepted_sheet: bytes
) -> None:
    # Given the Extract function is throttled by a service on its next invocation (ServiceThrottled)
    deployment.lambdas.failures["lambdas.extract"] = [ServiceThrottled("DynamoDB asked to slow down")]

    # When a sheet's execution runs
    arn, document_id = start(deployment, accepted_sheet)
    execution = deployment.wait_for_end(arn)

    # Then the state retried it (after its backoff) and the execution succeeded
    assert execution["status"] == "SUCCEEDED"
    calls = deployment.lambdas.calls("lambdas.extract")
    assert [call.error for call in calls] == ["ServiceThrottled", None]
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.status == DocumentStatus.ACCEPTED
    assert deployment.search_statuses(document_id) == ["accepted"]
    assert analytics_status(deployment, document_id) == [("accepted",)]
