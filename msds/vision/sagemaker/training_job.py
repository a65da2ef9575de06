"""The SageMaker ``CreateTrainingJob`` request that trains the vision model in the cloud.

Script mode: a framework training image runs ``python <entry point> --<hyperparameter> <value> ...`` from
the unpacked source archive (``sagemaker_program`` / ``sagemaker_submit_directory``, the hyperparameters
the SageMaker Python SDK would set, JSON-encoded the way it encodes them). Managed spot training with
checkpoints: the job may be interrupted and resumed, so ``MaxWaitTimeInSeconds`` (spot wait plus run)
is at least ``MaxRuntimeInSeconds`` and checkpoints go to ``/opt/ml/checkpoints``, synced to S3. One
``train`` channel, read with FastFile (or Pipe) and sharded by S3 key across the instances.

Building the request does no I/O and needs no AWS credentials: ``msds vision training-job --dry-run``
prints it; submitting it is the AWS adapter's job (msds.adapters.aws.sagemaker_training).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from msds.errors import ConfigurationError
from msds.vision.sagemaker.closure import source_closure
from msds.vision.sagemaker.package import reproducible_tar_gz

# SageMaker's PyTorch training image (Python 3.11, CPU) only as a script-mode runner: the training code
# itself needs no deep-learning framework. Its registry account is the same in most regions.
DEFAULT_IMAGE = (
    "763104351884.dkr.ecr.{region}.amazonaws.com/pytorch-training:2.5.1-cpu-py311-ubuntu22.04-sagemaker"
)
DEFAULT_REGION = "eu-west-1"
DEFAULT_INSTANCE_TYPE = "ml.c5.xlarge"
CHECKPOINT_LOCAL_PATH = "/opt/ml/checkpoints"
TRAIN_CHANNEL = "train"
# The entry point sits at the root of the source archive so that ``import msds`` works from it.
ENTRY_POINT = "train_vision_sagemaker.py"
SOURCE_ARCHIVE = "sourcedir.tar.gz"
DATA_PLAN = "data-plan.json"
# The training image brings its own PyTorch; pinning this host's build would replace it.
_IMAGE_PROVIDED = ("torch", "torchvision", "torchaudio")
# Read through importlib.resources / found by package name, so not seen by following imports.
_TRAINING_DATA = ("msds/synth/*.csv", "msds/data/ghs/*")
_TRAINING_EXTRAS = ("ghs-hazard-pictogram",)
InputMode = Literal["FastFile", "Pipe"]

_ROLE_ARN = re.compile(r"^arn:aws[a-z\-]*:iam::\d{12}:role/[\w+=,.@\-/]{1,512}$")
_BUCKET = re.compile(r"^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_JOB_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_INSTANCE_TYPE = re.compile(r"^ml\.[a-z0-9]+\.[a-z0-9]+$")


class TrainingJobError(ConfigurationError):
    """The training job cannot be defined as asked."""

    code = "training_job_error"


class MissingRoleArn(TrainingJobError):
    """SageMaker needs an execution role to read the data and write the model."""

    code = "missing_role_arn"


class InvalidRoleArn(TrainingJobError):
    code = "invalid_role_arn"


class InvalidBucket(TrainingJobError):
    code = "invalid_bucket"


class InvalidJobName(TrainingJobError):
    code = "invalid_job_name"


class InvalidStoppingCondition(TrainingJobError):
    code = "invalid_stopping_condition"


class InvalidResources(TrainingJobError):
    code = "invalid_resources"


@dataclass(frozen=True)
class TrainingJobSpec:
    """Everything the request is built from; the defaults are the project's training set-up."""

    role_arn: str | None
    bucket: str
    job_name: str
    seed: int = 7
    # The training is deterministic for a seed and a worker count: 2 reproduces the committed model.
    workers: int = 2
    prefix: str = "msds/vision"
    region: str = DEFAULT_REGION
    image_uri: str | None = None
    instance_type: str = DEFAULT_INSTANCE_TYPE
    instance_count: int = 1
    volume_size_gb: int = 30
    max_runtime_seconds: int = 2 * 3600
    max_wait_seconds: int = 4 * 3600
    input_mode: InputMode = "FastFile"
    hyperparameters: Mapping[str, str | int | float | bool] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def base_uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix.strip('/')}"

    @property
    def source_uri(self) -> str:
        """Where the source archive is uploaded before the job starts (one per job)."""
        return f"{self.base_uri}/source/{self.job_name}/{SOURCE_ARCHIVE}"

    @property
    def train_data_uri(self) -> str:
        return f"{self.base_uri}/data/{TRAIN_CHANNEL}/"

    @property
    def output_uri(self) -> str:
        return f"{self.base_uri}/output/"

    @property
    def checkpoint_uri(self) -> str:
        return f"{self.base_uri}/checkpoints/{self.job_name}/"


def default_job_name(seed: int, now: datetime) -> str:
    """``msds-vision-s<seed>-<UTC time>``: unique per launch, readable in the console."""
    return f"msds-vision-s{seed}-{now.strftime('%Y%m%d-%H%M%S')}"


def build_training_job_request(spec: TrainingJobSpec) -> dict[str, Any]:
    """The keyword arguments of ``sagemaker.create_training_job`` for ``spec``."""
    _validate(spec)
    hyperparameters: dict[str, Any] = {
        "seed": spec.seed,
        "workers": spec.workers,
        **spec.hyperparameters,
        "sagemaker_program": ENTRY_POINT,
        "sagemaker_submit_directory": spec.source_uri,
        "sagemaker_region": spec.region,
        "sagemaker_container_log_level": 20,
        "sagemaker_job_name": spec.job_name,
    }
    tags = {"project": "msds", "component": "vision-model", "seed": str(spec.seed), **spec.tags}
    return {
        "TrainingJobName": spec.job_name,
        "RoleArn": spec.role_arn,
        "AlgorithmSpecification": {
            "TrainingImage": (spec.image_uri or DEFAULT_IMAGE).format(region=spec.region),
            "TrainingInputMode": spec.input_mode,
            "EnableSageMakerMetricsTimeSeries": True,
            "MetricDefinitions": [
                {"Name": f"heldout:{kind}_{measure}", "Regex": f"heldout_{kind}_{measure}=([0-9.]+)"}
                for kind in ("pictogram", "signature")
                for measure in ("precision", "recall")
            ],
        },
        # Values are JSON-encoded, as the SageMaker Python SDK does in script mode; the training toolkit
        # decodes them before passing them to the entry point as ``--name value``.
        "HyperParameters": {name: json.dumps(value) for name, value in hyperparameters.items()},
        "InputDataConfig": [
            {
                "ChannelName": TRAIN_CHANNEL,
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": spec.train_data_uri,
                        "S3DataDistributionType": "ShardedByS3Key",
                    }
                },
                "InputMode": spec.input_mode,
            }
        ],
        "OutputDataConfig": {"S3OutputPath": spec.output_uri},
        "ResourceConfig": {
            "InstanceType": spec.instance_type,
            "InstanceCount": spec.instance_count,
            "VolumeSizeInGB": spec.volume_size_gb,
        },
        "StoppingCondition": {
            "MaxRuntimeInSeconds": spec.max_runtime_seconds,
            "MaxWaitTimeInSeconds": spec.max_wait_seconds,
        },
        "EnableManagedSpotTraining": True,
        "CheckpointConfig": {"S3Uri": spec.checkpoint_uri, "LocalPath": CHECKPOINT_LOCAL_PATH},
        "Environment": {"PYTHONHASHSEED": "0"},
        "RetryStrategy": {"MaximumRetryAttempts": 2},
        "Tags": [{"Key": key, "Value": value} for key, value in sorted(tags.items())],
    }


def data_plan(spec: TrainingJobSpec) -> dict[str, Any]:
    """The train channel's one object (``data-plan.json``): the training makes its data from the seed.

    SageMaker refuses a channel whose S3 prefix is empty; the plan also lets the entry point check that the
    channel and the hyperparameters agree on the seed.
    """
    return {
        "seed": spec.seed,
        "data": "generated inside the job by msds.vision.synthetic from the seed (official pictogram "
        "artwork, synthetic SDS pages, handwriting strokes, hard negatives)",
    }


def data_plan_uri(spec: TrainingJobSpec) -> str:
    return f"{spec.train_data_uri}{DATA_PLAN}"


def build_source_archive(entry_point: Path | None = None) -> bytes:
    """``sourcedir.tar.gz``: the entry point at its root, the modules it imports, ``requirements.txt``.

    The requirements are the distributions the imported modules need, pinned to this host's versions, plus
    those of ``requirements-train.txt`` (the artwork package is found by name, not imported); the training
    image's own deep-learning framework is left as it is.
    """
    entry_point = entry_point or Path(__file__).resolve().with_name("train_entry.py")
    closure = source_closure(
        [entry_point],
        data_files=_TRAINING_DATA,
        extra_requirements=_TRAINING_EXTRAS,
        exclude_requirements=_IMAGE_PROVIDED,
    )
    requirements = dict.fromkeys(closure.requirements)
    extras = closure.root / "requirements-train.txt"
    if extras.is_file():
        for line in extras.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line.startswith("-"):  # "-r requirements.txt": the runtime's own, already followed by imports
                continue
            name = re.split(r"[<>=!~\[; ]", line)[0].lower()
            if (
                line
                and name not in _IMAGE_PROVIDED
                and not any(r.lower().startswith(f"{name}==") for r in requirements)
            ):
                requirements[line] = None
    text = "".join(f"{line}\n" for line in requirements)
    members = [(ENTRY_POINT, entry_point.read_bytes()), ("requirements.txt", text.encode())]
    members.extend((str(path), (closure.root / path).read_bytes()) for path in closure.files)
    return reproducible_tar_gz(members)


def _validate(spec: TrainingJobSpec) -> None:
    if not spec.role_arn or not spec.role_arn.strip():
        raise MissingRoleArn("a SageMaker execution role ARN is required (--role-arn)")
    if not _ROLE_ARN.match(spec.role_arn):
        raise InvalidRoleArn(f"{spec.role_arn!r} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
    if not _BUCKET.match(spec.bucket):
        raise InvalidBucket(f"{spec.bucket!r} is not a valid S3 bucket name")
    if not _JOB_NAME.match(spec.job_name):
        raise InvalidJobName(
            f"{spec.job_name!r} is not a valid training job name (letters, digits, hyphens; at most 63)"
        )
    if spec.max_runtime_seconds <= 0:
        raise InvalidStoppingCondition("MaxRuntimeInSeconds must be positive")
    if spec.max_wait_seconds < spec.max_runtime_seconds:
        raise InvalidStoppingCondition(
            f"with spot training MaxWaitTimeInSeconds ({spec.max_wait_seconds}) must be at least "
            f"MaxRuntimeInSeconds ({spec.max_runtime_seconds})"
        )
    if not _INSTANCE_TYPE.match(spec.instance_type) or spec.instance_count < 1 or spec.volume_size_gb < 1:
        raise InvalidResources(
            f"instance type {spec.instance_type!r}, count {spec.instance_count} and volume "
            f"{spec.volume_size_gb} GB do not make a training cluster"
        )
    if spec.input_mode not in ("FastFile", "Pipe"):
        raise InvalidResources(f"input mode {spec.input_mode!r} is neither FastFile nor Pipe")
