"""The environment of every function: the settings models' MSDS_* variables and Powertools.

Two models are read by the functions (see msds/composition_aws.py):

* ``msds.settings.Settings`` (``MSDS_<FIELD>``): the product's tunables. Every field is set, from, in order,
  the Lambda overrides below, then the field's default; a field added to the model reaches every function
  without touching infra.
* ``msds.composition_aws.AwsSettings`` (``MSDS_AWS_<FIELD>``): the deployment's resources. A field is set
  from the stack's resources (by field name), then the Lambda overrides; a field the stack does not provide
  keeps the model's default, and a required field the stack does not provide is a synth error, not a
  function that fails at its first call.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from msds.settings import ENV_PREFIX, Settings

AWS_SETTINGS_MODULE = "msds.composition_aws"
AWS_ENV_PREFIX = "MSDS_AWS_"
# Values that differ on Lambda from the local defaults (only fields that exist are used).
LAMBDA_OVERRIDES: dict[str, str] = {
    "data_dir": "/tmp/msds-data",  # the only writable path of a function
    "workers": "1",  # one document per invocation; Step Functions gives the parallelism
    "translator": "amazon",  # free text the phrase catalog cannot translate goes to Amazon Translate
}
AWS_OVERRIDES: dict[str, str] = {
    "ocr": "textract",
    "language_detector": "comprehend",
    "search_service": "es",
    # The EventBridge rule filters uploads/; backfill/ objects are started by the backfill workflow.
    "upload_prefix": "",
}

SERVICE_NAME = "msds"
METRICS_NAMESPACE = "Msds"


class MissingSetting(ValueError):
    """A required settings field that the stack does not provide."""


def aws_settings_model() -> type[BaseModel] | None:
    """``AwsSettings`` of the AWS composition root, or None while that module does not exist yet."""
    try:
        module = importlib.import_module(AWS_SETTINGS_MODULE)
    except ModuleNotFoundError as error:
        if error.name != AWS_SETTINGS_MODULE:
            raise
        return None
    model: type[BaseModel] = module.AwsSettings
    return model


def settings_environment() -> dict[str, str]:
    """MSDS_<FIELD> for every field of the product's settings model, and nothing else."""
    return _environment(Settings, ENV_PREFIX, LAMBDA_OVERRIDES, {}, required_only=False)


def aws_environment(resources: Mapping[str, str]) -> dict[str, str]:
    """MSDS_AWS_<FIELD> for the deployment's resources the model has a field for (the stack offers more than
    the functions may read yet); fields the stack does not set keep the model's defaults."""
    model = aws_settings_model()
    if model is None:
        return {}
    return _environment(model, AWS_ENV_PREFIX, AWS_OVERRIDES, resources, required_only=True)


def function_aws_environment(resources: Mapping[str, str]) -> dict[str, str]:
    """MSDS_AWS_<FIELD> for exactly these resources of one function (the web app's sign-in and sessions);
    MissingSetting when a name is not a field of the AWS settings model (a typo would deploy a function
    without the setting)."""
    model = aws_settings_model()
    fields = model.model_fields if model is not None else {}
    unknown = sorted(name for name in resources if name not in fields)
    if unknown:
        raise MissingSetting(f"the AWS settings model has no field {', '.join(unknown)}")
    return {AWS_ENV_PREFIX + name.upper(): value for name, value in resources.items()}


def _environment(
    model: type[BaseModel],
    prefix: str,
    overrides: Mapping[str, str],
    resources: Mapping[str, str],
    *,
    required_only: bool,
) -> dict[str, str]:
    env: dict[str, str] = {}
    for name, info in model.model_fields.items():
        key = prefix + name.upper()
        if name in resources:
            env[key] = resources[name]
        elif name in overrides:
            env[key] = overrides[name]
        elif info.is_required():
            raise MissingSetting(f"{model.__name__}.{name} has no default and the stack gives it no value")
        elif not required_only:
            default = info.default if info.default is not PydanticUndefined else info.default_factory()  # type: ignore[call-arg,misc]
            env[key] = to_env_value(default)
    return env


def powertools_environment(log_level: str = "INFO") -> dict[str, str]:
    return {
        "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
        "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
        "POWERTOOLS_LOG_LEVEL": log_level,
        "POWERTOOLS_LOGGER_LOG_EVENT": "false",  # events carry supplier documents' metadata
        "POWERTOOLS_LOGGER_SAMPLE_RATE": "0",
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",  # responses can carry whole records
        "POWERTOOLS_TRACER_CAPTURE_ERROR": "true",
    }


def to_env_value(value: Any) -> str:
    """How the settings models read each type back: booleans lower case, sequences comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(to_env_value(v) for v in value)
    return str(value)
