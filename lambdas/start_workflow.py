"""Starts the document workflow for an upload: S3 ``Object Created`` (EventBridge) in, StartExecution out.

The execution is named after the document id (the SHA-256 of the bytes), so a duplicate event, or the same
bytes uploaded twice, is refused by Step Functions and is a no-op here. A plain ``{"bucket", "key"}`` (the
backfill's Distributed Map items) is accepted too.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import ObjectCreatedEvent, UploadedObject
from msds.adapters.aws.workflow import start_workflow
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    upload = (
        parse(ObjectCreatedEvent, event).uploaded() if "detail" in event else parse(UploadedObject, event)
    )
    result = start_workflow(upload, aws_services())
    count("WorkflowsStarted" if result.started else "DuplicateUploads")
    log_info("workflow", document_id=result.document_id, started=result.started, reason=result.reason)
    return result.model_dump(mode="json")
