"""Network for the services that live in a VPC (the vision endpoint, Redshift Serverless).

Isolated subnets only: no NAT gateway and no internet route, so nothing here costs by the hour. The model
container reaches its artefacts in S3 through a gateway endpoint (free). Lambda functions stay outside the
VPC: they only call AWS APIs, which are public endpoints with IAM and TLS.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import InfraConfig


class Network(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig) -> None:
        super().__init__(scope, construct_id)
        flow_log_group = logs.LogGroup(
            self,
            "FlowLogs",
            retention=logs.RetentionDays.THREE_MONTHS,
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            ip_addresses=ec2.IpAddresses.cidr("10.40.0.0/16"),
            max_azs=3,  # Redshift Serverless wants subnets in three Availability Zones
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=22
                )
            ],
            flow_logs={
                "all": ec2.FlowLogOptions(
                    destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_log_group),
                    traffic_type=ec2.FlowLogTrafficType.ALL,
                )
            },
        )
        self.vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
        self.isolated = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)

        self.endpoint_security_group = ec2.SecurityGroup(
            self,
            "VisionModel",
            vpc=self.vpc,
            description="msds vision model containers: no inbound; HTTPS out to VPC endpoints",
            allow_all_outbound=False,
        )
        # The subnets have no route to the internet: HTTPS out reaches the VPC endpoints and nothing else.
        self.endpoint_security_group.add_egress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "HTTPS to VPC endpoints only (no internet route)"
        )
        self.redshift_security_group = ec2.SecurityGroup(
            self,
            "Redshift",
            vpc=self.vpc,
            description="msds Redshift Serverless workgroup: reached through the Data API only",
            allow_all_outbound=False,
        )
        self.redshift_security_group.add_egress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "COPY/UNLOAD through the S3 gateway endpoint only"
        )
