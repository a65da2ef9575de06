"""Lambda task of the Receive pipeline step: the uploaded object in, the document's entry out."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import UploadedObject
from msds.adapters.aws.workflow import receive
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The upload start_workflow passed in; StepResult out, ``rejected`` says whether to go on."""
    result = receive(parse(UploadedObject, event), aws_services())
    count("DocumentsRejected" if result.rejected else "DocumentsReceived")
    log_info("received", document_id=result.document_id, status=result.status.value, rejected=result.rejected)
    return result.model_dump(mode="json")
