"""Storage: the customer-managed key, the document bucket (originals kept immutable), results, access logs."""

from __future__ import annotations

from typing import Any

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.config import InfraConfig
from infra.nag import suppress

# Key layout of the document bucket (msds.adapters.aws.s3_store): suppliers' presigned POSTs land in uploads/
# (which starts the workflow); Receive stores each accepted file once, by content, under originals/<sha256>;
# the steps keep their artifacts under artifacts/<sha256>/; backfill/ takes historical sheets in bulk (the
# backfill workflow reads it; it does not start the event-driven path).
UPLOADS_PREFIX = "uploads/"
ORIGINALS_PREFIX = "originals/"
ARTIFACTS_PREFIX = "artifacts/"
BACKFILL_PREFIX = "backfill/"
# Prefixes of the results bucket: service outputs and deployment inputs, nothing a supplier sent.
TEXTRACT_PREFIX = "textract-output/"  # msds.adapters.aws.textract.TextractSettings.output_prefix
REVIEW_OUTPUT_PREFIX = "review-output/"  # the A2I flow definition's S3OutputPath
ANALYTICS_STAGING_PREFIX = "analytics-staging/"  # msds.adapters.aws.redshift_loader staging_prefix
VISION_MODEL_PREFIX = "vision-model/"
BACKFILL_RESULTS_PREFIX = "backfill-results/"


class Storage(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY

        self.key = kms.Key(
            self,
            "DataKey",
            description="msds: documents, records, state, queues, topics, search and analytics at rest",
            enable_key_rotation=True,
            rotation_period=Duration.days(365),
            removal_policy=removal,
            pending_window=Duration.days(30),
        )
        self.key.add_alias(f"alias/msds-{config.stage}-data")
        self._allow_cloudwatch_logs()
        self._allow_delivery_to_encrypted_queues()

        # Server access logs: SSE-S3 is the only encryption S3 log delivery supports.
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            versioned=True,
            removal_policy=removal,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-logs",
                    expiration=Duration.days(365),
                    noncurrent_version_expiration=Duration.days(30),
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=Duration.days(30),
                        )
                    ],
                ),
            ],
        )
        suppress(
            self.access_logs,
            "AwsSolutions-S1",
            "This is the server access log bucket itself; logging it into itself would loop.",
        )

        object_lock = (
            s3.ObjectLockRetention.governance(Duration.days(config.documents_object_lock_days))
            if config.documents_object_lock_days
            else None
        )
        self.documents = s3.Bucket(
            self,
            "Documents",
            **self._private_bucket(),
            object_lock_enabled=True if object_lock else None,
            object_lock_default_retention=object_lock,
            event_bridge_enabled=True,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="documents/",
            removal_policy=removal,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="abort-incomplete-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
                ),
                s3.LifecycleRule(
                    id="expire-uploads",
                    prefix=UPLOADS_PREFIX,
                    expiration=Duration.days(config.uploads_expiry_days),
                    noncurrent_version_expiration=Duration.days(1),
                ),
                s3.LifecycleRule(
                    id="originals-to-infrequent-access",
                    prefix=ORIGINALS_PREFIX,
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=Duration.days(90),
                        )
                    ],
                    noncurrent_version_expiration=Duration.days(90),
                ),
                s3.LifecycleRule(
                    id="artifacts-versions",
                    prefix=ARTIFACTS_PREFIX,
                    noncurrent_version_expiration=Duration.days(30),
                ),
                s3.LifecycleRule(
                    id="expire-backfill-drops",
                    prefix=BACKFILL_PREFIX,
                    expiration=Duration.days(90),
                    noncurrent_version_expiration=Duration.days(1),
                ),
            ],
        )
        self._make_originals_immutable()

        self.results = s3.Bucket(
            self,
            "Results",
            **self._private_bucket(),
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="results/",
            removal_policy=removal,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="abort-incomplete-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)
                ),
                s3.LifecycleRule(id="noncurrent-versions", noncurrent_version_expiration=Duration.days(30)),
                s3.LifecycleRule(id="textract-output", prefix=TEXTRACT_PREFIX, expiration=Duration.days(30)),
                s3.LifecycleRule(
                    id="analytics-staging", prefix=ANALYTICS_STAGING_PREFIX, expiration=Duration.days(7)
                ),
                s3.LifecycleRule(
                    id="review-output-to-infrequent-access",
                    prefix=REVIEW_OUTPUT_PREFIX,
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=Duration.days(90),
                        )
                    ],
                ),
            ],
        )

    def allow_uploads_from(self, origins: list[str]) -> None:
        """Let browsers on these origins post the presigned upload forms to the document bucket (the web app,
        and any origin of ``msds:api_cors_origins``): a CORS rule for POST only."""
        self.documents.add_cors_rule(
            allowed_methods=[s3.HttpMethods.POST],
            allowed_origins=origins,
            allowed_headers=["content-type", "x-amz-checksum-sha256", "x-amz-sdk-checksum-algorithm"],
            max_age=3000,
        )

    def _private_bucket(self) -> dict[str, Any]:
        # What both data buckets share: the customer key, no public access, TLS only, versioning.
        return {
            "encryption": s3.BucketEncryption.KMS,
            "encryption_key": self.key,
            "bucket_key_enabled": True,
            "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
            "object_ownership": s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            "enforce_ssl": True,
            "minimum_tls_version": 1.2,
            "versioned": True,
        }

    def _allow_cloudwatch_logs(self) -> None:
        """Log groups are encrypted with the data key: allow CloudWatch Logs, for this account's groups."""
        stack = Stack.of(self)
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchLogsOfThisAccount",
                principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
                actions=[
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                resources=["*"],
                conditions={
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": stack.format_arn(
                            service="logs",
                            resource="log-group",
                            resource_name="*",
                            arn_format=ArnFormat.COLON_RESOURCE_NAME,
                        )
                    }
                },
            )
        )

    def _allow_delivery_to_encrypted_queues(self) -> None:
        """SNS (subscription dead letters) and EventBridge (target dead letters) write to queues encrypted
        with the data key: allow both services, on behalf of this account only."""
        stack = Stack.of(self)
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowDeliveryToEncryptedQueues",
                principals=[
                    iam.ServicePrincipal("sns.amazonaws.com"),
                    iam.ServicePrincipal("events.amazonaws.com"),
                ],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )

    def _make_originals_immutable(self) -> None:
        """Originals are written once and never deleted nor replaced.

        Deletes of originals/ are denied to every principal. Writes there must be conditional
        (``If-None-Match: *``), so a second PUT of the same key fails with 412 instead of replacing it:
        the S3 adapter stores an original with ``IfNoneMatch="*"``.
        """
        originals = self.documents.arn_for_objects(f"{ORIGINALS_PREFIX}*")
        self.documents.add_to_resource_policy(
            iam.PolicyStatement(
                sid="DenyDeletingOriginals",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["s3:DeleteObject", "s3:DeleteObjectVersion"],
                resources=[originals],
            )
        )
        self.documents.add_to_resource_policy(
            iam.PolicyStatement(
                sid="DenyOverwritingOriginals",
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["s3:PutObject"],
                resources=[originals],
                conditions={"Null": {"s3:if-none-match": "true"}},
            )
        )
