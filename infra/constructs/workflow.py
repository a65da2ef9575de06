"""The document workflow (Step Functions Standard) and the backfill workflow (Distributed Map).

Document workflow, one Lambda task per pipeline step, state names equal to ``STEP_NAMES``::

    StartFrom -> Receive -> [Rejected? -> DocumentRejected] -> ReadText (task token) -> DetectLanguage
      -> Segment -> Extract -> Translate -> DetectPictogramsAndSignatures -> Validate -> Route -> Publish
      -> [NeedsReview? -> HumanReview (task token) -> PublishReviewed] -> Done

The payloads are the handlers' models (models/workflow.py): the execution input is an ``UploadedObject``,
every task returns a ``StepResult`` (``document_id``, ``file_name``, ``rejected``, ``needs_review``...),
and the next task reads it as its ``StepRequest``.

* ``StartFrom`` sends an upload to Receive, and a reprocess attempt (msds.pipeline.reprocess: its input is a
  ``ReprocessInput`` naming ``start_from``, its execution ``sds-<document id>-a<attempt>``) straight to the
  first step it runs again: the steps it keeps are not invoked at all.
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
prefix, at most ``msds:backfill_max_concurrency`` at a time. Each item invokes lambdas/start_workflow.py with
its task token (``backfill_token``), which travels in the document execution's input; the document workflow
answers it once the sheet is published (accepted, or waiting for review), rejected or failed, and
start_workflow answers it at once for a sheet it does not start (already known). So the concurrency limit
holds for the processing, a sheet waiting days for a reviewer does not hold a slot, and nothing polls. The
Map's result manifest goes under ``backfill-results/`` of the results bucket.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.storage import BACKFILL_RESULTS_PREFIX
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
# A backfill item waits for its sheet up to the review gate: the OCR wait plus the steps' own time.
BACKFILL_SHEET_TIMEOUT = Duration.hours(2)
BACKFILL_TOLERATED_FAILURE_PERCENTAGE = 5
TOKEN_STEPS = frozenset({"ReadText"})
PUBLISH_STEP = "Publish"
REPUBLISH_STATE = "PublishReviewed"
# The review gate follows the last step that runs before a human looks at the sheet: Publish when the
# pipeline has it (a sheet waiting for review is published with that status), else Route.
REVIEW_AFTER_STEP = PUBLISH_STEP if PUBLISH_STEP in STEP_NAMES else "Route"
RECEIVE_STEP = "Receive"
START_FROM_STATE = "StartFrom"


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
        self._backfill_arn = state_machine_arn(self, backfill_state_machine_name)
        self.document = self._document_state_machine(
            document_state_machine_name, step_functions, start_review, record_failure, review_timeout
        )
        self.backfill = self._backfill_state_machine(
            backfill_state_machine_name, documents, results, start_workflow
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
        self._record = record
        self._scope = scope
        record.next(
            self._tell_backfill(
                "Failure",
                sfn.Fail(scope, "Failed", error_path="$.error.Error", cause_path="$.error.Cause"),
                failed=True,
            )
        )

        tail: sfn.IChainable = sfn.Succeed(scope, "Done")
        step_tasks: dict[str, tasks.LambdaInvoke] = {}
        for step in reversed(STEP_NAMES):
            if step == REVIEW_AFTER_STEP:
                reviewed = tail
                if step == PUBLISH_STEP:
                    reviewed = self._republish_task(step_functions[PUBLISH_STEP]).next(tail)
                tail = self._tell_backfill(
                    "Published", self._review_gate(tail, reviewed, start_review, review_timeout)
                )
            task = self._step_task(step, step_functions[step])
            if step == RECEIVE_STEP:
                rejected = sfn.Succeed(
                    scope, "DocumentRejected", comment="Receive refused the file and recorded why"
                )
                task.next(
                    sfn.Choice(scope, "Rejected")
                    .when(
                        sfn.Condition.boolean_equals("$.rejected", True),
                        self._tell_backfill("Rejection", rejected),
                    )
                    .otherwise(tail)
                )
            else:
                task.next(tail)
            step_tasks[step] = task
            tail = task

        start = self._start_from(step_tasks, tail)
        machine = sfn.StateMachine(
            self,
            "DocumentStateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(start),
            timeout=Duration.days(self.config.review_days + 2),
            tracing_enabled=True,
            logs=self._logs("DocumentLogs"),
            comment="msds: one supplier SDS in, a validated English record out",
        )
        suppress(
            machine.role,
            "AwsSolutions-IAM5",
            "Set by CDK for the state machine: invoke any version of the project's own functions (<arn>:*), "
            "and X-Ray and CloudWatch Logs delivery, which have no resource-level permissions; answer the "
            "task tokens of the backfill's map runs (stateMachine:<backfill>/<map run>), named at run time.",
            applies_to=[
                "Resource::*",
                "regex:/^Resource::<Functions[A-Za-z]+[0-9A-F]{8}\\.Arn>:\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:"
                "stateMachine:msds-[a-z0-9-]+-backfill\\/\\*$/g",
            ],
        )
        return machine

    def _start_from(
        self, step_tasks: Mapping[str, tasks.LambdaInvoke], receive: sfn.IChainable
    ) -> sfn.Choice:
        """The first state: a reprocess attempt (its input names ``start_from``, msds.pipeline.reprocess) goes
        straight to that step, skipping the steps it keeps; an upload starts at Receive."""
        choice = sfn.Choice(
            self._scope,
            START_FROM_STATE,
            comment="A reprocess attempt starts at its first step to run again; an upload at Receive",
        )
        for step in STEP_NAMES:
            if step == RECEIVE_STEP:
                continue
            choice.when(
                sfn.Condition.and_(
                    sfn.Condition.is_present("$.start_from"),
                    sfn.Condition.string_equals("$.start_from", step),
                ),
                step_tasks[step],
            )
        return choice.otherwise(receive)

    def _tell_backfill(self, name: str, then: sfn.IChainable, *, failed: bool = False) -> sfn.IChainable:
        """When the execution was started by the backfill (its input holds ``backfill_token``), answer that
        token: the backfill's item ends here, and a sheet that now waits for a reviewer does not hold it.
        An answer the backfill no longer waits for (its item timed out) changes nothing here."""
        scope = self._scope
        result = (
            {"document_id.$": "$.document_id", "step.$": "$.step", "error.$": "$.error"}
            if failed
            else {"document_id.$": "$.document_id", "status.$": "$.status"}
        )
        notice = sfn.Pass(
            scope,
            f"{name}BackfillNotice",
            parameters={"execution_input.$": "$$.Execution.Input", "result": result},
            result_path="$.backfill",
            comment="what the backfill is told, if it started this execution",
        )
        token = sfn.JsonPath.string_at("$.backfill.execution_input.backfill_token")
        if failed:
            answer = tasks.CallAwsService(
                scope,
                f"{name}ToBackfill",
                service="sfn",
                action="sendTaskFailure",
                parameters={
                    "TaskToken": token,
                    "Error": sfn.JsonPath.string_at("$.error.Error"),
                    "Cause": sfn.JsonPath.json_to_string(sfn.JsonPath.object_at("$.backfill.result")),
                },
                iam_resources=[self._backfill_arn, f"{self._backfill_arn}/*"],
                iam_action="states:SendTaskFailure",
                result_path=sfn.JsonPath.DISCARD,
            )
        else:
            answer = tasks.CallAwsService(
                scope,
                f"{name}ToBackfill",
                service="sfn",
                action="sendTaskSuccess",
                parameters={
                    "TaskToken": token,
                    "Output": sfn.JsonPath.json_to_string(sfn.JsonPath.object_at("$.backfill.result")),
                },
                iam_resources=[self._backfill_arn, f"{self._backfill_arn}/*"],
                iam_action="states:SendTaskSuccess",
                result_path=sfn.JsonPath.DISCARD,
            )
        answer.add_catch(then, errors=["States.ALL"], result_path="$.backfill.answer_error")
        answer.next(then)
        return notice.next(
            sfn.Choice(scope, f"{name}FromBackfill")
            .when(sfn.Condition.is_present("$.backfill.execution_input.backfill_token"), answer)
            .otherwise(then)
        )

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
            tolerated_failure_percentage=BACKFILL_TOLERATED_FAILURE_PERCENTAGE,
            result_writer_v2=sfn.ResultWriterV2(bucket=results, prefix=BACKFILL_RESULTS_PREFIX),
            result_path="$.map",
        )
        sheets.item_processor(self._one_sheet(scope, start_workflow))
        machine = sfn.StateMachine(
            self,
            "BackfillStateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(sheets),
            tracing_enabled=True,
            logs=self._logs("BackfillLogs"),
            comment="msds: run the document workflow over historical sheets under an S3 prefix",
        )
        # The Map's result files (SSE-KMS with the stack's key, the results bucket's default encryption).
        results.grant_put(machine, f"{BACKFILL_RESULTS_PREFIX}*")
        self.key.grant_encrypt_decrypt(machine)
        suppress(
            machine,
            "AwsSolutions-IAM5",
            "Set by CDK for a Distributed Map and its tasks: list and read the item reader's objects and "
            "write results (<bucket>/* and the results prefix), describe and stop the child executions of "
            "its map runs (execution:<machine>:*), invoke versions of the project's start function "
            "(<arn>:*), the key's data-key actions (kms:GenerateDataKey*, kms:ReEncrypt*), and X-Ray / "
            "CloudWatch Logs delivery, which have no resource-level permissions.",
            applies_to=[
                "Resource::*",
                "Action::kms:GenerateDataKey*",
                "Action::kms:ReEncrypt*",
                "Action::s3:Abort*",
                "regex:/^Resource::arn:<AWS::Partition>:s3:::<Storage(Documents|Results)[0-9A-F]{8}>\\/\\*$/g",
                "regex:/^Resource::<StorageResults[0-9A-F]{8}\\.Arn>\\/backfill-results\\/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*$/g",
                "regex:/^Resource::<Functions[A-Za-z]+[0-9A-F]{8}\\.Arn>:\\*$/g",
            ],
        )
        return machine

    def _one_sheet(self, scope: Construct, start_workflow: lambda_.IFunction) -> sfn.IChainable:
        """Start the sheet's document execution with this item's task token, and wait until that execution
        sends it back: when the sheet is published (accepted, or waiting for review: a human review is not
        waited for), rejected, or failed; a sheet started before answers at once."""
        start = tasks.LambdaInvoke(
            scope,
            "StartSheet",
            lambda_function=start_workflow,
            integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            payload=sfn.TaskInput.from_object(
                {
                    "bucket": sfn.JsonPath.string_at("$.bucket"),
                    "key": sfn.JsonPath.string_at("$.key"),
                    "backfill_token": sfn.JsonPath.task_token,
                }
            ),
            task_timeout=sfn.Timeout.duration(BACKFILL_SHEET_TIMEOUT),
            retry_on_service_exceptions=False,
            comment="lambdas.start_workflow with {bucket, key, backfill_token}; the document execution "
            "answers the token once the sheet is published, rejected or failed",
        )
        self._retry(start)
        return start.next(sfn.Succeed(scope, "SheetProcessed"))
