"""Custom resource: the Amazon A2I flow definition (CloudFormation has no resource type for it).

Flow definitions are immutable, so the name carries a digest of the definition: a changed property creates
a new flow definition under a new name, and CloudFormation then deletes the old one (a changed physical id).
Runs under the CDK Provider framework: return the physical id and data, raise to fail.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import boto3
from botocore.exceptions import ClientError

_ACTIVE_WAIT_SECONDS = 300


def on_event(event: dict[str, Any], context: Any, client: Any = None) -> dict[str, Any]:
    client = client or boto3.client("sagemaker")
    props = event["ResourceProperties"]
    request = event["RequestType"]
    if request == "Delete":
        _delete(client, event["PhysicalResourceId"])
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    name = flow_definition_name(props)
    if request == "Update" and event.get("PhysicalResourceId") == name:
        arn = client.describe_flow_definition(FlowDefinitionName=name)["FlowDefinitionArn"]
        return {"PhysicalResourceId": name, "Data": {"Arn": arn, "Name": name}}
    arn = _create(client, name, props)
    return {"PhysicalResourceId": name, "Data": {"Arn": arn, "Name": name}}


def flow_definition_name(props: dict[str, Any]) -> str:
    """``<prefix>-<digest>``: lower-case, at most 63 characters, as A2I requires."""
    keys = (
        "WorkteamArn",
        "HumanTaskUiArn",
        "RoleArn",
        "OutputPath",
        "KmsKeyArn",
        "TaskTitle",
        "TaskDescription",
        "TaskAvailabilitySeconds",
        "TaskTimeLimitSeconds",
        "TaskKeywords",
    )
    digest = hashlib.sha256(json.dumps({k: props.get(k) for k in keys}, sort_keys=True).encode()).hexdigest()
    prefix = str(props.get("NamePrefix", "msds-review")).lower()[:50].rstrip("-")
    return f"{prefix}-{digest[:12]}"


def _create(client: Any, name: str, props: dict[str, Any]) -> str:
    try:
        arn = client.create_flow_definition(
            FlowDefinitionName=name,
            HumanLoopConfig={
                "WorkteamArn": props["WorkteamArn"],
                "HumanTaskUiArn": props["HumanTaskUiArn"],
                "TaskTitle": props["TaskTitle"],
                "TaskDescription": props["TaskDescription"],
                "TaskCount": 1,
                "TaskAvailabilityLifetimeInSeconds": int(props["TaskAvailabilitySeconds"]),
                "TaskTimeLimitInSeconds": int(props["TaskTimeLimitSeconds"]),
                "TaskKeywords": list(props.get("TaskKeywords", [])),
            },
            OutputConfig={"S3OutputPath": props["OutputPath"], "KmsKeyId": props["KmsKeyArn"]},
            RoleArn=props["RoleArn"],
            Tags=[{"Key": "project", "Value": "msds"}],
        )["FlowDefinitionArn"]
    except client.exceptions.ResourceInUse:
        arn = client.describe_flow_definition(FlowDefinitionName=name)["FlowDefinitionArn"]
    deadline = time.monotonic() + _ACTIVE_WAIT_SECONDS
    while True:
        described = client.describe_flow_definition(FlowDefinitionName=name)
        status = described["FlowDefinitionStatus"]
        if status == "Active":
            return str(arn)
        if status == "Failed":
            raise RuntimeError(
                f"flow definition {name} failed: {described.get('FailureReason', 'no reason given')}"
            )
        if time.monotonic() > deadline:
            raise TimeoutError(f"flow definition {name} still {status} after {_ACTIVE_WAIT_SECONDS} s")
        time.sleep(5)


def _delete(client: Any, name: str) -> None:
    """Delete by name; a name that never became a flow definition (a failed create) is nothing to delete."""
    try:
        client.delete_flow_definition(FlowDefinitionName=name)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("ResourceNotFound", "ValidationException"):
            raise
