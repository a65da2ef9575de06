"""Composition root of the web app on the AWS host: the same app as ``msds serve`` (``msds.web.app``) over the
AWS pipeline services (``msds.composition_aws``), with sessions and the review queue in DynamoDB, Cognito's
hosted sign-in and bearer tokens, presigned S3 uploads (the browser posts straight to the bucket, whose upload
starts the workflow), the resumption of the workflow waiting for a review, and reprocess attempts (the
administrators' route, and the publication of a review submitted after its workflow stopped waiting), each a
new execution of the document state machine.

Nothing happens at import: ``aws_web()`` builds the host on a container's first request (``lambdas.web``) and
returns the same one afterwards.
"""

from __future__ import annotations

import threading
from typing import Any

from models.review import ReviewTask
from msds import composition_aws
from msds.adapters.aws.clients import client_config, presign_config
from msds.adapters.aws.cognito_sign_in import CognitoHostedSignIn, CognitoPool, CognitoTokens, SigningKeys
from msds.adapters.aws.dynamo_sessions import DynamoSessions
from msds.adapters.aws.s3_downloads import S3OriginalLinks
from msds.adapters.aws.workflow import AwsServices, WorkflowReprocessor, publish_later, resume_review
from msds.composition_aws import AwsSettings
from msds.errors import ConfigurationError
from msds.pipeline.review import MergedReview
from msds.web.host import WebHost

WEB_SETTINGS = (
    "sessions_table",
    "review_tasks_table",
    "user_pool_id",
    "user_pool_client_id",
    "sign_in_domain",
)


def build_aws_web(aws: AwsServices, settings: AwsSettings, session: Any) -> WebHost:
    """The web host over the AWS services; ConfigurationError naming every web setting that is missing."""
    missing = [
        composition_aws.AWS_ENV_PREFIX + name.upper() for name in WEB_SETTINGS if not getattr(settings, name)
    ]
    if missing:
        raise ConfigurationError(f"the web app needs {', '.join(missing)}")
    if aws.uploads is None or aws.pipeline.review_tasks is None:
        raise ConfigurationError("the web app needs the upload signer and the review queue")
    region = session.region_name
    if not region:
        raise ConfigurationError("the web app needs a region (AWS_REGION) for the user pool's issuer")
    pool = CognitoPool(
        region=region,
        user_pool_id=str(settings.user_pool_id),
        client_id=str(settings.user_pool_client_id),
        domain_url=str(settings.sign_in_domain),
    )
    tokens = CognitoTokens(pool, SigningKeys(pool.jwks_url))

    def resume(task: ReviewTask, merged: MergedReview) -> bool:
        return resume_review(aws, task, merged)

    def publish_reviewed(document_id: str) -> int | None:
        return publish_later(document_id, aws)

    return WebHost(
        services=aws.pipeline,
        sessions=DynamoSessions(
            session.client("dynamodb", config=client_config()), str(settings.sessions_table)
        ),
        sign_in=CognitoHostedSignIn(pool, tokens),
        bearer=tokens,
        uploads=aws.uploads,
        review_tasks=aws.pipeline.review_tasks,
        name="aws",
        cookie_secure=True,
        # The browser posts upload forms to the bucket, and signs in and out on the pool's domain.
        form_origins=(aws.uploads.origin(), pool.base),
        resume_workflow=resume,
        publish_later=publish_reviewed,
        reprocessor=WorkflowReprocessor(aws),
        original_links=S3OriginalLinks(
            session.client("s3", config=presign_config()), settings.document_bucket
        ),
    )


_web: WebHost | None = None
_built_for: AwsServices | None = None
_lock = threading.Lock()


def aws_web() -> WebHost:
    """The container's web host, built on first use from the environment (and again when the services were
    rebuilt, ``composition_aws.reset_aws_services``)."""
    global _web, _built_for
    services = composition_aws.aws_services()
    with _lock:
        if _web is None or _built_for is not services:
            _web = build_aws_web(services, AwsSettings.from_env(), composition_aws.default_session())
            _built_for = services
        return _web
