"""Payloads of the AWS host: the events that start and resume the workflow, and what its tasks return.

The state machine passes each task's output as the next task's input; every output here carries
``document_id`` and ``file_name``, so it validates as the next step's ``models.steps.StepRequest``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.document import DocumentStatus
from models.steps import StepRequest


class UploadedObject(BaseModel):
    """An object in the upload bucket: what starts one execution (and what Receive reads)."""

    bucket: str = Field(min_length=3)
    key: str = Field(min_length=1)
    version_id: str | None = None
    document_id: str | None = None
    file_name: str | None = None
    # A backfill item's task token: the execution started for this object answers it (infra workflow).
    backfill_token: str | None = None


class _S3Bucket(BaseModel):
    name: str


class _S3Object(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    key: str
    size: int | None = None
    version_id: str | None = Field(default=None, alias="version-id")


class _ObjectCreatedDetail(BaseModel):
    bucket: _S3Bucket
    object: _S3Object


class ObjectCreatedEvent(BaseModel):
    """EventBridge ``Object Created`` event of Amazon S3 (``source`` = ``aws.s3``)."""

    model_config = ConfigDict(populate_by_name=True)

    detail_type: Literal["Object Created"] = Field(alias="detail-type")
    source: Literal["aws.s3"]
    detail: _ObjectCreatedDetail

    def uploaded(self) -> UploadedObject:
        return UploadedObject(
            bucket=self.detail.bucket.name,
            key=self.detail.object.key,
            version_id=self.detail.object.version_id,
        )


class WorkflowStart(BaseModel):
    """What the start_workflow function did with one upload."""

    document_id: str | None
    execution_name: str | None
    started: bool
    reason: str
    execution_arn: str | None = None


class ReprocessInput(StepRequest):
    """The input of a reprocess attempt's execution: the state machine's first Choice goes straight to
    ``start_from``, whose task reads ``document_id`` and ``file_name``. ``backfill_token`` as in an upload's
    input (a backfill item whose sheet failed before)."""

    start_from: str
    attempt: int = Field(ge=1)
    backfill_token: str | None = None


class StepResult(BaseModel):
    """Output of a pipeline task; the next task reads ``document_id`` and ``file_name`` from it."""

    document_id: str
    file_name: str
    step: str
    status: DocumentStatus
    completed_steps: list[str] = Field(default_factory=list)
    rejected: bool = False
    needs_review: bool | None = None
    error_code: str | None = None
    waiting_for_ocr: bool = False
    ocr_job_id: str | None = None
    ocr_pages: list[int] = Field(default_factory=list)


class CallbackRequest(StepRequest):
    """A task started with ``.waitForTaskToken``: the token resumes the execution when the work is done."""

    task_token: str | None = None


class PublishRequest(StepRequest):
    """The Publish task's input: after Route, or with ``republish`` after a completed review (the record
    changed, so it is published again although Publish already ran)."""

    republish: bool = False


class OcrTarget(BaseModel):
    """One page sent to the OCR service: its number there, its number and size in the document."""

    service_page: int = Field(ge=1)
    page: int = Field(ge=1)
    width: float
    height: float
    text_layer_rejected: str | None = None


class OcrJob(BaseModel):
    """An asynchronous OCR job of a document, kept as an artifact until its notification arrives."""

    document_id: str
    file_name: str
    job_id: str
    targets: list[OcrTarget]
    task_token: str | None = None
    started_at: datetime


class OcrNotification(BaseModel):
    """The SNS message Amazon Textract publishes when an asynchronous job ends."""

    model_config = ConfigDict(populate_by_name=True)

    job_id: str = Field(alias="JobId")
    status: str = Field(alias="Status")
    api: str = Field(default="", alias="API")
    job_tag: str | None = Field(default=None, alias="JobTag")
    timestamp: int | None = Field(default=None, alias="Timestamp")


class _HumanLoopOutput(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    output_s3_uri: str = Field(alias="outputS3Uri")


class _HumanLoopDetail(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    human_loop_name: str = Field(alias="humanLoopName")
    human_loop_status: Literal["Completed", "Failed", "Stopped"] = Field(alias="humanLoopStatus")
    human_loop_output: _HumanLoopOutput | None = Field(default=None, alias="humanLoopOutput")
    failure_code: str | None = Field(default=None, alias="failureCode")
    failure_reason: str | None = Field(default=None, alias="failureReason")
    flow_definition_arn: str | None = Field(default=None, alias="flowDefinitionArn")


class HumanLoopStatusEvent(BaseModel):
    """EventBridge ``SageMaker A2I HumanLoop Status Change`` event."""

    model_config = ConfigDict(populate_by_name=True)

    detail_type: Literal["SageMaker A2I HumanLoop Status Change"] = Field(alias="detail-type")
    detail: _HumanLoopDetail


class ReviewOutcome(BaseModel):
    document_id: str
    file_name: str
    loop_name: str
    outcome: Literal["corrected", "failed", "stopped", "expired", "ignored"]
    status: DocumentStatus | None = None
    corrections: int = 0
    task_resumed: bool = False


class CaughtError(BaseModel):
    """What a Catch with ``ResultPath: "$.error"`` adds: the error name and its cause (for a Lambda task,
    a JSON text with ``errorMessage`` and ``errorType``)."""

    model_config = ConfigDict(populate_by_name=True)

    error: str = Field(default="States.TaskFailed", alias="Error")
    cause: str = Field(default="", alias="Cause")


class FailureRequest(StepRequest):
    """Input of the catch path: the document, the state that failed and the error Step Functions caught."""

    error: CaughtError = Field(default_factory=CaughtError)
    step: str | None = None


class _SnsMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    message: str = Field(alias="Message")


class _SnsRecord(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    sns: _SnsMessage = Field(alias="Sns")


class SnsEvent(BaseModel):
    """An SNS delivery to a Lambda function: one or more records, each with the published message text."""

    model_config = ConfigDict(populate_by_name=True)

    records: list[_SnsRecord] = Field(alias="Records", min_length=1)

    def messages(self) -> list[str]:
        return [record.sns.message for record in self.records]
