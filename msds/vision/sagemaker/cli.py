"""``msds vision ...``: build the SageMaker model package and define (or launch) the training job."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from msds.vision.sagemaker.package import build_model_package
from msds.vision.sagemaker.training_job import (
    DEFAULT_INSTANCE_TYPE,
    DEFAULT_REGION,
    TrainingJobSpec,
    build_source_archive,
    build_training_job_request,
    data_plan,
    default_job_name,
)


def register(commands: Any) -> None:
    """Add the ``vision`` command group to the ``msds`` sub-command parsers."""
    vision = commands.add_parser("vision", help="vision model: SageMaker model package and training job")
    group = vision.add_subparsers(dest="vision_command", required=True)

    package = group.add_parser("package", help="write model.tar.gz for a SageMaker real-time endpoint")
    package.add_argument("-o", "--output", default="out/vision/model.tar.gz")
    package.add_argument("--artefacts", help="trained artefacts folder (default: msds/data/vision)")
    package.set_defaults(handler=cmd_package)

    job = group.add_parser("training-job", help="define the SageMaker training job (spot, checkpoints)")
    job.add_argument("--role-arn", help="SageMaker execution role")
    job.add_argument("--bucket", required=True, help="S3 bucket for data, source, checkpoints and output")
    job.add_argument("--prefix", default="msds/vision")
    job.add_argument("--region", default=DEFAULT_REGION)
    job.add_argument("--job-name", help="default: msds-vision-s<seed>-<UTC time>")
    job.add_argument("--seed", type=int, default=TrainingJobSpec.seed)
    job.add_argument("--workers", type=int, default=TrainingJobSpec.workers, help="training processes")
    job.add_argument("--image-uri", help="training image (default: SageMaker's PyTorch CPU py311 image)")
    job.add_argument("--instance-type", default=DEFAULT_INSTANCE_TYPE)
    job.add_argument("--instance-count", type=int, default=1)
    job.add_argument("--max-runtime", type=int, default=TrainingJobSpec.max_runtime_seconds, help="seconds")
    job.add_argument("--max-wait", type=int, default=TrainingJobSpec.max_wait_seconds, help="seconds")
    job.add_argument("--input-mode", choices=("FastFile", "Pipe"), default="FastFile")
    job.add_argument("--dry-run", action="store_true", help="print the request; call no AWS service")
    job.set_defaults(handler=cmd_training_job)


def cmd_package(args: argparse.Namespace) -> int:
    output = Path(args.output)
    manifest = build_model_package(output, Path(args.artefacts) if args.artefacts else None)
    print(f"wrote {output} ({output.stat().st_size} bytes, {len(manifest.members)} files)", file=sys.stderr)
    return 0


def cmd_training_job(args: argparse.Namespace) -> int:
    spec = TrainingJobSpec(
        role_arn=args.role_arn,
        bucket=args.bucket,
        job_name=args.job_name or default_job_name(args.seed, datetime.now(UTC)),
        seed=args.seed,
        workers=args.workers,
        prefix=args.prefix,
        region=args.region,
        image_uri=args.image_uri,
        instance_type=args.instance_type,
        instance_count=args.instance_count,
        max_runtime_seconds=args.max_runtime,
        max_wait_seconds=args.max_wait,
        input_mode=args.input_mode,
    )
    request = build_training_job_request(spec)
    if args.dry_run:
        print(json.dumps(request, indent=2))
        return 0
    # Only a real launch touches AWS: the adapter (and boto3) are imported here, never by a dry run.
    from msds.adapters.aws.sagemaker_training import SageMakerTrainingLauncher

    launcher = SageMakerTrainingLauncher.for_region(spec.region)
    arn = launcher.launch(request, build_source_archive(), data_plan(spec))
    print(arn)
    return 0
