"""Custom resource: run the project's SQL files (infra/sql/*.sql) on Redshift Serverless via the Data API.

The statements arrive already split, in file order, as the resource's ``Statements`` property, so a changed
SQL file changes the resource and runs again: every statement must be repeatable (``IF NOT EXISTS``, ``OR
REPLACE``). ``CREATE ROLE`` has no ``IF NOT EXISTS`` in Redshift, so "already exists" is accepted for it.
Statements run as the namespace admin, with the Secrets Manager secret Redshift manages for it
(found with GetNamespace: its ARN is not a CloudFormation attribute). Stack deletion drops
nothing: the namespace's removal policy decides.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import boto3

_STATEMENT_WAIT_SECONDS = 600


def on_event(
    event: dict[str, Any], context: Any, client: Any = None, serverless: Any = None
) -> dict[str, Any]:
    props = event["ResourceProperties"]
    statements = list(props["Statements"])
    digest = hashlib.sha256(json.dumps(statements).encode()).hexdigest()[:16]
    physical_id = f"{props['WorkgroupName']}/{props['Database']}/sql-{digest}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event.get("PhysicalResourceId", physical_id)}
    client = client or boto3.client("redshift-data")
    secret_arn = admin_secret_arn(props["NamespaceName"], serverless)
    for sql in statements:
        run_statement(client, props, sql, secret_arn)
    return {"PhysicalResourceId": physical_id, "Data": {"Statements": str(len(statements))}}


def admin_secret_arn(namespace_name: str, serverless: Any = None) -> str:
    """The secret Redshift manages for the namespace admin (ManageAdminPassword)."""
    serverless = serverless or boto3.client("redshift-serverless")
    namespace = serverless.get_namespace(namespaceName=namespace_name)["namespace"]
    arn = namespace.get("adminPasswordSecretArn")
    if not arn:
        raise RuntimeError(
            f"namespace {namespace_name} has no managed admin secret (ManageAdminPassword off?)"
        )
    return str(arn)


def run_statement(
    client: Any, props: dict[str, Any], sql: str, secret_arn: str, sleep: Any = time.sleep
) -> None:
    statement_id = client.execute_statement(
        WorkgroupName=props["WorkgroupName"],
        Database=props["Database"],
        SecretArn=secret_arn,
        Sql=sql,
        StatementName="msds-infra-sql",
    )["Id"]
    deadline = time.monotonic() + _STATEMENT_WAIT_SECONDS
    while True:
        described = client.describe_statement(Id=statement_id)
        status = described["Status"]
        if status == "FINISHED":
            return
        if status in ("FAILED", "ABORTED"):
            error = described.get("Error", "")
            if _is_repeat_of_create_role(sql, error):
                return
            raise RuntimeError(f"SQL failed ({status}): {error}\n{sql[:300]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"SQL still {status} after {_STATEMENT_WAIT_SECONDS} s:\n{sql[:300]}")
        sleep(1)


def _is_repeat_of_create_role(sql: str, error: str) -> bool:
    return sql.lstrip().upper().startswith("CREATE ROLE") and "already exists" in error.lower()
