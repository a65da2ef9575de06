"""The state machine's catch path: record on the document why its execution failed."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import FailureRequest
from msds.adapters.aws.workflow import record_failure
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    result = record_failure(parse(FailureRequest, event), aws_services().pipeline)
    count("DocumentsFailed")
    log_info("failure recorded", document_id=result.document_id, error_code=result.error_code)
    return result.model_dump(mode="json")
