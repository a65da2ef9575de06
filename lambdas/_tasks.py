"""What every pipeline-step handler does: validate, run the step through msds, report, return JSON."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lambdas._observability import count, log_info
from models.steps import StepRequest
from msds.adapters.aws.workflow import run_step
from msds.composition_aws import aws_services
from msds.errors import InvalidEvent

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], event: Any) -> M:
    """The event as ``model``; InvalidEvent (named, not retried) when it does not fit."""
    try:
        return model.model_validate(event)
    except ValidationError as error:
        raise InvalidEvent(f"the event is not a {model.__name__}: {error}") from error


def run_pipeline_step(step_name: str, event: Any) -> dict[str, Any]:
    request = parse(StepRequest, event)
    result = run_step(step_name, request, aws_services().pipeline)
    count(f"{step_name}Completed")
    log_info("step done", step=step_name, document_id=result.document_id, status=result.status.value)
    return result.model_dump(mode="json")
