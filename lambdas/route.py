"""Lambda task of the Route pipeline step: auto-accept, or send the sheet to human review."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, observed
from lambdas._tasks import run_pipeline_step

STEP = "Route"


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """StepRequest in, StepResult out; ``needs_review`` tells the state machine which way to go."""
    result = run_pipeline_step(STEP, event)
    count("SheetsNeedingReview" if result.get("needs_review") else "SheetsAccepted")
    return result
