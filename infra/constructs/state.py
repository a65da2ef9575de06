"""Document state: one DynamoDB table for documents and records; the product's review queue; the web app's
sessions."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

from infra.config import InfraConfig

# Key schema of the documents table, as msds.adapters.aws.dynamo_repository.table_definition() states it
# (single-table design: DOC#<id>/ENTRY, DOC#<id>/RECORD, PRODUCT#<digest>/PRODUCT; tests/infra compares).
PARTITION_KEY = "pk"
SORT_KEY = "sk"
TTL_ATTRIBUTE = "expires_at"  # for items that should expire on their own (none yet)
STATUS_INDEX = "status-index"  # (status, updated_at): listing by status, the review queue
# The review queue, as msds.adapters.aws.dynamo_review_tasks.review_tasks_table_definition() states it.
QUEUE_INDEX = "open-queue"  # sparse: (queue, queue_position) on open tasks only
# The web app's sessions (msds.adapters.aws.dynamo_sessions): DynamoDB deletes expired ones by itself.
SESSION_KEY = "session_hash"
SESSION_TTL = "expires_at"


class State(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: InfraConfig, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY

        def keyed_table(
            construct: str, index: str, partition: str, sort: str, ttl: str | None = None
        ) -> dynamodb.Table:
            # pk/sk keys, one index, point-in-time recovery: kept as the data (a reviewer's work is a record).
            table = dynamodb.Table(
                self,
                construct,
                partition_key=dynamodb.Attribute(name=PARTITION_KEY, type=dynamodb.AttributeType.STRING),
                sort_key=dynamodb.Attribute(name=SORT_KEY, type=dynamodb.AttributeType.STRING),
                billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
                encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
                encryption_key=key,
                point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                    point_in_time_recovery_enabled=True
                ),
                deletion_protection=config.retain_data,
                removal_policy=removal,
                time_to_live_attribute=ttl,
            )
            table.add_global_secondary_index(
                index_name=index,
                partition_key=dynamodb.Attribute(name=partition, type=dynamodb.AttributeType.STRING),
                sort_key=dynamodb.Attribute(name=sort, type=dynamodb.AttributeType.STRING),
                projection_type=dynamodb.ProjectionType.ALL,
            )
            return table

        self.documents = keyed_table("Documents", STATUS_INDEX, "status", "updated_at", ttl=TTL_ATTRIBUTE)
        # Review tasks and their audit trail.
        self.review_tasks = keyed_table("ReviewTasks", QUEUE_INDEX, "queue", "queue_position")

        # Sessions are disposable (signing in again makes a new one) and expire by themselves.
        self.sessions = dynamodb.Table(
            self,
            "Sessions",
            partition_key=dynamodb.Attribute(name=SESSION_KEY, type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=SESSION_TTL,
            removal_policy=RemovalPolicy.DESTROY,
        )
