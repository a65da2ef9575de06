"""A2I's ``HumanLoop Status Change`` event in (opt-in channel): merge the answer, complete the review task and
resume the workflow; or give the task back to the product's queue when the loop ended without an answer."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import HumanLoopStatusEvent
from msds.adapters.aws.workflow import finish_review
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    outcome = finish_review(parse(HumanLoopStatusEvent, event), aws_services())
    count(f"Reviews{outcome.outcome.capitalize()}")
    count("ReviewCorrections", outcome.corrections)
    log_info("review", document_id=outcome.document_id, loop=outcome.loop_name, outcome=outcome.outcome)
    return outcome.model_dump(mode="json")
