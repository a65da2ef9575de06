"""Who may publish: the Publish step, and the two functions that publish a record again outside the workflow
(start_workflow for a new supplier of the same bytes, the web app for a review with no workflow left)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.conftest import Synthesized

PUBLISHING = ("FunctionsStepPublishRole", "FunctionsStartWorkflowRole", "FunctionsWebRole")
NOT_PUBLISHING = ("FunctionsRecordFailureRole", "FunctionsStepValidateRole", "FunctionsStepRouteRole")


def _actions_of(synthesized: Synthesized, role_prefix: str) -> set[str]:
    actions: set[str] = set()
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        roles = [ref.get("Ref", "") for ref in policy["Properties"].get("Roles", [])]
        if not any(name.startswith(role_prefix) for name in roles):
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            listed: Any = statement["Action"]
            actions.update([listed] if isinstance(listed, str) else listed)
    return actions


@pytest.mark.parametrize("role", PUBLISHING)
def test_functions_that_publish_may_index_and_load(synthesized: Synthesized, role: str) -> None:
    # Given a function that publishes records
    # When its role's policies are read
    actions = _actions_of(synthesized, role)
    # Then it may write to the search domain and run Data API statements
    assert {"es:ESHttpPut", "es:ESHttpPost", "redshift-data:BatchExecuteStatement"} <= actions


@pytest.mark.parametrize("role", NOT_PUBLISHING)
def test_functions_that_do_not_publish_may_not_write_to_search_or_analytics(
    synthesized: Synthesized, role: str
) -> None:
    # Given a function that does not publish
    # When its role's policies are read
    actions = _actions_of(synthesized, role)
    # Then it can neither change the index nor load analytics
    assert not {"es:ESHttpPut", "es:ESHttpDelete", "redshift-data:BatchExecuteStatement"} & actions


def test_every_publishing_role_is_mapped_as_an_index_writer(synthesized: Synthesized) -> None:
    # Given the index custom resource, which maps roles in fine-grained access control
    index = synthesized.one("Custom::OpenSearchIndex")
    # When its writer roles are read
    writers = {arn["Fn::GetAtt"][0] for arn in index["WriterRoleArns"]}
    # Then each publishing function's role is one of them
    assert all(any(name.startswith(role) for name in writers) for role in PUBLISHING)
    assert len(writers) == len(PUBLISHING)
