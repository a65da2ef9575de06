"""Launch the vision model's SageMaker training job: upload its source archive and data plan, then
CreateTrainingJob with the request msds.vision.sagemaker.training_job built."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3

from msds.adapters.aws.service_errors import service_call
from msds.errors import ConfigurationError

DATA_PLAN = "data-plan.json"


class InvalidTrainingRequest(ConfigurationError):
    """The request lacks what the launcher needs to upload (source directory, train channel)."""

    code = "invalid_training_request"


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> (bucket, key)."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not key:
        raise InvalidTrainingRequest(f"{uri!r} is not an s3://bucket/key URI")
    return bucket, key


class SageMakerTrainingLauncher:
    """Uploads what the job reads, then creates it; botocore errors become the product's named errors."""

    def __init__(self, sagemaker_client: Any, s3_client: Any) -> None:
        self._sagemaker = sagemaker_client
        self._s3 = s3_client

    @classmethod
    def for_region(cls, region: str) -> SageMakerTrainingLauncher:
        session = boto3.session.Session(region_name=region)
        return cls(session.client("sagemaker"), session.client("s3"))

    def launch(self, request: Mapping[str, Any], source_archive: bytes, data_plan: Mapping[str, Any]) -> str:
        """Upload the archive where ``sagemaker_submit_directory`` points and the data plan into the train
        channel's prefix, create the job, return its ARN."""
        encoded = request.get("HyperParameters", {}).get("sagemaker_submit_directory")
        channels = request.get("InputDataConfig") or []
        if not encoded or not channels:
            raise InvalidTrainingRequest("the request has no sagemaker_submit_directory or no input channel")
        self._put(json.loads(encoded), source_archive, "application/gzip")
        channel_uri = channels[0]["DataSource"]["S3DataSource"]["S3Uri"].rstrip("/")
        self._put(f"{channel_uri}/{DATA_PLAN}", json.dumps(dict(data_plan)).encode(), "application/json")
        with service_call("sagemaker:CreateTrainingJob"):
            response = self._sagemaker.create_training_job(**request)
        return str(response["TrainingJobArn"])

    def _put(self, uri: str, body: bytes, content_type: str) -> None:
        bucket, key = split_s3_uri(uri)
        with service_call("s3:PutObject"):
            self._s3.put_object(
                Bucket=bucket, Key=key, Body=body, ContentType=content_type, ServerSideEncryption="aws:kms"
            )
