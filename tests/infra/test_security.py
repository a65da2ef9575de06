"""Security checks on the synthesized template: IAM wildcards, cdk-nag AwsSolutions, cfn-lint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tests.infra.conftest import Synthesized

# Services that hold or move the product's data: no statement may allow all their actions.
DATA_SERVICES = frozenset(
    {
        "s3",
        "dynamodb",
        "es",
        "redshift",
        "redshift-data",
        "redshift-serverless",
        "kms",
        "sqs",
        "sns",
        "secretsmanager",
        "textract",
        "comprehend",
        "translate",
        "sagemaker",
        "states",
        "lambda",
    }
)
# cfn-lint findings accepted, with why.
ACCEPTED_CFN_LINT = {
    "W3005": "CDK writes an explicit DependsOn next to the GetAtt of a role's default policy (it must exist "
    "before the function is used); the redundancy is CDK's and harmless.",
}


def policy_documents(template: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every policy document of the template: identity policies, inline role policies, resource policies."""
    for name, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        for key in ("PolicyDocument", "KeyPolicy", "AccessPolicies"):
            if isinstance(props.get(key), dict):
                yield name, props[key]
        for policy in props.get("Policies", []) or []:
            if isinstance(policy, dict) and "PolicyDocument" in policy:
                yield name, policy["PolicyDocument"]


def allowed_actions(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action", [])
        for action in [actions] if isinstance(actions, str) else actions:
            yield action, statement


def test_no_iam_statement_allows_every_action_of_a_data_service(template: dict[str, Any]) -> None:
    # Given every Allow statement of every policy in the template
    offending = []
    for name, document in policy_documents(template):
        for action, statement in allowed_actions(document):
            # When its action is "*" or "<service>:*" for a data service
            service = action.split(":", 1)[0].lower()
            if action == "*" or (action.endswith(":*") and service in DATA_SERVICES):
                # The one exception: the key policy's default statement for the account itself (IAM then
                # decides), which AWS requires so that the key stays manageable.
                if name.startswith("StorageDataKey") and statement.get("Principal") == {
                    "AWS": {
                        "Fn::Join": [
                            "",
                            ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"],
                        ]
                    }
                }:
                    continue
                offending.append((name, action))

    # Then there is none
    assert offending == []


def test_cdk_nag_aws_solutions_reports_no_unsuppressed_error_or_warning(synthesized: Synthesized) -> None:
    # Given the messages of the synth, where cdk-nag's AwsSolutions pack ran on every resource
    findings = [m for m in synthesized.messages if "AwsSolutions-" in m["text"]]

    # When the errors and warnings are kept
    unsuppressed = [
        f"{m['level']} {m['id']}: {m['text'][:160]}" for m in findings if m["level"] in ("ERROR", "WARNING")
    ]

    # Then there is none
    assert unsuppressed == []


def test_every_cdk_nag_suppression_states_its_reason(template: dict[str, Any]) -> None:
    # Given the suppressions cdk-nag records in the resources' metadata
    suppressions = [
        (name, rule)
        for name, resource in template["Resources"].items()
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    ]

    # When their reasons are read
    without_reason = [(name, rule["id"]) for name, rule in suppressions if len(rule.get("reason", "")) < 20]

    # Then there are some, and each says why
    assert suppressions
    assert without_reason == []
    assert {rule["id"] for _, rule in suppressions} <= {
        "AwsSolutions-IAM4",
        "AwsSolutions-IAM5",
        "AwsSolutions-L1",
        "AwsSolutions-S1",
        "AwsSolutions-SM1",
        "AwsSolutions-SM2",
        "AwsSolutions-OS1",
        "AwsSolutions-OS3",
        "AwsSolutions-OS4",
        "AwsSolutions-OS7",
        "AwsSolutions-APIG4",
        "AwsSolutions-COG4",
    }


def test_the_synthesized_template_passes_cfn_lint(template: dict[str, Any]) -> None:
    # Given the synthesized template
    from cfnlint.api import lint

    # When cfn-lint checks it (CloudFormation's resource specifications, in the default region)
    matches = lint(json.dumps(template), regions=["eu-west-1"])

    # Then it reports nothing but the accepted findings
    reported = [f"{m.rule.id} {m.message}" for m in matches if m.rule.id not in ACCEPTED_CFN_LINT]
    assert reported == []
