"""The synthesised state machines, run by moto's Step Functions interpreter (the Amazon States Language
engine of its ``stepfunctions`` extra), with every Lambda invocation answered in this process by the real
handler the template names.

* ``definitions`` takes each ``AWS::StepFunctions::StateMachine`` of the template as CDK wrote it and
  resolves its intrinsics (``Fn::Join``, ``Fn::GetAtt <function>.Arn``, ``Ref`` of the partition, region,
  account and of the buckets the caller names); any other intrinsic is an error, so nothing is guessed.
* ``InProcessLambda`` answers the Lambda ``Invoke`` calls the interpreter makes (a ``before-call`` hook on
  boto3's default session, which the interpreter's clients come from): the function's ``Handler`` property
  (``lambdas.receive.handler``) is imported and called with the payload, and an exception becomes a
  ``FunctionError`` with the ``errorType`` Lambda reports, which the interpreter matches against the state's
  ``Retry`` and ``Catch`` rules as Step Functions does. Handlers run one at a time: in this process they share
  one composition (one Lambda container each would not).
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import io
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import boto3
from botocore.awsrequest import AWSResponse
from botocore.response import StreamingBody

from tests.aws.support import ACCOUNT, REGION, lambda_context
from tests.workflow.aws_calls import acting_as

FUNCTION_ARN_PREFIX = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
PSEUDO_PARAMETERS = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": ACCOUNT}


class UnresolvedIntrinsic(Exception):
    """The definition refers to something the test did not say how to resolve."""


def resolve(value: Any, template: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A definition string with its intrinsics replaced: functions by their ARN here (named after their
    logical id), ``Ref`` of a resource by ``names[logical id]``."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(resolve(part, template, names) for part in parts)
    if "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        kind = template["Resources"][logical_id]["Type"]
        if kind == "AWS::Lambda::Function" and attribute == "Arn":
            return FUNCTION_ARN_PREFIX + logical_id
        if logical_id in names:
            return names[logical_id]
        raise UnresolvedIntrinsic(f"Fn::GetAtt {logical_id}.{attribute} ({kind})")
    if "Ref" in value:
        ref = value["Ref"]
        if ref in PSEUDO_PARAMETERS:
            return PSEUDO_PARAMETERS[ref]
        if ref in names:
            return names[ref]
        raise UnresolvedIntrinsic(f"Ref {ref}")
    raise UnresolvedIntrinsic(json.dumps(value)[:200])


def definitions(template: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, str]:
    """Every state machine of the template by its ``StateMachineName``: the definition text, resolved."""
    found = {}
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::StepFunctions::StateMachine":
            props = resource["Properties"]
            text = resolve(props["DefinitionString"], template, names)
            found[props["StateMachineName"]] = _for_interpreter(text)
    return found


# moto's ASL grammar reads ToleratedFailurePercentage only as a decimal number (its lexer makes "5" an
# integer token), while Step Functions and CDK write an integer: the same value, as the grammar reads it.
_TOLERATED = re.compile(r'"ToleratedFailurePercentage":(\d+)(?=[,}])')


def _for_interpreter(text: str) -> str:
    return _TOLERATED.sub(r'"ToleratedFailurePercentage":\1.0', text)


def logical_ids(template: Mapping[str, Any], kind: str, prefix: str) -> list[str]:
    return [
        name
        for name, resource in template["Resources"].items()
        if resource["Type"] == kind and name.startswith(prefix)
    ]


@dataclass
class Invocation:
    function: str  # the handler module, e.g. ``lambdas.receive``
    event: dict[str, Any]
    error: str | None = None


@dataclass
class InProcessLambda:
    """Answers ``lambda:Invoke`` with the template's handlers (see the module docstring)."""

    template: Mapping[str, Any]
    invocations: list[Invocation] = field(default_factory=list)
    # module -> errors to raise instead of calling the handler, one per invocation, before the real one runs
    failures: dict[str, list[Exception]] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def install(self) -> None:
        boto3.setup_default_session(region_name=REGION)
        session = boto3.DEFAULT_SESSION
        assert session is not None
        session.events.register("before-call.lambda.Invoke", self._invoke)

    def module_of(self, function_name: str) -> str:
        logical_id = function_name.removeprefix(FUNCTION_ARN_PREFIX).split(":")[0]
        handler = self.template["Resources"][logical_id]["Properties"]["Handler"]
        return str(handler).rsplit(".", 1)[0]

    def calls(self, module: str) -> list[Invocation]:
        with self._lock:
            return [call for call in self.invocations if call.function == module]

    def _invoke(self, params: Mapping[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        path = unquote(str(params["url_path"]))
        function_name = path.split("/functions/", 1)[1].rsplit("/invocations", 1)[0]
        module = self.module_of(function_name)
        event = json.loads(params["body"] or b"{}")
        with self._lock:
            call = Invocation(module, event)
            self.invocations.append(call)
            try:
                pending = self.failures.get(module)
                if pending:
                    raise pending.pop(0)
                handler: Callable[[dict[str, Any], Any], Any] = importlib.import_module(module).handler
                with acting_as(module):
                    result = handler(event, lambda_context())
            except Exception as error:  # what the Lambda service reports for an unhandled exception
                call.error = type(error).__name__
                body = {"errorType": type(error).__name__, "errorMessage": str(error), "stackTrace": []}
                return _answer(body, function_error="Unhandled")
        return _answer(result)


def _answer(body: Any, function_error: str | None = None) -> tuple[AWSResponse, dict[str, Any]]:
    data = json.dumps(body, default=str).encode("utf-8")
    parsed: dict[str, Any] = {
        "StatusCode": 200,
        "ExecutedVersion": "$LATEST",
        "Payload": StreamingBody(io.BytesIO(data), len(data)),
    }
    if function_error:
        parsed["FunctionError"] = function_error
    return AWSResponse("https://lambda.test/", 200, {}, None), parsed


def copy_state_machines_without_their_executions() -> Callable[[], None]:
    """moto 5.2.1 deep-copies the state machine on every StartExecution of its interpreter, running
    executions included, whose worker threads cannot be copied: a second execution of a machine while one
    runs fails. The execution only needs the definition, so the copy leaves the executions out. Returns the
    function that undoes the patch."""
    from moto.stepfunctions.models import StateMachine

    def deepcopy_without_executions(self: Any, memo: dict[int, Any]) -> Any:
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            setattr(clone, name, [] if name == "executions" else copy.deepcopy(value, memo))
        return clone

    previous = StateMachine.__dict__.get("__deepcopy__")
    StateMachine.__deepcopy__ = deepcopy_without_executions  # type: ignore[attr-defined]

    def undo() -> None:
        if previous is None:
            del StateMachine.__deepcopy__  # type: ignore[attr-defined]
        else:
            StateMachine.__deepcopy__ = previous  # type: ignore[attr-defined]

    return undo


def name_sdk_parameters_as_the_api_does() -> Callable[[], None]:
    """Step Functions' AWS SDK integrations take the API's parameters in PascalCase (``TaskToken``) and pass
    them as the API's members (``taskToken``); moto 5.2.1's interpreter hands them to boto3 unchanged, which
    cannot serialise them. This maps each name to the operation's member, as the service does. Returns the
    function that undoes the patch."""
    import botocore.session
    from botocore import xform_name
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_aws_sdk as aws_sdk,
    )

    StateTaskServiceAwsSdk = aws_sdk.StateTaskServiceAwsSdk

    models: dict[str, Any] = {}

    def normalise(
        self: Any,
        parameters: dict[str, Any],
        boto_service_name: str | None = None,
        service_action_name: str | None = None,
    ) -> None:
        service = self._get_boto_service_name(boto_service_name)
        action = self._get_boto_service_action(service_action_name)
        if service not in models:
            models[service] = botocore.session.get_session().get_service_model(service)
        model = models[service]
        operation = next(name for name in model.operation_names if xform_name(name) == action)
        self._to_boto_request(parameters, model.operation_model(operation).input_shape)

    previous = StateTaskServiceAwsSdk.__dict__.get("_normalise_parameters")
    StateTaskServiceAwsSdk._normalise_parameters = normalise  # type: ignore[method-assign]

    def undo() -> None:
        if previous is None:
            del StateTaskServiceAwsSdk._normalise_parameters
        else:
            StateTaskServiceAwsSdk._normalise_parameters = previous  # type: ignore[method-assign]

    return undo


def answer_tokens_only_to_started_executions() -> Callable[[], None]:
    """moto 5.2.1's SendTaskSuccess/SendTaskFailure look for the token in every RUNNING execution, and fail
    on one whose worker is not set up yet (or already released): with many executions at once a valid token is
    refused now and then. Step Functions has no such window; the search skips those executions. Returns the
    function that undoes the patch."""
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    original = StepFunctionsParserBackend._get_executions

    def started(self: Any, execution_status: Any = None) -> list[Any]:
        return [
            execution
            for execution in original(self, execution_status)
            if getattr(getattr(execution, "exec_worker", None), "env", None) is not None
        ]

    StepFunctionsParserBackend._get_executions = started  # type: ignore[method-assign]

    def undo() -> None:
        StepFunctionsParserBackend._get_executions = original  # type: ignore[method-assign]

    return undo


def in_a_fresh_thread(call: Callable[[], Any]) -> Any:
    """``call()`` in a thread of its own with its own event loop, as each Lambda invocation has: the web
    function's Mangum adapter runs the app on the thread's current loop, and the test runner's main thread
    may hold a loop another test left running."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            result.append(call())
        except BaseException as error:  # handed to the caller's thread
            errors.append(error)
        finally:
            asyncio.set_event_loop(None)
            loop.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return result[0]


def wait_until(condition: Callable[[], Any], timeout: float = 120.0, interval: float = 0.05) -> Any:
    """Poll until ``condition()`` is truthy (and return it), or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s")
        time.sleep(interval)
