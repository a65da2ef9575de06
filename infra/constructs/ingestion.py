"""Ingestion: an upload into ``uploads/`` starts the document workflow.

S3 sends "Object Created" to EventBridge (the document bucket has EventBridge notifications on); the rule
invokes lambdas/start_workflow.py, which starts the document state machine with an execution name derived
from the document id. Standard workflows refuse a second execution of the same name (for 90 days), so a
duplicate event, or the same bytes uploaded twice, is a no-op; after that Receive's own idempotency holds.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.storage import UPLOADS_PREFIX


class Ingestion(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        documents: s3.IBucket,
        starter: lambda_.IFunction,
        dead_letters: sqs.IQueue,
    ) -> None:
        super().__init__(scope, construct_id)
        self.rule = events.Rule(
            self,
            "UploadCreated",
            description="msds: a supplier uploaded a sheet into uploads/",
            event_pattern=events.EventPattern(
                source=["aws.s3"],
                detail_type=["Object Created"],
                detail={
                    "bucket": {"name": [documents.bucket_name]},
                    "object": {"key": [{"prefix": UPLOADS_PREFIX}]},
                },
            ),
        )
        self.rule.add_target(
            targets.LambdaFunction(
                starter, dead_letter_queue=dead_letters, retry_attempts=8, max_event_age=Duration.hours(24)
            )
        )
