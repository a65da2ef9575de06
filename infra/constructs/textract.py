"""Textract's asynchronous completion channel: the SNS topic it publishes to, and the role it publishes with.

lambdas/start_textract.py passes both in ``NotificationChannel`` (``SNSTopicArn``, ``RoleArn``) of
StartDocumentAnalysis; the topic delivers to lambdas/textract_callback.py, which resumes the workflow.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.nag import suppress


class TextractNotifications(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(
            self, "JobCompleted", master_key=key, enforce_ssl=True, display_name="msds Textract jobs"
        )
        self.role = iam.Role(
            self,
            "Publisher",
            assumed_by=iam.ServicePrincipal("textract.amazonaws.com"),
            description="msds: Textract publishes job completion to the JobCompleted topic",
        )
        self.topic.grant_publish(self.role)
        key.grant(self.role, "kms:GenerateDataKey*", "kms:Decrypt")
        suppress(
            self.role,
            "AwsSolutions-IAM5",
            "kms:GenerateDataKey* on the one data key: what SNS needs from a publisher to an encrypted "
            "topic.",
            applies_to=["Action::kms:GenerateDataKey*"],
        )

    def subscribe(self, handler: lambda_.IFunction, dead_letters: sqs.IQueue) -> None:
        self.topic.add_subscription(subscriptions.LambdaSubscription(handler, dead_letter_queue=dead_letters))
