"""Deploy-time parameters from the CDK context, and the vision endpoint's options (small stacks)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match, Template

from infra.app import cdk_json_context
from infra.config import InfraConfig, InvalidContext
from infra.constructs.vision import VisionEndpoint


def test_context_values_from_the_command_line_are_read_as_their_types() -> None:
    # Given context values as `cdk deploy -c key=value` passes them (strings)
    context = {
        "msds:stage": "prod",
        "msds:vision_serverless": "true",
        "msds:vision_max_instances": "8",
        "msds:api_cors_origins": "https://a.example,https://b.example",
        "@aws-cdk/core:target-partitions": ["aws"],
    }

    # When the configuration is read
    config = InfraConfig.from_mapping(context)

    # Then each has its type, and keys of others are ignored
    assert config.stage == "prod" and config.vision_serverless is True and config.vision_max_instances == 8
    assert config.api_cors_origins == ("https://a.example", "https://b.example")


def test_the_cdk_json_context_is_a_valid_configuration() -> None:
    # Given cdk.json's context
    context = cdk_json_context()

    # When it is read
    config = InfraConfig.from_mapping(context)

    # Then it is the documented default deployment
    assert config == InfraConfig()


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"msds:vision_instance_typ": "ml.c6i.large"}, "unknown context key"),
        ({"msds:vision_accelerator_type": "ml.g4dn.xlarge"}, "not an Elastic Inference accelerator"),
        (
            {"msds:vision_accelerator_type": "ml.eia2.medium", "msds:vision_serverless": True},
            "cannot be combined",
        ),
        ({"msds:review_days": 30}, "review_days"),
        ({"msds:redshift_base_capacity": 12}, "multiple of 8"),
        ({"msds:a2i_workteam_arn": "my-team"}, "not a SageMaker workteam ARN"),
        ({"msds:retain_data": "maybe"}, "true or false"),
    ],
)
def test_a_context_value_that_cannot_be_deployed_is_refused_with_its_key(
    context: dict[str, Any], message: str
) -> None:
    # Given a context with a wrong or mistyped value
    # When the configuration is read
    with pytest.raises(InvalidContext) as refused:
        InfraConfig.from_mapping(context)

    # Then the error names the problem
    assert message in str(refused.value)


def vision_template(**overrides: Any) -> tuple[Template, Stack]:
    """A small stack with only the vision endpoint, configured by ``overrides``."""
    stack = Stack(App(), "Vision")
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    VisionEndpoint(
        stack,
        "Vision",
        config=InfraConfig(**overrides),
        key=kms.Key(stack, "Key"),
        results=s3.Bucket(stack, "Results"),
        vpc=vpc,
        subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        security_group=ec2.SecurityGroup(stack, "Group", vpc=vpc),
    )
    return Template.from_stack(stack), stack


def test_elastic_inference_is_attached_only_when_asked_for_and_is_flagged_as_retired() -> None:
    # Given the legacy Elastic Inference parameter
    config = InfraConfig(vision_accelerator_type="ml.eia2.medium")

    # When the endpoint is built with it
    template, _ = vision_template(vision_accelerator_type="ml.eia2.medium")

    # Then the variant carries the accelerator, and the deployment is warned that AWS retired the service
    template.has_resource_properties(
        "AWS::SageMaker::EndpointConfig",
        {"ProductionVariants": [Match.object_like({"AcceleratorType": "ml.eia2.medium"})]},
    )
    assert any("retired" in warning for warning in config.deploy_warnings())


def test_serverless_inference_replaces_instances_and_autoscaling() -> None:
    # Given the serverless option
    # When the endpoint is built with it
    template, _ = vision_template(vision_serverless=True, vision_serverless_memory_mb=3072)

    # Then the variant has a serverless configuration, no instance type, and nothing scales instances
    variant = template.find_resources("AWS::SageMaker::EndpointConfig")
    props = next(iter(variant.values()))["Properties"]["ProductionVariants"][0]
    assert props["ServerlessConfig"] == {"MaxConcurrency": 10, "MemorySizeInMB": 3072}
    assert "InstanceType" not in props
    template.resource_count_is("AWS::ApplicationAutoScaling::ScalableTarget", 0)


def test_network_isolation_puts_the_model_in_the_isolated_subnets() -> None:
    # Given the network isolation option (a model package that vendors its wheels)
    # When the endpoint is built with it
    template, _ = vision_template(vision_network_isolation=True)

    # Then the model runs with network isolation in the VPC's subnets
    model = next(iter(template.find_resources("AWS::SageMaker::Model").values()))["Properties"]
    assert model["EnableNetworkIsolation"] is True
    assert len(model["VpcConfig"]["Subnets"]) >= 1
