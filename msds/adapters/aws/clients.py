"""boto3 sessions and client settings shared by the AWS adapters."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config


def client_config() -> Config:
    """Standard retries (with backoff, on throttling and 5xx), bounded waits, and the product's user agent."""
    return Config(
        retries={"mode": "standard", "max_attempts": 4},
        connect_timeout=5,
        read_timeout=60,
        user_agent_extra="msds",
    )


def presign_config() -> Config:
    """client_config() with Signature Version 4, which presigned S3 forms need for SSE-KMS (and in every
    Region opened since 2014; botocore would otherwise sign them with version 2), and virtual-hosted
    addressing, which makes the form's URL the bucket's regional endpoint
    (``https://<bucket>.s3.<region>.amazonaws.com``) instead of the global one, which answers a browser's POST
    to a bucket created outside us-east-1 with a redirect for up to a day."""
    return client_config().merge(Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))


def default_session() -> Any:
    """A boto3 session from the environment (the Lambda role, region from AWS_REGION)."""
    return boto3.session.Session()
