"""Every function's environment matches the settings models the functions read it with."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from infra.environment import (
    AWS_ENV_PREFIX,
    MissingSetting,
    aws_settings_model,
    function_aws_environment,
    to_env_value,
)
from infra.handlers import all_handlers
from msds.settings import ENV_PREFIX, Settings
from tests.infra.conftest import Synthesized


def project_functions(synthesized: Synthesized) -> dict[str, dict[str, Any]]:
    return {
        name: f["Properties"]
        for name, f in synthesized.resources("AWS::Lambda::Function").items()
        if f["Properties"]["Handler"].startswith("lambdas.")
    }


def test_there_is_one_function_per_handler_of_the_registry(synthesized: Synthesized) -> None:
    # Given the functions of the template that run project handlers
    functions = project_functions(synthesized)

    # When their handlers are listed
    handlers = sorted(f["Handler"] for f in functions.values())

    # Then they are the registry's, each once
    assert handlers == sorted(spec.handler for spec in all_handlers())


def test_every_function_has_exactly_the_variables_of_the_settings_model(synthesized: Synthesized) -> None:
    # Given the settings model's environment variables
    expected = set(Settings.environment_names())

    for name, function in project_functions(synthesized).items():
        # When the function's MSDS_* variables (other than the AWS resources) are listed
        variables = function["Environment"]["Variables"]
        product = {k for k in variables if k.startswith(ENV_PREFIX) and not k.startswith(AWS_ENV_PREFIX)}

        # Then they are exactly the model's, none missing and none unknown
        assert product == expected, name


def test_the_settings_variables_read_back_as_the_settings_of_a_function(synthesized: Synthesized) -> None:
    # Given one function's MSDS_* variables
    function = next(iter(project_functions(synthesized).values()))
    variables = {k: v for k, v in function["Environment"]["Variables"].items() if isinstance(v, str)}

    # When the settings model reads them
    settings = Settings.from_env(variables)

    # Then they are valid and give the Lambda values: /tmp data, one worker, Amazon Translate, every language
    assert str(settings.data_dir) == "/tmp/msds-data"
    assert settings.workers == 1 and settings.translator == "amazon"
    assert to_env_value(settings.languages) == variables["MSDS_LANGUAGES"]


def test_every_function_names_the_deployed_resources_of_the_aws_settings_model(
    synthesized: Synthesized,
) -> None:
    # Given the AWS composition root's settings model (the functions build their clients from it)
    model = aws_settings_model()
    if model is None:
        pytest.skip("msds.composition_aws does not exist yet")
    known = set(model.environment_names())  # type: ignore[attr-defined]
    required = {AWS_ENV_PREFIX + n.upper() for n, f in model.model_fields.items() if f.is_required()}

    for name, function in project_functions(synthesized).items():
        # When the function's MSDS_AWS_* variables are listed
        variables = function["Environment"]["Variables"]
        resources = {k for k in variables if k.startswith(AWS_ENV_PREFIX)}

        # Then each is a field of the model, the required ones are there, and the resources are wired
        assert resources <= known, (name, sorted(resources - known))
        assert required <= resources, name
        for wired in (
            "DOCUMENT_BUCKET",
            "STATE_TABLE",
            "STATE_MACHINE_ARN",
            "TEXTRACT_TOPIC_ARN",
            "VISION_ENDPOINT",
            "REVIEW_TASKS_TABLE",
            "SEARCH_ENDPOINT",
            "REDSHIFT_WORKGROUP",
        ):
            assert AWS_ENV_PREFIX + wired in variables, (name, wired)
        assert variables["MSDS_AWS_OCR"] == "textract" and variables["MSDS_AWS_SEARCH_INDEX"] == "sds-records"
        # ... and reviewers work the product's own queue: no A2I flow definition by default
        assert (
            variables["MSDS_AWS_REVIEW_CHANNEL"] == "queue"
            and "MSDS_AWS_FLOW_DEFINITION_ARN" not in variables
        )


def test_every_existing_handler_module_has_a_handler_function() -> None:
    # Given the handler modules of the registry that exist in lambdas/ (others may be added later)
    existing = [spec for spec in all_handlers() if importlib.util.find_spec(spec.module) is not None]

    # When each is imported
    missing = [
        spec.module
        for spec in existing
        if not callable(getattr(importlib.import_module(spec.module), "handler", None))
    ]

    # Then each defines handler(event, context)
    assert existing, "no handler module exists yet"
    assert missing == []


def test_a_functions_own_setting_that_the_model_does_not_know_is_a_synth_error() -> None:
    # Given the web function's own settings, one of them misspelt
    resources = {"sessions_table": "msds-dev-sessions", "user_pool_idd": "eu-west-1_x"}
    # When their variables are made
    # Then the synth stops, naming the unknown field (a typo would deploy a function without it)
    with pytest.raises(MissingSetting, match="user_pool_idd"):
        function_aws_environment(resources)
    assert function_aws_environment({"sessions_table": "t"}) == {"MSDS_AWS_SESSIONS_TABLE": "t"}
