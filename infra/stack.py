"""The msds stack: composes one construct per concern and wires them together. No resource is defined here
directly except through those constructs; the wiring (who may do what, which function sits where) is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import Annotations, CfnOutput, Duration, Fn, Stack, Tags
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.analytics import DATABASE, Analytics
from infra.constructs.api import Api
from infra.constructs.functions import Functions
from infra.constructs.ingestion import Ingestion
from infra.constructs.network import Network
from infra.constructs.observability import Observability
from infra.constructs.review import HumanReview
from infra.constructs.search import Search
from infra.constructs.state import State
from infra.constructs.storage import (
    ANALYTICS_STAGING_PREFIX,
    ARTIFACTS_PREFIX,
    BACKFILL_PREFIX,
    ORIGINALS_PREFIX,
    REVIEW_OUTPUT_PREFIX,
    TEXTRACT_PREFIX,
    UPLOADS_PREFIX,
    Storage,
)
from infra.constructs.textract import TextractNotifications
from infra.constructs.translation import Terminology, glossary_csv
from infra.constructs.vision import VisionEndpoint
from infra.constructs.workflow import Workflow, state_machine_arn
from infra.environment import (
    aws_environment,
    function_aws_environment,
    powertools_environment,
    settings_environment,
)
from infra.handlers import Role, all_handlers, support_handler
from infra.nag import S3_KMS_WRITE_GRANT_ACTIONS, S3_READ_GRANT_ACTIONS, suppress
from infra.permissions import PUBLISH_STEPS, REPUBLISHING_ROLES, Resources, grant
from msds.pipeline.steps import STEP_NAMES

AVAILABILITY_ZONES = 3
FUNCTION_PREFIXES = (
    UPLOADS_PREFIX,
    ORIGINALS_PREFIX,
    ARTIFACTS_PREFIX,
    BACKFILL_PREFIX,
    TEXTRACT_PREFIX,
    REVIEW_OUTPUT_PREFIX,
    ANALYTICS_STAGING_PREFIX,
)
BASIC_EXECUTION_POLICY = (
    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
)
# Construct ids of the functions CDK creates once per stack (the suffix is a fixed uuid of CDK's).
CDK_SINGLETON_PREFIXES = ("BucketNotificationsHandler", "AWS679f53fac002430cb0da5b7982bd2287")


class MsdsStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        code_dir: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        Tags.of(self).add("project", "msds")
        Tags.of(self).add("stage", config.stage)
        for warning in config.deploy_warnings():
            Annotations.of(self).add_warning_v2("msds:deploy-parameter", warning)

        storage = Storage(self, "Storage", config=config)
        key = storage.key
        state = State(self, "State", config=config, key=key)
        network = Network(self, "Network", config=config)
        textract = TextractNotifications(self, "Textract", key=key)
        vision = VisionEndpoint(
            self,
            "Vision",
            config=config,
            key=key,
            results=storage.results,
            vpc=network.vpc,
            subnets=network.isolated,
            security_group=network.endpoint_security_group,
        )
        review = (
            HumanReview(
                self, "Review", config=config, key=key, results=storage.results, documents=storage.documents
            )
            if config.a2i
            else None
        )
        search = Search(self, "Search", config=config, key=key)
        analytics = Analytics(
            self,
            "Analytics",
            config=config,
            key=key,
            results=storage.results,
            vpc=network.vpc,
            subnets=network.isolated,
            security_group=network.redshift_security_group,
        )
        glossary = glossary_csv()
        terminology = (
            Terminology(self, "Terminology", name=f"msds-{config.stage}-sds-glossary", key=key, data=glossary)
            if glossary is not None
            else None
        )

        api = Api(self, "Api", config=config, key=key)

        document_machine = f"msds-{config.stage}-document"
        document_machine_arn = state_machine_arn(self, document_machine)
        # Resources by the field names of msds.composition_aws.AwsSettings (MSDS_AWS_<NAME>).
        resources = {
            "document_bucket": storage.documents.bucket_name,
            "state_table": state.documents.table_name,
            "review_tasks_table": state.review_tasks.table_name,
            "kms_key_id": key.key_arn,
            "state_machine_arn": document_machine_arn,
            "textract_topic_arn": textract.topic.topic_arn,
            "textract_role_arn": textract.role.role_arn,
            "textract_output_bucket": storage.results.bucket_name,
            "vision_endpoint": vision.endpoint_name,
            "review_channel": "a2i" if review is not None else "queue",
            "search_endpoint": search.endpoint,
            "search_index": search.alias,
            "redshift_workgroup": analytics.workgroup_name,
            "redshift_database": DATABASE,
            "staging_bucket": storage.results.bucket_name,
        }
        if terminology is not None:
            resources["terminology_name"] = terminology.name
        if review is not None:
            resources["flow_definition_arn"] = review.flow_definition_arn
        environment = {
            **settings_environment(),
            **aws_environment(resources),
            **powertools_environment(),
        }
        # The web app's own settings (msds.composition_aws_web): only its function has them.
        web_environment = function_aws_environment(
            {
                "sessions_table": state.sessions.table_name,
                "user_pool_id": api.user_pool.user_pool_id,
                "user_pool_client_id": api.client.user_pool_client_id,
                "sign_in_domain": api.sign_in_domain,
            }
        )
        functions = Functions(
            self, "Functions", config=config, key=key, environment=environment, code_dir=code_dir
        )
        self.functions = functions
        permissions = Resources(
            key=key,
            documents=storage.documents,
            results=storage.results,
            state=state,
            textract=textract,
            vision=vision,
            review=review,
            search=search,
            analytics=analytics,
            document_state_machine_arn=document_machine_arn,
            backfill_state_machine_arn=state_machine_arn(self, f"msds-{config.stage}-backfill"),
        )
        handlers = all_handlers(a2i=config.a2i)
        for spec in handlers:
            functions.add(spec, web_environment if spec.role is Role.WEB else None)
            grant(spec, functions.role_of(spec.key), permissions)
        if terminology is not None:
            # Functions must not start translating before the terminology they name exists.
            for spec in handlers:
                if spec.step == "Translate":
                    functions.by_key[spec.key].node.add_dependency(terminology)
        by_role: dict[Role, lambda_.Function] = {
            spec.role: functions.by_key[spec.key] for spec in handlers if spec.role is not Role.STEP
        }
        step_functions = {spec.step: functions.by_key[spec.key] for spec in handlers if spec.step}

        workflow = Workflow(
            self,
            "Workflow",
            config=config,
            key=key,
            documents=storage.documents,
            results=storage.results,
            step_functions={name: step_functions[name] for name in STEP_NAMES},
            start_workflow=by_role[Role.START_WORKFLOW],
            start_review=by_role[Role.START_REVIEW],
            record_failure=by_role[Role.RECORD_FAILURE],
            review_timeout=Duration.seconds(config.review_wait_seconds()),
            document_state_machine_name=document_machine,
            backfill_state_machine_name=f"msds-{config.stage}-backfill",
        )
        self.workflow = workflow
        Ingestion(
            self,
            "Ingestion",
            documents=storage.documents,
            starter=by_role[Role.START_WORKFLOW],
            dead_letters=functions.dead_letters,
        )
        textract.subscribe(by_role[Role.TEXTRACT_CALLBACK], functions.dead_letters)
        if review is not None:
            review.route_status_changes(by_role[Role.REVIEW_CALLBACK], functions.dead_letters)
        search.create_index(
            writers=[
                functions.role_of(spec.key)
                for spec in handlers
                if spec.step in PUBLISH_STEPS or spec.role in REPUBLISHING_ROLES
            ],
            readers=[functions.role_of(support_handler(Role.WEB).key)],
        )
        api.serve(by_role[Role.WEB])
        # The web app's pages post upload forms straight to the document bucket.
        storage.allow_uploads_from([api.origin, *config.api_cors_origins])

        observability = Observability(self, "Observability", config=config, key=key)
        observability.watch_state_machine("DocumentWorkflow", workflow.document)
        observability.watch_state_machine("BackfillWorkflow", workflow.backfill)
        observability.watch_dead_letters("AsyncDeadLetters", functions.dead_letters)
        observability.watch_functions(functions.by_key)

        self._suppress_accepted_findings(functions)
        self._suppress_cdk_singletons()
        self._outputs(storage, state, workflow, api, search, vision, review, analytics)

    @property
    def availability_zones(self) -> list[str]:
        """Three AZs without a lookup (an environment-agnostic stack gets two): synth stays offline."""
        return [Fn.select(i, Fn.get_azs()) for i in range(AVAILABILITY_ZONES)]

    def _outputs(
        self,
        storage: Storage,
        state: State,
        workflow: Workflow,
        api: Api,
        search: Search,
        vision: VisionEndpoint,
        review: HumanReview | None,
        analytics: Analytics,
    ) -> None:
        outputs = {
            "UploadBucket": storage.documents.bucket_name,
            "ResultsBucket": storage.results.bucket_name,
            "DocumentsTable": state.documents.table_name,
            "DocumentStateMachine": workflow.document.state_machine_arn,
            "BackfillStateMachine": workflow.backfill.state_machine_arn,
            "ApiUrl": api.url or "",
            "UserPoolId": api.user_pool.user_pool_id,
            "UserPoolClientId": api.client.user_pool_client_id,
            "SignInDomain": api.sign_in_domain,
            "ReviewTasksTable": state.review_tasks.table_name,
            "SearchEndpoint": search.endpoint,
            "VisionEndpointName": vision.endpoint_name,
            "RedshiftWorkgroup": analytics.workgroup_name,
        }
        if review is not None:
            outputs["FlowDefinitionArn"] = review.flow_definition_arn
        for name, value in outputs.items():
            CfnOutput(self, name, value=value)

    def _suppress_cdk_singletons(self) -> None:
        """Functions CDK adds once per stack for its own deploy-time calls (S3 -> EventBridge notification
        configuration, AwsCustomResource calls of the OpenSearch construct)."""
        for child in self.node.children:
            if child.node.id.startswith(CDK_SINGLETON_PREFIXES):
                suppress(
                    child,
                    "AwsSolutions-IAM4",
                    "A CDK-provided deploy-time function; its role has AWSLambdaBasicExecutionRole "
                    "(CloudWatch "
                    "Logs only), as CDK creates it.",
                    applies_to=[BASIC_EXECUTION_POLICY],
                )
                suppress(
                    child,
                    "AwsSolutions-IAM5",
                    "A CDK-provided deploy-time function: CDK grants it the KMS read actions it needs to "
                    "update "
                    "the OpenSearch domain encrypted with the data key.",
                    applies_to=["Action::kms:Describe*", "Action::kms:List*"],
                )
                suppress(
                    child,
                    "AwsSolutions-L1",
                    "A CDK-provided deploy-time function: its runtime is chosen by the CDK release.",
                )

    def _suppress_accepted_findings(self, functions: Functions) -> None:
        prefixes = "|".join(p.rstrip("/") for p in FUNCTION_PREFIXES)
        for role in functions.roles.values():
            suppress(
                role,
                "AwsSolutions-IAM5",
                "Bounded wildcards: objects under this function's own prefixes of the project's two buckets "
                "(<bucket>/<prefix>/*), the indexes of the project's tables (<table>/index/*), CDK's grant "
                "action groups on those resources (s3:GetObject*, kms:GenerateDataKey* ...), human loops of "
                "the flow definition (human-loop/*, names made per attempt), the task tokens of the "
                "backfill's map runs (stateMachine:<backfill>/*, made per run), the project's Translate "
                "terminologies (terminology/msds-*), the function's own log group, and the actions with no "
                "resource-level permissions (X-Ray, Textract, Comprehend, TranslateText).",
                applies_to=[
                    *S3_READ_GRANT_ACTIONS,
                    "Action::s3:DeleteObject*",
                    *S3_KMS_WRITE_GRANT_ACTIONS,
                    "Resource::*",
                    f"regex:/^Resource::<Storage(Documents|Results)[0-9A-F]{{8}}\\.Arn>\\/({prefixes})\\/\\*$/g",
                    "regex:/^Resource::<State(Documents|ReviewTasks)[0-9A-F]{8}\\.Arn>\\/index\\/\\*$/g",
                    "regex:/^Resource::<SearchDomain[0-9A-F]{8}\\.Arn>\\/\\*$/g",
                    "Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:human-loop/*",
                    "Resource::arn:<AWS::Partition>:translate:<AWS::Region>:<AWS::AccountId>:terminology/msds-*",
                    "regex:/^Resource::<Functions[A-Za-z]+Logs[0-9A-F]{8}\\.Arn>:\\*$/g",
                    "regex:/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:"
                    "stateMachine:msds-[a-z0-9-]+-backfill\\/\\*$/g",
                ],
            )
