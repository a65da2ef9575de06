"""The cost estimate's model of the AWS host matches the stack: its deployment defaults are the context
defaults, Textract gets the feature types the adapter requests, and the transitions it counts are the states
an execution of the synthesized state machine enters."""

from __future__ import annotations

import dataclasses
from typing import Any

from infra.config import InfraConfig
from models.cost import Deployment
from msds.adapters.aws.textract import DEFAULT_FEATURES
from msds.pipeline.steps import STEP_NAMES
from msds.services.cost_estimate import workflow_transitions
from tests.infra.conftest import Synthesized
from tests.infra.test_workflow import DOCUMENT_MACHINE, definition, main_path


def test_the_deployment_defaults_of_the_estimate_are_the_stack_defaults() -> None:
    # Given the stack's context defaults and the estimate's deployment defaults
    stack = {field.name: field.default for field in dataclasses.fields(InfraConfig)}
    estimate = Deployment().model_dump()
    # When the parameters both know are compared
    shared = sorted(set(stack) & set(estimate))
    # Then each has the same default, and the vision, search and analytics sizes are among them
    assert {name: estimate[name] for name in shared} == {name: stack[name] for name in shared}
    assert {
        "vision_instance_type",
        "vision_serverless",
        "search_instance_type",
        "redshift_base_capacity",
    } <= set(shared)


def test_the_estimate_prices_the_feature_types_the_textract_adapter_requests() -> None:
    # Given the adapter's default FeatureTypes
    # When the estimate's default deployment is read
    # Then it prices the same feature types
    assert Deployment().textract_features == DEFAULT_FEATURES


def test_the_transitions_counted_are_the_states_an_execution_enters(synthesized: Synthesized) -> None:
    # Given the synthesized document state machine
    states: dict[str, Any] = definition(synthesized, DOCUMENT_MACHINE)["States"]
    # When the states of a sheet that is accepted without review are walked
    path = main_path(states, definition(synthesized, DOCUMENT_MACHINE)["StartAt"])
    # Then the estimate counts exactly that many transitions, and a review adds the HumanReview state
    assert len(path) == workflow_transitions(STEP_NAMES, review_share=0.0)
    assert workflow_transitions(STEP_NAMES, review_share=1.0) - len(path) == 1
    assert "HumanReview" in states and "HumanReview" not in path
