"""A small IAM evaluator over the synthesised template: may this function's role make this call on this
resource?

* ``TemplateResolver`` turns the template's intrinsics (``Ref``, ``Fn::GetAtt``, ``Fn::Join``, ``Fn::Select``,
  ``Fn::Split``, ``Fn::Sub`` and the pseudo parameters) into the strings a deployment would have, using the
  names the test deployment gives its resources (``names``: logical id -> bucket, table or other physical
  name) and a deterministic made-up physical id for the others (``<logical id>-physical``).
* ``RolePolicies`` gathers every statement that applies to a role: the ``AWS::IAM::Policy`` resources naming
  it and the role's inline policies (the stack uses no managed policy on function roles; one would be an
  error here, not silently ignored).
* ``allows`` is IAM's identity-policy evaluation for one request: an explicit Deny wins, else any Allow whose
  actions (case-insensitive, ``*`` and ``?`` wildcards, ``NotAction``) and resources (case-sensitive globs,
  ``NotResource``) match. Conditions: only the keys in ``SATISFIED_CONDITIONS`` are accepted, each with the
  reason the functions' calls meet it; any other condition key fails the evaluation so that it is looked at.

Resource policies (bucket policies, the key policy) are not evaluated: within one account an identity
policy's Allow is enough unless a resource policy denies, and the stack's bucket policies deny only requests
without TLS, deletions and overwrites of originals (tests/infra checks those policies on their own).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.aws.support import ACCOUNT, REGION

STACK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/Msds-dev/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
PSEUDO_PARAMETERS = {
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackId": STACK_ID,
    "AWS::StackName": "Msds-dev",
}
# Condition keys whose test is met by every call the functions make, with the reason.
SATISFIED_CONDITIONS = {
    # DescribeStatement/GetStatementResult/CancelStatement on the caller's own statements only: a function
    # only ever asks about statements it submitted itself (redshift_data's runner).
    "redshift-data:statement-owner-iam-userid",
}
# What a resource's ARN is, by type, from its physical name (Fn::GetAtt <id>.Arn in policies).
_ARN_FORMATS = {
    "AWS::S3::Bucket": "arn:aws:s3:::{name}",
    "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{{name}}",
    "AWS::KMS::Key": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{{name}}",
    "AWS::SQS::Queue": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{{name}}",
    "AWS::Logs::LogGroup": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{{name}}:*",
    "AWS::IAM::Role": f"arn:aws:iam::{ACCOUNT}:role/{{name}}",
    "AWS::OpenSearchService::Domain": f"arn:aws:es:{REGION}:{ACCOUNT}:domain/{{name}}",
    "AWS::SNS::Topic": f"arn:aws:sns:{REGION}:{ACCOUNT}:{{name}}",
}


class Unresolvable(Exception):
    """The template uses an intrinsic this evaluator does not know: extend it rather than guess."""


@dataclass(frozen=True)
class TemplateResolver:
    template: Mapping[str, Any]
    names: Mapping[str, str]  # logical id -> physical name (buckets, tables, the key id...)

    def physical_name(self, logical_id: str) -> str:
        return self.names.get(logical_id, f"{logical_id.lower()}-physical")

    def arn(self, logical_id: str) -> str:
        kind = self.template["Resources"][logical_id]["Type"]
        if kind == "AWS::StepFunctions::StateMachine":
            name = self.template["Resources"][logical_id]["Properties"]["StateMachineName"]
            return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
        if kind == "AWS::Lambda::Function":
            return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{logical_id}"
        pattern = _ARN_FORMATS.get(kind, f"arn:aws:{kind.split('::')[1].lower()}:{REGION}:{ACCOUNT}:{{name}}")
        return pattern.format(name=self.physical_name(logical_id))

    def resolve(self, value: Any) -> Any:
        if isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict) or len(value) != 1:
            raise Unresolvable(repr(value)[:200])
        ((function, argument),) = value.items()
        if function == "Ref":
            if argument in PSEUDO_PARAMETERS:
                return PSEUDO_PARAMETERS[argument]
            return self.physical_name(argument)
        if function == "Fn::GetAtt":
            logical_id, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            if attribute == "Arn" or attribute.endswith("Arn"):
                if attribute == "Workgroup.WorkgroupArn":
                    return f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:workgroup/{logical_id.lower()}"
                if attribute == "Namespace.NamespaceArn":
                    return f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:namespace/{logical_id.lower()}"
                return self.arn(logical_id)
            properties = self.template["Resources"][logical_id].get("Properties", {})
            if attribute in properties:  # an explicit name (EndpointName, WorkgroupName...) is the attribute
                return self.resolve(properties[attribute])
            if attribute.split(".")[-1] in properties:  # Workgroup.WorkgroupName
                return self.resolve(properties[attribute.split(".")[-1]])
            return f"{self.physical_name(logical_id)}.{attribute}"
        if function == "Fn::Join":
            separator, parts = argument
            return str(separator).join(str(self.resolve(p)) for p in parts)
        if function == "Fn::Select":
            index, items = argument
            return self.resolve(items)[int(index)]
        if function == "Fn::Split":
            separator, text = argument
            return str(self.resolve(text)).split(separator)
        if function == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            values = {k: str(self.resolve(v)) for k, v in variables.items()}

            def substitute(match: re.Match[str]) -> str:
                name = match.group(1)
                if name in values:
                    return values[name]
                return str(self.resolve({"Ref": name} if "." not in name else {"Fn::GetAtt": name}))

            return re.sub(r"\$\{([^}!][^}]*)\}", substitute, text)
        raise Unresolvable(f"{function} {repr(argument)[:160]}")


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[str, ...]
    not_actions: tuple[str, ...]
    resources: tuple[str, ...]
    not_resources: tuple[str, ...]
    conditions: Mapping[str, Mapping[str, Any]]

    def matches(self, action: str, resource: str) -> bool:
        if self.actions and not any(_glob(action.lower(), a.lower()) for a in self.actions):
            return False
        if self.not_actions and any(_glob(action.lower(), a.lower()) for a in self.not_actions):
            return False
        if self.resources and not any(_glob(resource, r) for r in self.resources):
            return False
        if self.not_resources and any(_glob(resource, r) for r in self.not_resources):
            return False
        for operator, keys in self.conditions.items():
            unknown = set(keys) - SATISFIED_CONDITIONS
            if unknown:
                raise Unresolvable(f"condition {operator} {sorted(unknown)}: say whether the call meets it")
        return True


def _glob(value: str, pattern: str) -> bool:
    """IAM's wildcards: ``*`` any run of characters (``/`` included), ``?`` one character; nothing else."""
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def statements(document: Mapping[str, Any], resolver: TemplateResolver) -> list[Statement]:
    found = []
    raw = document.get("Statement", [])
    for statement in raw if isinstance(raw, list) else [raw]:
        found.append(
            Statement(
                effect=statement["Effect"],
                actions=_strings(statement.get("Action")),
                not_actions=_strings(statement.get("NotAction")),
                resources=_strings(resolver.resolve(statement.get("Resource", []))),
                not_resources=_strings(resolver.resolve(statement.get("NotResource", []))),
                conditions=statement.get("Condition", {}),
            )
        )
    return found


def role_statements(template: Mapping[str, Any], role_id: str, resolver: TemplateResolver) -> list[Statement]:
    """Every statement of the identity policies attached to the role ``role_id``."""
    resources = template["Resources"]
    role = resources[role_id]["Properties"]
    if role.get("ManagedPolicyArns"):
        raise Unresolvable(f"{role_id} has managed policies, which this evaluator does not read")
    found = [s for policy in role.get("Policies", []) for s in statements(policy["PolicyDocument"], resolver)]
    for resource in resources.values():
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role_id} in resource["Properties"].get(
            "Roles", []
        ):
            found += statements(resource["Properties"]["PolicyDocument"], resolver)
    return found


def allows(policy: Iterable[Statement], action: str, resource: str) -> bool:
    """Identity-policy evaluation: an explicit Deny wins, else an Allow is needed."""
    matching = [s for s in policy if s.matches(action, resource)]
    if any(s.effect == "Deny" for s in matching):
        return False
    return any(s.effect == "Allow" for s in matching)


def function_roles(template: Mapping[str, Any]) -> dict[str, str]:
    """Handler module (``lambdas.publish``) -> the logical id of its function's role."""
    roles = {}
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        props = resource["Properties"]
        handler = str(props.get("Handler", ""))
        if handler.startswith("lambdas."):
            roles[handler.rsplit(".", 1)[0]] = props["Role"]["Fn::GetAtt"][0]
    return roles
