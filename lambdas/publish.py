"""Lambda task of the Publish pipeline step: index the record for search and load it into analytics."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import PublishRequest
from msds.adapters.aws.workflow import run_step
from msds.composition_aws import aws_services

STEP = "Publish"


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """PublishRequest in (a StepResult of Route, or of the review with ``republish``), StepResult out."""
    request = parse(PublishRequest, event)
    result = run_step(STEP, request, aws_services().pipeline, again=request.republish)
    count("RecordsRepublished" if request.republish else f"{STEP}Completed")
    log_info("step done", step=STEP, document_id=result.document_id, status=result.status.value)
    return result.model_dump(mode="json")
