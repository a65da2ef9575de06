"""Lambda task of the ReadText pipeline step (started with ``.waitForTaskToken`` when Textract is used)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import CallbackRequest
from msds.adapters.aws.workflow import read_text
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """CallbackRequest in; StepResult out (``waiting_for_ocr`` while Textract reads the scanned pages)."""
    result = read_text(parse(CallbackRequest, event), aws_services())
    if result.waiting_for_ocr:
        count("TextractPagesSent", len(result.ocr_pages))
    else:
        count("ReadTextCompleted")
    log_info("read text", document_id=result.document_id, waiting_for_ocr=result.waiting_for_ocr)
    return result.model_dump(mode="json")
