"""The deploy steps behind the custom resources, with the AWS clients stubbed (botocore's Stubber)."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from infra.custom_resources import (
    flow_definition,
    redshift_sql,
    search_index,
    translate_terminology,
    vision_model_package,
)

FLOW_PROPS = {
    "NamePrefix": "msds-dev-review",
    "WorkteamArn": "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/msds-reviewers",
    "HumanTaskUiArn": "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/msds-dev-sds-review-1",
    "RoleArn": "arn:aws:iam::123456789012:role/a2i",
    "OutputPath": "s3://results/review-output",
    "KmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1",
    "TaskTitle": "Review a safety data sheet",
    "TaskDescription": "Check it",
    "TaskKeywords": ["SDS"],
    "TaskAvailabilitySeconds": "604800",
    "TaskTimeLimitSeconds": "3600",
}


INDEX_PROPS = {
    "Endpoint": "search.example",
    "IndexName": "sds-records-v2",
    "Alias": "sds-records",
    "Mapping": json.dumps({"settings": {}, "mappings": {"dynamic": "strict", "properties": {}}}),
    "WriterRoleArns": ["arn:aws:iam::1:role/publish"],
    "ReaderRoleArns": ["arn:aws:iam::1:role/search"],
}


def client(service: str) -> Any:
    return boto3.client(service, region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")


def test_a_changed_flow_definition_gets_a_new_name_and_an_unchanged_one_is_kept() -> None:
    # Given a flow definition's properties, and the same with another task time limit
    changed = {**FLOW_PROPS, "TaskTimeLimitSeconds": "7200"}

    # When their names are derived
    first, second = (
        flow_definition.flow_definition_name(FLOW_PROPS),
        flow_definition.flow_definition_name(changed),
    )

    # Then they differ (a new flow definition replaces the immutable old one), and each is a valid A2I name
    assert first != second and first == flow_definition.flow_definition_name(dict(FLOW_PROPS))
    assert first.startswith("msds-dev-review-") and len(first) <= 63 and first == first.lower()


def test_the_flow_definition_is_created_with_the_output_path_and_waited_for() -> None:
    # Given SageMaker answering CreateFlowDefinition, then Initializing, then Active
    sagemaker = client("sagemaker")
    name = flow_definition.flow_definition_name(FLOW_PROPS)
    arn = f"arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/{name}"
    described = {
        "FlowDefinitionArn": arn,
        "FlowDefinitionName": name,
        "CreationTime": "2026-01-01",
        "OutputConfig": {"S3OutputPath": "s3://results/review-output"},
        "RoleArn": FLOW_PROPS["RoleArn"],
    }
    with Stubber(sagemaker) as stub:
        stub.add_response(
            "create_flow_definition",
            {"FlowDefinitionArn": arn},
            {
                "FlowDefinitionName": name,
                "HumanLoopConfig": ANY,
                "OutputConfig": {
                    "S3OutputPath": "s3://results/review-output",
                    "KmsKeyId": FLOW_PROPS["KmsKeyArn"],
                },
                "RoleArn": FLOW_PROPS["RoleArn"],
                "Tags": ANY,
            },
        )
        stub.add_response("describe_flow_definition", {**described, "FlowDefinitionStatus": "Active"})

        # When the stack creates the resource
        response = flow_definition.on_event(
            {"RequestType": "Create", "ResourceProperties": FLOW_PROPS}, None, sagemaker
        )

    # Then its physical id is the name and its ARN is returned for the functions
    assert response == {"PhysicalResourceId": name, "Data": {"Arn": arn, "Name": name}}


def test_the_search_step_sets_up_the_roles_then_creates_the_index_behind_its_alias() -> None:
    # Given a domain where the index does not exist yet
    calls: list[tuple[str, str, Any]] = []

    def send(method: str, path: str, body: Any) -> tuple[int, str]:
        calls.append((method, path, body))
        return (404, "") if method in ("HEAD", "GET") else (200, "{}")

    # When the stack creates the resource
    on = search_index.on_event({"RequestType": "Create", "ResourceProperties": INDEX_PROPS}, None, send)

    # Then roles and role mappings come first, and the index is created with its alias
    assert [c[:2] for c in calls] == [
        ("PUT", "/_plugins/_security/api/roles/msds_writer"),
        ("PUT", "/_plugins/_security/api/roles/msds_reader"),
        ("PUT", "/_plugins/_security/api/rolesmapping/msds_writer"),
        ("PUT", "/_plugins/_security/api/rolesmapping/msds_reader"),
        ("HEAD", "/sds-records-v2"),
        ("GET", "/_alias/sds-records"),
        ("PUT", "/sds-records-v2"),
    ]
    assert calls[2][2] == {"backend_roles": ["arn:aws:iam::1:role/publish"]}
    assert calls[-1][2]["aliases"] == {"sds-records": {}}
    assert on["PhysicalResourceId"] == "search.example/sds-records-v2"


def test_a_new_index_version_gets_the_earlier_ones_documents_before_the_alias_moves_to_it() -> None:
    # Given a domain whose alias points at version 1, and a copy task that needs two looks to finish
    calls: list[tuple[str, str, Any]] = []
    task_answers = iter(
        [
            {"completed": False},
            {"completed": True, "response": {"created": 3, "failures": []}},
        ]
    )
    naps: list[float] = []

    def send(method: str, path: str, body: Any) -> tuple[int, str]:
        calls.append((method, path, body))
        if method == "HEAD":
            return 404, ""
        if path == "/_alias/sds-records":
            return 200, json.dumps({"sds-records-v1": {"aliases": {"sds-records": {}}}})
        if path.startswith("/_reindex"):
            return 200, json.dumps({"task": "node:42"})
        if path == "/_tasks/node:42":
            return 200, json.dumps(next(task_answers))
        return 200, "{}"

    # When the stack is updated to version 2
    search_index.on_event(
        {"RequestType": "Update", "ResourceProperties": INDEX_PROPS}, None, send, sleep=naps.append
    )

    # Then version 2 is created without the alias, filled from version 1, and only then gets the alias
    index_calls = [c for c in calls if "_plugins" not in c[1]]
    assert [c[:2] for c in index_calls] == [
        ("HEAD", "/sds-records-v2"),
        ("GET", "/_alias/sds-records"),
        ("PUT", "/sds-records-v2"),
        ("POST", "/_reindex?wait_for_completion=false&refresh=true"),
        ("GET", "/_tasks/node:42"),
        ("GET", "/_tasks/node:42"),
        ("POST", "/_aliases"),
    ]
    assert "aliases" not in index_calls[2][2]
    assert index_calls[3][2] == {"source": {"index": ["sds-records-v1"]}, "dest": {"index": "sds-records-v2"}}
    assert index_calls[-1][2] == {
        "actions": [
            {"remove": {"index": "sds-records-v1", "alias": "sds-records"}},
            {"add": {"index": "sds-records-v2", "alias": "sds-records"}},
        ]
    }
    assert naps == [search_index.REINDEX_POLL_SECONDS]


def test_a_copy_that_fails_leaves_the_alias_where_it_was_and_fails_the_deploy() -> None:
    # Given a domain whose alias points at version 1, and a copy that ends with a failed document
    calls: list[tuple[str, str, Any]] = []

    def send(method: str, path: str, body: Any) -> tuple[int, str]:
        calls.append((method, path, body))
        if method == "HEAD":
            return 200, ""
        if path == "/_alias/sds-records":
            return 200, json.dumps({"sds-records-v1": {}})
        if path.startswith("/_reindex"):
            return 200, json.dumps({"task": "node:7"})
        if path == "/_tasks/node:7":
            failure = {"id": "a" * 64, "cause": {"type": "mapper_parsing_exception"}}
            return 200, json.dumps({"completed": True, "response": {"failures": [failure]}})
        return 200, "{}"

    # When the stack is updated (the new index exists from an earlier attempt)
    with pytest.raises(RuntimeError) as refused:
        search_index.on_event({"RequestType": "Update", "ResourceProperties": INDEX_PROPS}, None, send)

    # Then the deploy fails naming the failure, and the alias was never moved
    assert "mapper_parsing_exception" in str(refused.value)
    assert not any(path == "/_aliases" for _, path, _ in calls)


def test_an_existing_index_only_gets_its_mapping_updated_and_a_refusal_fails_the_deploy() -> None:
    # Given a domain where the index exists, and which refuses the new mapping
    def send(method: str, path: str, body: Any) -> tuple[int, str]:
        if method == "HEAD":
            return 200, ""
        return (400, "mapper cannot change type") if path.endswith("/_mapping") else (200, "{}")

    props = {
        "Endpoint": "e",
        "IndexName": "i",
        "Alias": "a",
        "Mapping": json.dumps({"mappings": {}}),
        "WriterRoleArns": [],
        "ReaderRoleArns": [],
    }

    # When the stack updates the resource
    with pytest.raises(RuntimeError) as refused:
        search_index.on_event({"RequestType": "Update", "ResourceProperties": props}, None, send)

    # Then the deployment fails with OpenSearch's answer
    assert "mapper cannot change type" in str(refused.value)


def test_sql_runs_as_the_managed_admin_and_a_repeated_create_role_is_accepted() -> None:
    # Given the namespace's managed admin secret, and a CREATE ROLE that already exists
    serverless, data = client("redshift-serverless"), client("redshift-data")
    secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!msds-dev-msdsadmin-AbCdEf"
    props = {
        "WorkgroupName": "msds-dev",
        "Database": "msds",
        "NamespaceName": "msds-dev",
        "Statements": ["CREATE TABLE IF NOT EXISTS t (a INT)", "CREATE ROLE msds_writer"],
    }
    with Stubber(serverless) as s1, Stubber(data) as s2:
        s1.add_response(
            "get_namespace", {"namespace": {"namespaceName": "msds-dev", "adminPasswordSecretArn": secret}}
        )
        for sql, status, error in (
            (props["Statements"][0], "FINISHED", None),
            (props["Statements"][1], "FAILED", 'role "msds_writer" already exists'),
        ):
            s2.add_response(
                "execute_statement",
                {"Id": sql[:10]},
                {
                    "WorkgroupName": "msds-dev",
                    "Database": "msds",
                    "SecretArn": secret,
                    "Sql": sql,
                    "StatementName": "msds-infra-sql",
                },
            )
            described = {"Id": sql[:10], "Status": status, **({"Error": error} if error else {})}
            s2.add_response("describe_statement", described, {"Id": sql[:10]})

        # When the stack creates the resource
        response = redshift_sql.on_event(
            {"RequestType": "Create", "ResourceProperties": props}, None, data, serverless
        )

    # Then both statements ran, and the physical id follows the statements
    assert response["Data"] == {"Statements": "2"}
    assert response["PhysicalResourceId"].startswith("msds-dev/msds/sql-")


def test_a_failing_sql_statement_fails_the_deploy() -> None:
    # Given a statement Redshift refuses
    data = client("redshift-data")
    props = {"WorkgroupName": "msds-dev", "Database": "msds"}
    with Stubber(data) as stub:
        stub.add_response("execute_statement", {"Id": "1"})
        stub.add_response("describe_statement", {"Id": "1", "Status": "FAILED", "Error": "syntax error"})

        # When it runs
        with pytest.raises(RuntimeError) as failed:
            redshift_sql.run_statement(data, props, "CREATE TABLE x (", "arn:secret", sleep=lambda _: None)

    # Then the deployment fails with Redshift's error
    assert "syntax error" in str(failed.value)


def test_the_terminology_is_imported_from_the_glossary_asset() -> None:
    # Given the glossary in the asset bucket
    s3, translate = client("s3"), client("translate")
    data = b"en,de\nDanger,Gefahr\n"
    props = {
        "Name": "msds-dev-sds-glossary",
        "Bucket": "assets",
        "Key": "g.csv",
        "KmsKeyArn": "arn:aws:kms:k",
    }
    with Stubber(s3) as s3_stub, Stubber(translate) as translate_stub:
        s3_stub.add_response(
            "get_object",
            {"Body": StreamingBody(io.BytesIO(data), len(data))},
            {"Bucket": "assets", "Key": "g.csv"},
        )
        translate_stub.add_response(
            "import_terminology",
            {"TerminologyProperties": {"Name": props["Name"], "Arn": "arn:aws:translate:t"}},
            {
                "Name": props["Name"],
                "MergeStrategy": "OVERWRITE",
                "Description": ANY,
                "TerminologyData": {"File": data, "Format": "CSV", "Directionality": "MULTI"},
                "EncryptionKey": {"Type": "KMS", "Id": "arn:aws:kms:k"},
            },
        )

        # When the stack creates the resource
        response = translate_terminology.on_event(
            {"RequestType": "Create", "ResourceProperties": props}, None, translate, s3
        )

    # Then the terminology is imported under its name, multi-directional
    assert response == {"PhysicalResourceId": props["Name"], "Data": {"Arn": "arn:aws:translate:t"}}


MODEL_PROPS = {
    "SourceBucket": "cdk-assets",
    "SourceKey": "f29edc.gz",
    "Bucket": "msds-results",
    "Prefix": "vision-model/",
    "AssetHash": "f29edc",
    "KmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/1",
}


def test_the_vision_model_package_is_copied_to_a_tar_gz_key_sagemaker_accepts() -> None:
    # Given the model package uploaded by CDK as <hash>.gz
    s3 = client("s3")
    with Stubber(s3) as stub:
        stub.add_response(
            "copy_object",
            {},
            {
                "Bucket": "msds-results",
                "Key": "vision-model/f29edc/model.tar.gz",
                "CopySource": {"Bucket": "cdk-assets", "Key": "f29edc.gz"},
                "ContentType": "application/gzip",
                "MetadataDirective": "REPLACE",
                "ServerSideEncryption": "aws:kms",
                "SSEKMSKeyId": MODEL_PROPS["KmsKeyArn"],
            },
        )

        # When the stack creates the resource
        response = vision_model_package.on_event(
            {"RequestType": "Create", "ResourceProperties": MODEL_PROPS}, None, s3
        )

    # Then the package is copied under its hash with the .tar.gz suffix, encrypted, and its URL returned
    url = "s3://msds-results/vision-model/f29edc/model.tar.gz"
    assert response == {"PhysicalResourceId": url, "Data": {"ModelDataUrl": url}}


def test_deleting_the_vision_model_package_resource_keeps_the_object() -> None:
    # Given a stubbed S3 client that expects no call
    s3 = client("s3")
    with Stubber(s3):
        # When the stack deletes the resource (a rollback may still need the package)
        response = vision_model_package.on_event(
            {"RequestType": "Delete", "PhysicalResourceId": "s3://b/k", "ResourceProperties": MODEL_PROPS},
            None,
            s3,
        )

    # Then nothing is called and the physical id is kept
    assert response == {"PhysicalResourceId": "s3://b/k"}
