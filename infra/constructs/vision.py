"""The vision model (pictograms and signatures) on SageMaker: Model, EndpointConfig, Endpoint, autoscaling.

Three ways to serve it, by context:

* default: a real-time endpoint on a CPU instance (``msds:vision_instance_type``), scaled on
  ``SageMakerVariantInvocationsPerInstance`` between ``msds:vision_min_instances`` and ``..._max_instances``;
* ``msds:vision_serverless=true``: serverless inference (pay per request, cold starts, no VPC);
* ``msds:vision_accelerator_type=ml.eia2.*``: the legacy Amazon Elastic Inference accelerator. AWS stopped
  onboarding new customers in April 2023 and retired the service in April 2024; it is kept only as an opt-in
  for accounts that still have it, and nothing defaults to it.

The backfill sends its sheets through the document workflow, whose vision step calls this endpoint.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_applicationautoscaling as autoscaling
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from infra.config import InfraConfig, InvalidContext
from infra.constructs.custom_resource import PythonCustomResource
from infra.constructs.storage import VISION_MODEL_PREFIX
from infra.nag import S3_KMS_WRITE_GRANT_ACTIONS, S3_READ_GRANT_ACTIONS, suppress
from infra.names import unique_name
from infra.vision_package import build_synth_model_package

VARIANT_NAME = "AllTraffic"
# SageMaker's PyTorch inference image (CPU, Python 3.11): the handler needs its inference toolkit only; the
# model itself runs on numpy/ONNX. Same registry account as the training image in most regions.
DEFAULT_IMAGE = (
    "763104351884.dkr.ecr.{region}.amazonaws.com/pytorch-inference:2.5.1-cpu-py311-ubuntu22.04-sagemaker"
)
DLC_ACCOUNT = "763104351884"
# Instance families with local NVMe instance storage reject a volume KMS key.
_LOCAL_STORAGE_FAMILIES = ("g4dn", "g5", "g6", "p3dn", "p4", "p5", "inf", "trn")


class VisionEndpoint(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        key: kms.IKey,
        results: s3.IBucket,
        vpc: ec2.IVpc,
        subnets: ec2.SubnetSelection,
        security_group: ec2.ISecurityGroup,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.config = config
        image = config.vision_image_uri or DEFAULT_IMAGE.format(region=stack.region)
        self.role = iam.Role(
            self,
            "ExecutionRole",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="msds vision model: pull the image, read the model package",
        )
        model_data_url = self._model_data_url(key, results)
        # The packages of the synth (and the documented place for one's own): <results bucket>/vision-model/
        results.grant_read(self.role, f"{VISION_MODEL_PREFIX}*")
        key.grant_encrypt_decrypt(self.role)
        self.role.add_to_policy(iam.PolicyStatement(actions=["ecr:GetAuthorizationToken"], resources=["*"]))
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchCheckLayerAvailability",
                ],
                resources=[
                    stack.format_arn(
                        service="ecr", account=DLC_ACCOUNT, resource="repository", resource_name="*"
                    ),
                    stack.format_arn(service="ecr", resource="repository", resource_name="*"),
                ],
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                    "logs:DescribeLogStreams",
                ],
                resources=[
                    stack.format_arn(
                        service="logs",
                        resource="log-group",
                        resource_name="/aws/sagemaker/*",
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudwatch:PutMetricData"],
                resources=["*"],
                conditions={"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"]}},
            )
        )

        suppress(
            self.role,
            "AwsSolutions-IAM5",
            "Bounded wildcards: CDK's S3/KMS grant action groups on the results bucket's vision-model/ "
            "prefix only; ECR pulls from the repositories of this account and of the AWS "
            "Deep "
            "Learning Containers account; SageMaker's own /aws/sagemaker/* log groups; and the two "
            "actions that "
            "have no resource-level permissions (ecr:GetAuthorizationToken; cloudwatch:PutMetricData, "
            "limited "
            "to the SageMaker namespaces by condition).",
            applies_to=[
                *S3_READ_GRANT_ACTIONS,
                *S3_KMS_WRITE_GRANT_ACTIONS,
                "Resource::*",
                f"regex:/^Resource::<StorageResults[0-9A-F]{{8}}\\.Arn>/{VISION_MODEL_PREFIX.rstrip('/')}/\\*$/g",
                "regex:/^Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:(<AWS::AccountId>|\\d{12}):repository/\\*$/g",
                "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/*",
            ],
        )

        isolated = config.vision_network_isolation and not config.vision_serverless
        if isolated:
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=[
                        "ec2:CreateNetworkInterface",
                        "ec2:CreateNetworkInterfacePermission",
                        "ec2:DeleteNetworkInterface",
                        "ec2:DeleteNetworkInterfacePermission",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeVpcs",
                        "ec2:DescribeDhcpOptions",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeSecurityGroups",
                    ],
                    resources=["*"],
                )
            )
        self.model = sagemaker.CfnModel(
            self,
            "Model",
            execution_role_arn=self.role.role_arn,
            primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(
                image=image,
                model_data_url=model_data_url,
                environment={
                    "SAGEMAKER_PROGRAM": "inference.py",
                    "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
                    "SAGEMAKER_CONTAINER_LOG_LEVEL": "20",
                    "OMP_NUM_THREADS": "1",
                },
            ),
            enable_network_isolation=isolated,
            vpc_config=sagemaker.CfnModel.VpcConfigProperty(
                security_group_ids=[security_group.security_group_id],
                subnets=vpc.select_subnets(subnet_type=subnets.subnet_type).subnet_ids,
            )
            if isolated
            else None,
        )
        self.model.node.add_dependency(self.role)
        if not isolated:
            suppress(
                self.model,
                "AwsSolutions-SM1",
                "The inference container installs its pinned code/requirements.txt at start-up, which "
                "needs a "
                "route to the package index; the stack's VPC has no NAT gateway (no hourly cost). Set "
                "msds:vision_network_isolation=true with a model package that vendors its wheels to run the "
                "model in the isolated subnets with network isolation.",
            )

        variant = self._variant()
        self.endpoint_config = sagemaker.CfnEndpointConfig(
            self,
            "EndpointConfig",
            production_variants=[variant],
            kms_key_id=None if config.vision_serverless or _has_local_storage(config) else key.key_arn,
        )
        if config.vision_serverless or _has_local_storage(config):
            suppress(
                self.endpoint_config,
                "AwsSolutions-SM2",
                "Serverless endpoints and instance types with local NVMe storage do not accept a volume "
                "KMS key; "
                "their storage is encrypted by SageMaker with a service key.",
            )
        # An explicit lower-case name: IAM matches SageMaker ARNs in lower case, so a grant on the mixed-case
        # name CloudFormation would generate allows no InvokeEndpoint. The stack id's last group keeps the
        # name unique per stack (a retry after a rollback does not collide).
        endpoint_name = unique_name(stack, "msds", config.stage, "vision")
        self.endpoint = sagemaker.CfnEndpoint(
            self,
            "Endpoint",
            endpoint_name=endpoint_name,
            endpoint_config_name=self.endpoint_config.attr_endpoint_config_name,
        )
        self.endpoint_name = self.endpoint.attr_endpoint_name
        self.endpoint_arn = stack.format_arn(
            service="sagemaker", resource="endpoint", resource_name=endpoint_name
        )
        self.model_name = self.model.attr_model_name
        self.scalable_target: autoscaling.ScalableTarget | None = None
        if not config.vision_serverless:
            self._autoscale()

    def _model_data_url(self, key: kms.IKey, results: s3.IBucket) -> str:
        """The model package: the given S3 URL, else the given file, else the package built from the
        trained artefacts the project ships (msds/data/vision) during this synth. A file is uploaded as a CDK
        asset and copied by a deploy step to results/vision-model/<hash>/model.tar.gz
        (custom_resources/vision_model_package.py): CDK names a file asset <hash>.gz, and SageMaker's
        ModelDataUrl must end in .tar.gz."""
        config = self.config
        if config.vision_model_data_url:
            return config.vision_model_data_url
        package = config.model_package_path()
        if package is None:
            package = build_synth_model_package()
        elif not package.is_file():
            raise InvalidContext(
                f"msds:vision_model_package {config.vision_model_package!r} does not exist (build it with "
                "`msds vision package -o <file>`, or leave the key out to package the shipped model)"
            )
        asset = s3_assets.Asset(self, "ModelPackage", path=str(package))
        copier = iam.Role(
            self,
            "PackageCopier",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="msds deploy step: copy the vision model package where SageMaker reads it",
        )
        asset.grant_read(copier)
        results.grant_put(copier, f"{VISION_MODEL_PREFIX}*")  # with the data key's encrypt actions
        suppress(
            copier,
            "AwsSolutions-IAM5",
            "Reading the model package asset (CDK's S3 read action groups on the CDK asset bucket, whose "
            "object keys are content hashes known only at synth) and writing it under the results bucket's "
            "vision-model/ prefix only, encrypted with the data key (CDK's kms:GenerateDataKey*, "
            "kms:ReEncrypt* action groups).",
            applies_to=[
                *S3_READ_GRANT_ACTIONS,
                *S3_KMS_WRITE_GRANT_ACTIONS,
                "regex:/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-"
                "<AWS::Region>\\/\\*$/g",
                f"regex:/^Resource::<StorageResults[0-9A-F]{{8}}\\.Arn>/{VISION_MODEL_PREFIX.rstrip('/')}/\\*$/g",
            ],
        )
        copy = PythonCustomResource(
            self,
            "Package",
            module="vision_model_package",
            resource_type="Custom::VisionModelPackage",
            key=key,
            role=copier,
            properties={
                "SourceBucket": asset.s3_bucket_name,
                "SourceKey": asset.s3_object_key,
                "Bucket": results.bucket_name,
                "Prefix": VISION_MODEL_PREFIX,
                "AssetHash": asset.asset_hash,
                "KmsKeyArn": key.key_arn,
            },
        )
        return copy.attribute("ModelDataUrl")

    def _variant(self) -> sagemaker.CfnEndpointConfig.ProductionVariantProperty:
        config = self.config
        if config.vision_serverless:
            return sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                variant_name=VARIANT_NAME,
                model_name=self.model.attr_model_name,
                serverless_config=sagemaker.CfnEndpointConfig.ServerlessConfigProperty(
                    memory_size_in_mb=config.vision_serverless_memory_mb,
                    max_concurrency=config.vision_serverless_max_concurrency,
                ),
            )
        return sagemaker.CfnEndpointConfig.ProductionVariantProperty(
            variant_name=VARIANT_NAME,
            model_name=self.model.attr_model_name,
            initial_instance_count=config.vision_min_instances,
            instance_type=config.vision_instance_type,
            initial_variant_weight=1,
            accelerator_type=config.vision_accelerator_type or None,
        )

    def _autoscale(self) -> None:
        config = self.config
        target = autoscaling.ScalableTarget(
            self,
            "Scaling",
            service_namespace=autoscaling.ServiceNamespace.SAGEMAKER,
            resource_id=f"endpoint/{self.endpoint.attr_endpoint_name}/variant/{VARIANT_NAME}",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            min_capacity=config.vision_min_instances,
            max_capacity=config.vision_max_instances,
        )
        target.node.add_dependency(self.endpoint)
        target.scale_to_track_metric(
            "InvocationsPerInstance",
            target_value=config.vision_invocations_per_instance,
            predefined_metric=autoscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
        )
        self.scalable_target = target

    def grant_invoke(self, grantee: iam.IGrantable) -> None:
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(actions=["sagemaker:InvokeEndpoint"], resources=[self.endpoint_arn])
        )


def _has_local_storage(config: InfraConfig) -> bool:
    family = config.vision_instance_type.split(".")[1] if "." in config.vision_instance_type else ""
    return family.endswith(("d", "dn")) or family.startswith(_LOCAL_STORAGE_FAMILIES)
