"""The AWS calls each function really makes while the state-machine tests run, and the permissions they need.

``CallRecorder`` wraps botocore's ``BaseClient._make_api_call`` (every client, whichever session made it:
the functions build their own sessions) and records the calls made while a function's handler runs, under
that function's handler module (``acting_as``: set by the in-process Lambda and by the web host around each
invocation, in a context variable). Calls of the interpreter itself (its Lambda invokes, its SDK
integrations) run outside any handler and are not recorded: they are the state machines' role's.

``needed`` turns one recorded call into the IAM (action, resource ARN) pairs it needs: the API action on the
resource it names, and what the service needs of the caller besides: ``kms:GenerateDataKey`` /
``kms:Decrypt`` on the key of an encrypted bucket written or read, ``kms:Decrypt`` on the key of an encrypted
table, ``iam:PassRole`` of the role handed to Textract, Textract's writes to its output location (it writes
as the caller).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from botocore.client import BaseClient

from tests.aws.support import ACCOUNT, REGION
from tests.workflow.iam_policy import TemplateResolver, allows, function_roles, role_statements

# botocore's service name -> IAM's service prefix
IAM_PREFIX = {
    "stepfunctions": "states",
    "sagemaker-runtime": "sagemaker",
    "sagemaker-a2i-runtime": "sagemaker",
}
_S3_ACTIONS = {
    "HeadObject": "GetObject",
    "ListObjectsV2": "ListBucket",
    "ListObjects": "ListBucket",
    "HeadBucket": "ListBucket",
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "AbortMultipartUpload": "AbortMultipartUpload",
    "DeleteObjects": "DeleteObject",
}
_S3_WRITES = frozenset({"PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart"})
_DYNAMODB_TRANSACT = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}

# A context variable, not a thread-local: the web app runs its endpoints in worker threads that inherit the
# request's context, while the interpreter's own threads (started with no context) are nobody's.
_acting: ContextVar[str | None] = ContextVar("acting_as", default=None)


@contextmanager
def acting_as(function: str) -> Iterator[None]:
    """Calls made in this context until the block ends are ``function``'s (a handler module)."""
    token = _acting.set(function)
    try:
        yield
    finally:
        _acting.reset(token)


@dataclass(frozen=True)
class Call:
    function: str  # handler module, e.g. lambdas.publish
    service: str  # botocore service name
    operation: str
    params: Mapping[str, Any]
    owner: str | None = None  # SendTask*: the state machine whose execution holds the token


@dataclass
class CallRecorder:
    calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self) -> Callable[[], None]:
        """Start recording; returns the function that stops it."""
        original = BaseClient._make_api_call
        recorder = self

        def recording(client: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
            function = _acting.get()
            if function is not None:
                service = client.meta.service_model.service_name
                owner = (
                    _token_owner(api_params.get("taskToken"))
                    if operation_name.startswith("SendTask")
                    else None
                )
                with recorder._lock:
                    recorder.calls.append(Call(function, service, operation_name, dict(api_params), owner))
            return original(client, operation_name, api_params)

        BaseClient._make_api_call = recording  # type: ignore[method-assign]

        def undo() -> None:
            BaseClient._make_api_call = original  # type: ignore[method-assign]

        return undo


def _token_owner(token: Any) -> str | None:
    """The ARN of the state machine whose running execution waits on ``token`` (moto's interpreter)."""
    from moto.stepfunctions.parser.models import stepfunctions_parser_backends

    backend = stepfunctions_parser_backends[ACCOUNT][REGION]
    for execution in backend._get_executions():
        env = getattr(getattr(execution, "exec_worker", None), "env", None)
        if env is not None and env.callback_pool_manager.get(token) is not None:
            return str(execution.state_machine_arn)
    return None


@dataclass(frozen=True)
class Resources:
    """The deployment's resources as the template describes them, by physical name."""

    template: Mapping[str, Any]
    resolver: TemplateResolver

    def _by_name(self, kind: str) -> dict[str, dict[str, Any]]:
        return {
            self.resolver.physical_name(logical_id): resource
            for logical_id, resource in self.template["Resources"].items()
            if resource["Type"] == kind
        }

    def bucket_key(self, bucket: str) -> str | None:
        """The KMS key ARN a bucket encrypts new objects with by default (None: not SSE-KMS)."""
        resource = self._by_name("AWS::S3::Bucket").get(bucket)
        if resource is None:
            return None
        rules = (
            resource["Properties"].get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration", [])
        )
        for rule in rules:
            default = rule.get("ServerSideEncryptionByDefault", {})
            if default.get("SSEAlgorithm") == "aws:kms" and "KMSMasterKeyID" in default:
                return str(self.resolver.resolve(default["KMSMasterKeyID"]))
        return None

    def workgroup_arn(self, name: str) -> str:
        """The ARN of the workgroup named ``name`` (its ARN carries its id, not its name)."""
        for logical_id, resource in self.template["Resources"].items():
            if (
                resource["Type"] == "AWS::RedshiftServerless::Workgroup"
                and self.resolver.resolve(resource["Properties"]["WorkgroupName"]) == name
            ):
                return str(self.resolver.resolve({"Fn::GetAtt": [logical_id, "Workgroup.WorkgroupArn"]}))
        return f"unknown-workgroup/{name}"

    def domain_arn(self) -> str:
        (logical_id,) = [
            logical_id
            for logical_id, resource in self.template["Resources"].items()
            if resource["Type"] == "AWS::OpenSearchService::Domain"
        ]
        return self.resolver.arn(logical_id)

    def table_key(self, table: str) -> str | None:
        resource = self._by_name("AWS::DynamoDB::Table").get(table)
        sse = (resource or {}).get("Properties", {}).get("SSESpecification", {})
        return str(self.resolver.resolve(sse["KMSMasterKeyId"])) if sse.get("KMSMasterKeyId") else None


def table_arn(table: str, index: str | None = None) -> str:
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}"
    return f"{arn}/index/{index}" if index else arn


def needed(call: Call, resources: Resources) -> list[tuple[str, str]]:
    """The (IAM action, resource ARN) pairs ``call`` needs (see the module docstring)."""
    p, op = call.params, call.operation
    prefix = IAM_PREFIX.get(call.service, call.service)
    if call.service == "s3":
        return _s3(op, p, resources)
    if call.service == "dynamodb":
        return _dynamodb(op, p, resources)
    if call.service == "stepfunctions":
        if op == "StartExecution":
            return [("states:StartExecution", p["stateMachineArn"])]
        if op.startswith("SendTask"):
            # The task token names no resource: Step Functions authorises it against the state machine of
            # the execution that waits on it (a Distributed Map child: <machine>/<map run>, granted as
            # <machine>/*; moto runs the children in the parent's execution, so the parent is named).
            return [(f"states:{op}", call.owner or "unknown-token-owner")]
        if "executionArn" in p:
            return [(f"states:{op}", p["executionArn"])]
        return [(f"states:{op}", p.get("stateMachineArn", "*"))]
    if call.service == "textract" and op == "StartDocumentAnalysis":
        pairs = [("textract:StartDocumentAnalysis", "*")]
        channel = p.get("NotificationChannel", {})
        if channel.get("RoleArn"):
            pairs.append(("iam:PassRole", channel["RoleArn"]))
        output = p.get("OutputConfig", {})
        if output.get("S3Bucket"):
            # Textract writes its result objects (<prefix>/<job id>/<n>) with the caller's permissions.
            key = f"{output.get('S3Prefix', '').rstrip('/')}/job/1".lstrip("/")
            pairs += _s3("PutObject", {"Bucket": output["S3Bucket"], "Key": key}, resources)
        if p.get("KMSKeyId"):
            pairs += [("kms:GenerateDataKey", p["KMSKeyId"]), ("kms:Decrypt", p["KMSKeyId"])]
        return pairs
    if call.service == "redshift-data" and p.get("WorkgroupName"):
        # Statements on a workgroup, with temporary credentials for the caller's IAM identity.
        workgroup = resources.workgroup_arn(str(p["WorkgroupName"]))
        return [(f"redshift-data:{op}", workgroup), ("redshift-serverless:GetCredentials", workgroup)]
    if call.service == "translate" and op == "TranslateText":
        # A request naming a custom terminology reads it.
        terminologies = [
            ("translate:GetTerminology", f"arn:aws:translate:{REGION}:{ACCOUNT}:terminology/{name}")
            for name in p.get("TerminologyNames", [])
        ]
        return [("translate:TranslateText", "*"), *terminologies]
    if call.service == "es":
        # An OpenSearch HTTP request (opensearch-py, signed with SigV4): es:ESHttp<Method> on domain/<path>.
        return [(f"es:ESHttp{op.capitalize()}", f"{resources.domain_arn()}{p['path']}")]
    if call.service == "sagemaker-runtime" and op == "InvokeEndpoint":
        name = str(p["EndpointName"]).lower()  # IAM matches SageMaker ARNs in lower case
        return [("sagemaker:InvokeEndpoint", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{name}")]
    return [(f"{prefix}:{op}", "*")]


def _s3(op: str, p: Mapping[str, Any], resources: Resources) -> list[tuple[str, str]]:
    bucket = str(p["Bucket"])
    action = _S3_ACTIONS.get(op, "PutObject" if op == "CopyObject" else op)
    if op == "DeleteObjects":
        pairs = [(f"s3:{action}", f"arn:aws:s3:::{bucket}/{o['Key']}") for o in p["Delete"]["Objects"]]
    elif "Key" in p:
        pairs = [(f"s3:{action}", f"arn:aws:s3:::{bucket}/{p['Key']}")]
    else:
        pairs = [(f"s3:{action}", f"arn:aws:s3:::{bucket}")]
    key = p.get("SSEKMSKeyId") or resources.bucket_key(bucket)
    if op in _S3_WRITES and key:
        pairs.append(("kms:GenerateDataKey", str(key)))
    if op == "GetObject" and resources.bucket_key(bucket):
        pairs.append(("kms:Decrypt", str(resources.bucket_key(bucket))))
    if op == "CopyObject":
        source = p["CopySource"]
        if isinstance(source, str):
            source_bucket, _, source_key = source.lstrip("/").partition("/")
        else:
            source_bucket, source_key = source["Bucket"], source["Key"]
        pairs.append(("s3:GetObject", f"arn:aws:s3:::{source_bucket}/{source_key}"))
        if resources.bucket_key(source_bucket):
            pairs.append(("kms:Decrypt", str(resources.bucket_key(source_bucket))))
    return pairs


def _dynamodb(op: str, p: Mapping[str, Any], resources: Resources) -> list[tuple[str, str]]:
    items: list[tuple[str, str, str | None]] = []  # action, table, index
    if op == "TransactWriteItems":
        for item in p["TransactItems"]:
            ((kind, body),) = item.items()
            items.append((_DYNAMODB_TRANSACT[kind], body["TableName"], None))
    elif op == "TransactGetItems":
        items += [("GetItem", item["Get"]["TableName"], None) for item in p["TransactItems"]]
    elif op in ("BatchWriteItem", "BatchGetItem"):
        items += [(op, table, None) for table in p["RequestItems"]]
    else:
        items.append((op, p["TableName"], p.get("IndexName")))
    pairs = []
    for action, table, index in items:
        pairs.append((f"dynamodb:{action}", table_arn(table, index)))
        key = resources.table_key(table)
        if key:
            # A table encrypted with a customer managed key: DynamoDB uses the key on the caller's behalf
            # (kms:ViaService), so the caller needs kms:Decrypt on it for reads and writes alike.
            pairs.append(("kms:Decrypt", key))
    return pairs


def denied(template: Mapping[str, Any], names: Mapping[str, str], calls: list[Call]) -> list[str]:
    """Each (function, action, resource) that a recorded call needs and its role's policy does not allow."""
    resolver = TemplateResolver(template, names)
    resources = Resources(template, resolver)
    roles = function_roles(template)
    policies = {}
    problems: list[str] = []
    for call in calls:
        role = roles.get(call.function)
        if role is None:
            problems.append(f"{call.function}: no function of the template has this handler")
            continue
        if role not in policies:
            policies[role] = role_statements(template, role, resolver)
        for action, resource in needed(call, resources):
            if not allows(policies[role], action, resource):
                problem = f"{call.function} may not {action} on {resource} ({call.service}.{call.operation})"
                if problem not in problems:
                    problems.append(problem)
    return problems
