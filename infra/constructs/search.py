"""Search: an OpenSearch domain (encrypted at rest with the data key, node-to-node TLS, HTTPS only,
fine-grained access control) and the SDS index with its explicit mapping (``infra/search/sds_index.json``:
keyword fields for codes, CAS/EC numbers and identifiers, dates, language analyzers for original texts).

Access is by IAM identity: the functions' own policies allow ``es:ESHttp*`` on this domain, and fine-grained
access maps their roles to ``msds_writer`` / ``msds_reader`` (custom_resources/search_index.py). The master
user is the IAM role of that deploy step; there is no password user.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_opensearchservice as opensearch
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.custom_resource import PythonCustomResource
from infra.definitions import INDEX_JSON
from infra.nag import suppress

ENGINE = opensearch.EngineVersion.OPENSEARCH_2_19


def index_definition() -> dict[str, Any]:
    definition: dict[str, Any] = json.loads(INDEX_JSON.read_text())
    return definition


class Search(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.key = key
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY
        self.admin_role = iam.Role(
            self,
            "IndexAdmin",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="msds deploy step: OpenSearch fine-grained access master; the index and its roles",
        )
        log_groups = {
            name: logs.LogGroup(
                self,
                f"{name}Logs",
                retention=logs.RetentionDays.THREE_MONTHS,
                encryption_key=key,
                removal_policy=RemovalPolicy.DESTROY,
            )
            for name in ("Audit", "App", "SlowSearch", "SlowIndex")
        }
        ha = config.search_ha
        self.domain = opensearch.Domain(
            self,
            "Domain",
            version=ENGINE,
            capacity=opensearch.CapacityConfig(
                data_nodes=2 if ha else 1,
                data_node_instance_type=config.search_instance_type,
                master_nodes=3 if ha else None,
                master_node_instance_type=config.search_instance_type if ha else None,
                multi_az_with_standby_enabled=False,
            ),
            zone_awareness=opensearch.ZoneAwarenessConfig(enabled=True, availability_zone_count=2)
            if ha
            else opensearch.ZoneAwarenessConfig(enabled=False),
            ebs=opensearch.EbsOptions(
                volume_size=config.search_volume_gb, volume_type=ec2.EbsDeviceVolumeType.GP3
            ),
            encryption_at_rest=opensearch.EncryptionAtRestOptions(enabled=True, kms_key=key),
            node_to_node_encryption=True,
            enforce_https=True,
            tls_security_policy=opensearch.TLSSecurityPolicy.TLS_1_2,
            fine_grained_access_control=opensearch.AdvancedSecurityOptions(
                master_user_arn=self.admin_role.role_arn
            ),
            logging=opensearch.LoggingOptions(
                audit_log_enabled=True,
                audit_log_group=log_groups["Audit"],
                app_log_enabled=True,
                app_log_group=log_groups["App"],
                slow_search_log_enabled=True,
                slow_search_log_group=log_groups["SlowSearch"],
                slow_index_log_enabled=True,
                slow_index_log_group=log_groups["SlowIndex"],
            ),
            removal_policy=removal,
        )
        # The resource policy delegates to IAM: principals of this account, and then only those whose own
        # policies allow es:ESHttp* on this domain (the functions, see grant_read/grant_write).
        self.domain.add_access_policies(
            iam.PolicyStatement(
                principals=[iam.AccountRootPrincipal()],
                actions=["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"],
                resources=[f"{self.domain.domain_arn}/*"],
            )
        )
        suppress(
            self.domain,
            "AwsSolutions-IAM5",
            "CDK's own deploy-time calls for this domain (log-group resource policy, access policy) run with "
            "the permissions CDK sets, on resources CDK names.",
            applies_to=["Resource::*"],
        )
        suppress(
            self.domain,
            "AwsSolutions-OS1",
            "The domain is reached by Lambda functions outside any VPC, with SigV4-signed requests, an "
            "identity-based policy per role and fine-grained access control mapping each role; a VPC domain "
            "would need every function in the VPC with interface endpoints (hourly cost). Open point in "
            "infra/README.md.",
        )
        suppress(
            self.domain,
            "AwsSolutions-OS3",
            "Access is by IAM identity (signed requests) and fine-grained access control, not by IP "
            "allow list.",
        )
        if not ha:
            suppress(
                self.domain,
                "AwsSolutions-OS4",
                "Development sizing: one data node and no dedicated masters. msds:search_ha=true adds three "
                "dedicated master nodes and a second data node across two Availability Zones.",
            )
            suppress(
                self.domain,
                "AwsSolutions-OS7",
                "Development sizing: a single node has no zone awareness; msds:search_ha=true enables it.",
            )
        self.endpoint = self.domain.domain_endpoint
        self.index_resource: PythonCustomResource | None = None

    def grant_write(self, grantee: iam.IGrantable) -> None:
        self._grant(
            grantee, ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete"]
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        self._grant(grantee, ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"])

    def _grant(self, grantee: iam.IGrantable, actions: list[str]) -> None:
        grantee.grant_principal.add_to_principal_policy(
            iam.PolicyStatement(
                actions=actions, resources=[self.domain.domain_arn, f"{self.domain.domain_arn}/*"]
            )
        )

    def create_index(
        self, writers: Sequence[iam.IRole], readers: Sequence[iam.IRole]
    ) -> PythonCustomResource:
        """The index, its alias and the role mappings; after the functions exist (their roles are mapped)."""
        definition = index_definition()
        body = definition["body"]
        body["settings"]["index"]["number_of_replicas"] = 1 if self.config.search_ha else 0
        self.grant_write(self.admin_role)
        suppress(
            self.admin_role,
            "AwsSolutions-IAM5",
            "OpenSearch's HTTP API is authorised per path: <domain ARN>/* covers the index and security API "
            "paths on this one domain.",
            applies_to=["regex:/^Resource::<SearchDomain[0-9A-F]{8}\\.Arn>\\/\\*$/g"],
        )
        self.index_resource = PythonCustomResource(
            self,
            "Index",
            module="search_index",
            resource_type="Custom::OpenSearchIndex",
            key=self.key,
            role=self.admin_role,
            properties={
                "Endpoint": self.domain.domain_endpoint,
                "IndexName": definition["index_name"],
                "Alias": definition["alias"],
                "Mapping": json.dumps(body, sort_keys=True),
                "WriterRoleArns": [role.role_arn for role in writers],
                "ReaderRoleArns": [role.role_arn for role in readers],
            },
        )
        self.index_resource.node.add_dependency(self.domain)
        return self.index_resource

    @property
    def alias(self) -> str:
        return str(index_definition()["alias"])
