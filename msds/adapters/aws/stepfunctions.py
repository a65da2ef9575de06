"""AWS Step Functions: starting one execution per document, and resuming tasks that wait for a callback."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from msds.adapters.aws.service_errors import error_code, translate_error

_EXECUTION_NAME = re.compile(r"^[0-9A-Za-z_-]{1,80}$")
EXECUTION_PREFIX = "sds-"
# A token that no longer waits (the task timed out, the execution ended, the token was used): the
# callback arrived late or twice, which at-least-once delivery allows.
_GONE = frozenset({"TaskDoesNotExist", "TaskTimedOut", "InvalidToken"})
MAX_OUTPUT_BYTES = 256 * 1024


def execution_name(document_id: str, attempt: int = 0) -> str:
    """The execution of a document's attempt: ``sds-<document id>`` for the first (68 characters for a
    SHA-256), ``sds-<document id>-a<attempt>`` for a reprocess, so a second start of the same attempt is
    refused by Step Functions itself."""
    base = EXECUTION_PREFIX + document_id
    if not _EXECUTION_NAME.match(base):
        base = EXECUTION_PREFIX + hashlib.sha256(document_id.encode("utf-8")).hexdigest()
    return f"{base}-a{attempt}" if attempt > 0 else base


@dataclass(frozen=True)
class Started:
    started: bool
    execution_arn: str | None


class WorkflowStarter:
    """StartExecution of the document state machine; a duplicate start is a no-op."""

    def __init__(self, client: Any, state_machine_arn: str) -> None:
        self._sfn = client
        self._arn = state_machine_arn

    @property
    def state_machine_arn(self) -> str:
        return self._arn

    def start(self, name: str, payload: dict[str, Any]) -> Started:
        try:
            response = self._sfn.start_execution(
                stateMachineArn=self._arn, name=name, input=json.dumps(payload, default=str)
            )
        except ClientError as error:
            if error_code(error) == "ExecutionAlreadyExists":
                return Started(False, None)
            raise translate_error(error, "states:StartExecution") from error
        return Started(True, str(response["executionArn"]))


class TaskTokens:
    """SendTaskSuccess / SendTaskFailure; False when the task no longer waits for this token."""

    def __init__(self, client: Any) -> None:
        self._sfn = client

    def succeed(self, token: str, output: dict[str, Any]) -> bool:
        text = json.dumps(output, default=str)
        if len(text.encode("utf-8")) > MAX_OUTPUT_BYTES:
            raise ValueError("a task output is limited to 256 KB")
        return self._send(
            "states:SendTaskSuccess", lambda: self._sfn.send_task_success(taskToken=token, output=text)
        )

    def fail(self, token: str, error: str, cause: str) -> bool:
        return self._send(
            "states:SendTaskFailure",
            lambda: self._sfn.send_task_failure(taskToken=token, error=error[:256], cause=cause[:32768]),
        )

    @staticmethod
    def _send(operation: str, call: Any) -> bool:
        try:
            call()
        except ClientError as error:
            if error_code(error) in _GONE:
                return False
            raise translate_error(error, operation) from error
        return True
