"""Human review with Amazon A2I, the opt-in channel (``msds:a2i_workteam_arn``; without it none of this is
created and reviewers work the product's own queue): the worker task UI, the flow definition, and the
status-change rule.

The workflow's HumanReview state (lambdas/start_review.py) renders the pages to check, starts a human loop
showing them, and stores its task token and the loop's name on the review task. When the loop ends, A2I emits
"SageMaker A2I HumanLoop Status Change"; the rule here sends it to lambdas/review_callback.py, which merges a
Completed loop's answer, completes the task and resumes the execution, or gives the task back to the
product's queue (where the execution still waits on its token) when the loop ended without an answer. A wait
that times out (``States.Timeout``) leaves the task in the queue, whose later submit publishes by itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sagemaker as sagemaker
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.custom_resource import PythonCustomResource
from infra.constructs.storage import ARTIFACTS_PREFIX, REVIEW_OUTPUT_PREFIX
from infra.nag import S3_KMS_WRITE_GRANT_ACTIONS, S3_READ_GRANT_ACTIONS, suppress

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "review_task.liquid.html"
STATUS_EVENT = "SageMaker A2I HumanLoop Status Change"
ENDED_STATUSES = ("Completed", "Failed", "Stopped")


class HumanReview(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        key: kms.IKey,
        results: s3.IBucket,
        documents: s3.IBucket,
    ) -> None:
        super().__init__(scope, construct_id)
        if not config.a2i_workteam_arn:
            raise ValueError("the A2I review channel needs msds:a2i_workteam_arn")
        stack = Stack.of(self)
        self.config = config
        template = TEMPLATE.read_text()
        digest = hashlib.sha256(template.encode()).hexdigest()[:10]
        # Task UIs are immutable: a changed template is a new UI under a new name.
        self.task_ui = sagemaker.CfnHumanTaskUi(
            self,
            "TaskUi",
            human_task_ui_name=f"msds-{config.stage}-sds-review-{digest}",
            ui_template=sagemaker.CfnHumanTaskUi.UiTemplateProperty(content=template),
        )

        self.role = iam.Role(
            self,
            "A2iRole",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="msds A2I flow definition: write the reviewers' answers",
        )
        results.grant_read_write(self.role, f"{REVIEW_OUTPUT_PREFIX}*")
        # The worker template shows the rendered pages (grant_read_access signs links as this role).
        documents.grant_read(self.role, f"{ARTIFACTS_PREFIX}*")
        key.grant_encrypt_decrypt(self.role)
        suppress(
            self.role,
            "AwsSolutions-IAM5",
            "CDK's S3/KMS grant action groups, on the results bucket's review-output/ prefix (A2I "
            "answers) and the document bucket's artifacts/ prefix (the rendered pages the task shows) only.",
            applies_to=[
                *S3_READ_GRANT_ACTIONS,
                *S3_KMS_WRITE_GRANT_ACTIONS,
                "Action::s3:DeleteObject*",
                "regex:/^Resource::<StorageResults[0-9A-F]{8}\\.Arn>\\/review-output\\/\\*$/g",
                "regex:/^Resource::<StorageDocuments[0-9A-F]{8}\\.Arn>\\/artifacts\\/\\*$/g",
            ],
        )

        self.workteam_arn = config.a2i_workteam_arn
        name_prefix = f"msds-{config.stage}-review"
        deployer = iam.Role(
            self,
            "FlowDefinitionDeployer",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="msds deploy step: create and delete the A2I flow definition",
        )
        deployer.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "sagemaker:CreateFlowDefinition",
                    "sagemaker:DescribeFlowDefinition",
                    "sagemaker:DeleteFlowDefinition",
                    "sagemaker:AddTags",
                ],
                resources=[
                    stack.format_arn(
                        service="sagemaker", resource="flow-definition", resource_name=f"{name_prefix}-*"
                    )
                ],
            )
        )
        suppress(
            deployer,
            "AwsSolutions-IAM5",
            "Flow definitions are named <prefix>-<digest of the definition> (they are immutable and replaced "
            "on change), so the deploy step needs the name prefix, not one name.",
            applies_to=[
                f"Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:flow-definition/{name_prefix}-*"
            ],
        )
        self.role.grant_pass_role(deployer)
        key.grant(deployer, "kms:DescribeKey", "kms:CreateGrant")
        self.flow_definition = PythonCustomResource(
            self,
            "FlowDefinition",
            module="flow_definition",
            resource_type="Custom::A2iFlowDefinition",
            key=key,
            role=deployer,
            properties={
                "NamePrefix": name_prefix,
                "WorkteamArn": self.workteam_arn,
                "HumanTaskUiArn": self.task_ui.attr_human_task_ui_arn,
                "RoleArn": self.role.role_arn,
                "OutputPath": f"s3://{results.bucket_name}/{REVIEW_OUTPUT_PREFIX.rstrip('/')}",
                "KmsKeyArn": key.key_arn,
                "TaskTitle": "Review a safety data sheet",
                "TaskDescription": "Check hazard statements, pictograms and uncertain fields on the sheet",
                "TaskKeywords": ["SDS", "safety data sheet", "compliance"],
                "TaskAvailabilitySeconds": str(config.review_days * 86400),
                "TaskTimeLimitSeconds": str(config.review_task_minutes * 60),
            },
        )
        self.flow_definition.node.add_dependency(self.role)
        self.flow_definition_arn = self.flow_definition.attribute("Arn")
        self.flow_definition_name = self.flow_definition.attribute("Name")

    def route_status_changes(self, handler: lambda_.IFunction, dead_letters: sqs.IQueue) -> events.Rule:
        """A2I status changes of this flow definition -> the function that resumes the workflow."""
        rule = events.Rule(
            self,
            "StatusChanged",
            description="msds: a human loop of the SDS review ended (Completed, Failed or Stopped)",
            event_pattern=events.EventPattern(
                source=["aws.sagemaker"],
                detail_type=[STATUS_EVENT],
                detail={
                    "flowDefinitionArn": [self.flow_definition_arn],
                    "humanLoopStatus": list(ENDED_STATUSES),
                },
            ),
        )
        rule.add_target(
            targets.LambdaFunction(
                handler, dead_letter_queue=dead_letters, retry_attempts=8, max_event_age=Duration.hours(24)
            )
        )
        return rule
