"""Human review through A2I: loop names unique per attempt, the request's shape, and the completion event
merging the reviewer's answer with provenance, or reporting why the loop ended."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import ANY
from moto import mock_aws

from models.common import Provenance
from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Extracted, ReviewReason, SdsRecord, Statement
from models.review import ReviewAnswer
from models.steps import PipelineState
from models.workflow import HumanLoopTask
from msds.adapters.aws.a2i_review import (
    A2IReview,
    answer_from_output,
    document_id_of_loop,
    human_loop_name,
)
from msds.adapters.aws.s3_store import S3Objects
from msds.adapters.aws.stepfunctions import TaskTokens
from msds.adapters.aws.workflow import REVIEW_TASK_ARTIFACT, AwsServices
from msds.composition_aws import aws_services, reset_aws_services
from msds.domain.catalog import StatementCatalog
from msds.pipeline.services import STATE_ARTIFACT
from msds.pipeline.steps import STEP_NAMES
from msds.services.review_merge import apply_review
from tests.aws.support import (
    BUCKET,
    TABLE,
    client,
    human_loop_event,
    lambda_context,
    make_bucket,
    make_table,
)

FLOW = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/msds-review"
DOCUMENT_ID = hashlib.sha256(b"sheet under review").hexdigest()
T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LOOP_NAME = r"^[a-z0-9](-*[a-z0-9])*$"


def record_to_review() -> SdsRecord:
    return SdsRecord(
        document_id=DOCUMENT_ID,
        file_name="sheet.pdf",
        language="de",
        product_name=Extracted[str](value="Acetn rein", confidence=0.55),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.92),
        signal_word=Extracted[str](value="Danger", confidence=0.95),
        hazard_statements=[
            Statement(code="H225", text_en="Highly flammable liquid and vapour.", confidence=0.9)
        ],
        needs_review=True,
        review_reasons=[ReviewReason(code="low_confidence", message="product name", field="product_name")],
    )


def output_json(loop_name: str, answer: dict[str, Any]) -> dict[str, Any]:
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
        "inputContent": {"document_id": DOCUMENT_ID},
    }


def test_loop_names_are_unique_per_attempt_valid_and_name_their_document() -> None:
    # Given a document id
    # When loop names are made for several attempts, and twice for the same attempt
    names = [human_loop_name(DOCUMENT_ID, attempt) for attempt in (1, 2, 3, 3, 999)]
    # Then all differ, all fit A2I's rules, and each names the document
    assert len(set(names)) == len(names)
    assert all(len(name) <= 63 and __import__("re").match(LOOP_NAME, name) for name in names)
    assert {document_id_of_loop(name) for name in names} == {DOCUMENT_ID}


def test_a_name_not_made_for_a_document_names_none() -> None:
    # Given a loop somebody started by hand
    # When its document is asked for
    # Then ValueError says it names none
    with pytest.raises(ValueError, match="does not name a document"):
        document_id_of_loop("my-manual-loop")


def test_the_human_loop_request_carries_the_record_for_the_worker_template(stubbed: Any) -> None:
    # Given the A2I runtime answered by its Stubber
    stub = stubbed("sagemaker-a2i-runtime")
    sent: list[dict[str, Any]] = []
    stub.client.meta.events.register(
        "provide-client-params.sagemaker-a2i-runtime.StartHumanLoop", lambda params, **_: sent.append(params)
    )
    stub.stubber.add_response(
        "start_human_loop",
        {"HumanLoopArn": "arn:aws:sagemaker:eu-west-1:123456789012:human-loop/x"},
        {"HumanLoopName": ANY, "FlowDefinitionArn": FLOW, "HumanLoopInput": {"InputContent": ANY}},
    )
    # When a review is started for a record
    name = A2IReview(stub.client, S3Objects(client("s3")), FLOW).start(record_to_review(), 1)
    # Then the loop has that name and its input shows the reasons and each field with its confidence
    content = json.loads(sent[0]["HumanLoopInput"]["InputContent"])
    assert sent[0]["HumanLoopName"] == name
    assert content["document_id"] == DOCUMENT_ID
    assert content["review_reasons"][0]["code"] == "low_confidence"
    assert content["fields"]["product_name"] == {
        "value": "Acetn rein",
        "confidence": 0.55,
        "page": None,
        "snippet": "",
    }
    assert content["hazard_statements"] == ["H225"]


def test_a_review_merges_with_provenance_and_lists_each_correction() -> None:
    # Given a record and a reviewer who fixed the product name, kept the supplier and added H319 and GHS07
    answer = ReviewAnswer(
        reviewer="reviewer-7",
        submitted_at=T0,
        values={
            "product_name": "Aceton rein",
            "supplier_name": "ACME Chemie GmbH",
            "hazard_statements": "H225, H319",
            "pictograms": "GHS02 GHS07",
            "flash_point_c": "-20",
        },
    )
    # When the answer is merged
    merged, corrections = apply_review(record_to_review(), answer, StatementCatalog(), "loop-1")
    # Then changed fields carry the reviewer's value, the machine's value, the reviewer and provenance
    assert merged.product_name is not None
    assert (merged.product_name.value, merged.product_name.machine_value) == ("Aceton rein", "Acetn rein")
    assert (
        merged.product_name.provenance == Provenance.REVIEWED and merged.product_name.reviewer == "reviewer-7"
    )
    assert merged.supplier_name == record_to_review().supplier_name  # confirmed, unchanged
    assert merged.h_codes == ["H225", "H319"]
    assert merged.hazard_statements[1].text_en == "Causes serious eye irritation."
    assert merged.hazard_statements[1].provenance == Provenance.REVIEWED
    assert [p.code for p in merged.pictograms] == ["GHS02", "GHS07"]
    assert merged.flash_point_c is not None and merged.flash_point_c.value == -20.0
    assert merged.needs_review is False
    # ... and each change is a correction with machine value, reviewer value, reviewer and time
    assert {c.field: (c.machine_value, c.reviewer_value) for c in corrections} == {
        "product_name": ("Acetn rein", "Aceton rein"),
        "hazard_statements": (["H225"], ["H225", "H319"]),
        "pictograms": ([], ["GHS02", "GHS07"]),
        "flash_point_c": (None, -20.0),
    }
    assert all(
        c.reviewer == "reviewer-7" and c.reviewed_at == T0 and c.review_id == "loop-1" for c in corrections
    )


def test_the_last_submitted_answer_of_the_output_is_used() -> None:
    # Given output.json with one answer
    output = output_json("loop", {"product_name": "X"})
    # When the answer is read
    answer = answer_from_output(output)
    # Then the reviewer is the Cognito subject, with the submission time and the form values
    assert answer.reviewer == "reviewer-7"
    assert answer.submitted_at == datetime(2025, 6, 1, 12, 14, tzinfo=UTC)
    assert answer.values == {"product_name": "X"}


@pytest.fixture
def review_host(
    aws_credentials: None, monkeypatch: pytest.MonkeyPatch, stubbed: Any
) -> Iterator[dict[str, Any]]:
    """A stored record waiting for review, with A2I and Step Functions answered by Stubbers."""
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        make_table(client("dynamodb"))
        for name, value in {
            "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
            "MSDS_AWS_STATE_TABLE": TABLE,
            "MSDS_AWS_OCR": "local",
            "MSDS_AWS_LANGUAGE_DETECTOR": "local",
            "MSDS_TRANSLATOR": "catalog-only",
            "MSDS_AWS_ENTITIES": "false",
            "MSDS_AWS_FLOW_DEFINITION_ARN": FLOW,
        }.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        aws: AwsServices = aws_services()
        a2i, sfn = stubbed("sagemaker-a2i-runtime"), stubbed("stepfunctions")
        aws.review = A2IReview(a2i.client, aws.objects, FLOW)
        aws.tokens = TaskTokens(sfn.client)
        record = record_to_review()
        entry = DocumentEntry(
            document_id=DOCUMENT_ID,
            file_name="sheet.pdf",
            media_type=MediaType.PDF,
            size_bytes=10,
            pages=1,
            status=DocumentStatus.NEEDS_REVIEW,
            received_at=T0,
            updated_at=T0,
            completed_steps=list(STEP_NAMES),
        )
        repository = aws.pipeline.repository
        repository.insert_if_absent(entry)
        repository.save_record(record)
        state = PipelineState(
            document_id=DOCUMENT_ID, file_name="sheet.pdf", completed_steps=list(STEP_NAMES), record=record
        )
        aws.pipeline.store.put_artifact(DOCUMENT_ID, STATE_ARTIFACT, state.model_dump_json().encode())
        try:
            yield {"aws": aws, "s3": s3, "a2i": a2i, "sfn": sfn}
        finally:
            reset_aws_services()


def start(host: dict[str, Any], token: str) -> str:
    from lambdas import start_review

    host["a2i"].stubber.add_response(
        "start_human_loop", {"HumanLoopArn": "arn:aws:sagemaker:x:1:human-loop/y"}
    )
    start_review.handler({"document_id": DOCUMENT_ID, "file_name": "sheet.pdf", "task_token": token}, CONTEXT)
    raw = host["aws"].pipeline.store.get_artifact(DOCUMENT_ID, REVIEW_TASK_ARTIFACT)
    return HumanLoopTask.model_validate_json(raw).loop_name


CONTEXT = lambda_context()


def test_a_completed_review_is_merged_kept_as_training_data_and_resumes_the_execution(
    review_host: dict[str, Any],
) -> None:
    # Given a review started as a .waitForTaskToken task, and the reviewer's output.json in S3
    from lambdas import review_callback

    loop = start(review_host, "token-review")
    key = f"a2i-output/msds-review/2025/06/01/12/00/00/{loop}/output.json"
    review_host["s3"].put_object(
        Bucket=BUCKET, Key=key, Body=json.dumps(output_json(loop, {"product_name": "Aceton rein"}))
    )
    review_host["sfn"].stubber.add_response(
        "send_task_success", {}, {"taskToken": "token-review", "output": ANY}
    )
    # When A2I's Completed event arrives
    outcome = review_callback.handler(human_loop_event(loop, "Completed", f"s3://{BUCKET}/{key}"), CONTEXT)
    # Then the record is corrected with provenance, the sheet is accepted, and the execution resumed
    assert (outcome["outcome"], outcome["corrections"], outcome["task_resumed"]) == ("corrected", 1, True)
    aws = review_host["aws"]
    record = aws.pipeline.repository.get_record(DOCUMENT_ID)
    entry = aws.pipeline.repository.get(DOCUMENT_ID)
    assert record is not None and entry is not None
    assert record.product_name is not None and record.product_name.provenance == Provenance.REVIEWED
    assert record.product_name.machine_value == "Acetn rein" and record.needs_review is False
    assert entry.status == DocumentStatus.ACCEPTED
    corrections = json.loads(aws.pipeline.store.get_artifact(DOCUMENT_ID, f"review-{loop}.json"))
    assert corrections[0]["field"] == "product_name" and corrections[0]["reviewer"] == "reviewer-7"


@pytest.mark.parametrize(
    ("status", "failure_code", "outcome", "error"),
    [
        ("Failed", "Expired", "expired", "ReviewExpired"),
        ("Failed", "InternalError", "failed", "ReviewFailed"),
        ("Stopped", None, "stopped", "ReviewStopped"),
    ],
)
def test_a_loop_that_ends_without_an_answer_fails_the_task_with_a_named_error(
    review_host: dict[str, Any], status: str, failure_code: str | None, outcome: str, error: str
) -> None:
    # Given a review in progress
    from lambdas import review_callback

    loop = start(review_host, "token-review")
    review_host["sfn"].stubber.add_response(
        "send_task_failure", {}, {"taskToken": "token-review", "error": error, "cause": ANY}
    )
    # When the loop ends without an answer
    answer = review_callback.handler(human_loop_event(loop, status, failure_code=failure_code), CONTEXT)
    # Then the task fails with the named error (the state machine retries an expired review) and the
    # sheet still needs review
    assert (answer["outcome"], answer["task_resumed"]) == (outcome, True)
    entry = review_host["aws"].pipeline.repository.get(DOCUMENT_ID)
    assert entry is not None and entry.status == DocumentStatus.NEEDS_REVIEW


def test_a_retried_review_gets_a_new_loop_and_the_old_loops_event_is_ignored(
    review_host: dict[str, Any],
) -> None:
    # Given a first review attempt, then a second one (after the first expired)
    from lambdas import review_callback

    first = start(review_host, "token-1")
    second = start(review_host, "token-2")
    # When the first loop's late event arrives
    answer = review_callback.handler(human_loop_event(first, "Failed", failure_code="Expired"), CONTEXT)
    # Then the loops differ, and the late event is ignored (no task is failed)
    assert first != second and second.split("-")[1] == "2"
    assert answer["outcome"] == "ignored"


def test_a_sheet_that_no_longer_needs_review_resumes_at_once(
    review_host: dict[str, Any], tmp_path: Path
) -> None:
    # Given a record that does not need review
    from lambdas import start_review

    aws = review_host["aws"]
    aws.pipeline.repository.save_record(record_to_review().model_copy(update={"needs_review": False}))
    review_host["sfn"].stubber.add_response("send_task_success", {}, {"taskToken": "token-x", "output": ANY})
    # When the review task starts
    result = start_review.handler(
        {"document_id": DOCUMENT_ID, "file_name": "sheet.pdf", "task_token": "token-x"}, CONTEXT
    )
    # Then no loop is started and the execution goes on
    assert result["needs_review"] is False
    assert aws.pipeline.store.get_artifact(DOCUMENT_ID, REVIEW_TASK_ARTIFACT) is None
