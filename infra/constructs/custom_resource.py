"""A deploy-time step written in Python (``infra/custom_resources/<module>.py``) behind the CDK Provider.

The handler returns ``{"PhysicalResourceId", "Data"}`` or raises; the Provider framework reports to
CloudFormation, so a bug fails the deployment instead of hanging it for an hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk import CustomResource, Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.constructs.functions import ARCHITECTURE, LOG_RETENTION, RUNTIME, accept_runtime
from infra.nag import suppress

HANDLERS_DIR = Path(__file__).resolve().parent.parent / "custom_resources"


class PythonCustomResource(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        module: str,
        resource_type: str,
        properties: Mapping[str, Any],
        key: kms.IKey,
        role: iam.Role,
        timeout: Duration | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        handler_logs = logs.LogGroup(
            self,
            "HandlerLogs",
            retention=LOG_RETENTION,
            encryption_key=key,
            removal_policy=RemovalPolicy.DESTROY,
        )
        handler_logs.grant_write(role)
        self.handler = lambda_.Function(
            self,
            "Handler",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            code=lambda_.Code.from_asset(str(HANDLERS_DIR), exclude=["__pycache__", "*.pyc"]),
            handler=f"{module}.on_event",
            timeout=timeout or Duration.minutes(10),
            memory_size=256,
            role=role,
            description=f"msds deploy step: {module}",
            log_group=handler_logs,
        )
        accept_runtime(self.handler)
        provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.handler,
            log_group=logs.LogGroup(
                self,
                "ProviderLogs",
                retention=LOG_RETENTION,
                encryption_key=key,
                removal_policy=RemovalPolicy.DESTROY,
            ),
        )
        suppress(
            provider,
            "AwsSolutions-L1",
            "The Provider framework function's runtime is chosen by the CDK release, not by this project.",
        )
        suppress(
            provider,
            "AwsSolutions-IAM4",
            "The Provider framework function uses AWSLambdaBasicExecutionRole (CloudWatch Logs only), as "
            "set by CDK.",
            applies_to=[
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
            ],
        )
        suppress(
            provider,
            "AwsSolutions-IAM5",
            "The Provider framework may invoke every version of its own on-event handler (<arn>:*), as "
            "set by CDK.",
            applies_to=["regex:/^Resource::<.*Handler[0-9A-F]{8}\\.Arn>:\\*$/g"],
        )
        self.resource = CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=resource_type,
            properties=dict(properties),
        )

    def attribute(self, name: str) -> str:
        return self.resource.get_att_string(name)
