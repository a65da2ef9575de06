"""One generated sheet through every Lambda handler, in state-machine order, on moto (S3, DynamoDB, Step
Functions): each handler's output is the next handler's input, as the state machine passes it.

OCR, language detection and translation use the local adapters in the functions (MSDS_AWS_OCR=local,
MSDS_AWS_LANGUAGE_DETECTOR=local, MSDS_TRANSLATOR=apertium): moto does not model Textract, Comprehend or
Translate, whose adapters have their own tests. Publish indexes through an OpenSearch client that records
its requests and loads through a Redshift Data API client answered by a Stubber: the test checks the bulk
request and the staged, merging load the Publish handler sends.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from models.document import DocumentStatus
from models.record import SdsRecord
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from msds.adapters.aws.redshift_loader import RedshiftLoader
from msds.adapters.aws.workflow import AwsServices
from msds.composition_aws import aws_services, reset_aws_services
from msds.pipeline.runner import process_bytes
from msds.pipeline.steps import STEP_NAMES
from msds.synth import generate
from tests.aws.support import (
    BUCKET,
    ROLE_ARN,
    TABLE,
    bulk_lines,
    client,
    lambda_context,
    make_bucket,
    make_table,
    object_created_event,
    recording_opensearch,
)
from tests.helpers.synthetic import TickingClock, local_services

CONTEXT = lambda_context()
STAGING_BUCKET = "msds-analytics-staging-test"
PASS_MACHINE = json.dumps({"StartAt": "Receive", "States": {"Receive": {"Type": "Pass", "End": True}}})


def module_name(step: str) -> str:
    """``ReadText`` -> ``read_text``: the handler module of a state."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", step).lower()


@dataclass(frozen=True)
class Deployment:
    state_machine_arn: str
    sfn: Any
    s3: Any


@pytest.fixture
def deployment(
    aws_credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Deployment]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        make_bucket(s3, STAGING_BUCKET)
        make_table(client("dynamodb"))
        sfn = client("stepfunctions")
        machine = sfn.create_state_machine(name="msds-documents", definition=PASS_MACHINE, roleArn=ROLE_ARN)
        for name, value in {
            "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
            "MSDS_AWS_STATE_TABLE": TABLE,
            "MSDS_AWS_STATE_MACHINE_ARN": machine["stateMachineArn"],
            "MSDS_AWS_OCR": "local",
            "MSDS_AWS_LANGUAGE_DETECTOR": "local",
            "MSDS_TRANSLATOR": "apertium",
            "MSDS_DATA_DIR": str(tmp_path / "unused"),
            "MSDS_WORKERS": "1",
        }.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        try:
            yield Deployment(machine["stateMachineArn"], sfn, s3)
        finally:
            reset_aws_services()


def handler(name: str) -> Any:
    return importlib.import_module(f"lambdas.{name}").handler


def test_a_generated_sheet_goes_through_every_handler_and_ends_stored_indexed_and_loaded(
    deployment: Deployment, tmp_path: Path, stubbed: Any
) -> None:
    # Given a generated Spanish sheet uploaded by a supplier, and the functions' services with a fixed clock
    path = generate(tmp_path / "sheets", 1, 3, languages=("es",), scanned_fraction=0.0)[0]
    key = f"uploads/supplier-42/{path.name}"
    deployment.s3.put_object(Bucket=BUCKET, Key=key, Body=path.read_bytes())
    aws: AwsServices = aws_services()
    aws.pipeline.now = TickingClock()
    # ... publishing to a recording OpenSearch client and to Redshift's Data API (answered by a Stubber)
    aws.pipeline.search_index = OpenSearchIndexer(recording_opensearch(), "sds-records")
    redshift = stubbed("redshift-data")
    redshift.stubber.add_response("batch_execute_statement", {"Id": "load-1", "Database": "dev"})
    redshift.stubber.add_response("describe_statement", {"Id": "load-1", "Status": "FINISHED"})
    statements: list[list[str]] = []
    redshift.client.meta.events.register(
        "provide-client-params.redshift-data.BatchExecuteStatement",
        lambda params, **_: statements.append(list(params["Sqls"])),
    )
    aws.pipeline.analytics = RedshiftLoader(
        redshift.client, aws.objects, database="dev", workgroup="msds", staging_bucket=STAGING_BUCKET
    )

    # When S3's Object Created event reaches start_workflow, twice (EventBridge delivers at least once)
    event = object_created_event(BUCKET, key)
    started = handler("start_workflow")(event, CONTEXT)
    duplicate = handler("start_workflow")(event, CONTEXT)
    # ... and the execution's input goes through Receive and then every pipeline step in order
    execution = deployment.sfn.describe_execution(executionArn=started["execution_arn"])
    outputs = [handler("receive")(json.loads(execution["input"]), CONTEXT)]
    for step in STEP_NAMES[1:]:
        task_input = dict(outputs[-1])
        if step == "ReadText":  # started with .waitForTaskToken, as the state machine does
            task_input["task_token"] = "token-of-the-read-text-task"
        outputs.append(handler(module_name(step))(task_input, CONTEXT))

    # Then the execution is named after the document, so the duplicate event asks for the same execution
    # (Step Functions refuses a second one; moto does not model that, test_lambda_handlers checks the no-op)
    document_id = outputs[0]["document_id"]
    assert started["started"] is True and started["execution_name"] == f"sds-{document_id}"
    assert duplicate["execution_name"] == started["execution_name"]
    # ... every handler answered for its own state, and the last one says which way to route
    assert [output["step"] for output in outputs] == list(STEP_NAMES)
    assert all(output["document_id"] == document_id for output in outputs)
    assert outputs[0]["rejected"] is False
    assert isinstance(outputs[-1]["needs_review"], bool)
    # ... the original is kept under its id, and the entry and the record are stored
    assert aws.documents.get_original(document_id) == path.read_bytes()
    repository = aws.pipeline.repository
    entry = repository.get(document_id)
    record = repository.get_record(document_id)
    assert entry is not None and record is not None
    expected_status = DocumentStatus.NEEDS_REVIEW if record.needs_review else DocumentStatus.ACCEPTED
    assert entry.status == expected_status == outputs[-1]["status"]
    assert entry.completed_steps == list(STEP_NAMES)
    # ... and the record is the one the local host makes from the same bytes
    # (no vision endpoint is configured for the functions here, so the local host runs without its model too)
    same_hosts = local_services(tmp_path / "local")
    same_hosts.vision = None
    local = process_bytes(path.read_bytes(), path.name, same_hosts)
    assert local.record is not None
    assert record.model_dump() == local.record.model_dump()

    # ... the Publish handler sent one search document with _id = document id, the record's codes and its
    # status (the upload carried no supplier metadata, so no supplier account owns it)
    action, document = bulk_lines()
    assert action == {"index": {"_index": "sds-records", "_id": document_id}}
    assert document["document_id"] == document_id and document["status"] == entry.status.value
    assert document["supplier_ids"] == entry.supplier_ids == []
    assert document["h_codes"] == record.h_codes and document["cas_numbers"] == record.cas_numbers
    # ... and one staged, merging Redshift load whose files hold the record's rows
    (sql,) = statements
    assert any(s.startswith("MERGE INTO sds_documents USING stage_sds_documents") for s in sql)
    copied = [re.search(r"FROM 's3://([^/]+)/(\S+)'", s) for s in sql if s.startswith("COPY ")]
    rows = {
        m.group(2).rsplit("/", 1)[-1]: _json_lines(deployment.s3, m.group(1), m.group(2)) for m in copied if m
    }
    assert rows["sds_documents.jsonl"][0]["document_id"] == document_id
    assert rows["sds_documents.jsonl"][0]["status"] == entry.status.value
    assert [r["code"] for r in rows.get("sds_statements.jsonl", [])] == record.h_codes + record.p_codes
    assert _published_record_matches(document, record)


def _json_lines(s3: Any, bucket: str, key: str) -> list[dict[str, Any]]:
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    return [json.loads(line) for line in body.splitlines() if line.strip()]


def _published_record_matches(document: dict[str, Any], record: SdsRecord) -> bool:
    product = record.product_name.value if record.product_name else None
    return bool(document["product_name"] == product and document["language"] == record.language)
