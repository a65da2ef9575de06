"""An OpenSearch stand-in for the contract tests: an opensearch-py connection that keeps what ``_bulk``
indexes and answers ``_search`` by evaluating the query DSL the indexer sends (bool, term, terms, match,
multi_match, nested, match_all; sort, from/size, _source) against the index's own mapping.

Text fields are analysed by lower-casing and splitting on anything but letters and digits (no stemming, no
stop words), keyword fields match exactly: enough to tell a query that asks the right fields for the right
values from one that does not. Every request is also kept in tests.aws.support.RECORDED.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from opensearchpy import OpenSearch
from opensearchpy.connection import Connection

from msds.adapters.aws.opensearch_indexer import index_mapping
from tests.aws.support import RECORDED

# index name -> document id -> source, shared by every connection the client makes
DOCUMENTS: dict[str, dict[str, dict[str, Any]]] = {}
_TOKEN = re.compile(r"[^\W_]+")


class SearchingConnection(Connection):
    def perform_request(
        self,
        method: str,
        url: str,
        params: Any = None,
        body: Any = None,
        timeout: Any = None,
        ignore: Any = (),
        headers: Any = None,
    ) -> tuple[int, dict[str, str], str]:
        text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
        RECORDED.append((method, url, text))
        status, answer = _answer(method, url.split("?", 1)[0], text)
        raw = json.dumps(answer)
        ignored = (ignore,) if isinstance(ignore, int) else tuple(ignore or ())
        if status >= 300 and status not in ignored:
            self._raise_error(status, raw, "application/json")
        return status, {"content-type": "application/json"}, raw


def searching_opensearch() -> OpenSearch:
    """A client of an empty stand-in domain (earlier documents and recorded requests are forgotten)."""
    DOCUMENTS.clear()
    RECORDED.clear()
    return OpenSearch(
        hosts=[{"host": "search.example.test", "port": 443}], connection_class=SearchingConnection
    )


def _answer(method: str, path: str, text: str) -> tuple[int, dict[str, Any]]:
    parts = [unquote(p) for p in path.strip("/").split("/")]
    if parts[-1] == "_bulk":
        return 200, _bulk([json.loads(line) for line in text.splitlines() if line.strip()])
    if parts[-1] == "_search":
        return 200, _search(parts[0], json.loads(text) if text else {})
    if method == "DELETE" and len(parts) == 3 and parts[1] == "_doc":
        found = DOCUMENTS.get(parts[0], {}).pop(parts[2], None) is not None
        return (200 if found else 404), {"_id": parts[2], "result": "deleted" if found else "not_found"}
    return 200, {"acknowledged": True}


def _bulk(lines: list[dict[str, Any]]) -> dict[str, Any]:
    items = []
    position = 0
    while position < len(lines):
        action, meta = next(iter(lines[position].items()))
        if action == "delete":
            found = DOCUMENTS.get(meta["_index"], {}).pop(meta["_id"], None) is not None
            items.append({"delete": {**meta, "status": 200 if found else 404}})
            position += 1
            continue
        source = lines[position + 1]
        unknown = set(source) - set(_properties())
        if unknown:  # dynamic: strict
            error = {
                "type": "strict_dynamic_mapping_exception",
                "reason": f"unknown fields {sorted(unknown)}",
            }
            items.append({action: {**meta, "status": 400, "error": error}})
        else:
            DOCUMENTS.setdefault(meta["_index"], {})[meta["_id"]] = json.loads(json.dumps(source))
            items.append({action: {**meta, "status": 201, "result": "created"}})
        position += 2
    errors = any(item[next(iter(item))]["status"] >= 300 for item in items if "delete" not in item)
    return {"took": 1, "errors": errors, "items": items}


def _search(index: str, body: dict[str, Any]) -> dict[str, Any]:
    scored = []
    for document_id, source in DOCUMENTS.get(index, {}).items():
        score = _score(body.get("query", {"match_all": {}}), source)
        if score is not None:
            scored.append((score, document_id, source))
    if "sort" in body:
        for key in reversed(body["sort"]):
            field, options = next(iter(key.items()))
            descending = options.get("order") == "desc"
            present = [s for s in scored if _values(s[2], field)]
            missing = [s for s in scored if not _values(s[2], field)]
            present.sort(key=lambda s, f=field: min(_values(s[2], f)), reverse=descending)
            missing_first = options.get("missing", "_last") == "_first"
            scored = missing + present if missing_first else present + missing
    else:
        scored.sort(key=lambda s: -s[0])
    start = int(body.get("from", 0))
    page = scored[start : start + int(body.get("size", 10))]
    wanted = body.get("_source")
    return {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": len(scored), "relation": "eq"},
            "hits": [
                {
                    "_index": index,
                    "_id": document_id,
                    "_score": None if "sort" in body else score,
                    "_source": {k: v for k, v in source.items() if wanted is None or k in wanted},
                }
                for score, document_id, source in page
            ],
        },
    }


def _score(query: dict[str, Any], source: dict[str, Any]) -> float | None:
    """The query's score for the document (None: it does not match)."""
    kind, spec = next(iter(query.items()))
    if kind == "match_all":
        return 1.0
    if kind == "bool":
        total = 0.0
        for clause in spec.get("must", []):
            score = _score(clause, source)
            if score is None:
                return None
            total += score
        if any(_score(clause, source) is None for clause in spec.get("filter", [])):
            return None
        if any(_score(clause, source) is not None for clause in spec.get("must_not", [])):
            return None
        should = [s for s in (_score(c, source) for c in spec.get("should", [])) if s is not None]
        needed = spec.get("minimum_should_match", 0 if spec.get("must") or spec.get("filter") else 1)
        if spec.get("should") and len(should) < int(needed):
            return None
        return total + sum(should)
    if kind == "term":
        field, value = next(iter(spec.items()))
        value = value["value"] if isinstance(value, dict) else value
        return 1.0 if value in _values(source, field) else None
    if kind == "terms":
        field, values = next(iter(spec.items()))
        return 1.0 if set(values) & set(_values(source, field)) else None
    if kind == "match":
        field, options = next(iter(spec.items()))
        options = options if isinstance(options, dict) else {"query": options}
        return _match(source, field, str(options["query"]), options.get("operator", "or"))
    if kind == "multi_match":
        scores = [
            _match(source, name, str(spec["query"]), spec.get("operator", "or"))
            for pattern in spec["fields"]
            for name in _expand(pattern.split("^", 1)[0])
        ]
        found = [s for s in scores if s is not None]
        return max(found) if found else None
    if kind == "nested":
        path = spec["path"]
        items = source.get(path) or []
        scores = [_score(spec["query"], {path: item}) for item in items]
        found = [s for s in scores if s is not None]
        return max(found) if found else None
    raise AssertionError(f"the stand-in does not know the query {kind!r}")


def _match(source: dict[str, Any], field: str, text: str, operator: str) -> float | None:
    values = _values(source, field)
    if _field_type(field) != "text":
        return 1.0 if text in values else None
    wanted = set(_tokens(text))
    have = {token for value in values for token in _tokens(str(value))}
    found = wanted & have
    if not wanted or not found or (operator == "and" and found != wanted):
        return None
    return float(len(found))


def _values(source: Any, field: str) -> list[Any]:
    """Every value at a dotted path (lists flattened), as OpenSearch indexes them."""
    current: list[Any] = [source]
    for part in field.split("."):
        following: list[Any] = []
        for value in current:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and part in item:
                    following.append(item[part])
        current = following
    return [v for v in _flatten(current) if v is not None]


def _flatten(values: list[Any]) -> Iterator[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _flatten(value)
        else:
            yield value


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _properties() -> dict[str, Any]:
    properties: dict[str, Any] = index_mapping()["mappings"]["properties"]
    return properties


def _field_type(field: str) -> str:
    properties = _properties()
    spec: dict[str, Any] = {}
    for part in field.split("."):
        spec = properties.get(part, {})
        properties = spec.get("properties", {})
    return str(spec.get("type", "object"))


def _expand(pattern: str) -> list[str]:
    if not pattern.endswith(".*"):
        return [pattern]
    parent = pattern[:-2]
    return [f"{parent}.{name}" for name in _properties().get(parent, {}).get("properties", {})]
