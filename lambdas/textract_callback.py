"""Textract's SNS notification in: finish ReadText for the document and resume its execution."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from lambdas._observability import count, log_info, observed
from lambdas._tasks import parse
from models.workflow import OcrNotification, SnsEvent
from msds.adapters.aws.workflow import finish_ocr
from msds.composition_aws import aws_services
from msds.errors import InvalidEvent


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    results = []
    for message in parse(SnsEvent, event).messages():
        try:
            notification = parse(OcrNotification, json.loads(message))
        except ValueError as error:
            raise InvalidEvent(f"the SNS message is not JSON: {error}") from error
        result = finish_ocr(notification, aws_services())
        count("OcrJobsFinished" if result is not None else "OcrNotificationsIgnored")
        log_info(
            "textract job", job_id=notification.job_id, status=notification.status, used=result is not None
        )
        results.append(None if result is None else result.model_dump(mode="json"))
    return {"results": results}
