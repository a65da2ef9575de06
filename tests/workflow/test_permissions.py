"""Each function's role in the synthesised template allows the AWS calls its code really makes.

The calls are recorded while the real handlers run the synthesised state machine over moto (every test of
this folder checks its own calls when it ends: tests/workflow/deployment.py); here, one sheet reviewed and
one that fails cover every function of the default stack, and the evaluator itself is shown to refuse what
a role lacks: a grant taken out of the template is found, KMS included.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from moto import mock_aws
from PIL import Image

from lambdas import textract_callback
from models.document import DocumentStatus
from models.publication import Publication
from msds.adapters.aws.amazon_translate import AmazonTranslator
from msds.adapters.aws.comprehend import ComprehendLanguageDetector
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from msds.adapters.aws.redshift_loader import RedshiftLoader
from msds.adapters.aws.s3_store import S3Objects
from msds.adapters.aws.sagemaker_vision import SageMakerVisionDetector
from msds.adapters.aws.textract import TextractOcr
from msds.domain.catalog import StatementCatalog
from tests.aws.cognito_fake import REVIEWER
from tests.aws.support import (
    ACCOUNT,
    BUCKET,
    RECORDED,
    REGION,
    TABLE,
    client,
    make_bucket,
    recording_opensearch,
    sns_event,
)
from tests.aws.test_publish_adapters import sample_record
from tests.aws.test_storage_and_vision_adapters import png_answer
from tests.aws.test_textract import SETTINGS, mixed_pdf, word
from tests.workflow.aws_calls import Call, CallRecorder, Resources, acting_as, denied, needed
from tests.workflow.deployment import DOCUMENT_MACHINE, RESULTS_BUCKET, Deployment
from tests.workflow.harness import logical_ids, wait_until
from tests.workflow.iam_policy import Statement, TemplateResolver, allows, function_roles
from tests.workflow.test_document_paths import (
    accepted_sheet,
    review_sheet,
    start,
    submit,
    waiting_for_review,
)

DOCUMENT_MACHINE_ARN = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{DOCUMENT_MACHINE}"


def _names(template: dict[str, Any]) -> dict[str, str]:
    return {
        **dict.fromkeys(logical_ids(template, "AWS::S3::Bucket", "StorageDocuments"), BUCKET),
        **dict.fromkeys(logical_ids(template, "AWS::S3::Bucket", "StorageResults"), RESULTS_BUCKET),
        **dict.fromkeys(logical_ids(template, "AWS::DynamoDB::Table", "StateDocuments"), TABLE),
    }


def _without(template: dict[str, Any], function: str, action: str) -> dict[str, Any]:
    """The template with ``action`` taken out of every statement of ``function``'s role policies."""
    changed = copy.deepcopy(template)
    role = function_roles(changed)[function]
    for resource in changed["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role} in resource["Properties"]["Roles"]:
            for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
                actions = (
                    statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                )
                statement["Action"] = [a for a in actions if a != action] or ["none:Nothing"]
    return changed


def test_every_function_of_the_default_stack_makes_its_calls_within_its_role(
    deployment: Deployment, stubbed: Any, review_sheet: bytes, accepted_sheet: bytes
) -> None:
    # Given Textract answered by its Stubber
    textract = stubbed("textract")
    deployment.aws.textract = TextractOcr(textract.client, SETTINGS)
    textract.stubber.add_response("start_document_analysis", {"JobId": "job-9"})

    # When a sheet goes through Textract and its callback, one fails (its Segment function crashes), and
    # one is approved by a reviewer
    scanned, scanned_id = start(deployment, mixed_pdf(), "mixed.pdf")
    wait_until(lambda: deployment.lambdas.calls("lambdas.read_text"))
    textract.stubber.add_response(
        "get_document_analysis",
        {"JobStatus": "SUCCEEDED", "Blocks": [word("Scanned", 1, 0.1, 0.1)]},
        {"JobId": "job-9", "MaxResults": 1000},
    )
    notification = {
        "JobId": "job-9",
        "Status": "SUCCEEDED",
        "API": "StartDocumentAnalysis",
        "JobTag": scanned_id,
        "Timestamp": 1748779200000,
        "DocumentLocation": {"S3ObjectName": f"artifacts/{scanned_id}/ocr-input.pdf", "S3Bucket": BUCKET},
    }
    deployment.invoke(textract_callback, sns_event(notification))
    wait_until(lambda: "Publish" in deployment.states_entered(scanned))  # it then waits for a review
    deployment.lambdas.failures["lambdas.segment"] = [RuntimeError("the function crashed")]
    failed, _ = start(deployment, accepted_sheet, "failing.pdf")
    assert deployment.wait_for_end(failed)["status"] == "FAILED"
    reviewed, document_id = waiting_for_review(deployment, review_sheet)
    submit(deployment, document_id, REVIEWER, {})
    assert deployment.wait_for_end(reviewed)["status"] == "SUCCEEDED"

    # Then every function of the stack made calls, and the deployed roles allow every one of them
    template = deployment.template
    functions = {call.function for call in deployment.recorder.calls}
    assert set(function_roles(template)) - functions == set()
    assert denied(template, deployment.physical, deployment.recorder.calls) == []


# The functions that publish a record (the Publish step, and those that publish one again), and the AWS
# services each step composes besides storage and state (msds.composition_aws), which the state-machine
# tests replace by local engines: their adapters are run here as those functions, against Stubbers.
PUBLISHERS = ("lambdas.publish", "lambdas.start_workflow", "lambdas.web")
SERVICE_CALLS = {
    ("lambdas.detect_language", "comprehend", "DetectDominantLanguage"),
    ("lambdas.translate", "translate", "TranslateText"),
    ("lambdas.detect_pictograms_and_signatures", "sagemaker-runtime", "InvokeEndpoint"),
    *((function, "redshift-data", "BatchExecuteStatement") for function in PUBLISHERS),
    *((function, "redshift-data", "DescribeStatement") for function in PUBLISHERS),
    *((function, "s3", "PutObject") for function in PUBLISHERS),  # the analytics staging files
    *((function, "es", "POST") for function in PUBLISHERS),  # the _bulk request
}


def function_environment(template: dict[str, Any], names: dict[str, str], module: str) -> dict[str, str]:
    """The environment the template gives the function of ``module``, resolved as in the deployment."""
    resolver = TemplateResolver(template, names)
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Function" and str(props.get("Handler", "")).startswith(
            module + "."
        ):
            return {k: str(resolver.resolve(v)) for k, v in props["Environment"]["Variables"].items()}
    raise AssertionError(f"no function runs {module}")


def test_the_aws_services_each_step_composes_are_called_within_its_role(
    template: dict[str, Any], aws_credentials: None, stubbed: Any
) -> None:
    # Given each function's environment from the template, and the services answered by Stubbers
    names = _names(template)

    def env(module: str) -> dict[str, str]:
        return function_environment(template, names, module)

    recorder = CallRecorder()
    es_calls: list[Call] = []
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3, RESULTS_BUCKET)
        stop = recorder.install()
        try:
            # When each step's AWS adapter does its work as that step's function
            comprehend = stubbed("comprehend")
            comprehend.stubber.add_response(
                "detect_dominant_language", {"Languages": [{"LanguageCode": "de", "Score": 0.98}]}
            )
            with acting_as("lambdas.detect_language"):
                ComprehendLanguageDetector(comprehend.client).detect(
                    "Dieses Sicherheitsdatenblatt beschreibt Aceton rein und seine Gefahren."
                )
            translate = stubbed("translate")
            translate.stubber.add_response(
                "translate_text",
                {"TranslatedText": "Vapours.", "SourceLanguageCode": "de", "TargetLanguageCode": "en"},
            )
            terminology = env("lambdas.translate")["MSDS_AWS_TERMINOLOGY_NAME"]
            with acting_as("lambdas.translate"):
                AmazonTranslator(
                    translate.client, StatementCatalog(), terminology_names=[terminology]
                ).translate(["Dämpfe können mit Luft explosive Gemische bilden."], "de")
            runtime = stubbed("sagemaker-runtime")
            runtime.stubber.add_response(
                "invoke_endpoint",
                png_answer({"page": 1, "width": 40, "height": 60, "pictograms": [], "signatures": []}),
            )
            vision = env("lambdas.detect_pictograms_and_signatures")
            with acting_as("lambdas.detect_pictograms_and_signatures"):
                SageMakerVisionDetector(runtime.client, vision["MSDS_AWS_VISION_ENDPOINT"]).detect(
                    Image.new("RGB", (40, 60)), 1, signatures=True
                )
            for function in PUBLISHERS:
                settings = env(function)
                redshift = stubbed("redshift-data")
                redshift.stubber.add_response("batch_execute_statement", {"Id": "stmt-1"})
                redshift.stubber.add_response("describe_statement", {"Id": "stmt-1", "Status": "FINISHED"})
                search = recording_opensearch()
                with acting_as(function):
                    RedshiftLoader(
                        redshift.client,
                        S3Objects(s3, kms_key_id=settings["MSDS_AWS_KMS_KEY_ID"]),
                        database=settings["MSDS_AWS_REDSHIFT_DATABASE"],
                        workgroup=settings["MSDS_AWS_REDSHIFT_WORKGROUP"],
                        staging_bucket=settings["MSDS_AWS_STAGING_BUCKET"],
                        poll_seconds=0.0,
                        sleep=lambda _: None,
                    ).load([sample_record()])
                    OpenSearchIndexer(search, settings["MSDS_AWS_SEARCH_INDEX"]).publish(
                        Publication(
                            record=sample_record(), status=DocumentStatus.ACCEPTED, supplier_ids=["a"]
                        )
                    )
                # opensearch-py is no botocore client: its requests, as the domain's IAM sees them
                es_calls += [Call(function, "es", method, {"path": url}) for method, url, _ in RECORDED]
        finally:
            stop()
    calls = recorder.calls + es_calls

    # Then each made the calls its step is for, and its role allows every one (resources included)
    made = {(call.function, call.service, call.operation) for call in calls}
    assert SERVICE_CALLS - made == set()
    assert denied(template, names, calls) == []


def test_a_call_whose_grant_is_removed_is_refused_with_function_action_and_resource(
    template: dict[str, Any],
) -> None:
    # Given start_workflow's StartExecution of the document workflow, and the template without that grant
    call = Call(
        "lambdas.start_workflow", "stepfunctions", "StartExecution", {"stateMachineArn": DOCUMENT_MACHINE_ARN}
    )
    names = _names(template)

    # When the call is checked against both templates
    allowed = denied(template, names, [call])
    refused = denied(_without(template, "lambdas.start_workflow", "states:StartExecution"), names, [call])

    # Then the deployed template allows it, and the other refuses it by name
    assert allowed == []
    assert refused == [
        f"lambdas.start_workflow may not states:StartExecution on {DOCUMENT_MACHINE_ARN} "
        "(stepfunctions.StartExecution)"
    ]


def test_writing_to_an_encrypted_bucket_needs_the_keys_data_key_grant(template: dict[str, Any]) -> None:
    # Given Receive storing an original in the SSE-KMS document bucket
    call = Call("lambdas.receive", "s3", "PutObject", {"Bucket": BUCKET, "Key": "originals/abc/sheet.pdf"})
    names = _names(template)

    # When the role loses kms:GenerateDataKey* (and, separately, the S3 write itself)
    without_key = denied(_without(template, "lambdas.receive", "kms:GenerateDataKey*"), names, [call])
    without_put = denied(_without(template, "lambdas.receive", "s3:PutObject"), names, [call])

    # Then the deployed template allows the write, and each removal is found
    assert denied(template, names, [call]) == []
    assert len(without_key) == 1 and "may not kms:GenerateDataKey on arn:aws:kms:" in without_key[0]
    assert without_put == [
        f"lambdas.receive may not s3:PutObject on arn:aws:s3:::{BUCKET}/originals/abc/sheet.pdf "
        "(s3.PutObject)"
    ]


def test_a_table_call_needs_the_table_its_index_and_the_tables_key(template: dict[str, Any]) -> None:
    # Given a query of the documents table's index
    call = Call("lambdas.web", "dynamodb", "Query", {"TableName": TABLE, "IndexName": "by-status"})

    # When the permissions it needs are listed
    pairs = needed(call, Resources(template, TemplateResolver(template, _names(template))))

    # Then they are the index's Query and the key's Decrypt (the table is encrypted with the stack's key)
    assert pairs[0] == (
        "dynamodb:Query",
        f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{TABLE}/index/by-status",
    )
    assert pairs[1][0] == "kms:Decrypt" and pairs[1][1].startswith(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/")


@pytest.mark.parametrize(
    ("action", "resource", "expected"),
    [
        ("s3:GetObject", "arn:aws:s3:::b/artifacts/x", True),
        ("S3:getobject", "arn:aws:s3:::b/artifacts/x", True),  # actions are case-insensitive
        ("s3:GetObject", "arn:aws:s3:::b/Artifacts/x", False),  # resources are not
        ("s3:GetObject", "arn:aws:s3:::b/uploads/x", False),
        ("s3:PutObject", "arn:aws:s3:::b/artifacts/secret", False),  # explicit deny wins
        ("s3:DeleteObject", "arn:aws:s3:::b/artifacts/x", False),
    ],
)
def test_the_evaluator_matches_iam_wildcards_and_lets_a_deny_win(
    action: str, resource: str, expected: bool
) -> None:
    # Given an allow on artifacts/* and a deny of one object
    policy = [
        Statement("Allow", ("s3:GetObject*", "s3:PutObject"), (), ("arn:aws:s3:::b/artifacts/*",), (), {}),
        Statement("Deny", ("s3:*",), (), ("arn:aws:s3:::b/artifacts/secret",), (), {}),
    ]

    # When a request is evaluated
    # Then it is allowed exactly as IAM would
    assert allows(policy, action, resource) is expected


__all__ = ["accepted_sheet", "review_sheet"]  # the fixtures of the document paths, shared
