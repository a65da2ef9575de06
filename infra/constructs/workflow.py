"""The document workflow (Step Functions Standard) and the backfill workflow (Distributed Map).

Document workflow, one Lambda task per pipeline step, state names equal to ``STEP_NAMES``::

    Receive -> [Rejected? -> DocumentRejected] -> ReadText (task token) -> DetectLanguage -> Segment
      -> Extract -> Translate -> DetectPictogramsAndSignatures -> Validate -> Route -> Publish
      -> [NeedsReview? -> HumanReview (task token) -> PublishReviewed] -> Done

The payloads are the handlers' models (models/workflow.py): the execution input is an ``UploadedObject``,
every task returns a ``StepResult`` (``document_id``, ``file_name``, ``rejected``, ``needs_review``...),
and the next task reads it as its ``StepRequest``.

* Retries only on named transient errors (``transient_errors()``), with exponential backoff and full jitter.
* Every task catches everything else into ``RecordFailure`` (the error is kept at ``$.error``, the
  ``FailureRequest`` of lambdas/record_failure.py) and the execution ends in ``Failed``.
* Receive records a rejected file itself and returns ``rejected: true``: the execution ends in
  ``DocumentRejected``, which is not a failure.
* ReadText runs with a task token: it reads the text layers, and sends the pages without one to Textract
  (StartDocumentAnalysis with an SNS notification); lambdas/textract_callback.py finishes the step and
  resumes the execution. When no page needs OCR the task resumes itself at once.
* HumanReview (when Route says ``needs_review``) waits with a task token on the review task Route opened in
  the product's queue: lambdas/start_review.py stores the token on the task, and the reviewer's submit in the
  web app (lambdas/web.py) merges the review and resumes the execution. With the opt-in A2I channel the task
  also starts a human loop and lambdas/review_callback.py completes it from the loop's status-change event.
  A wait that times out (``States.Timeout``, after ``msds:review_days``) leaves the sheet in the review queue
  (``LeftInReviewQueue``): the task stays open, and its later submit publishes the reviewed record itself.
* Publish runs before the review gate, so a sheet waiting for review is searchable with that status; after a
  completed review ``PublishReviewed`` runs the Publish function again with ``republish: true`` (the review
  changed the record and the status).

Backfill workflow (input ``{"prefix": "backfill/<batch>/"}``): a Distributed Map over the objects under the
prefix, at most ``msds:backfill_max_concurrency`` at a time. Each item starts the document workflow through
lambdas/start_workflow.py (so the execution is named after the document and a sheet already processed is
skipped), then polls that execution until it ends: the concurrency limit holds for the processing, not only
for the starts. With ``"vision_transform_prefix"`` in the input it first runs a SageMaker Batch Transform of
the vision model over the page images under that prefix of the results bucket.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.storage import BACKFILL_RESULTS_PREFIX, VISION_BATCH_PREFIX
from infra.constructs.vision import VisionEndpoint
from infra.handlers import snake_case
from infra.nag import suppress
from msds import errors as msds_errors
from msds.pipeline.steps import STEP_NAMES

# Transient errors worth a retry, by the names Step Functions sees: the Lambda service's own, and the
# throttling/availability names a handler raises (msds.errors, translated from ClientError codes by the AWS
# adapters) or lets through from botocore.
AWS_TRANSIENT_ERRORS: tuple[str, ...] = (
    "Lambda.TooManyRequestsException",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "ThrottlingException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "ServiceUnavailableException",
)
# The project's names for "try again later" (msds.errors), when the module defines them.
PROJECT_TRANSIENT_ERRORS: tuple[str, ...] = (
    "ServiceThrottled",
    "ServiceUnavailable",
    "ConcurrentModification",
)
# The wait for a review ended without one: the task stays open in the queue (its submit then publishes).
REVIEW_NOT_COMPLETED_ERRORS: tuple[str, ...] = ("States.Timeout",)
RETRY_INTERVAL = Duration.seconds(2)
RETRY_ATTEMPTS = 6
RETRY_BACKOFF = 2.0
RETRY_MAX_DELAY = Duration.seconds(60)
OCR_TIMEOUT = Duration.hours(1)
BACKFILL_POLL = Duration.seconds(30)
TOKEN_STEPS = frozenset({"ReadText"})
PUBLISH_STEP = "Publish"
REPUBLISH_STATE = "PublishReviewed"
# The review gate follows the last step that runs before a human looks at the sheet: Publish when the
# pipeline has it (a sheet waiting for review is published with that status), else Route.
REVIEW_AFTER_STEP = PUBLISH_STEP if PUBLISH_STEP in STEP_NAMES else "Route"
RECEIVE_STEP = "Receive"


def project_transient_errors() -> tuple[str, ...]:
    """Names of ``msds.errors`` classes that mean "try again": the known ones that exist, any class with
    ``retryable = True``, and any whose name says throttling. A Lambda's error type is the class name."""
    names = {name for name in PROJECT_TRANSIENT_ERRORS if hasattr(msds_errors, name)}
    for name, cls in inspect.getmembers(msds_errors, inspect.isclass):
        if issubclass(cls, msds_errors.MsdsError) and (
            getattr(cls, "retryable", False) is True or "Throttl" in name
        ):
            names.add(name)
    return tuple(sorted(names))


def transient_errors() -> tuple[str, ...]:
    return AWS_TRANSIENT_ERRORS + tuple(
        n for n in project_transient_errors() if n not in AWS_TRANSIENT_ERRORS
    )


def state_machine_arn(scope: Construct, name: str) -> str:
    """The ARN of a state machine by its name: known before it exists, so functions inside it can have it."""
    return Stack.of(scope).format_arn(
        service="states",
        resource="stateMachine",
        resource_name=name,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


def _callback_payload() -> sfn.TaskInput:
    """A ``CallbackRequest``: the document, and the token that resumes this task."""
    return sfn.TaskInput.from_object(
        {
            "document_id": sfn.JsonPath.string_at("$.document_id"),
            "file_name": sfn.JsonPath.string_at("$.file_name"),
            "task_token": sfn.JsonPath.task_token,
        }
    )


class Workflow(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        key: kms.IKey,
        documents: s3.IBucket,
        results: s3.IBucket,
        step_functions: Mapping[str, lambda_.IFunction],
        start_workflow: lambda_.IFunction,
        start_review: lambda_.IFunction,
        record_failure: lambda_.IFunction,
        review_timeout: Duration,
        vision: VisionEndpoint,
        document_state_machine_name: str,
        backfill_state_machine_name: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.key = key
        missing = [name for name in STEP_NAMES if name not in step_functions]
        if missing:
            raise ValueError(f"no function for the pipeline step(s) {', '.join(missing)}")
        self.retry_errors = list(transient_errors())
        self.document = self._document_state_machine(
            document_state_machine_name, step_functions, start_review, record_failure, review_timeout
        )
        self.backfill = self._backfill_state_machine(
            backfill_state_machine_name, documents, results, vision, start_workflow
        )

    # -- document workflow -----------------------------------------------------------------------------

    def _document_state_machine(
        self,
        name: str,
        step_functions: Mapping[str, lambda_.IFunction],
        start_review: lambda_.IFunction,
        record_failure: lambda_.IFunction,
        review_timeout: Duration,
    ) -> sfn.StateMachine:
        scope = Construct(self, "Document")
        record = tasks.LambdaInvoke(
            scope,
            "RecordFailure",
            lambda_function=record_failure,
            payload_response_only=True,
            retry_on_service_exceptions=False,
            result_path=sfn.JsonPath.DISCARD,
            comment="Record on the document why the execution failed (lambdas.record_failure)",
        )
        self._retry(record)
        record.next(sfn.Fail(scope, "Failed", error_path="$.error.Error", cause_path="$.error.Cause"))
        self._record = record
        self._scope = scope

        tail: sfn.IChainable = sfn.Succeed(scope, "Done")
        for step in reversed(STEP_NAMES):
            if step == REVIEW_AFTER_STEP:
                reviewed = tail
                if step == PUBLISH_STEP:
                    reviewed = self._republish_task(step_functions[PUBLISH_STEP]).next(tail)
                tail = self._review_gate(tail, reviewed, start_review, review_timeout)
            task = self._step_task(step, step_functions[step])
            if step == RECEIVE_STEP:
                rejected = sfn.Succeed(
                    scope, "DocumentRejected", comment="Receive refused the file and recorded why"
                )
                task.next(
                    sfn.Choice(scope, "Rejected")
                    .when(sfn.Condition.boolean_equals("$.rejected", True), rejected)
                    .otherwise(tail)
                )
            else:
                task.next(tail)
            tail = task

        machine = sfn.StateMachine(
            self,
            "DocumentStateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(tail),
            timeout=Duration.days(self.config.review_days + 2),
            tracing_enabled=True,
            logs=self._logs("DocumentLogs"),
            comment="msds: one supplier SDS in, a validated English record out",
        )
        suppress(
            machine.role,
            "AwsSolutions-IAM5",
            "Set by CDK for the state machine: invoke any version of the project's own functions (<arn>:*), "
            "and X-Ray and CloudWatch Logs delivery, which have no resource-level permissions.",
            applies_to=["Resource::*", "regex:/^Resource::<Functions[A-Za-z]+[0-9A-F]{8}\\.Arn>:\\*$/g"],
        )
        return machine

    def _step_task(self, step: str, function: lambda_.IFunction) -> tasks.LambdaInvoke:
        comment = f"Pipeline step {step} (lambdas.{snake_case(step)})"
        if step in TOKEN_STEPS:
            task = tasks.LambdaInvoke(
                self._scope,
                step,
                lambda_function=function,
                integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
                payload=_callback_payload(),
                task_timeout=sfn.Timeout.duration(OCR_TIMEOUT),
                retry_on_service_exceptions=False,
                comment=f"{comment}; Textract OCR resumes it through lambdas.textract_callback",
            )
        else:
            task = tasks.LambdaInvoke(
                self._scope,
                step,
                lambda_function=function,
                payload_response_only=True,
                retry_on_service_exceptions=False,
                comment=comment,
            )
        self._retry(task)
        self._catch(task, step)
        return task

    def _republish_task(self, function: lambda_.IFunction) -> tasks.LambdaInvoke:
        """Publish again after a completed review: the Publish function with ``republish: true``."""
        task = tasks.LambdaInvoke(
            self._scope,
            REPUBLISH_STATE,
            lambda_function=function,
            payload=sfn.TaskInput.from_object(
                {
                    "document_id": sfn.JsonPath.string_at("$.document_id"),
                    "file_name": sfn.JsonPath.string_at("$.file_name"),
                    "republish": True,
                }
            ),
            payload_response_only=True,
            retry_on_service_exceptions=False,
            comment=f"Pipeline step {PUBLISH_STEP} again with the reviewed record (lambdas.publish)",
        )
        self._retry(task)
        self._catch(task, REPUBLISH_STATE)
        return task

    def _catch(self, task: sfn.TaskStateBase, state: str) -> None:
        """Everything not retried goes to RecordFailure, as a ``FailureRequest`` naming the failed state."""
        caught = sfn.Pass(
            self._scope,
            f"{state}Caught",
            parameters={
                "document_id.$": "$.document_id",
                "file_name.$": "$.file_name",
                "error.$": "$.error",
                "step": state,
            },
            comment=f"{state} failed: the document, the error, the state",
        )
        caught.next(self._record)
        task.add_catch(caught, errors=["States.ALL"], result_path="$.error")

    def _review_gate(
        self,
        tail: sfn.IChainable,
        reviewed: sfn.IChainable,
        start_review: lambda_.IFunction,
        review_timeout: Duration,
    ) -> sfn.IChainable:
        """A sheet that needs review waits for it, then goes on at ``reviewed``; others go on at ``tail``."""
        scope = self._scope
        review = tasks.LambdaInvoke(
            scope,
            "HumanReview",
            lambda_function=start_review,
            integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            payload=_callback_payload(),
            task_timeout=sfn.Timeout.duration(review_timeout),
            retry_on_service_exceptions=False,
            comment="Waits on the review task (lambdas.start_review stores the token); the reviewer's submit "
            "resumes it (lambdas.web, or lambdas.review_callback for an A2I loop)",
        )
        self._retry(review)
        left = sfn.Succeed(
            scope, "LeftInReviewQueue", comment="the sheet stays needs_review for another attempt"
        )
        review.add_catch(left, errors=list(REVIEW_NOT_COMPLETED_ERRORS), result_path="$.error")
        self._catch(review, "HumanReview")
        review.next(reviewed)
        needs_review = sfn.Condition.and_(
            sfn.Condition.is_present("$.needs_review"),
            sfn.Condition.boolean_equals("$.needs_review", True),
        )
        return sfn.Choice(scope, "NeedsReview").when(needs_review, review).otherwise(tail)

    def _retry(self, task: sfn.TaskStateBase) -> None:
        task.add_retry(
            errors=self.retry_errors,
            interval=RETRY_INTERVAL,
            max_attempts=RETRY_ATTEMPTS,
            backoff_rate=RETRY_BACKOFF,
            max_delay=RETRY_MAX_DELAY,
            jitter_strategy=sfn.JitterType.FULL,
        )

    def _logs(self, construct_id: str) -> sfn.LogOptions:
        group = logs.LogGroup(
            self,
            construct_id,
            retention=logs.RetentionDays.THREE_MONTHS,
            encryption_key=self.key,
            removal_policy=RemovalPolicy.DESTROY,
        )
        # Execution data carries supplier documents' content: the execution history keeps it, logs do not.
        return sfn.LogOptions(destination=group, level=sfn.LogLevel.ALL, include_execution_data=False)

    # -- backfill --------------------------------------------------------------------------------------

    def _backfill_state_machine(
        self,
        name: str,
        documents: s3.IBucket,
        results: s3.IBucket,
        vision: VisionEndpoint,
        start_workflow: lambda_.IFunction,
    ) -> sfn.StateMachine:
        scope = Construct(self, "Backfill")
        sheets = sfn.DistributedMap(
            scope,
            "ProcessHistoricalSheets",
            item_reader=sfn.S3ObjectsItemReader(bucket=documents, prefix=sfn.JsonPath.string_at("$.prefix")),
            item_selector={
                "bucket": documents.bucket_name,
                "key": sfn.JsonPath.string_at("$$.Map.Item.Value.Key"),
            },
            max_concurrency=self.config.backfill_max_concurrency,
            tolerated_failure_percentage=5,
            result_writer_v2=sfn.ResultWriterV2(bucket=results, prefix=BACKFILL_RESULTS_PREFIX),
            result_path="$.map",
        )
        sheets.item_processor(self._one_sheet(scope, start_workflow))

        transform = tasks.SageMakerCreateTransformJob(
            scope,
            "VisionBatchTransform",
            transform_job_name=sfn.JsonPath.format("msds-vision-{}", sfn.JsonPath.uuid()),
            model_name=vision.model_name,
            role=vision.role,
            integration_pattern=sfn.IntegrationPattern.RUN_JOB,
            transform_input=tasks.TransformInput(
                content_type="image/png",
                transform_data_source=tasks.TransformDataSource(
                    s3_data_source=tasks.TransformS3DataSource(
                        s3_uri=sfn.JsonPath.format(
                            "s3://{}/{}",
                            results.bucket_name,
                            sfn.JsonPath.string_at("$.vision_transform_prefix"),
                        ),
                        s3_data_type=tasks.S3DataType.S3_PREFIX,
                    )
                ),
            ),
            transform_output=tasks.TransformOutput(
                s3_output_path=f"s3://{results.bucket_name}/{VISION_BATCH_PREFIX}",
                accept="application/json",
                encryption_key=self.key,
            ),
            transform_resources=tasks.TransformResources(
                instance_count=1,
                instance_type=ec2.InstanceType(
                    self.config.vision_transform_instance_type.removeprefix("ml.")
                ),
                volume_encryption_key=self.key,
            ),
            result_path="$.transform",
        )
        transform.next(sheets)
        definition = (
            sfn.Choice(scope, "UseBatchTransform")
            .when(sfn.Condition.is_present("$.vision_transform_prefix"), transform)
            .otherwise(sheets)
        )
        machine = sfn.StateMachine(
            self,
            "BackfillStateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(definition),
            tracing_enabled=True,
            logs=self._logs("BackfillLogs"),
            comment="msds: run the document workflow over historical sheets under an S3 prefix",
        )
        self.document.grant_read(machine)  # DescribeExecution of the executions it waits for
        suppress(
            machine,
            "AwsSolutions-IAM5",
            "Set by CDK for a Distributed Map and its tasks: list and read the item reader's objects and "
            "write "
            "results (<bucket>/*), describe the child and document executions (execution:<machine>:*), run "
            "transform jobs named at run time (transform-job/*), invoke versions of the project's start "
            "function (<arn>:*), and X-Ray / CloudWatch Logs delivery, which have no resource-level "
            "permissions.",
            applies_to=[
                "Resource::*",
                "regex:/^Resource::arn:<AWS::Partition>:s3:::<Storage(Documents|Results)[0-9A-F]{8}>\\/\\*$/g",
                "Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:transform-job/*",
                "regex:/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*$/g",
                "regex:/^Resource::<Functions[A-Za-z]+[0-9A-F]{8}\\.Arn>:\\*$/g",
            ],
        )
        return machine

    def _one_sheet(self, scope: Construct, start_workflow: lambda_.IFunction) -> sfn.IChainable:
        """Start the sheet's document execution (named after its content), then wait until it ends."""
        start = tasks.LambdaInvoke(
            scope,
            "StartSheet",
            lambda_function=start_workflow,
            payload_response_only=True,
            retry_on_service_exceptions=False,
            comment="lambdas.start_workflow with {bucket, key}: a WorkflowStart",
        )
        start.add_retry(
            errors=self.retry_errors,
            interval=RETRY_INTERVAL,
            max_attempts=RETRY_ATTEMPTS,
            backoff_rate=RETRY_BACKOFF,
            max_delay=RETRY_MAX_DELAY,
            jitter_strategy=sfn.JitterType.FULL,
        )
        wait = sfn.Wait(scope, "WaitForSheet", time=sfn.WaitTime.duration(BACKFILL_POLL))
        describe = tasks.CallAwsService(
            scope,
            "SheetStatus",
            service="sfn",
            action="describeExecution",
            parameters={"ExecutionArn": sfn.JsonPath.string_at("$.execution_arn")},
            iam_resources=[
                Stack.of(self).format_arn(
                    service="states",
                    resource="execution",
                    resource_name=f"{self.document.state_machine_name}:*",
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            ],
            iam_action="states:DescribeExecution",
            result_selector={"status.$": "$.Status"},
            result_path="$.execution",
        )
        describe.add_retry(
            errors=["Sfn.SfnException", "Sfn.ThrottlingException"],
            interval=Duration.seconds(5),
            max_attempts=5,
            backoff_rate=2.0,
            jitter_strategy=sfn.JitterType.FULL,
        )
        done = sfn.Succeed(scope, "SheetProcessed")
        skipped = sfn.Succeed(scope, "SheetAlreadyKnown", comment="the same bytes were started before")
        failed = sfn.Fail(
            scope, "SheetFailed", error="SheetFailed", cause="the document execution did not succeed"
        )
        wait.next(describe)
        describe.next(
            sfn.Choice(scope, "SheetEnded")
            .when(sfn.Condition.string_equals("$.execution.status", "RUNNING"), wait)
            .when(sfn.Condition.string_equals("$.execution.status", "SUCCEEDED"), done)
            .otherwise(failed)
        )
        return start.next(
            sfn.Choice(scope, "SheetStarted")
            .when(sfn.Condition.boolean_equals("$.started", True), wait)
            .otherwise(skipped)
        )
