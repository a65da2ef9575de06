"""Reprocess attempts run through the synthesised document state machine on moto's interpreter, with the
real handlers: an administrator's reprocess of a failed sheet (through the web function) starts an execution
per attempt that goes straight to the step that failed; the same bytes uploaded again after a failure are a
new attempt, not a duplicate. Each test checks what the attempt leaves in DynamoDB, the search index and the
analytics tables."""

from __future__ import annotations

import pytest

from lambdas import start_workflow
from models.document import DocumentStatus
from tests.aws.cognito_fake import ADMIN
from tests.aws.support import BUCKET, lambda_context, object_created_event
from tests.helpers.synthetic import backfill_sheets
from tests.workflow.deployment import Deployment
from tests.workflow.test_document_paths import analytics_status, start

STEPS_BEFORE_SEGMENT = ("lambdas.receive", "lambdas.read_text", "lambdas.detect_language")


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    (path,) = backfill_sheets(tmp_path_factory.mktemp("reprocess"), 1, 0, seed=7)
    return path.read_bytes()


def failed_in_segment(deployment: Deployment, data: bytes) -> str:
    """A sheet whose execution failed in Segment (the function crashed once)."""
    deployment.lambdas.failures["lambdas.segment"] = [RuntimeError("the function crashed")]
    arn, document_id = start(deployment, data)
    assert deployment.wait_for_end(arn)["status"] == "FAILED"
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.status == DocumentStatus.FAILED
    return document_id


def test_an_admins_reprocess_runs_a_new_execution_from_the_step_that_failed_to_the_end(
    deployment: Deployment, sheet: bytes
) -> None:
    # Given a sheet whose execution failed in Segment
    document_id = failed_in_segment(deployment, sheet)
    before = {module: len(deployment.lambdas.calls(module)) for module in STEPS_BEFORE_SEGMENT}

    # When an administrator reprocesses it through the web function
    answer = deployment.web("POST", f"/api/admin/documents/{document_id}/reprocess", claims=ADMIN)

    # Then attempt 1 is the execution sds-<id>-a1, which went from StartFrom straight to Segment and on to the
    # end, invoking none of the steps done before
    assert answer.status == 202, answer.text
    body = answer.json()
    assert (body["attempt"], body["start_from"], body["execution_name"]) == (
        1,
        "Segment",
        f"sds-{document_id}-a1",
    )
    arn = body["execution_arn"]
    assert deployment.wait_for_end(arn)["status"] == "SUCCEEDED"
    entered = deployment.states_entered(arn)
    assert entered[:2] == ["StartFrom", "Segment"] and entered[-1] == "Done"
    assert "Receive" not in entered and "ReadText" not in entered
    assert {module: len(deployment.lambdas.calls(module)) for module in STEPS_BEFORE_SEGMENT} == before
    # ... and the sheet is accepted at attempt 1, searchable and loaded as such
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and (entry.status, entry.attempt) == (DocumentStatus.ACCEPTED, 1)
    assert entry.error_code is None
    assert deployment.search_statuses(document_id) == ["accepted"]
    assert analytics_status(deployment, document_id) == [("accepted",)]


def test_the_same_bytes_uploaded_again_after_a_failure_are_processed_as_a_new_attempt(
    deployment: Deployment, sheet: bytes
) -> None:
    # Given a sheet whose execution failed in Segment
    document_id = failed_in_segment(deployment, sheet)

    # When its supplier uploads the same bytes again
    key = deployment.upload(sheet, "uploads/acme/0002/sheet-again.pdf", "acme")
    started = start_workflow.handler(object_created_event(BUCKET, key), lambda_context())

    # Then it is not a duplicate: attempt 1 started, and it ends with the sheet accepted and published
    assert started["started"] is True, started
    assert started["execution_name"] == f"sds-{document_id}-a1"
    assert deployment.wait_for_end(str(started["execution_arn"]))["status"] == "SUCCEEDED"
    entry = deployment.aws.pipeline.repository.get(document_id)
    assert entry is not None and (entry.status, entry.attempt) == (DocumentStatus.ACCEPTED, 1)
    assert deployment.search_statuses(document_id) == ["accepted"]
    # ... while the same bytes once more, now that they went through, start nothing
    again = start_workflow.handler(object_created_event(BUCKET, key), lambda_context())
    assert again["started"] is False
