"""The A2I opt-in: with ``msds:a2i_workteam_arn`` the stack adds the worker task UI, the flow definition for
that workteam (whose role reads the rendered pages), the status-change rule to lambdas.review_callback, and
tells the functions to send review tasks to A2I; cdk-nag stays clean. One synth of its own."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from infra.constructs.review import TEMPLATE
from tests.infra.conftest import STACK, TEST_CONTEXT, Synthesized

WORKTEAM = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/sds-reviewers"
pytestmark = pytest.mark.xdist_group("a2i-synth")


@pytest.fixture(scope="module")
def with_a2i(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synthesized]:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from infra.app import build_app

    context = {**TEST_CONTEXT, "msds:a2i_workteam_arn": WORKTEAM}
    assembly = build_app(context, outdir=str(tmp_path_factory.mktemp("cdk-a2i") / "cdk.out")).synth()
    stack = assembly.get_stack_by_name(STACK)
    messages = [
        {"level": str(getattr(m.level, "value", m.level)), "id": m.id, "text": str(m.entry.data)}
        for m in stack.messages
    ]
    yield Synthesized(stack.template, messages)


def _function(synthesized: Synthesized, handler: str) -> tuple[str, dict[str, Any]]:
    (found,) = [
        (name, f["Properties"])
        for name, f in synthesized.resources("AWS::Lambda::Function").items()
        if f["Properties"]["Handler"] == handler
    ]
    return found


def test_a_workteam_adds_the_task_ui_and_a_flow_definition_for_it_writing_to_s3(
    with_a2i: Synthesized,
) -> None:
    # Given the stack synthesized with a workteam
    task_ui = with_a2i.one("AWS::SageMaker::HumanTaskUi")
    flow = with_a2i.one("Custom::A2iFlowDefinition")
    # When their properties are read
    output = flow["OutputPath"]
    # Then the UI is the project's worker template, and the flow is for that workteam, writing to S3
    assert task_ui["UiTemplate"]["Content"] == TEMPLATE.read_text()
    assert flow["WorkteamArn"] == WORKTEAM
    assert output["Fn::Join"][1][0] == "s3://" and output["Fn::Join"][1][-1] == "/review-output"
    assert flow["HumanTaskUiArn"]["Fn::GetAtt"][1] == "HumanTaskUiArn"
    assert flow["TaskAvailabilitySeconds"] == str(7 * 86400)


def test_the_status_change_rule_of_the_flow_goes_to_the_review_callback(with_a2i: Synthesized) -> None:
    # Given the EventBridge rules
    rule = next(
        r["Properties"]
        for r in with_a2i.resources("AWS::Events::Rule").values()
        if r["Properties"]["EventPattern"]["source"] == ["aws.sagemaker"]
    )
    # When its pattern and target are read
    target = rule["Targets"][0]["Arn"]["Fn::GetAtt"][0]
    # Then ended loops of the flow definition reach lambdas.review_callback
    assert rule["EventPattern"]["detail-type"] == ["SageMaker A2I HumanLoop Status Change"]
    assert rule["EventPattern"]["detail"]["humanLoopStatus"] == ["Completed", "Failed", "Stopped"]
    assert (
        with_a2i.template["Resources"][target]["Properties"]["Handler"] == "lambdas.review_callback.handler"
    )


def test_the_functions_send_reviews_to_a2i_and_the_loops_show_the_rendered_pages(
    with_a2i: Synthesized,
) -> None:
    # Given the HumanReview function, the callback, and the flow definition's role
    _, start = _function(with_a2i, "lambdas.start_review.handler")
    variables = start["Environment"]["Variables"]
    policies = [p["Properties"] for p in with_a2i.resources("AWS::IAM::Policy").values()]
    a2i_role = [p for p in policies if any(r.get("Ref", "").startswith("ReviewA2iRole") for r in p["Roles"])]
    # When their settings and permissions are read
    a2i_text = json.dumps(a2i_role)
    text = json.dumps(policies)
    # Then review tasks go to A2I with the flow definition, loops may be started (and stopped), the flow's
    # role reads the artifacts (the rendered pages) and the callback may publish a review whose wait ended
    assert variables["MSDS_AWS_REVIEW_CHANNEL"] == "a2i"
    assert variables["MSDS_AWS_FLOW_DEFINITION_ARN"]["Fn::GetAtt"][0].startswith("ReviewFlowDefinition")
    assert "sagemaker:StartHumanLoop" in text and "sagemaker:StopHumanLoop" in text
    assert "/artifacts/*" in a2i_text and "s3:GetObject*" in a2i_text
    index = with_a2i.one("Custom::OpenSearchIndex")
    writers = {arn["Fn::GetAtt"][0] for arn in index["WriterRoleArns"]}
    assert any(name.startswith("FunctionsReviewCallbackRole") for name in writers)


def test_the_a2i_stack_is_cdk_nag_clean(with_a2i: Synthesized) -> None:
    # Given the messages of the A2I synth
    findings = [m for m in with_a2i.messages if "AwsSolutions-" in m["text"]]
    # When the errors and warnings are kept
    unsuppressed = [
        f"{m['level']} {m['id']}: {m['text'][:160]}" for m in findings if m["level"] in ("ERROR", "WARNING")
    ]
    # Then there is none
    assert unsuppressed == []


def test_the_a2i_template_passes_cfn_lint(with_a2i: Synthesized) -> None:
    # Given the template synthesized with a workteam
    from cfnlint.api import lint

    from tests.infra.test_security import ACCEPTED_CFN_LINT

    # When cfn-lint checks it
    matches = lint(json.dumps(with_a2i.template), regions=["eu-west-1"])
    # Then it reports nothing but the accepted findings
    assert [f"{m.rule.id} {m.message}" for m in matches if m.rule.id not in ACCEPTED_CFN_LINT] == []
