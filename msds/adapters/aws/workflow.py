"""The Step Functions host: what each Lambda task does, one pipeline step per invocation.

Every task loads the document's PipelineState from the store, runs one step of msds.pipeline.steps (the
same objects the local runner walks), checkpoints the state and returns a StepResult, which the state machine
passes to the next task. A step that is already checkpointed is not run again, so a retried or redelivered
task is a no-op. Two steps wait for outside work with a Step Functions task token:

* ReadText, when pages need OCR and Textract is configured: the task starts an asynchronous analysis of only
  those pages and keeps the token in an artifact; Textract's SNS notification (``finish_ocr``) reads the
  result, checkpoints the step and resumes the execution.
* HumanReview (after Publish, for sheets that need review): the task stores its token on the review task
  Route opened in the product's queue; the reviewer's submit in the web app merges the review and resumes
  the execution (``resume_review``). With the opt-in A2I channel the task also starts a human loop, whose
  EventBridge status event (``finish_review``) merges the answer the same way.

Publish runs right after Route, so a sheet waiting for review is findable with that status, and once more
after a completed review (``run_step(..., again=True)``), because the review changed the record.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal

from models.api import ReprocessStarted
from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.review import ReviewChannel, ReviewEvent, ReviewEventKind, ReviewTask, ReviewTaskState
from models.steps import PipelineState, StepRequest
from models.text import DocumentText
from models.workflow import (
    CallbackRequest,
    FailureRequest,
    HumanLoopStatusEvent,
    OcrJob,
    OcrNotification,
    ReprocessInput,
    ReviewOutcome,
    StepResult,
    UploadedObject,
    WorkflowStart,
)
from msds.adapters.aws.a2i_review import REVIEW_PAGE_DPI, A2IReview, document_id_of_loop, pages_to_check
from msds.adapters.aws.s3_store import S3DocumentStore, S3Location, S3Objects
from msds.adapters.aws.s3_uploads import S3UploadSigner
from msds.adapters.aws.stepfunctions import TaskTokens, WorkflowStarter, execution_name
from msds.adapters.aws.textract import TextractOcr, merge_pages, pages_from_blocks, plan_ocr, subset_pdf
from msds.errors import (
    ConcurrentModification,
    ConfigurationError,
    DocumentBusy,
    DocumentNotFound,
    MsdsError,
    NotReceivedYet,
    ServiceThrottled,
    ServiceUnavailable,
    StepFailed,
)
from msds.pipeline.metered_step import record_step_usage, run_metered
from msds.pipeline.reprocess import give_back, plan_reprocess
from msds.pipeline.reprocess import started as started_attempt
from msds.pipeline.review import MergedReview, complete_review, publish_again
from msds.pipeline.runner import load_state
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.pipeline.steps import RECEIVE, STEPS, Publish, Step
from msds.ports import ReviewTasks
from msds.services.document_views import page_artifact, rendered_page
from msds.services.publish import routed_status
from msds.services.receive import add_supplier, receive_document
from msds.services.review_tasks import SYSTEM_ACTOR, open_review_task
from msds.services.upload_policy import SUPPLIER_METADATA, UPLOADED_BY_METADATA

READ_TEXT = "ReadText"
# The results that carry Route's decision on to the review gate (which follows Publish).
ROUTED_STEPS = ("Route", "Review", "Publish")
REVIEW_AFTER = "Route"
OCR_JOB_ARTIFACT = "ocr-job.json"
OCR_INPUT_ARTIFACT = "ocr-input.pdf"
TEXT_LAYER_ARTIFACT = "text-layer.json"
# How often a task token is stored again on a review task that a reviewer changed at the same moment.
ATTACH_ATTEMPTS = 5
STEP_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
# Errors the state machine retries (its Retry names them); the others fail a waiting task at once.
TRANSIENT_ERRORS = (ServiceThrottled, ServiceUnavailable, ConcurrentModification)


@dataclass
class AwsServices:
    """Everything the AWS tasks use; built once per Lambda container by msds.composition_aws."""

    pipeline: PipelineServices
    documents: S3DocumentStore
    objects: S3Objects
    upload_prefix: str = ""
    starter: WorkflowStarter | None = None
    tokens: TaskTokens | None = None
    textract: TextractOcr | None = None
    review: A2IReview | None = None
    review_channel: Literal["queue", "a2i"] = "queue"
    uploads: S3UploadSigner | None = None


# -- ingestion -----------------------------------------------------------------------------------------------


def start_workflow(upload: UploadedObject, aws: AwsServices) -> WorkflowStart:
    """Start the document's execution; a duplicate event (same bytes) is a no-op. A backfill item (its
    ``backfill_token`` travels in the execution's input, and the execution answers it) whose sheet starts no
    execution is answered here at once."""
    if aws.starter is None:
        raise ConfigurationError("no state machine is configured (MSDS_AWS_STATE_MACHINE_ARN)")
    if aws.upload_prefix and not upload.key.startswith(aws.upload_prefix):
        return _answer_backfill(
            upload,
            WorkflowStart(document_id=None, execution_name=None, started=False, reason="not an upload"),
            aws,
        )
    location = S3Location(upload.bucket, upload.key)
    document_id = aws.objects.sha256(location, upload.version_id)
    name = execution_name(document_id)
    payload = upload.model_copy(
        update={"document_id": document_id, "file_name": upload.file_name or _base_name(upload.key)}
    )
    started = aws.starter.start(name, payload.model_dump(mode="json", exclude_none=True))
    reason = "started" if started.started else _record_sender(document_id, location, upload.version_id, aws)
    if not started.started:
        again = _failed_before(document_id, upload, aws)
        if again is not None and again.started:
            return WorkflowStart(
                document_id=document_id,
                execution_name=again.execution_name,
                started=True,
                reason=f"failed before; attempt {again.attempt} from {again.start_from}",
                execution_arn=again.execution_arn,
            )
    result = WorkflowStart(
        document_id=document_id,
        execution_name=name,
        started=started.started,
        reason=reason,
        execution_arn=started.execution_arn,
    )
    return result if started.started else _answer_backfill(upload, result, aws)


def _failed_before(document_id: str, upload: UploadedObject, aws: AwsServices) -> ReprocessStarted | None:
    """The same bytes again, after the document's last attempt failed: its next attempt (None when it did
    not fail, or a concurrent upload or request is starting that attempt)."""
    entry = aws.pipeline.repository.get(document_id)
    if entry is None or entry.status != DocumentStatus.FAILED:
        return None
    try:
        return reprocess(document_id, aws, backfill_token=upload.backfill_token)
    except DocumentBusy:
        return None


def reprocess(
    document_id: str,
    aws: AwsServices,
    *,
    from_step: str | None = None,
    attempt: int | None = None,
    backfill_token: str | None = None,
) -> ReprocessStarted:
    """Start the document's next attempt (msds.pipeline.reprocess): an execution named after the attempt,
    ``sds-<document id>-a<attempt>``, whose input sends it straight to its first step. A start Step Functions
    refuses as a duplicate (ExecutionAlreadyExists: a concurrent request recorded and started the same
    attempt), or a request for an attempt recorded already, is answered with ``started`` False, not as an
    error."""
    if aws.starter is None:
        raise ConfigurationError("no state machine is configured (MSDS_AWS_STATE_MACHINE_ARN)")
    services = aws.pipeline
    plan = plan_reprocess(document_id, services, from_step=from_step, attempt=attempt)
    name = execution_name(document_id, plan.attempt)
    payload = ReprocessInput(
        document_id=document_id,
        file_name=plan.file_name,
        start_from=plan.start_from,
        attempt=plan.attempt,
        backfill_token=backfill_token,
    )
    try:
        started = aws.starter.start(name, payload.model_dump(mode="json", exclude_none=True))
    except Exception:
        give_back(plan, services)
        raise
    answer = started_attempt(plan, services, execution_name=name, execution_arn=started.execution_arn)
    # Started by this request: it recorded the attempt, and Step Functions did not refuse its start.
    return answer.model_copy(update={"started": plan.recorded and started.started})


def publish_later(document_id: str, aws: AwsServices) -> int | None:
    """Publish may wait for Redshift and OpenSearch far longer than a caller that is not a workflow step may
    take (API Gateway's 29 s for the web app, the review callback's own timeout): an attempt from Publish
    does it, and the caller answers at once. None without a state machine (the caller publishes itself)."""
    if aws.starter is None:
        return None
    return reprocess(document_id, aws, from_step=Publish.name).attempt


@dataclass
class WorkflowReprocessor:
    """The AWS host's reprocess (msds.web.host.Reprocessor): an execution per attempt."""

    aws: AwsServices

    def start(
        self, document_id: str, *, from_step: str | None = None, attempt: int | None = None
    ) -> ReprocessStarted:
        return reprocess(document_id, self.aws, from_step=from_step, attempt=attempt)


def _answer_backfill(upload: UploadedObject, result: WorkflowStart, aws: AwsServices) -> WorkflowStart:
    if upload.backfill_token and aws.tokens is not None:
        aws.tokens.succeed(
            upload.backfill_token,
            {"document_id": result.document_id, "status": None, "reason": result.reason},
        )
    return result


def _record_sender(document_id: str, location: S3Location, version_id: str | None, aws: AwsServices) -> str:
    """The same bytes again (no new execution): when they came from a supplier, that supplier must see the
    document too. NotReceivedYet (the function is invoked again later) while the first upload's execution
    has not recorded the document yet."""
    supplier_id = aws.objects.metadata(location, version_id).get(SUPPLIER_METADATA)
    if not supplier_id:
        return "already started"
    services = aws.pipeline
    entry = add_supplier(services.repository, document_id, supplier_id, services.now)
    if entry is None:
        raise NotReceivedYet(f"{document_id} is not recorded yet; supplier {supplier_id} is added on retry")
    if Publish.name in entry.completed_steps:
        # Already published without this supplier: publish again so that its search finds the sheet.
        publish_again(document_id, services)
    return "already started; supplier recorded"


def receive(upload: UploadedObject, aws: AwsServices) -> StepResult:
    """Receive: check the uploaded file, store the original once and record it (or why it was rejected)."""
    services = aws.pipeline
    obj = aws.objects.read(S3Location(upload.bucket, upload.key), upload.version_id)
    file_name = upload.file_name or obj.metadata.get("file-name") or _base_name(upload.key)
    outcome = receive_document(
        obj.data,
        file_name,
        store=services.store,
        repository=services.repository,
        inspector=services.inspector,
        settings=services.settings,
        now=services.now,
        supplier_id=obj.metadata.get(SUPPLIER_METADATA) or None,
        uploaded_by=obj.metadata.get(UPLOADED_BY_METADATA) or None,
    )
    entry = outcome.entry
    if outcome.created and not outcome.rejected:
        state = PipelineState(
            document_id=entry.document_id, file_name=entry.file_name, completed_steps=[RECEIVE]
        )
        services.store.put_artifact(entry.document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    return _result(entry, RECEIVE, rejected=outcome.rejected)


# -- pipeline steps ------------------------------------------------------------------------------------------


def run_step(
    step_name: str, request: StepRequest, services: PipelineServices, *, again: bool = False
) -> StepResult:
    """Run one pipeline step for a document (a no-op when it is already checkpointed, unless ``again``: for
    Publish after a review changed the record)."""
    step = STEP_BY_NAME.get(step_name)
    if step is None:
        raise ConfigurationError(f"no pipeline step {step_name!r}")
    entry, state = _ready(step_name, request, services)
    if again or step_name not in state.completed_steps:
        started = time.perf_counter()
        state = run_metered(step, state, services)
        entry = _checkpoint(state, step_name, time.perf_counter() - started, services)
    return _result(entry, step_name, state=state)


def read_text(request: CallbackRequest, aws: AwsServices) -> StepResult:
    """ReadText. With Textract configured, pages without a usable text layer go to an asynchronous job and the
    task waits for its notification; otherwise the step runs here (local OCR) and, when the task was started
    with a token, resumes the execution at once."""
    services = aws.pipeline
    if aws.textract is None:
        result = run_step(READ_TEXT, request, services)
        _resume(aws, request.task_token, result)
        return result
    entry, state = _ready(READ_TEXT, request, services)
    if READ_TEXT in state.completed_steps:
        result = _result(entry, READ_TEXT, state=state)
        _resume(aws, request.task_token, result)
        return result
    if entry.media_type is None:
        raise StepFailed(f"{entry.document_id} has no media type")
    started = time.perf_counter()
    data = services.store.get_original(entry.document_id)
    plan = plan_ocr(data, entry.media_type, services.text_layer)
    if not plan.needs_ocr:
        services.save_text(DocumentText(document_id=entry.document_id, pages=plan.layer_pages))
        entry = _checkpoint(state, READ_TEXT, time.perf_counter() - started, services)
        result = _result(entry, READ_TEXT, state=state)
        _resume(aws, request.task_token, result)
        return result
    if plan.whole_document:
        location = aws.documents.original_location(entry.document_id)
    else:
        subset = subset_pdf(data, [target.page for target in plan.targets])
        services.store.put_artifact(entry.document_id, OCR_INPUT_ARTIFACT, subset)
        location = aws.documents.artifact_location(entry.document_id, OCR_INPUT_ARTIFACT)
    layer = DocumentText(document_id=entry.document_id, pages=plan.layer_pages)
    services.store.put_artifact(entry.document_id, TEXT_LAYER_ARTIFACT, layer.model_dump_json().encode())
    job_id = aws.textract.start(entry.document_id, location)
    job = OcrJob(
        document_id=entry.document_id,
        file_name=entry.file_name,
        job_id=job_id,
        targets=list(plan.targets),
        task_token=request.task_token,
        started_at=services.now(),
    )
    services.store.put_artifact(entry.document_id, OCR_JOB_ARTIFACT, job.model_dump_json().encode())
    return _result(entry, READ_TEXT, state=state).model_copy(
        update={"waiting_for_ocr": True, "ocr_job_id": job_id, "ocr_pages": [t.page for t in plan.targets]}
    )


def finish_ocr(notification: OcrNotification, aws: AwsServices) -> StepResult | None:
    """Textract finished a job: read its pages, complete ReadText, resume the execution. None when the
    notification is not for the document's current job (a stale or foreign message)."""
    services = aws.pipeline
    if aws.textract is None or not notification.job_tag:
        return None
    raw = services.store.get_artifact(notification.job_tag, OCR_JOB_ARTIFACT)
    if raw is None:
        return None
    job = OcrJob.model_validate_json(raw)
    if job.job_id != notification.job_id:
        return None
    entry = services.repository.get(job.document_id)
    if entry is None:
        raise DocumentNotFound(f"no document {job.document_id}")
    state = load_state(entry, services)
    if READ_TEXT in state.completed_steps:  # a redelivered notification
        result = _result(entry, READ_TEXT, state=state)
        _resume(aws, job.task_token, result)
        return result
    if notification.status != "SUCCEEDED":
        message = f"textract job {job.job_id} ended {notification.status}"
        if aws.tokens is not None and job.task_token:
            aws.tokens.fail(job.task_token, "OcrJobFailed", message)
        return _result(entry, READ_TEXT, state=state).model_copy(update={"error_code": "ocr_job_failed"})
    started = time.perf_counter()
    services.meter.reset()
    try:
        ocr_pages = pages_from_blocks(aws.textract.blocks(job.job_id), job.targets)
        layer_raw = services.store.get_artifact(job.document_id, TEXT_LAYER_ARTIFACT)
        layer = DocumentText.model_validate_json(layer_raw).pages if layer_raw else ()
        services.save_text(
            DocumentText(document_id=job.document_id, pages=tuple(merge_pages(layer, ocr_pages)))
        )
        state = record_step_usage(state, READ_TEXT, services.meter.take())  # the pages Textract analysed
        entry = _checkpoint(state, READ_TEXT, time.perf_counter() - started, services)
    except MsdsError as error:
        # A transient error is left to the callback's own retries; any other fails the waiting task now
        # instead of letting it time out.
        if not isinstance(error, TRANSIENT_ERRORS) and aws.tokens is not None and job.task_token:
            aws.tokens.fail(job.task_token, type(error).__name__, error.message)
        raise
    result = _result(entry, READ_TEXT, state=state).model_copy(
        update={"ocr_pages": [t.page for t in job.targets]}
    )
    _resume(aws, job.task_token, result)
    return result


# -- human review --------------------------------------------------------------------------------------------


def start_review(request: CallbackRequest, aws: AwsServices) -> StepResult:
    """The HumanReview task (``.waitForTaskToken``): the workflow waits on the review task Route opened.

    The task's token is stored on the review task (a conditional write, so a claim or a submit made at the
    same moment is kept), and the reviewer's submit resumes the execution (``resume_review``). With the A2I
    channel a human loop is started first, showing the pages to check, and the task records the loop: it is
    worked in A2I, not claimable in the queue. A sheet that no longer needs review (reviewed meanwhile) goes
    on at once."""
    services = aws.pipeline
    entry, state = _ready(None, request, services)
    record = services.repository.get_record(entry.document_id)
    if record is None:
        raise StepFailed(f"{entry.document_id} has no record to review")
    result = _result(entry, "Review", state=state).model_copy(update={"needs_review": record.needs_review})
    tasks = services.review_tasks
    if tasks is None:
        raise ConfigurationError("no review queue is configured (MSDS_AWS_REVIEW_TASKS_TABLE)")
    task = tasks.get(entry.document_id)
    if record.needs_review and (task is None or task.state == ReviewTaskState.COMPLETED):
        # Route ran without the queue (an execution older than it): open the task now.
        task = open_review_task(tasks, entry, record, services.now())
    if not record.needs_review or task is None or task.state != ReviewTaskState.OPEN:
        _resume(aws, request.task_token, result)
        return result
    update: dict[str, Any] = {"task_token": request.task_token, "channel": ReviewChannel.QUEUE}
    if aws.review_channel == "a2i":
        update.update(_start_human_loop(record, entry, task, aws))
    if _attach(tasks, entry.document_id, update) is None:  # completed or withdrawn meanwhile
        if update.get("human_loop_name") and aws.review is not None:
            aws.review.stop(str(update["human_loop_name"]))
        _resume(aws, request.task_token, result)
    return result


def _start_human_loop(
    record: SdsRecord, entry: DocumentEntry, task: ReviewTask, aws: AwsServices
) -> dict[str, Any]:
    """Start an A2I loop showing the pages to check (rendered as artifacts); the task's changes for it."""
    if aws.review is None:
        raise ConfigurationError("the A2I channel needs a flow definition (MSDS_AWS_FLOW_DEFINITION_ARN)")
    services = aws.pipeline
    images = []
    for page in pages_to_check(record, entry.pages or 0):
        rendered_page(entry.document_id, services.store, services.renderer, page, REVIEW_PAGE_DPI)
        images.append(
            aws.documents.artifact_location(entry.document_id, page_artifact(page, REVIEW_PAGE_DPI)).uri
        )
    loop_name = aws.review.start(record, task.attempt, images)
    return {
        "channel": ReviewChannel.A2I,
        "human_loop_name": loop_name,
        "claimed_by": None,
        "claim_expires_at": None,
    }


def _attach(tasks: ReviewTasks, document_id: str, update: dict[str, Any]) -> ReviewTask | None:
    """Store ``update`` on the document's open task, whoever changed it meanwhile (a claim, a release); None
    when the task is no longer open. ConcurrentModification (retried by the state machine) if it keeps
    changing."""
    for _ in range(ATTACH_ATTEMPTS):
        task = tasks.get(document_id)
        if task is None or task.state != ReviewTaskState.OPEN:
            return None
        changed = task.model_copy(update=update)
        if tasks.replace_if(changed, expected=task):
            return changed
    raise ConcurrentModification(f"the review task of {document_id} kept changing")


def finish_review(event: HumanLoopStatusEvent, aws: AwsServices) -> ReviewOutcome:
    """An A2I human loop ended. A completed loop's answer goes through the same merge as a queue submit and
    completes the task (resuming the waiting workflow, or, when none waits, starting an attempt from
    Publish). A loop that ended without an answer (expired, stopped, failed) gives the task back to the
    product's queue, with the workflow still waiting on its token: a queue reviewer's submit resumes it, so
    nothing is lost."""
    services = aws.pipeline
    detail = event.detail
    loop_name = detail.human_loop_name
    try:
        document_id = document_id_of_loop(loop_name)
    except ValueError:
        return ReviewOutcome(document_id="", file_name="", loop_name=loop_name, outcome="ignored")
    tasks = services.review_tasks
    task = tasks.get(document_id) if tasks is not None else None
    if (
        tasks is None
        or task is None
        or task.state != ReviewTaskState.OPEN
        or task.human_loop_name != loop_name
    ):
        # An earlier attempt's loop, or a task already completed: nothing of it is waiting.
        return ReviewOutcome(document_id=document_id, file_name="", loop_name=loop_name, outcome="ignored")
    if detail.human_loop_status != "Completed" or detail.human_loop_output is None:
        expired = (detail.failure_code or "").lower() == "expired"
        outcome = "expired" if expired else ("stopped" if detail.human_loop_status == "Stopped" else "failed")
        back = {"channel": ReviewChannel.QUEUE, "human_loop_name": None}
        if _attach(tasks, document_id, back) is not None:
            tasks.add_event(
                ReviewEvent(
                    document_id=document_id,
                    at=services.now(),
                    actor=SYSTEM_ACTOR,
                    kind=ReviewEventKind.RELEASED,
                    detail={"from": "a2i", "loop": loop_name, "why": detail.failure_reason or outcome},
                )
            )
        return ReviewOutcome(
            document_id=document_id,
            file_name=task.file_name,
            loop_name=loop_name,
            outcome=outcome,
            status=DocumentStatus.NEEDS_REVIEW,
        )
    if aws.review is None:
        raise ConfigurationError("no A2I flow definition is configured (MSDS_AWS_FLOW_DEFINITION_ARN)")
    answer = aws.review.answer(detail.human_loop_output.output_s3_uri)
    result = complete_review(
        task,
        answer,
        loop_name,
        services,
        actor=answer.reviewer,
        detail={"channel": "a2i"},
        resume=lambda waiting, merged: resume_review(aws, waiting, merged),
        only_if_open=False,
        publish_later=lambda late: publish_later(late, aws),
    )
    return ReviewOutcome(
        document_id=document_id,
        file_name=task.file_name,
        loop_name=loop_name,
        outcome="corrected",
        status=result.status,
        corrections=len(result.corrections),
        task_resumed=result.workflow_resumed,
    )


def resume_review(aws: AwsServices, task: ReviewTask, merged: MergedReview) -> bool:
    """Resume the workflow waiting on the review task (its HumanReview state) with the reviewed sheet's
    result. False when no workflow waits for it: the task has no token, or the token no longer waits (the
    wait timed out, the execution ended, the token was used), in which case the caller publishes itself."""
    return _resume(aws, task.task_token, _result(merged.entry, "Review", state=merged.state))


# -- failures ------------------------------------------------------------------------------------------------


def record_failure(request: FailureRequest, services: PipelineServices) -> StepResult:
    """The catch path: mark the document failed with the error's code and message (nothing else changes)."""
    code, message = _caught(request)
    step = request.step or "workflow"
    entry = services.repository.get(request.document_id)
    if entry is None:
        return StepResult(
            document_id=request.document_id,
            file_name=request.file_name,
            step=step,
            status=DocumentStatus.FAILED,
            error_code=code,
        )
    failed = entry.model_copy(
        update={
            "status": DocumentStatus.FAILED,
            "error_code": code,
            "error_message": f"{step}: {message}"[:2000],
            "updated_at": services.now(),
        }
    )
    services.repository.update(failed)
    return _result(failed, step)


def _caught(request: FailureRequest) -> tuple[str, str]:
    name = request.error.error
    message = request.error.cause
    try:
        cause = json.loads(request.error.cause)
    except ValueError:
        cause = None
    if isinstance(cause, dict):
        name = str(cause.get("errorType") or name)
        message = str(cause.get("errorMessage") or message)
    return error_code_of(name), message or name


def error_code_of(name: str) -> str:
    """The product's code for an error name (a Lambda errorType or a States.* error)."""
    pending: list[type[MsdsError]] = [MsdsError]
    while pending:
        cls = pending.pop()
        if cls.__name__ == name:
            return cls.code
        pending.extend(cls.__subclasses__())
    if name.startswith("States."):
        return name.removeprefix("States.").lower()
    return "internal_error"


# -- helpers -------------------------------------------------------------------------------------------------


def _ready(
    step_name: str | None, request: StepRequest, services: PipelineServices
) -> tuple[DocumentEntry, PipelineState]:
    """The entry and state of a document whose earlier steps are done; the entry is marked processing."""
    entry = services.repository.get(request.document_id)
    if entry is None:
        raise DocumentNotFound(f"no document {request.document_id}")
    if entry.status == DocumentStatus.REJECTED:
        raise StepFailed(f"{entry.document_id} was rejected ({entry.error_code}) and is not processed")
    state = load_state(entry, services)
    names = [step.name for step in STEPS]
    if step_name in names:
        earlier = names[: names.index(step_name)]
    else:  # the review: after Route (steps added after the review, such as Publish, come later)
        earlier = names[: names.index(REVIEW_AFTER) + 1] if REVIEW_AFTER in names else names
    missing = [name for name in earlier if name not in state.completed_steps]
    if missing:
        raise StepFailed(f"{step_name or 'Review'} cannot run before {', '.join(missing)}")
    record = state.record if REVIEW_AFTER in state.completed_steps else None
    if entry.status in (DocumentStatus.RECEIVED, DocumentStatus.FAILED) or (
        entry.status == DocumentStatus.PROCESSING and record is not None
    ):
        # A document already routed (an attempt that reruns Publish only) gets its routed status back.
        entry = entry.model_copy(
            update={
                "status": routed_status(entry, record) if record is not None else DocumentStatus.PROCESSING,
                "updated_at": services.now(),
                "error_code": None,
                "error_message": None,
            }
        )
        services.repository.update(entry)
    return entry, state


def _checkpoint(
    state: PipelineState, step_name: str, seconds: float, services: PipelineServices
) -> DocumentEntry:
    if step_name not in state.completed_steps:
        state.completed_steps.append(step_name)
    state.step_seconds[step_name] = round(seconds, 4)
    services.store.put_artifact(state.document_id, STATE_ARTIFACT, state.model_dump_json().encode())
    entry = services.repository.get(state.document_id)
    if entry is None:
        raise DocumentNotFound(f"no document {state.document_id}")
    entry = entry.model_copy(update={"completed_steps": list(state.completed_steps)})
    services.repository.update(entry)
    return entry


def _result(
    entry: DocumentEntry, step: str, *, state: PipelineState | None = None, rejected: bool = False
) -> StepResult:
    record = state.record if state is not None else None
    return StepResult(
        document_id=entry.document_id,
        file_name=entry.file_name,
        step=step,
        status=entry.status,
        completed_steps=list(state.completed_steps) if state is not None else list(entry.completed_steps),
        rejected=rejected,
        needs_review=record.needs_review if record is not None and step in ROUTED_STEPS else None,
        error_code=entry.error_code,
    )


def _resume(aws: AwsServices, token: str | None, result: StepResult) -> bool:
    if token is None or aws.tokens is None:
        return False
    return aws.tokens.succeed(token, result.model_dump(mode="json"))


def _base_name(key: str) -> str:
    return key.rsplit("/", 1)[-1] or key
