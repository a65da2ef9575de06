"""Lambda task of the Segment pipeline step."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import observed
from lambdas._tasks import run_pipeline_step

STEP = "Segment"


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """StepRequest in, StepResult out."""
    return run_pipeline_step(STEP, event)
