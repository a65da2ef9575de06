"""Offline AWS for the tests: fake credentials, moto resources, botocore Stubbers and a Lambda context."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import boto3
import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from opensearchpy import OpenSearch
from opensearchpy.connection import Connection

from msds.adapters.aws.dynamo_repository import table_definition

REGION = "eu-west-1"
ACCOUNT = "123456789012"
BUCKET = "msds-documents-test"
TABLE = "msds-state-test"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/msds-test"


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Fake credentials and region; no profile or config file of the machine is read."""
    empty = tmp_path_factory.mktemp("aws-config") / "none"
    empty.write_text("")
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        "AWS_EC2_METADATA_DISABLED": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "MsdsTest",
        "POWERTOOLS_SERVICE_NAME": "msds-test",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    # The composition root builds its clients from this session too (fake credentials, models loaded once).
    monkeypatch.setattr("msds.composition_aws.default_session", session)


_sessions: list[Any] = []


def session() -> Any:
    """One boto3 session for the whole test run: loading service models once keeps the tests fast. Made on
    first use (after the credentials fixture set the environment), never at import."""
    if not _sessions:
        _sessions.append(boto3.session.Session(region_name=REGION))
    return _sessions[0]


def client(service: str) -> Any:
    return session().client(service)


@dataclass
class Stubbed:
    client: Any
    stubber: Stubber


@pytest.fixture
def stubbed(aws_credentials: None) -> Iterator[Any]:
    """``stubbed("translate")`` -> a client whose calls are answered by its Stubber (checked at the end)."""
    made: list[Stubbed] = []

    def make(service: str) -> Stubbed:
        service_client = client(service)
        stubber = Stubber(service_client)
        stubber.activate()
        made.append(Stubbed(service_client, stubber))
        return made[-1]

    yield make
    for item in made:
        item.stubber.assert_no_pending_responses()
        item.stubber.deactivate()


def make_bucket(s3: Any, name: str = BUCKET) -> None:
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})


def make_table(dynamodb: Any, name: str = TABLE) -> None:
    dynamodb.create_table(**table_definition(name))


def client_error(code: str, status: int = 400, operation: str = "Operation", **extra: Any) -> ClientError:
    response: dict[str, Any] = {
        "Error": {"Code": code, "Message": f"{code} (test)"},
        "ResponseMetadata": {"HTTPStatusCode": status},
        **extra,
    }
    return ClientError(response, operation)


@dataclass(frozen=True)
class LambdaContextStub:
    """The attributes Powertools reads from the Lambda context."""

    function_name: str = "msds-test"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:msds-test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"
    log_group_name: str = "/aws/lambda/msds-test"
    log_stream_name: str = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 300_000


def lambda_context() -> LambdaContext:
    """A context for calling handlers directly (typed as the real one)."""
    return cast(LambdaContext, LambdaContextStub())


def object_created_event(bucket: str, key: str, version_id: str | None = None) -> dict[str, Any]:
    """An EventBridge ``Object Created`` event of S3, as the S3 documentation shows it."""
    obj: dict[str, Any] = {
        "key": key,
        "size": 1024,
        "etag": "d41d8cd98f00b204e9800998ecf8427e",
        "sequencer": "1",
    }
    if version_id:
        obj["version-id"] = version_id
    return {
        "version": "0",
        "id": "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": ACCOUNT,
        "time": "2025-06-01T12:00:00Z",
        "region": REGION,
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {
            "version": "0",
            "bucket": {"name": bucket},
            "object": obj,
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": ACCOUNT,
            "source-ip-address": "1.2.3.4",
            "reason": "PutObject",
        },
    }


def sns_event(message: dict[str, Any]) -> dict[str, Any]:
    """An SNS delivery to Lambda carrying one JSON message."""
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:textract:1",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                    "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:textract",
                    "Subject": None,
                    "Message": json.dumps(message),
                    "Timestamp": "2025-06-01T12:00:00.000Z",
                    "MessageAttributes": {},
                },
            }
        ]
    }


def human_loop_event(
    loop_name: str, status: str, output_uri: str | None = None, failure_code: str | None = None
) -> dict[str, Any]:
    """An EventBridge ``SageMaker A2I HumanLoop Status Change`` event."""
    return {
        "version": "0",
        "id": "0f8c7e1a-1111-2222-3333-444455556666",
        "detail-type": "SageMaker A2I HumanLoop Status Change",
        "source": "aws.sagemaker",
        "account": ACCOUNT,
        "time": "2025-06-01T12:30:00Z",
        "region": REGION,
        "resources": [f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:human-loop/{loop_name}"],
        "detail": {
            "creationTime": "2025-06-01T12:00:00.000Z",
            "failureCode": failure_code,
            "failureReason": "the task expired" if failure_code else None,
            "flowDefinitionArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:flow-definition/msds-review",
            "humanLoopArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:human-loop/{loop_name}",
            "humanLoopName": loop_name,
            "humanLoopOutput": {"outputS3Uri": output_uri} if output_uri else None,
            "humanLoopStatus": status,
        },
    }


RECORDED: list[tuple[str, str, str]] = []


class RecordingConnection(Connection):
    """An opensearch-py connection that answers every request itself and keeps it in RECORDED: the bulk body
    is serialised by the real client, so a test sees exactly what would be sent to the domain."""

    def perform_request(
        self,
        method: str,
        url: str,
        params: Any = None,
        body: Any = None,
        timeout: Any = None,
        ignore: Any = (),
        headers: Any = None,
    ) -> tuple[int, dict[str, str], str]:
        text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
        RECORDED.append((method, url, text))
        if url.endswith("/_bulk"):
            actions = [json.loads(line) for line in text.splitlines() if line.strip()][0::2]
            items = [{"index": {**action["index"], "status": 201, "result": "created"}} for action in actions]
            return 200, {}, json.dumps({"took": 3, "errors": False, "items": items})
        return 200, {}, json.dumps({"acknowledged": True})


def recording_opensearch() -> OpenSearch:
    """An OpenSearch client whose requests land in RECORDED (cleared here)."""
    RECORDED.clear()
    return OpenSearch(
        hosts=[{"host": "search.example.test", "port": 443}], connection_class=RecordingConnection
    )


def bulk_lines() -> list[dict[str, Any]]:
    """The NDJSON lines of every recorded _bulk request, in order."""
    return [
        json.loads(line)
        for method, url, body in RECORDED
        if method == "POST" and url.endswith("/_bulk")
        for line in body.splitlines()
        if line.strip()
    ]
