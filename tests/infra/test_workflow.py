"""The document and backfill state machines: states, payloads, retries, catches and callbacks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.constructs.workflow import AWS_TRANSIENT_ERRORS, REVIEW_NOT_COMPLETED_ERRORS
from infra.handlers import snake_case
from msds.pipeline.steps import STEP_NAMES
from tests.infra.conftest import Synthesized

DOCUMENT_MACHINE = "msds-dev-document"
BACKFILL_MACHINE = "msds-dev-backfill"


def definition(synthesized: Synthesized, name: str) -> dict[str, Any]:
    """The definition of a state machine, with every intrinsic replaced by the name of what it refers to."""
    for machine in synthesized.resources("AWS::StepFunctions::StateMachine").values():
        props = machine["Properties"]
        if props["StateMachineName"] == name:
            return json.loads(_flatten(props["DefinitionString"]))
    raise AssertionError(f"no state machine {name}")


def _flatten(value: Any) -> str:
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        return "".join(_flatten(part) for part in value["Fn::Join"][1])
    if "Fn::GetAtt" in value:
        return f"<{value['Fn::GetAtt'][0]}>"
    if "Ref" in value:
        return f"<{value['Ref']}>"
    return "<intrinsic>"


def past_backfill_notice(states: dict[str, Any], name: str) -> str:
    """The state a sheet reaches after a backfill notice (a Pass, then its choice), when no backfill waits."""
    notice = states[name]
    if notice["Type"] == "Pass" and name.endswith("BackfillNotice"):
        return str(states[notice["Next"]]["Default"])
    return name


def main_path(states: dict[str, Any], start: str) -> list[str]:
    """The states of the path a sheet takes that needs neither OCR callbacks nor review: each Choice goes to
    its default."""
    path, name = [], start
    while name is not None:
        path.append(name)
        state = states[name]
        name = state.get("Default") if state["Type"] == "Choice" else state.get("Next")
    return path


def function_of(synthesized: Synthesized, state: dict[str, Any]) -> dict[str, Any]:
    """The Lambda function a Task state invokes (by the logical id in its Resource or FunctionName)."""
    reference = state.get("Parameters", {}).get("FunctionName") or state["Resource"]
    logical_id = reference.strip("<>").split(">")[0]
    return synthesized.template["Resources"][logical_id]["Properties"]


@pytest.fixture(scope="module")
def document(synthesized: Synthesized) -> dict[str, Any]:
    return definition(synthesized, DOCUMENT_MACHINE)


def test_the_pipeline_steps_are_the_task_states_of_the_main_path_in_order(document: dict[str, Any]) -> None:
    # Given the document state machine
    states = document["States"]

    # When the path of a sheet that goes straight through is walked from the start
    path = main_path(states, document["StartAt"])

    # Then its task states are exactly the pipeline's steps, in the pipeline's order
    assert [name for name in path if states[name]["Type"] == "Task"] == list(STEP_NAMES)
    assert path[:2] == ["StartFrom", STEP_NAMES[0]]


def test_a_reprocess_attempt_goes_from_the_first_choice_straight_to_the_step_it_names(
    document: dict[str, Any],
) -> None:
    # Given the first state of the document state machine
    first = document["States"][document["StartAt"]]

    # When its choices are read
    targets = {
        next(c["StringEquals"] for c in choice["And"] if "StringEquals" in c): choice["Next"]
        for choice in first["Choices"]
    }

    # Then an input naming start_from goes to that step's state, for every step after Receive, and any other
    # input (an upload) to Receive
    assert first["Type"] == "Choice"
    assert targets == {step: step for step in STEP_NAMES[1:]}
    assert all({"Variable": "$.start_from", "IsPresent": True} in c["And"] for c in first["Choices"])
    assert first["Default"] == STEP_NAMES[0]


def test_each_step_state_invokes_the_handler_module_of_its_step(
    synthesized: Synthesized, document: dict[str, Any]
) -> None:
    # Given the task state of every pipeline step
    states = document["States"]

    # When the function each one invokes is looked up
    handlers = {step: function_of(synthesized, states[step])["Handler"] for step in STEP_NAMES}

    # Then it is lambdas.<snake_case step>.handler
    assert handlers == {step: f"lambdas.{snake_case(step)}.handler" for step in STEP_NAMES}


def test_retries_name_their_transient_errors_and_back_off_with_jitter(document: dict[str, Any]) -> None:
    # Given every task state of the document workflow that runs a function (the answers to the backfill are
    # best effort: they catch everything and go on)
    tasks = {
        name: s
        for name, s in document["States"].items()
        if s["Type"] == "Task" and ":aws-sdk:sfn:" not in s["Resource"]
    }

    # When their retry policies are read
    retries = {name: s.get("Retry", []) for name, s in tasks.items()}

    # Then each retries only named errors (throttling, service unavailable), never everything
    for name, policies in retries.items():
        assert policies, f"{name} has no retry"
        for policy in policies:
            assert "States.ALL" not in policy["ErrorEquals"], name
            assert "States.TaskFailed" not in policy["ErrorEquals"], name
            assert set(AWS_TRANSIENT_ERRORS) <= set(policy["ErrorEquals"])
            assert {"ServiceThrottled", "ServiceUnavailable"} <= set(policy["ErrorEquals"])
            assert policy["BackoffRate"] > 1 and policy["IntervalSeconds"] >= 1
            assert policy["JitterStrategy"] == "FULL" and policy["MaxDelaySeconds"] <= 60


def test_every_step_catches_what_it_does_not_retry_into_record_failure(
    synthesized: Synthesized, document: dict[str, Any]
) -> None:
    # Given the pipeline step states
    states = document["States"]

    for step in STEP_NAMES:
        # When the catcher of the step is followed
        catch_all = [c for c in states[step]["Catch"] if c["ErrorEquals"] == ["States.ALL"]]
        assert len(catch_all) == 1 and catch_all[0]["ResultPath"] == "$.error"
        caught = states[catch_all[0]["Next"]]

        # Then it hands the document, the error and the step's name to RecordFailure, then fails
        assert caught["Type"] == "Pass"
        assert caught["Parameters"] == {
            "document_id.$": "$.document_id",
            "file_name.$": "$.file_name",
            "error.$": "$.error",
            "step": step,
        }
        assert caught["Next"] == "RecordFailure"
    record = states["RecordFailure"]
    assert function_of(synthesized, record)["Handler"] == "lambdas.record_failure.handler"
    assert record["ResultPath"] is None
    assert states[past_backfill_notice(states, record["Next"])]["Type"] == "Fail"


def test_read_text_waits_for_the_textract_callback_with_a_task_token(
    synthesized: Synthesized, document: dict[str, Any]
) -> None:
    # Given the ReadText state
    state = document["States"]["ReadText"]

    # When its integration and payload are read
    parameters = state["Parameters"]

    # Then it invokes its function with the document and a task token, and waits (at most an hour)
    assert state["Resource"].endswith(":states:::lambda:invoke.waitForTaskToken")
    assert parameters["Payload"] == {
        "document_id.$": "$.document_id",
        "file_name.$": "$.file_name",
        "task_token.$": "$$.Task.Token",
    }
    assert state["TimeoutSeconds"] == 3600
    assert function_of(synthesized, state)["Handler"] == "lambdas.read_text.handler"


def test_a_sheet_that_needs_review_waits_on_its_review_task_and_a_wait_that_times_out_leaves_it_queued(
    synthesized: Synthesized, document: dict[str, Any]
) -> None:
    # Given the choice after the last pipeline step (Publish: a sheet waiting for review is published first)
    states = document["States"]
    choice = states[past_backfill_notice(states, states[STEP_NAMES[-1]]["Next"])]

    # When a sheet needs review
    review = states[choice["Choices"][0]["Next"]]

    # Then it goes to a task-token task of the start_review function, which waits for the reviewer's submit
    assert choice["Type"] == "Choice"
    assert {"Variable": "$.needs_review", "BooleanEquals": True} in choice["Choices"][0]["And"]
    assert review["Resource"].endswith(":states:::lambda:invoke.waitForTaskToken")
    assert review["Parameters"]["Payload"]["task_token.$"] == "$$.Task.Token"
    assert function_of(synthesized, review)["Handler"] == "lambdas.start_review.handler"
    assert review["TimeoutSeconds"] > 7 * 86400
    # ... a wait that timed out ends the execution with the sheet still in the queue
    ended = next(c for c in review["Catch"] if "States.Timeout" in c["ErrorEquals"])
    assert set(ended["ErrorEquals"]) == set(REVIEW_NOT_COMPLETED_ERRORS) == {"States.Timeout"}
    assert states[ended["Next"]]["Type"] == "Succeed"
    # ... and a sheet that needs no review goes on to where a reviewed one goes after its republication
    assert choice["Default"] == states[review["Next"]]["Next"]


def test_a_reviewed_sheet_is_published_again_by_the_publish_function(
    synthesized: Synthesized, document: dict[str, Any]
) -> None:
    # Given the state after a completed human review
    states = document["States"]
    republish = states[states["HumanReview"]["Next"]]

    # When the payload it invokes its function with is read
    payload = republish["Parameters"]

    # Then it runs the Publish function again for the document, asking it to republish, and ends the run
    assert STEP_NAMES[-1] == "Publish" and states["Route"]["Next"] == "Publish"
    assert function_of(synthesized, republish)["Handler"] == "lambdas.publish.handler"
    assert payload == {"document_id.$": "$.document_id", "file_name.$": "$.file_name", "republish": True}
    assert states[republish["Next"]]["Type"] == "Succeed"
    catch_all = next(c for c in republish["Catch"] if c["ErrorEquals"] == ["States.ALL"])
    assert states[catch_all["Next"]]["Parameters"]["step"] == "PublishReviewed"


def test_a_rejected_file_ends_the_execution_without_failing_it(document: dict[str, Any]) -> None:
    # Given the state after Receive
    states = document["States"]
    choice = states[states["Receive"]["Next"]]

    # When Receive says the file was rejected
    rejected = choice["Choices"][0]

    # Then the execution succeeds at DocumentRejected (Receive recorded the reason)
    assert rejected == {"Variable": "$.rejected", "BooleanEquals": True, "Next": "RejectionBackfillNotice"}
    assert past_backfill_notice(states, rejected["Next"]) == "DocumentRejected"
    assert states["DocumentRejected"]["Type"] == "Succeed"
    assert choice["Default"] == "ReadText"


def test_the_workflows_are_standard_traced_and_log_every_event(synthesized: Synthesized) -> None:
    # Given both state machines
    machines = [m["Properties"] for m in synthesized.resources("AWS::StepFunctions::StateMachine").values()]

    # When their type, tracing and logging are read
    names = sorted(m["StateMachineName"] for m in machines)

    # Then both are Standard, traced with X-Ray, and log ALL events (without execution data)
    assert names == [BACKFILL_MACHINE, DOCUMENT_MACHINE]
    for machine in machines:
        assert machine["StateMachineType"] == "STANDARD"
        assert machine["TracingConfiguration"] == {"Enabled": True}
        assert machine["LoggingConfiguration"]["Level"] == "ALL"
        assert machine["LoggingConfiguration"]["IncludeExecutionData"] is False


def test_the_backfill_maps_over_an_s3_prefix_with_a_concurrency_limit(synthesized: Synthesized) -> None:
    # Given the backfill state machine
    backfill = definition(synthesized, BACKFILL_MACHINE)

    # When its Distributed Map is read
    mapped = backfill["States"]["ProcessHistoricalSheets"]

    # Then it lists the objects under the prefix of its input, at most 10 at a time, and writes its results
    assert mapped["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert mapped["ItemReader"]["Resource"].endswith(":states:::s3:listObjectsV2")
    assert mapped["ItemReader"]["Parameters"]["Prefix.$"] == "$.prefix"
    assert mapped["MaxConcurrency"] == 10
    assert mapped["ToleratedFailurePercentage"] == 5
    assert "ResultWriter" in mapped
    # ... and each item starts the sheet's own execution with its task token, and ends when that is answered
    processor = mapped["ItemProcessor"]["States"]
    start = processor[mapped["ItemProcessor"]["StartAt"]]
    assert function_of(synthesized, start)["Handler"] == "lambdas.start_workflow.handler"
    assert start["Resource"].endswith(":states:::lambda:invoke.waitForTaskToken")
    assert start["Parameters"]["Payload"] == {
        "bucket.$": "$.bucket",
        "key.$": "$.key",
        "backfill_token.$": "$$.Task.Token",
    }
    assert start["TimeoutSeconds"] == 7200 and processor[start["Next"]]["Type"] == "Succeed"
    # ... nothing polls, and no Batch Transform runs (the vision model runs in the pipeline's own step)
    assert not [s for s in processor.values() if s["Type"] == "Wait"]
    assert "sagemaker" not in json.dumps(backfill)


def test_the_document_workflow_answers_the_backfill_once_the_sheet_is_published_rejected_or_failed(
    document: dict[str, Any],
) -> None:
    # Given the document workflow
    states = document["States"]

    for notice, answer in (
        ("PublishedBackfillNotice", "sendTaskSuccess"),
        ("RejectionBackfillNotice", "sendTaskSuccess"),
        ("FailureBackfillNotice", "sendTaskFailure"),
    ):
        # When the notice of a point where the backfill's item may end is followed
        choice = states[states[notice]["Next"]]
        task = states[choice["Choices"][0]["Next"]]

        # Then the execution's input is read, and only an input with a backfill token is answered
        assert states[notice]["Parameters"]["execution_input.$"] == "$$.Execution.Input"
        assert choice["Choices"][0]["Variable"] == "$.backfill.execution_input.backfill_token"
        assert task["Resource"].endswith(f":states:::aws-sdk:sfn:{answer}")
        assert task["Parameters"]["TaskToken.$"] == "$.backfill.execution_input.backfill_token"
        # ... and an answer nobody waits for any more changes nothing: the sheet goes on either way
        assert task["Catch"][0]["ErrorEquals"] == ["States.ALL"]
        assert task["Catch"][0]["Next"] == task["Next"] == choice["Default"]
    # ... a sheet is answered before it waits for a reviewer
    assert states[past_backfill_notice(states, "PublishedBackfillNotice")]["Type"] == "Choice"
    assert states["PublishedBackfillNotice"]["Next"] == "PublishedFromBackfill"
