"""The stack's two state machines, as synthesised, created on moto with its Step Functions interpreter, and
the functions' resources (documents and results buckets, documents and review-task tables) on moto.

The functions compose as on AWS (``msds.composition_aws`` from the environment the stack gives them), with
local OCR and language detection (moto models neither Textract's results nor Comprehend; the Textract path
answers through a Stubber), the local vision model in place of the SageMaker endpoint, and the local search
index and analytics file in place of OpenSearch and Redshift (their AWS adapters have their own tests): so
each path leaves something a test can read in S3, DynamoDB, the index and the analytics tables.

Every AWS call a function makes while a test runs is recorded (``tests.workflow.aws_calls``) and, when the
test ends, checked against that function's role policy in the synthesised template: a call the deployed
role would be refused fails the test, naming the function, the action and the resource.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from moto import mock_aws

from models.search import MAX_PAGE_SIZE, SearchQuery
from msds.adapters.aws.dynamo_review_tasks import review_tasks_table_definition
from msds.adapters.aws.dynamo_sessions import sessions_table_definition
from msds.adapters.aws.workflow import AwsServices
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.composition_aws import aws_services, reset_aws_services
from msds.composition_aws_web import aws_web
from msds.vision.detector import VisionModel
from tests.aws.cognito_fake import FakeCognito
from tests.aws.support import BUCKET, ROLE_ARN, TABLE, client, lambda_context, make_bucket, make_table
from tests.aws.web_host import BASE_ENVIRONMENT, REVIEW_TABLE, SESSIONS_TABLE, Answer, AwsSite, Clock
from tests.helpers.synthetic import FIXED_NOW
from tests.infra.conftest import Synthesized
from tests.workflow.aws_calls import CallRecorder, acting_as, denied
from tests.workflow.harness import (
    InProcessLambda,
    answer_tokens_only_to_started_executions,
    copy_state_machines_without_their_executions,
    definitions,
    in_a_fresh_thread,
    logical_ids,
    name_sdk_parameters_as_the_api_does,
    wait_until,
)

RESULTS_BUCKET = "msds-results-test"
DOCUMENT_MACHINE = "msds-dev-document"
BACKFILL_MACHINE = "msds-dev-backfill"
INTERPRETER = {"stepfunctions": {"execute_state_machine": True}}
# The role Textract publishes with and its topic, as the tests' Textract settings name them
# (tests.aws.test_textract.SETTINGS).
TEXTRACT_ROLE_NAME = "msds-textract-publish"


@dataclass
class Deployment:
    lambdas: InProcessLambda
    aws: AwsServices
    sfn: Any
    s3: Any
    machines: dict[str, str]  # name -> ARN
    definitions: dict[str, str]
    index: TantivySearchIndex
    analytics_path: Path
    site: AwsSite  # the web app as API Gateway calls it (a reviewer's submit resumes a waiting execution)
    clock: Clock
    recorder: CallRecorder  # the AWS calls each function made
    template: dict[str, Any]  # the synthesised template the state machines come from
    physical: dict[str, str]  # the names of its resources here, by logical id

    def invoke(self, module: Any, event: dict[str, Any]) -> Any:
        """``module.handler(event)`` as its function: a handler the test calls itself (an S3 event to
        start_workflow, an SNS notification to textract_callback), its calls recorded as that function's."""
        with acting_as(module.__name__):
            return module.handler(event, lambda_context())

    @property
    def document_machine(self) -> str:
        return self.machines[DOCUMENT_MACHINE]

    def web(self, method: str, path: str, **kwargs: Any) -> Answer:
        """One request to the web function through API Gateway (tests.aws.web_host), as Lambda runs it."""

        def call() -> Answer:
            with acting_as("lambdas.web"):
                return self.site.call(method, path, **kwargs)

        return in_a_fresh_thread(call)  # type: ignore[no-any-return]

    def upload(self, data: bytes, key: str, supplier_id: str | None = None, file_name: str = "") -> str:
        metadata = {"supplier-id": supplier_id} if supplier_id else {}
        if file_name:
            metadata["file-name"] = file_name
        self.s3.put_object(Bucket=BUCKET, Key=key, Body=data, Metadata=metadata)
        return key

    def execution(self, arn: str) -> dict[str, Any]:
        return dict(self.sfn.describe_execution(executionArn=arn))

    def wait_for_end(self, arn: str, timeout: float = 120.0) -> dict[str, Any]:
        result: dict[str, Any] = wait_until(
            lambda: (found := self.execution(arn))["status"] != "RUNNING" and found, timeout
        )
        return result

    def state_entered(self, arn: str, state: str) -> bool:
        return state in self.states_entered(arn)

    def states_entered(self, arn: str) -> list[str]:
        events = self.sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        return [e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e]

    def wait_for_state(self, arn: str, state: str, timeout: float = 120.0) -> None:
        wait_until(lambda: self.state_entered(arn, state), timeout)

    def search_statuses(self, document_id: str) -> list[str]:
        hits = self.index.search(SearchQuery(page_size=MAX_PAGE_SIZE)).hits
        return [hit.status.value for hit in hits if hit.document_id == document_id]

    def analytics(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if not self.analytics_path.exists():  # nothing was ever loaded
            return []
        with duckdb.connect(str(self.analytics_path), read_only=True) as connection:
            return connection.execute(sql, list(params)).fetchall()

    def output(self, arn: str) -> dict[str, Any]:
        text = self.execution(arn).get("output")
        return json.loads(text) if text else {}


@pytest.fixture
def deployment(
    aws_credentials: None,
    synthesized: Synthesized,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[Deployment]:
    template = synthesized.template
    names = {
        **dict.fromkeys(logical_ids(template, "AWS::S3::Bucket", "StorageDocuments"), BUCKET),
        **dict.fromkeys(logical_ids(template, "AWS::S3::Bucket", "StorageResults"), RESULTS_BUCKET),
    }
    machines = definitions(template, names)
    # What the functions' calls name, by the template's logical ids (for the permission check).
    physical = {
        **names,
        **dict.fromkeys(logical_ids(template, "AWS::DynamoDB::Table", "StateDocuments"), TABLE),
        **dict.fromkeys(logical_ids(template, "AWS::DynamoDB::Table", "StateReviewTasks"), REVIEW_TABLE),
        **dict.fromkeys(logical_ids(template, "AWS::DynamoDB::Table", "StateSessions"), SESSIONS_TABLE),
        **dict.fromkeys(logical_ids(template, "AWS::IAM::Role", "TextractPublisher"), TEXTRACT_ROLE_NAME),
    }
    recorder = CallRecorder()
    undo = [
        copy_state_machines_without_their_executions(),
        name_sdk_parameters_as_the_api_does(),
        answer_tokens_only_to_started_executions(),
    ]
    with mock_aws(config=INTERPRETER):  # type: ignore[arg-type]
        lambdas = InProcessLambda(template)
        lambdas.install()
        undo.append(recorder.install())
        s3 = client("s3")
        make_bucket(s3)
        make_bucket(s3, RESULTS_BUCKET)
        dynamodb = client("dynamodb")
        make_table(dynamodb)
        dynamodb.create_table(**review_tasks_table_definition(REVIEW_TABLE))
        dynamodb.create_table(**sessions_table_definition(SESSIONS_TABLE))
        sfn = client("stepfunctions")
        arns = {
            name: sfn.create_state_machine(name=name, definition=body, roleArn=ROLE_ARN)["stateMachineArn"]
            for name, body in machines.items()
        }
        for name, value in {
            **BASE_ENVIRONMENT,
            "MSDS_AWS_STATE_MACHINE_ARN": arns[DOCUMENT_MACHINE],
            "MSDS_AWS_UPLOAD_PREFIX": "",
            "MSDS_DATA_DIR": str(tmp_path / "unused"),
            "MSDS_WORKERS": "1",
        }.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        aws = aws_services()
        clock = Clock(FIXED_NOW)
        aws.pipeline.now = clock
        index = TantivySearchIndex(tmp_path / "search")
        analytics_path = tmp_path / "analytics.duckdb"
        aws.pipeline.search_index = index
        aws.pipeline.analytics = DuckDbAnalyticsStore(analytics_path)
        aws.pipeline.vision = VisionModel()
        cognito = FakeCognito()
        host = aws_web()
        host.sign_in = cognito.sign_in()
        host.bearer = cognito.tokens()
        site = AwsSite(aws=aws, host=host, cognito=cognito, s3=s3, kms_key_arn="", sfn=None, clock=clock)  # type: ignore[arg-type]
        deployment = Deployment(
            lambdas,
            aws,
            sfn,
            s3,
            arns,
            machines,
            index,
            analytics_path,
            site,
            clock,
            recorder,
            template,
            physical,
        )
        try:
            yield deployment
            refused = denied(template, physical, recorder.calls)
            assert not refused, "calls the deployed roles would refuse:\n" + "\n".join(refused)
        finally:
            for arn in arns.values():
                for execution in sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")[
                    "executions"
                ]:
                    sfn.stop_execution(executionArn=execution["executionArn"])
            reset_aws_services()
            for patch in undo:
                patch()
