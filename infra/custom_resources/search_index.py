"""Custom resource: the OpenSearch index of SDS records, its alias, and who may read or write it.

Runs as the domain's fine-grained-access master role. On create and update it
1. defines the roles ``msds_writer`` (bulk indexing) and ``msds_reader`` (search) and maps them to the IAM
   roles of the functions that publish and search (backend roles);
2. creates the versioned index (``sds-records-v1``) with the explicit mapping, behind the alias the code
   uses (``sds-records``), or adds new fields to an existing index's mapping (additive changes only; a
   changed field type needs a new index version and a reindex).
Nothing is deleted on stack deletion: the domain's own removal policy decides the data's fate.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

WRITER_ROLE = "msds_writer"
READER_ROLE = "msds_reader"


def on_event(event: dict[str, Any], context: Any, send: Any = None) -> dict[str, Any]:
    props = event["ResourceProperties"]
    physical_id = f"{props['Endpoint']}/{props['IndexName']}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event.get("PhysicalResourceId", physical_id)}
    send = send or _signed_sender(props["Endpoint"])
    for method, path, body in security_requests(props):
        _check(send(method, path, body), f"{method} {path}")
    index = props["IndexName"]
    status, text = send("HEAD", f"/{index}", None)
    if status == 404:
        _check(send("PUT", f"/{index}", index_body(props)), f"create the index {index}")
    elif status == 200:
        mappings = json.loads(props["Mapping"])["mappings"]
        _check(send("PUT", f"/{index}/_mapping", mappings), f"update the mapping of {index}")
    else:
        _check((status, text), f"look up the index {index}")
    return {"PhysicalResourceId": physical_id, "Data": {"Index": index, "Alias": props["Alias"]}}


def index_body(props: dict[str, Any]) -> dict[str, Any]:
    """Settings and mappings from the mapping file, with the alias the code reads and writes through."""
    body: dict[str, Any] = json.loads(props["Mapping"])
    body.setdefault("aliases", {})[props["Alias"]] = {}
    return body


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
