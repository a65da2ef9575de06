"""Analytics: Redshift Serverless (namespace + workgroup), the tables from ``infra/sql/*.sql`` and the
warehouse's star schema (``msds/data/warehouse``, rendered for Redshift).

The tables are the ones msds.adapters.aws.redshift_loader loads (001_tables.sql is generated from its DDL);
the loader stages rows in the results bucket (analytics-staging/) and COPYs them with the namespace's default
IAM role (``CopyRole`` here), then MERGEs.

The workgroup sits in the isolated subnets and is not publicly accessible: functions use the Redshift Data
API (IAM, HTTPS), and the publisher's role is tagged ``RedshiftDbRoles=msds_writer`` so that its temporary
database user has the writer role the SQL files define. The admin password is generated and kept in Secrets
Manager by Redshift itself (``ManageAdminPassword``), encrypted with the data key.
"""

from __future__ import annotations

import re
from pathlib import Path

from aws_cdk import ArnFormat, RemovalPolicy, Stack, Tags
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_redshiftserverless as redshift
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.custom_resource import PythonCustomResource
from infra.constructs.storage import ANALYTICS_STAGING_PREFIX
from infra.nag import S3_READ_GRANT_ACTIONS, suppress
from infra.names import unique_name
from msds.services.warehouse.dialect import Dialect
from msds.services.warehouse.dialect import schema as warehouse_schema

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
DATABASE = "msds"
ADMIN_USER = "msdsadmin"
WRITER_DB_ROLE = "msds_writer"
READER_DB_ROLE = "msds_reader"
_LINE_COMMENT = re.compile(r"--[^\n]*")


def sql_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def split_statements(sql: str) -> list[str]:
    """Split a SQL file into statements: comments dropped, split on ';' at the end of a line.

    The files hold DDL only (no procedures, no ';' inside literals), which keeps this simple and exact."""
    text = _LINE_COMMENT.sub("", sql)
    statements = [part.strip() for part in re.split(r";\s*(?:\n|$)", text)]
    return [statement for statement in statements if statement]


def all_statements() -> list[str]:
    """The SQL files' statements in file order, the warehouse's tables (msds/data/warehouse rendered for
    Redshift) right after the analytics tables, so the roles file's grants cover them too."""
    statements: list[str] = []
    for path in sql_files():
        statements += split_statements(path.read_text())
        if path.name == "001_tables.sql":
            statements += warehouse_schema(Dialect.REDSHIFT)
    return statements


class Analytics(Construct):
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
        self.key = key
        # Generated names: the namespace is retained (msds:retain_data), so a fixed name left behind by a
        # rolled-back first deploy would block the next one.
        namespace_name = unique_name(Stack.of(self), "msds", config.stage)
        # COPY ... IAM_ROLE default: the loader's staging files, read by Redshift with this role.
        self.copy_role = iam.Role(
            self,
            "CopyRole",
            assumed_by=iam.CompositePrincipal(
                iam.ServicePrincipal("redshift.amazonaws.com"),
                iam.ServicePrincipal("redshift-serverless.amazonaws.com"),
            ),
            description="msds Redshift Serverless: COPY the analytics staging files",
        )
        results.grant_read(self.copy_role, f"{ANALYTICS_STAGING_PREFIX}*")
        key.grant_decrypt(self.copy_role)
        suppress(
            self.copy_role,
            "AwsSolutions-IAM5",
            "CDK's S3 read action groups, on the results bucket's analytics-staging/ prefix only.",
            applies_to=[
                *S3_READ_GRANT_ACTIONS,
                "regex:/^Resource::<StorageResults[0-9A-F]{8}\\.Arn>\\/analytics-staging\\/\\*$/g",
            ],
        )
        self.namespace = redshift.CfnNamespace(
            self,
            "Namespace",
            namespace_name=namespace_name,
            db_name=DATABASE,
            admin_username=ADMIN_USER,
            manage_admin_password=True,
            admin_password_secret_kms_key_id=key.key_arn,
            kms_key_id=key.key_arn,
            log_exports=["userlog", "connectionlog", "useractivitylog"],
            default_iam_role_arn=self.copy_role.role_arn,
            iam_roles=[self.copy_role.role_arn],
        )
        self.namespace.apply_removal_policy(
            RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY
        )
        self.workgroup = redshift.CfnWorkgroup(
            self,
            "Workgroup",
            workgroup_name=unique_name(Stack.of(self), "msds", config.stage),
            namespace_name=self.namespace.namespace_name,
            base_capacity=config.redshift_base_capacity,
            max_capacity=config.redshift_max_capacity,
            enhanced_vpc_routing=True,
            publicly_accessible=False,
            subnet_ids=vpc.select_subnets(subnet_type=subnets.subnet_type).subnet_ids,
            security_group_ids=[security_group.security_group_id],
            config_parameters=[
                redshift.CfnWorkgroup.ConfigParameterProperty(
                    parameter_key="require_ssl", parameter_value="true"
                ),
                redshift.CfnWorkgroup.ConfigParameterProperty(
                    parameter_key="enable_user_activity_logging", parameter_value="true"
                ),
            ],
        )
        self.workgroup.node.add_dependency(self.namespace)
        self.workgroup_name = self.workgroup.attr_workgroup_workgroup_name
        self.workgroup_arn = self.workgroup.attr_workgroup_workgroup_arn
        # The ARN of the secret Redshift manages for the admin is not a CloudFormation attribute
        # (aws-cdk#29930):
        # the deploy step reads it with GetNamespace. Secrets Redshift manages are all named "redshift!...".
        stack = Stack.of(self)
        admin_secret_pattern = stack.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name="redshift!*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )

        deployer = iam.Role(
            self,
            "SqlDeployer",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="msds deploy step: run infra/sql/*.sql as the namespace admin",
        )
        deployer.add_to_policy(
            iam.PolicyStatement(actions=["redshift-data:ExecuteStatement"], resources=[self.workgroup_arn])
        )
        self._grant_own_statements(deployer)
        deployer.add_to_policy(
            iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[admin_secret_pattern])
        )
        deployer.add_to_policy(
            iam.PolicyStatement(
                actions=["redshift-serverless:GetNamespace"],
                resources=[self.namespace.attr_namespace_namespace_arn],
            )
        )
        key.grant_decrypt(deployer)
        suppress(
            deployer,
            "AwsSolutions-IAM5",
            "The Data API has no statement ARNs: DescribeStatement is allowed on * for the role's own "
            "statements "
            "only (statement-owner condition). The admin secret is created and named by Redshift "
            "(redshift!...) "
            "and its ARN is only known at deploy time: reading is limited to Redshift-managed secrets.",
            applies_to=[
                "Resource::*",
                "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:redshift!*",
            ],
        )
        self.tables = PythonCustomResource(
            self,
            "Tables",
            module="redshift_sql",
            resource_type="Custom::RedshiftSql",
            key=key,
            role=deployer,
            properties={
                "WorkgroupName": self.workgroup_name,
                "Database": DATABASE,
                "NamespaceName": self.namespace.namespace_name,
                "Statements": all_statements(),
            },
        )
        self.tables.node.add_dependency(self.workgroup)

    def grant_write(self, role: iam.Role) -> None:
        """Data API with temporary credentials, as the database role msds_writer (by IAM tag)."""
        role.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "redshift-data:ExecuteStatement",
                    "redshift-data:BatchExecuteStatement",
                    "redshift-serverless:GetCredentials",
                ],
                resources=[self.workgroup_arn],
            )
        )
        self._grant_own_statements(role)
        Tags.of(role).add("RedshiftDbRoles", WRITER_DB_ROLE)

    @staticmethod
    def _grant_own_statements(role: iam.Role) -> None:
        """Describe, read and cancel only this role's own statements (the Data API has no statement ARNs)."""
        role.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "redshift-data:DescribeStatement",
                    "redshift-data:GetStatementResult",
                    "redshift-data:CancelStatement",
                ],
                resources=["*"],
                conditions={"StringEquals": {"redshift-data:statement-owner-iam-userid": "${aws:userid}"}},
            )
        )
