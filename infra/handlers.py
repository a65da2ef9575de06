"""Every Lambda function of the AWS host: its handler in ``lambdas/``, its size and what it is for.

Step functions come from the pipeline's own step list (``msds.pipeline.steps.STEP_NAMES``): a step added
there gets a function and a state here without touching infra. Handler paths are strings: the modules in
``lambdas/`` may be written after the stack (the asset is the bundled project directory).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from msds.pipeline.steps import STEP_NAMES


class Role(StrEnum):
    """What a function does, which decides what it may touch (infra/permissions.py)."""

    STEP = "step"
    START_WORKFLOW = "start_workflow"
    TEXTRACT_CALLBACK = "textract_callback"
    START_REVIEW = "start_review"
    REVIEW_CALLBACK = "review_callback"
    RECORD_FAILURE = "record_failure"
    WEB = "web"


@dataclass(frozen=True)
class HandlerSpec:
    key: str  # construct id, PascalCase
    module: str  # lambdas.<snake_case>
    role: Role
    description: str
    memory_mb: int = 1024
    timeout_seconds: int = 120
    step: str | None = None  # the pipeline step name, for step functions

    @property
    def handler(self) -> str:
        return f"{self.module}.handler"


def snake_case(name: str) -> str:
    """``DetectPictogramsAndSignatures`` -> ``detect_pictograms_and_signatures``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


# Steps that render pages or read whole documents get more memory (and so more CPU) and time. ReadText only
# reads text layers and starts Textract for the rest (its callback finishes it).
_STEP_SIZES: dict[str, tuple[int, int]] = {
    "Receive": (1024, 120),
    "ReadText": (2048, 300),
    "DetectPictogramsAndSignatures": (3008, 600),
    "Translate": (1024, 300),
    "Publish": (1024, 300),
}


def step_handlers(step_names: tuple[str, ...] = STEP_NAMES) -> list[HandlerSpec]:
    specs = []
    for name in step_names:
        memory, timeout = _STEP_SIZES.get(name, (1024, 120))
        specs.append(
            HandlerSpec(
                key=f"Step{name}",
                module=f"lambdas.{snake_case(name)}",
                role=Role.STEP,
                description=f"Pipeline step {name}",
                memory_mb=memory,
                timeout_seconds=timeout,
                step=name,
            )
        )
    return specs


SUPPORT_HANDLERS: tuple[HandlerSpec, ...] = (
    HandlerSpec(
        "StartWorkflow",
        "lambdas.start_workflow",
        Role.START_WORKFLOW,
        "S3 Object Created event -> StartExecution named after the document id (a duplicate is a no-op)",
        timeout_seconds=60,
    ),
    HandlerSpec(
        "TextractCallback",
        "lambdas.textract_callback",
        Role.TEXTRACT_CALLBACK,
        "Textract SNS notification -> GetDocumentAnalysis (paginated), finish ReadText, resume the execution",
        memory_mb=2048,
        timeout_seconds=300,
    ),
    HandlerSpec(
        "StartReview",
        "lambdas.start_review",
        Role.START_REVIEW,
        "HumanReview task: store the workflow's token on the review task (A2I: start a human loop first)",
        timeout_seconds=60,
    ),
    HandlerSpec(
        "ReviewCallback",
        "lambdas.review_callback",
        Role.REVIEW_CALLBACK,
        "A2I HumanLoop Status Change -> merge the answer and complete the task (Completed), or give the task "
        "back to the queue (Failed/Stopped/expired)",
        timeout_seconds=120,
    ),
    HandlerSpec(
        "RecordFailure",
        "lambdas.record_failure",
        Role.RECORD_FAILURE,
        "Catch path of the workflow: record the failed step and its error on the document",
        timeout_seconds=30,
    ),
    HandlerSpec(
        "Web",
        "lambdas.web",
        Role.WEB,
        "HTTP API $default: the web app (pages and JSON API) for suppliers, compliance staff and reviewers",
        memory_mb=2048,  # renders page images for the document and review pages
        timeout_seconds=29,  # API Gateway's HTTP API waits at most 30 seconds for an integration
    ),
)


# Functions that exist only when review tasks go to Amazon A2I (msds:a2i_workteam_arn).
A2I_ROLES = frozenset({Role.REVIEW_CALLBACK})


def all_handlers(step_names: tuple[str, ...] = STEP_NAMES, *, a2i: bool = False) -> list[HandlerSpec]:
    support = [spec for spec in SUPPORT_HANDLERS if a2i or spec.role not in A2I_ROLES]
    return [*step_handlers(step_names), *support]


def support_handler(role: Role) -> HandlerSpec:
    return next(spec for spec in SUPPORT_HANDLERS if spec.role is role)
