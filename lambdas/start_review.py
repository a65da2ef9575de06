"""The HumanReview state (a ``.waitForTaskToken`` task after Publish): stores the workflow's token on the
sheet's review task, where the reviewer's submit in the web app resumes it (A2I channel: starts a loop)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, observed
from lambdas._tasks import parse
from models.workflow import CallbackRequest
from msds.adapters.aws.workflow import start_review
from msds.composition_aws import aws_services


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    result = start_review(parse(CallbackRequest, event), aws_services())
    count("ReviewsStarted" if result.needs_review is not False else "ReviewsSkipped")
    return result.model_dump(mode="json")
