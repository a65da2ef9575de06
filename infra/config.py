"""Deploy-time parameters, read once from the CDK context (``cdk.json`` or ``cdk deploy -c key=value``).

Every key is ``msds:<name>``; ``infra/README.md`` lists them with what they cost. Defaults are chosen so that
``cdk synth`` works offline and ``cdk deploy`` gives a working system with no parameter at all;
``deploy_warnings`` names the choices that would not deploy as expected.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from constructs import Node

CONTEXT_PREFIX = "msds:"
_SAGEMAKER_INSTANCE = re.compile(r"^ml\.[a-z0-9]+\.[a-z0-9]+$")
_SEARCH_INSTANCE = re.compile(r"^[a-z0-9]+\.[a-z0-9]+\.search$")
_EI_ACCELERATOR = re.compile(r"^ml\.eia[12]\.(medium|large|xlarge)$")
_WORKTEAM_ARN = re.compile(r"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:\d{12}:workteam/.+$")
_STAGE = re.compile(r"^[a-z][a-z0-9\-]{1,15}$")


class InvalidContext(ValueError):
    """A context value that cannot be deployed; the message names the key."""


@dataclass(frozen=True)
class InfraConfig:
    """All deploy-time parameters. Field ``x`` is the context key ``msds:x``."""

    stage: str = "dev"
    retain_data: bool = True
    alarm_email: str = ""
    # Upload bucket: S3 Object Lock (governance mode) on top of the deny-delete policy; 0 = off.
    documents_object_lock_days: int = 0
    uploads_expiry_days: int = 7
    # Vision endpoint (SageMaker real-time inference by default).
    vision_instance_type: str = "ml.c6i.large"
    vision_min_instances: int = 1
    vision_max_instances: int = 4
    vision_invocations_per_instance: int = 200
    vision_serverless: bool = False
    vision_serverless_memory_mb: int = 4096
    vision_serverless_max_concurrency: int = 10
    # Legacy and retired: Amazon Elastic Inference (e.g. "ml.eia2.medium"). Empty = no accelerator.
    vision_accelerator_type: str = ""
    vision_image_uri: str = ""
    # The model package: empty = built during the synth from the model the project ships (msds/data/vision)
    # and uploaded as an asset; or a file of one's own (`msds vision package -o FILE`), also an asset; an S3
    # URL in msds:vision_model_data_url wins over both.
    vision_model_package: str = ""
    vision_model_data_url: str = ""
    # Model in the isolated subnets with network isolation: needs a model package that vendors its wheels.
    vision_network_isolation: bool = False
    # Human review: the product's own queue (the web app). An A2I private workteam ARN sends review tasks to
    # Amazon A2I human loops instead (opt-in for accounts that already use A2I); empty = no A2I resources.
    a2i_workteam_arn: str = ""
    review_days: int = 7
    review_task_minutes: int = 60
    # Search (Amazon OpenSearch Service).
    search_instance_type: str = "m7g.large.search"
    search_volume_gb: int = 20
    search_ha: bool = False
    # Analytics (Amazon Redshift Serverless), in Redshift Processing Units.
    redshift_base_capacity: int = 8
    redshift_max_capacity: int = 32
    # Workflow.
    backfill_max_concurrency: int = 10
    # API.
    api_cors_origins: tuple[str, ...] = ()
    # Packaging: the dependencies layer built by scripts/build_assets.py.
    lambda_layer_dir: str = "build/lambda/layer"
    # cdk-nag AwsSolutions checks on every synth.
    nag: bool = True

    @classmethod
    def from_context(cls, node: Node) -> InfraConfig:
        return cls.from_mapping(dict(node.get_all_context()))

    @classmethod
    def from_mapping(cls, context: Mapping[str, Any]) -> InfraConfig:
        """Read the ``msds:*`` keys; an unknown ``msds:`` key is an error (a typo would deploy a default)."""
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        unknown: list[str] = []
        for key, raw in context.items():
            if not key.startswith(CONTEXT_PREFIX):
                continue
            name = key.removeprefix(CONTEXT_PREFIX)
            if name not in fields:
                unknown.append(key)
            elif raw is not None:
                values[name] = _coerce(name, raw, fields[name].default)
        if unknown:
            raise InvalidContext(f"unknown context key(s) {', '.join(sorted(unknown))}; see infra/config.py")
        return cls(**values).validated()

    def validated(self) -> InfraConfig:
        if not _STAGE.match(self.stage):
            raise InvalidContext(f"msds:stage {self.stage!r}: 2-16 lowercase letters, digits or '-'")
        if not self.vision_serverless and not _SAGEMAKER_INSTANCE.match(self.vision_instance_type):
            raise InvalidContext(
                f"msds:vision_instance_type {self.vision_instance_type!r} is not ml.<family>.<size>"
            )
        if self.vision_accelerator_type:
            if not _EI_ACCELERATOR.match(self.vision_accelerator_type):
                raise InvalidContext(
                    f"msds:vision_accelerator_type {self.vision_accelerator_type!r} is not an Elastic "
                    "Inference "
                    "accelerator (ml.eia1.* or ml.eia2.*)"
                )
            if self.vision_serverless:
                raise InvalidContext(
                    "msds:vision_accelerator_type cannot be combined with msds:vision_serverless"
                )
        if not 1 <= self.vision_min_instances <= self.vision_max_instances:
            raise InvalidContext("msds:vision_min_instances must be >= 1 and <= msds:vision_max_instances")
        if self.vision_serverless_memory_mb not in (1024, 2048, 3072, 4096, 5120, 6144):
            raise InvalidContext("msds:vision_serverless_memory_mb must be one of 1024, 2048, ..., 6144")
        if not 1 <= self.vision_serverless_max_concurrency <= 200:
            raise InvalidContext("msds:vision_serverless_max_concurrency must be within 1..200")
        if self.a2i_workteam_arn and not _WORKTEAM_ARN.match(self.a2i_workteam_arn):
            raise InvalidContext(
                f"msds:a2i_workteam_arn {self.a2i_workteam_arn!r} is not a SageMaker workteam ARN"
            )
        if not 1 <= self.review_days <= 10:
            raise InvalidContext("msds:review_days must be within 1..10 (the A2I task availability limit)")
        if not 1 <= self.review_task_minutes <= 480:
            raise InvalidContext("msds:review_task_minutes must be within 1..480 (the A2I task time limit)")
        if not _SEARCH_INSTANCE.match(self.search_instance_type):
            raise InvalidContext(
                f"msds:search_instance_type {self.search_instance_type!r} is not <family>.<size>.search"
            )
        if self.redshift_base_capacity < 8 or self.redshift_base_capacity % 8:
            raise InvalidContext("msds:redshift_base_capacity must be a multiple of 8 RPUs, at least 8")
        if self.redshift_max_capacity < self.redshift_base_capacity:
            raise InvalidContext("msds:redshift_max_capacity must be >= msds:redshift_base_capacity")
        if not 1 <= self.backfill_max_concurrency <= 10000:
            raise InvalidContext("msds:backfill_max_concurrency must be within 1..10000")
        if self.documents_object_lock_days < 0 or self.uploads_expiry_days < 1:
            raise InvalidContext(
                "msds:documents_object_lock_days must be >= 0 and msds:uploads_expiry_days >= 1"
            )
        return self

    @property
    def a2i(self) -> bool:
        """Review tasks go to Amazon A2I (a workteam is named) instead of the product's queue."""
        return bool(self.a2i_workteam_arn)

    def review_wait_seconds(self) -> int:
        """How long the workflow waits for a review: the days a task is offered, the time to work it, and an
        hour's margin; then the task stays in the queue and its later submit publishes by itself."""
        return self.review_days * 86400 + self.review_task_minutes * 60 + 3600

    def model_package_path(self) -> Path | None:
        """The model package file of msds:vision_model_package; None = build the shipped model's."""
        if not self.vision_model_package:
            return None
        path = Path(self.vision_model_package)
        return path if path.is_absolute() else _project_root() / path

    def deploy_warnings(self) -> list[str]:
        """Choices that would not deploy as a user expects (the defaults give none)."""
        warnings = []
        if self.vision_accelerator_type:
            warnings.append(
                "msds:vision_accelerator_type asks for Amazon Elastic Inference, which AWS retired in "
                "2024 (no new "
                "customers since 2023): the endpoint will not deploy in accounts without prior EI use"
            )
        return warnings


def _project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _coerce(name: str, raw: Any, default: Any) -> Any:
    """Context values arrive as JSON from cdk.json and as strings from ``-c key=value``."""
    key = CONTEXT_PREFIX + name
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise InvalidContext(f"{key} must be true or false, not {raw!r}")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise InvalidContext(f"{key} must be an integer, not {raw!r}") from None
    if isinstance(default, tuple):
        if isinstance(raw, str):
            raw = json.loads(raw) if raw.strip().startswith("[") else [p for p in raw.split(",") if p.strip()]
        if not isinstance(raw, list | tuple):
            raise InvalidContext(f"{key} must be a list, not {raw!r}")
        return tuple(str(v).strip() for v in raw)
    if not isinstance(raw, str):
        raise InvalidContext(f"{key} must be a string, not {raw!r}")
    return raw.strip()
