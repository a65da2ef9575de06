"""Custom resource: the OpenSearch index of SDS records, its alias, and who may read or write it.

Runs as the domain's fine-grained-access master role. On create and update it
1. defines the roles ``msds_writer`` (bulk indexing) and ``msds_reader`` (search) and maps them to the IAM
   roles of the functions that publish and search (backend roles);
2. creates the versioned index (``sds-records-v2``) with the explicit mapping, behind the alias the code
   uses (``sds-records``), or adds new fields to an existing index's mapping (additive changes only);
3. when the alias still points at an earlier version (a changed field type or analyzer needs a new index
   version), copies its documents into the new index (``_reindex`` as a task, polled, so no request outlives
   the domain's request timeout) and then moves the alias in one ``_aliases`` call: searches and publishing
   see the old index until the new one holds everything the old one held when the copy started. A record
   published into the old index while the copy runs (seconds for this product's sizes) is in the new one
   only once published again. The old index is kept; delete it by hand when it is no longer wanted.
Nothing is deleted on stack deletion: the domain's own removal policy decides the data's fate.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from typing import Any

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

WRITER_ROLE = "msds_writer"
READER_ROLE = "msds_reader"
REINDEX_POLL_SECONDS = 5
# Time kept back from the function's timeout to report a copy that is still running as a failure.
REINDEX_MARGIN_MS = 30_000


def on_event(
    event: dict[str, Any], context: Any, send: Any = None, sleep: Any = time.sleep
) -> dict[str, Any]:
    props = event["ResourceProperties"]
    physical_id = f"{props['Endpoint']}/{props['IndexName']}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event.get("PhysicalResourceId", physical_id)}
    send = send or _signed_sender(props["Endpoint"])
    for method, path, body in security_requests(props):
        _check(send(method, path, body), f"{method} {path}")
    index, alias = props["IndexName"], props["Alias"]
    status, text = send("HEAD", f"/{index}", None)
    if status == 404:
        earlier = [name for name in alias_holders(send, alias) if name != index]
        body = index_body(props, with_alias=not earlier)
        _check(send("PUT", f"/{index}", body), f"create the index {index}")
    elif status == 200:
        mappings = json.loads(props["Mapping"])["mappings"]
        _check(send("PUT", f"/{index}/_mapping", mappings), f"update the mapping of {index}")
        earlier = [name for name in alias_holders(send, alias) if name != index]
    else:
        _check((status, text), f"look up the index {index}")
    if earlier:
        deadline = _deadline(context)
        copy_documents(send, earlier, index, sleep, deadline)
        actions = [{"remove": {"index": name, "alias": alias}} for name in earlier]
        actions.append({"add": {"index": index, "alias": alias}})
        _check(send("POST", "/_aliases", {"actions": actions}), f"move the alias {alias} to {index}")
    return {"PhysicalResourceId": physical_id, "Data": {"Index": index, "Alias": alias}}


def index_body(props: dict[str, Any], with_alias: bool = True) -> dict[str, Any]:
    """Settings and mappings from the mapping file, with the alias the code reads and writes through (added
    later when an earlier index version still has it)."""
    body: dict[str, Any] = json.loads(props["Mapping"])
    if with_alias:
        body.setdefault("aliases", {})[props["Alias"]] = {}
    return body


def alias_holders(send: Any, alias: str) -> list[str]:
    """The indices the alias points at now (none when it does not exist yet)."""
    status, text = send("GET", f"/_alias/{alias}", None)
    if status == 404:
        return []
    _check((status, text), f"look up the alias {alias}")
    return sorted(json.loads(text or "{}"))


def copy_documents(send: Any, sources: list[str], index: str, sleep: Any, deadline: float) -> None:
    """Copy every document of the earlier indices into the new one (a _reindex task, polled until done)."""
    body = {"source": {"index": sources}, "dest": {"index": index}}
    status, text = send("POST", "/_reindex?wait_for_completion=false&refresh=true", body)
    _check((status, text), f"copy {', '.join(sources)} into {index}")
    task = json.loads(text)["task"]
    while True:
        status, text = send("GET", f"/_tasks/{task}", None)
        _check((status, text), f"follow the copy into {index} (task {task})")
        answer = json.loads(text)
        if answer.get("completed"):
            failures = answer.get("error") or (answer.get("response") or {}).get("failures")
            if failures:
                raise RuntimeError(f"copying into {index} failed (task {task}): {json.dumps(failures)[:500]}")
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"copying into {index} is still running (task {task}); deploy again to finish")
        sleep(REINDEX_POLL_SECONDS)


def _deadline(context: Any) -> float:
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    budget_ms = remaining() - REINDEX_MARGIN_MS if remaining else 9 * 60 * 1000
    return time.monotonic() + max(budget_ms, 0) / 1000


def security_requests(props: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Fine-grained access: a writer role (bulk indexing) and a reader role (search), mapped to IAM roles."""
    patterns = [f"{props['Alias']}*"]
    return [
        (
            "PUT",
            f"/_plugins/_security/api/roles/{WRITER_ROLE}",
            {
                "cluster_permissions": ["cluster_composite_ops", "cluster_monitor"],
                "index_permissions": [
                    {
                        "index_patterns": patterns,
                        "allowed_actions": ["crud", "create_index", "manage_aliases"],
                    }
                ],
            },
        ),
        (
            "PUT",
            f"/_plugins/_security/api/roles/{READER_ROLE}",
            {
                "cluster_permissions": ["cluster_composite_ops_ro"],
                "index_permissions": [{"index_patterns": patterns, "allowed_actions": ["read", "search"]}],
            },
        ),
        (
            "PUT",
            f"/_plugins/_security/api/rolesmapping/{WRITER_ROLE}",
            {"backend_roles": props["WriterRoleArns"]},
        ),
        (
            "PUT",
            f"/_plugins/_security/api/rolesmapping/{READER_ROLE}",
            {"backend_roles": props["ReaderRoleArns"]},
        ),
    ]


def _check(response: tuple[int, str], what: str) -> None:
    status, text = response
    if not 200 <= status < 300:
        raise RuntimeError(f"OpenSearch refused to {what}: HTTP {status} {text[:500]}")


def _signed_sender(endpoint: str) -> Any:
    session = boto3.session.Session()
    region = session.region_name or os.environ["AWS_REGION"]

    def send(method: str, path: str, body: Any) -> tuple[int, str]:
        data = None if body is None else json.dumps(body).encode()
        url = f"https://{endpoint}{path}"
        request = AWSRequest(method=method, url=url, data=data, headers={"Content-Type": "application/json"})
        SigV4Auth(session.get_credentials(), "es", region).add_auth(request)
        prepared = urllib.request.Request(
            url, data=data, method=method, headers=dict(request.headers.items())
        )
        try:
            with urllib.request.urlopen(prepared, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    return send
