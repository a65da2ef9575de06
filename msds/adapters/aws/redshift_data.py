"""Statements run through the Redshift Data API on one workgroup or cluster, waited for within a budget.

Shared by the analytics loader and the warehouse: a batch (one transaction) or a single statement with
parameters, then ``DescribeStatement`` until it ends. A statement that fails is PublishFailed; one that is
still running when the wait is over is ServiceUnavailable (retryable), never a function timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from msds.adapters.aws.service_errors import service_call
from msds.errors import PublishFailed, ServiceRequestRejected, ServiceUnavailable

# Inside the Publish function's timeout with margin (tests/infra/test_time_budgets.py adds the waits up).
REDSHIFT_WAIT_SECONDS = 150.0
_DONE = "FINISHED"
_FAILED = frozenset({"FAILED", "ABORTED"})


class RedshiftStatements:
    """Runs SQL on a Redshift Serverless workgroup or a provisioned cluster and waits for it."""

    def __init__(
        self,
        data_client: Any,
        *,
        database: str,
        workgroup: str | None = None,
        cluster: str | None = None,
        secret_arn: str | None = None,
        poll_seconds: float = 1.0,
        timeout_seconds: float = REDSHIFT_WAIT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if (workgroup is None) == (cluster is None):
            raise ServiceRequestRejected("name either a Redshift Serverless workgroup or a cluster")
        self._data = data_client
        self._target: dict[str, str] = {"Database": database}
        if workgroup is not None:
            self._target["WorkgroupName"] = workgroup
        else:
            self._target["ClusterIdentifier"] = str(cluster)
        if secret_arn:
            self._target["SecretArn"] = secret_arn
        self._poll = poll_seconds
        self._timeout = timeout_seconds
        self._sleep = sleep

    def batch(self, sqls: list[str], name: str, what: str) -> str:
        """Run ``sqls`` as one transaction; return the statement id once it finished."""
        with service_call("redshift-data:BatchExecuteStatement"):
            response = self._data.batch_execute_statement(Sqls=sqls, StatementName=name, **self._target)
        return self._wait(str(response["Id"]), what)

    def execute(self, sql: str, parameters: list[dict[str, str]], name: str, what: str) -> str:
        """Run one statement with its Data API parameters; return the statement id once it finished."""
        arguments: dict[str, Any] = {"Sql": sql, "StatementName": name, **self._target}
        if parameters:
            arguments["Parameters"] = parameters
        with service_call("redshift-data:ExecuteStatement"):
            response = self._data.execute_statement(**arguments)
        return self._wait(str(response["Id"]), what)

    def result(self, statement_id: str) -> list[dict[str, Any]]:
        """Every row of a finished statement's result, page by page, as column name -> value."""
        rows: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            arguments: dict[str, Any] = {"Id": statement_id}
            if token:
                arguments["NextToken"] = token
            with service_call("redshift-data:GetStatementResult"):
                page = self._data.get_statement_result(**arguments)
            names = [column["name"] for column in page.get("ColumnMetadata", [])]
            for record in page.get("Records", []):
                rows.append(dict(zip(names, (_field(field) for field in record), strict=True)))
            token = page.get("NextToken")
            if not token:
                return rows

    def _wait(self, statement_id: str, what: str) -> str:
        waited = 0.0
        while True:
            with service_call("redshift-data:DescribeStatement"):
                described = self._data.describe_statement(Id=statement_id)
            status = described.get("Status")
            if status == _DONE:
                return statement_id
            if status in _FAILED:
                raise PublishFailed(f"redshift could not {what}: {status}: {described.get('Error', '')}")
            if waited >= self._timeout:
                raise ServiceUnavailable(f"redshift did not {what} within {self._timeout:.0f} s ({status})")
            self._sleep(self._poll)
            waited += self._poll


def _field(field: Mapping[str, Any]) -> Any:
    if field.get("isNull"):
        return None
    for kind in ("stringValue", "longValue", "doubleValue", "booleanValue"):
        if kind in field:
            return field[kind]
    return None
