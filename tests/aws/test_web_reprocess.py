"""Reprocess attempts on the AWS host, through the web function as API Gateway calls it, over moto (the
documents and review-task tables, the bucket, and a document state machine whose executions moto records):
the administrators' route starts one execution per attempt, ``sds-<document id>-a<attempt>``; other roles,
unknown documents and documents still processing are refused by name; and a review submitted after its
workflow stopped waiting is published by an attempt from Publish instead of inside the request."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from moto.dynamodb.models import DynamoDBBackend

from models.document import DocumentStatus
from models.search import SearchQuery
from msds.adapters.aws.stepfunctions import WorkflowStarter
from msds.adapters.local.tantivy_index import TantivySearchIndex
from tests.aws.api_host import document_id
from tests.aws.cognito_fake import ADMIN, COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA
from tests.aws.support import ROLE_ARN, client
from tests.aws.web_host import AwsSite

FAILED = document_id("sheet that failed in Extract")
BUSY = document_id("sheet being processed")
IN_REVIEW = document_id("sheet whose review wait timed out")
ROUTE = "/api/admin/documents/{id}/reprocess"
DEFINITION = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3600, "End": True}}}


@pytest.fixture
def site(aws_site: AwsSite) -> AwsSite:
    """The web function with a document state machine on moto (the executions it records are not run), a
    failed sheet sent by ACME, a sheet being processed and a sheet in review."""
    sfn = client("stepfunctions")
    arn = sfn.create_state_machine(
        name="msds-test-document", definition=json.dumps(DEFINITION), roleArn=ROLE_ARN
    )["stateMachineArn"]
    aws_site.aws.starter = WorkflowStarter(sfn, arn)
    aws_site.store_document(FAILED, status=DocumentStatus.ACCEPTED, supplier_ids=["ACME"])
    repository = aws_site.aws.pipeline.repository
    entry = repository.get(FAILED)
    assert entry is not None
    repository.update(
        entry.model_copy(
            update={"status": DocumentStatus.FAILED, "error_code": "publish_failed", "error_message": "x"}
        )
    )
    aws_site.store_document(BUSY, status=DocumentStatus.PROCESSING, with_record=False)
    aws_site.store_document(IN_REVIEW, status=DocumentStatus.NEEDS_REVIEW)
    return aws_site


def serialise_transactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make moto's TransactWriteItems atomic across threads, as DynamoDB's is."""
    lock = threading.Lock()
    original = DynamoDBBackend.transact_write_items

    def atomic(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", atomic)


def executions(site: AwsSite) -> list[dict[str, Any]]:
    sfn = client("stepfunctions")
    assert site.aws.starter is not None
    listed = sfn.list_executions(stateMachineArn=site.aws.starter.state_machine_arn)["executions"]
    return [sfn.describe_execution(executionArn=item["executionArn"]) for item in listed]


def test_an_admin_starts_an_execution_named_after_the_attempt_that_begins_at_the_unfinished_step(
    site: AwsSite,
) -> None:
    # Given a failed sheet whose steps are all checkpointed (its publication failed)
    # When an administrator reprocesses it
    answer = site.call("POST", ROUTE.format(id=FAILED), claims=ADMIN)

    # Then attempt 1 was started as the execution sds-<id>-a1, sent straight to Publish
    assert answer.status == 202, answer.text
    body = answer.json()
    assert (body["attempt"], body["start_from"], body["started"]) == (1, "Publish", True)
    assert body["execution_name"] == f"sds-{FAILED}-a1"
    (execution,) = executions(site)
    assert execution["name"] == f"sds-{FAILED}-a1"
    assert json.loads(execution["input"]) == {
        "document_id": FAILED,
        "file_name": f"{FAILED[:8]}.pdf",
        "start_from": "Publish",
        "attempt": 1,
    }
    # ... and the attempt is recorded on the document's state row, which says processing
    entry = site.aws.pipeline.repository.get(FAILED)
    assert entry is not None and (entry.attempt, entry.status) == (1, DocumentStatus.PROCESSING)


def test_two_concurrent_requests_for_the_same_attempt_start_one_execution(
    site: AwsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given two administrators' requests for attempt 1 of the failed sheet, sent at the same moment (DynamoDB
    # runs each TransactWriteItems atomically; moto's in-memory tables do not, so on a busy machine two
    # threads could both pass the same version condition: the fake keeps the real service's guarantee)
    serialise_transactions(monkeypatch)
    answers: list[Any] = []
    barrier = threading.Barrier(2)

    def request() -> None:
        loop = asyncio.new_event_loop()  # each Lambda invocation has its own (Mangum runs the app on it)
        asyncio.set_event_loop(loop)
        try:
            barrier.wait()
            answers.append(site.call("POST", ROUTE.format(id=FAILED), claims=ADMIN, json_body={"attempt": 1}))
        finally:
            asyncio.set_event_loop(None)
            loop.close()

    # When both are served
    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then both are answered attempt 1, one of them started it, and there is one execution
    assert [answer.status for answer in answers] == [202, 202], [a.text for a in answers]
    assert sorted(answer.json()["started"] for answer in answers) == [False, True]
    assert {answer.json()["execution_name"] for answer in answers} == {f"sds-{FAILED}-a1"}
    assert [execution["name"] for execution in executions(site)] == [f"sds-{FAILED}-a1"]


def test_the_next_attempt_gets_the_next_execution_name(site: AwsSite) -> None:
    # Given attempt 1 of the failed sheet, which failed again
    assert site.call("POST", ROUTE.format(id=FAILED), claims=ADMIN).status == 202
    repository = site.aws.pipeline.repository
    entry = repository.get(FAILED)
    assert entry is not None
    repository.update(entry.model_copy(update={"status": DocumentStatus.FAILED}))

    # When an administrator reprocesses it from Extract
    answer = site.call("POST", ROUTE.format(id=FAILED), claims=ADMIN, json_body={"from_step": "Extract"})

    # Then attempt 2 is its own execution, which starts at Extract
    assert answer.status == 202, answer.text
    assert (answer.json()["attempt"], answer.json()["start_from"]) == (2, "Extract")
    assert sorted(execution["name"] for execution in executions(site)) == [
        f"sds-{FAILED}-a1",
        f"sds-{FAILED}-a2",
    ]


@pytest.mark.parametrize("claims", [COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA])
def test_only_administrators_may_reprocess(site: AwsSite, claims: dict[str, Any]) -> None:
    # Given ACME's failed sheet, and a caller who is not an administrator (ACME itself, or another supplier)
    # When they ask to reprocess it
    answer = site.call("POST", ROUTE.format(id=FAILED), claims=claims)

    # Then they are refused, nothing was started, and the sheet is left as it was
    assert answer.status == 403 and answer.json()["error"] == "access_denied"
    assert executions(site) == []
    entry = site.aws.pipeline.repository.get(FAILED)
    assert entry is not None and (entry.status, entry.attempt) == (DocumentStatus.FAILED, 0)


def test_an_unknown_document_and_one_still_processing_are_refused_by_name(site: AwsSite) -> None:
    # Given an administrator
    # When an unknown document, and the sheet being processed, are asked for
    unknown = site.call("POST", ROUTE.format(id=document_id("never sent")), claims=ADMIN)
    busy = site.call("POST", ROUTE.format(id=BUSY), claims=ADMIN)

    # Then 404 document_not_found and 409 document_processing, and nothing was started
    assert (unknown.status, unknown.json()["error"]) == (404, "document_not_found")
    assert (busy.status, busy.json()["error"]) == (409, "document_processing")
    assert executions(site) == []


def test_a_browser_session_without_the_anti_forgery_token_cannot_reprocess(site: AwsSite) -> None:
    # Given an administrator signed in through the hosted sign-in
    browser = site.browser().sign_in(ADMIN)
    # When a request without the session's X-CSRF-Token comes, and one with it
    forged = browser.request("POST", ROUTE.format(id=FAILED))
    sent = browser.post(ROUTE.format(id=FAILED))
    # Then the first is refused, the second starts attempt 1
    assert (forged.status, forged.json()["error"]) == (403, "csrf_rejected")
    assert sent.status == 202 and sent.json()["attempt"] == 1


def test_a_review_submitted_after_its_wait_timed_out_is_published_by_an_attempt_from_publish(
    site: AwsSite, tmp_path: Any
) -> None:
    # Given a sheet in review whose workflow stopped waiting (its task token has timed out)
    index = TantivySearchIndex(tmp_path / "search")
    site.aws.pipeline.search_index = index
    tasks = site.aws.pipeline.review_tasks
    assert tasks is not None
    task = site.task(IN_REVIEW)
    assert tasks.replace_if(task.model_copy(update={"task_token": "stale-token"}), expected=task)
    site.sfn.stubber.add_client_error(
        "send_task_success", service_error_code="TaskTimedOut", http_status_code=400
    )

    # When a reviewer submits the review
    answer = site.call("POST", f"/api/reviews/{IN_REVIEW}", claims=REVIEWER, json_body={})

    # Then the request did not publish (Publish may wait minutes for Redshift and OpenSearch): it started
    # attempt 1 of the sheet from Publish, and answered at once
    assert answer.status == 200, answer.text
    body = answer.json()
    assert (body["workflow_resumed"], body["publish_attempt"], body["status"]) == (False, 1, "accepted")
    assert index.search(SearchQuery(statuses=(DocumentStatus.ACCEPTED,))).hits == []
    (execution,) = executions(site)
    assert execution["name"] == f"sds-{IN_REVIEW}-a1"
    assert json.loads(execution["input"])["start_from"] == "Publish"
    record = site.aws.pipeline.repository.get_record(IN_REVIEW)
    assert record is not None and record.needs_review is False
