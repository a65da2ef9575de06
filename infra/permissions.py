"""What each function may do, by its role (infra/handlers.Role): least privilege, named actions only.

Every grant names its actions (no ``service:*``) and, where the service allows it, its resources. Actions
without resource-level permissions (Textract, Comprehend, Translate's TranslateText, X-Ray) are the only
``Resource: *`` statements, and the cdk-nag suppression of the function roles says so (infra/stack.py).

Key layout (infra/constructs/storage.py): the document bucket holds uploads/, originals/ (immutable),
artifacts/<document id>/ (every step's state and text) and backfill/; the results bucket holds service outputs
(textract-output/, review-output/, analytics-staging/, backfill-results/).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from infra.constructs.analytics import Analytics
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
)
from infra.constructs.textract import TextractNotifications
from infra.constructs.vision import VisionEndpoint
from infra.handlers import HandlerSpec, Role

TERMINOLOGY_PREFIX = "msds-"
# Steps that call an AWS service besides storage and state, by step name.
TEXTRACT_STEPS = frozenset({"ReadText"})
COMPREHEND_LANGUAGE_STEPS = frozenset({"DetectLanguage"})
TRANSLATE_STEPS = frozenset({"Translate"})
VISION_STEPS = frozenset({"DetectPictogramsAndSignatures"})
PUBLISH_STEPS = frozenset({"Publish"})
# Steps that open, update or withdraw review tasks (Route opens one for every sheet that needs a human).
REVIEW_QUEUE_STEPS = frozenset({"Route"})
# Functions besides the Publish step that publish a record again (a new supplier of the same bytes, a review
# submitted after its workflow ended).
REPUBLISHING_ROLES = frozenset({Role.START_WORKFLOW, Role.WEB, Role.REVIEW_CALLBACK})
# Steps whose task runs with a task token and may resume it at once (no outside work needed).
TOKEN_STEPS = frozenset({"ReadText"})


@dataclass(frozen=True)
class Resources:
    key: kms.IKey
    documents: s3.IBucket
    results: s3.IBucket
    state: State
    textract: TextractNotifications
    vision: VisionEndpoint
    review: HumanReview | None  # None: reviewers work the product's queue only (no A2I)
    search: Search
    analytics: Analytics
    document_state_machine_arn: str
    # Its map runs' items wait on task tokens that start_workflow answers for a sheet it does not start.
    backfill_state_machine_arn: str = ""


def grant(spec: HandlerSpec, role: iam.Role, r: Resources) -> None:
    r.key.grant_encrypt_decrypt(role)  # the environment, the tables, the buckets and the queues use it
    match spec.role:
        case Role.STEP:
            _grant_step(spec, role, r)
        case Role.START_WORKFLOW:
            # Reads the upload to name the execution after its SHA-256; the same bytes sent again by another
            # supplier start nothing, so the supplier is added to the document's entry here.
            r.documents.grant_read(role, f"{UPLOADS_PREFIX}*")
            r.documents.grant_read(role, f"{BACKFILL_PREFIX}*")
            r.state.documents.grant_read_write_data(role)
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["states:StartExecution"], resources=[r.document_state_machine_arn]
                )
            )
            _grant_publish(role, r)  # a sheet already published is published again with the new supplier
            if r.backfill_state_machine_arn:
                # a backfill item whose sheet starts no execution (known already) is answered at once
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["states:SendTaskSuccess"],
                        resources=[r.backfill_state_machine_arn, f"{r.backfill_state_machine_arn}/*"],
                    )
                )
        case Role.TEXTRACT_CALLBACK:
            _grant_document_work(role, r)
            role.add_to_policy(iam.PolicyStatement(actions=["textract:GetDocumentAnalysis"], resources=["*"]))
            _grant_task_response(role, r)
        case Role.START_REVIEW:
            # Stores the workflow's token on the review task (A2I: renders the pages to check as artifacts
            # and starts a human loop, stopped again if the task was completed meanwhile).
            _grant_document_work(role, r)
            r.state.review_tasks.grant_read_write_data(role)
            if r.review is not None:
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["sagemaker:StartHumanLoop"], resources=[r.review.flow_definition_arn]
                    )
                )
                role.add_to_policy(
                    iam.PolicyStatement(actions=["sagemaker:StopHumanLoop"], resources=[_human_loops(role)])
                )
            _grant_task_response(role, r)  # a sheet that no longer needs review resumes at once
        case Role.REVIEW_CALLBACK:
            # An A2I answer completes the review task like a queue submit: merged into the record, the
            # workflow resumed, or (its wait timed out) the reviewed record published by an attempt from
            # Publish (here only without a state machine).
            _grant_document_work(role, r)
            r.state.review_tasks.grant_read_write_data(role)
            r.results.grant_read(role, f"{REVIEW_OUTPUT_PREFIX}*")
            role.add_to_policy(
                iam.PolicyStatement(actions=["sagemaker:DescribeHumanLoop"], resources=[_human_loops(role)])
            )
            _grant_task_response(role, r)
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["states:StartExecution"], resources=[r.document_state_machine_arn]
                )
            )
            _grant_publish(role, r)
        case Role.RECORD_FAILURE:
            r.state.documents.grant_read_write_data(role)
        case Role.WEB:
            # The web app: documents and records (a submitted review merges into them), the review queue,
            # the sessions; originals and rendered pages to show, the corrections and state artifacts a review
            # writes; upload forms (presigned POSTs are signed as this role); search.
            _grant_document_work(role, r)
            r.state.review_tasks.grant_read_write_data(role)
            r.state.sessions.grant_read_write_data(role)
            r.documents.grant_put(role, f"{UPLOADS_PREFIX}*")
            r.search.grant_read(role)
            _grant_task_response(role, r)  # a submitted review resumes the workflow waiting for it
            # An administrator's reprocess, and the publication of a review submitted after its workflow
            # stopped waiting, each start an execution per attempt.
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["states:StartExecution"], resources=[r.document_state_machine_arn]
                )
            )
            _grant_publish(role, r)  # without a state machine, the reviewed record is published here


def _grant_document_work(role: iam.Role, r: Resources) -> None:
    """What every function working on one document needs: its state, its original, its artifacts."""
    r.state.documents.grant_read_write_data(role)
    r.documents.grant_read(role, f"{ORIGINALS_PREFIX}*")
    r.documents.grant_read_write(role, f"{ARTIFACTS_PREFIX}*")


def _grant_step(spec: HandlerSpec, role: iam.Role, r: Resources) -> None:
    step = spec.step or ""
    _grant_document_work(role, r)
    if step == "Receive":
        r.documents.grant_read(role, f"{UPLOADS_PREFIX}*")
        r.documents.grant_read(role, f"{BACKFILL_PREFIX}*")
        r.documents.grant_put(role, f"{ORIGINALS_PREFIX}*")  # conditional (If-None-Match), see storage
    if step in TEXTRACT_STEPS:
        role.add_to_policy(iam.PolicyStatement(actions=["textract:StartDocumentAnalysis"], resources=["*"]))
        r.results.grant_put(role, f"{TEXTRACT_PREFIX}*")  # Textract writes its OutputConfig as the caller
        r.textract.role.grant_pass_role(role)
    if step in TOKEN_STEPS:
        _grant_task_response(role, r)
    if step in COMPREHEND_LANGUAGE_STEPS:
        role.add_to_policy(
            iam.PolicyStatement(actions=["comprehend:DetectDominantLanguage"], resources=["*"])
        )
    if step in TRANSLATE_STEPS:
        role.add_to_policy(iam.PolicyStatement(actions=["translate:TranslateText"], resources=["*"]))
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["translate:GetTerminology", "translate:ImportTerminology"],
                resources=[
                    Stack.of(role).format_arn(
                        service="translate", resource="terminology", resource_name=f"{TERMINOLOGY_PREFIX}*"
                    )
                ],
            )
        )
    if step in VISION_STEPS:
        r.vision.grant_invoke(role)
    if step in PUBLISH_STEPS:
        _grant_publish(role, r)
    if step in REVIEW_QUEUE_STEPS:
        r.state.review_tasks.grant_read_write_data(role)


def _grant_publish(role: iam.Role, r: Resources) -> None:
    """Index records for search and load them into analytics (through the staging prefix)."""
    r.search.grant_write(role)
    r.analytics.grant_write(role)
    r.results.grant_read_write(role, f"{ANALYTICS_STAGING_PREFIX}*")


def _human_loops(role: iam.Role) -> str:
    return Stack.of(role).format_arn(
        service="sagemaker",
        resource="human-loop",
        resource_name="*",
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )


def _grant_task_response(role: iam.Role, r: Resources) -> None:
    role.add_to_policy(
        iam.PolicyStatement(
            actions=["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
            resources=[r.document_state_machine_arn],
        )
    )
