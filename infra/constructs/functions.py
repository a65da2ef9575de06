"""The project's Lambda functions: one per handler spec, all from the same code asset and dependencies layer.

Every function gets the same environment (the settings model's MSDS_* variables, Powertools, resource
names), X-Ray tracing, a KMS-encrypted log group with a retention, and its own role; what the role may do is
granted by the stack (``infra/permissions.py``) from the function's ``Role``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra import assets
from infra.config import InfraConfig
from infra.handlers import HandlerSpec, Role
from infra.layer_bundling import layer_code
from infra.nag import suppress

RUNTIME = lambda_.Runtime.PYTHON_3_13

ARCHITECTURE = lambda_.Architecture.X86_64
LOG_RETENTION = logs.RetentionDays.THREE_MONTHS
# Functions invoked asynchronously (EventBridge, SNS): their failed events go to the dead-letter queue.
ASYNC_ROLES = frozenset({Role.START_WORKFLOW, Role.TEXTRACT_CALLBACK, Role.REVIEW_CALLBACK})


def accept_runtime(function: lambda_.Function) -> None:
    """Accept cdk-nag's AwsSolutions-L1 (not the newest Python runtime): the runtime is the tests' Python."""
    suppress(
        function,
        "AwsSolutions-L1",
        f"Python {assets.LAMBDA_PYTHON_VERSION}, on Lambda's support until 2029: the version every test "
        "runs on (scripts/find_python.sh, requirements.lock); the runtime moves with the tests, not ahead "
        "of them.",
    )


class Functions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        key: kms.IKey,
        environment: Mapping[str, str],
        code_dir: Path | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.key = key
        self.environment = dict(environment)
        self.code = lambda_.Code.from_asset(str(code_dir or assets.staged_code_dir()))
        self.layer = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=layer_code(prebuilt=self._prebuilt_layer()),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="msds runtime dependencies (infra/layer_bundling.py)",
        )
        self.dead_letters = sqs.Queue(
            self,
            "AsyncDeadLetters",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=key,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        self.by_key: dict[str, lambda_.Function] = {}
        self.specs: dict[str, HandlerSpec] = {}
        self.roles: dict[str, iam.Role] = {}

    def _prebuilt_layer(self) -> Path:
        layer_dir = Path(self.config.lambda_layer_dir)
        return layer_dir if layer_dir.is_absolute() else assets.PROJECT_ROOT / layer_dir

    def add(self, spec: HandlerSpec, environment: Mapping[str, str] | None = None) -> lambda_.Function:
        """The function of ``spec``, with the shared environment and ``environment`` (its own settings)."""
        log_group = logs.LogGroup(
            self,
            f"{spec.key}Logs",
            retention=LOG_RETENTION,
            encryption_key=self.key,
            removal_policy=RemovalPolicy.DESTROY,
        )
        # Its own role, with no managed policy: write to its own log group, the rest granted by the stack.
        role = iam.Role(
            self,
            f"{spec.key}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"msds function {spec.module}",
        )
        log_group.grant_write(role)
        is_async = spec.role in ASYNC_ROLES
        function = lambda_.Function(
            self,
            spec.key,
            description=spec.description[:256],
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            code=self.code,
            handler=spec.handler,
            layers=[self.layer],
            role=role,
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_seconds),
            environment={**self.environment, **(environment or {})},
            environment_encryption=self.key,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            dead_letter_queue=self.dead_letters if is_async else None,
            retry_attempts=2 if is_async else None,
            max_event_age=Duration.hours(6) if is_async else None,
            recursive_loop=lambda_.RecursiveLoop.TERMINATE,
        )
        accept_runtime(function)
        self.by_key[spec.key] = function
        self.specs[spec.key] = spec
        self.roles[spec.key] = role
        return function

    def role_of(self, key: str) -> iam.Role:
        return self.roles[key]
