"""An OpenSearch stand-in for the contract tests: an opensearch-py connection that keeps what ``_bulk``
indexes and answers ``_search`` by evaluating the query DSL the indexer sends against the index's own mapping:
queries bool, term, terms, match, multi_match, nested, range, exists, match_all; sort (fields with
``missing``, ``_score``, several keys), track_scores, from/size, _source; terms aggregations (size, order).

Text is analysed with the analyzer the mapping gives its field, as OpenSearch documents them:
* the ``standard`` tokenizer: runs of letters and digits, except that every Han or Hiragana character is a
  token of its own and Katakana and Hangul runs are tokens (Unicode word boundaries);
* token filters ``lowercase``, ``asciifolding``, ``cjk_width`` and ``cjk_bigram`` (two adjacent CJK
  characters make a token, a lone one stays a token);
* the built-in analyzers ``standard``, ``cjk`` (standard, cjk_width, lowercase, cjk_bigram) and the language
  analyzers (standard, lowercase, the language's stemmer). OpenSearch's stemmers are Lucene's (mostly "light"
  ones, which also fold accents); the stand-in uses the Snowball stemmers tantivy ships and folds accents
  after them: the same stems for ordinary words, not for every word. Stop words are not removed.
* custom analyzers defined in the index settings (``analysis.analyzer``) with the tokenizer and filters above.
Keyword fields match exactly (``ignore_above`` honoured for multi-fields). Every request is also kept in
tests.aws.support.RECORDED.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import unquote

from opensearchpy import OpenSearch
from opensearchpy.connection import Connection

from msds.adapters.aws.opensearch_indexer import index_mapping
from tests.aws.support import RECORDED

# index name -> document id -> source, shared by every connection the client makes
DOCUMENTS: dict[str, dict[str, dict[str, Any]]] = {}

_HAN_OR_HIRAGANA = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_CJK = _HAN_OR_HIRAGANA + _KATAKANA + _HANGUL
_STANDARD_TOKEN = re.compile(f"[{_HAN_OR_HIRAGANA}]|[{_KATAKANA}]+|[{_HANGUL}]+|[^\\W_{_CJK}]+")
_IS_CJK = re.compile(f"^[{_CJK}]+$")
_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_LANGUAGE_STEMMERS = {
    "english": "english",
    "german": "german",
    "french": "french",
    "spanish": "spanish",
    "italian": "italian",
    "dutch": "dutch",
    "portuguese": "portuguese",
}

# A token: its text and the character offsets it came from (cjk_bigram joins only adjacent tokens).
Token = tuple[str, int, int]


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
    sort = body.get("sort", ["_score"])
    for key in reversed(sort if isinstance(sort, list) else [sort]):
        scored = _sorted(scored, key)
    start = int(body.get("from", 0))
    page = scored[start : start + int(body.get("size", 10))]
    wanted = body.get("_source")
    keys = [next(iter(k)) if isinstance(k, dict) else k for k in (sort if isinstance(sort, list) else [sort])]
    scores_shown = "_score" in keys or bool(body.get("track_scores"))
    answer: dict[str, Any] = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": len(scored), "relation": "eq"},
            "hits": [
                {
                    "_index": index,
                    "_id": document_id,
                    "_score": score if scores_shown else None,
                    "_source": {k: v for k, v in source.items() if wanted is None or k in wanted},
                }
                for score, document_id, source in page
            ],
        },
    }
    if "aggs" in body or "aggregations" in body:
        requests = body.get("aggs", body.get("aggregations"))
        answer["aggregations"] = {
            name: _aggregate(spec, [source for _, _, source in scored]) for name, spec in requests.items()
        }
    return answer


def _sorted(
    scored: list[tuple[float, str, dict[str, Any]]], key: Any
) -> list[tuple[float, str, dict[str, Any]]]:
    """One (stable) pass of a sort key: ``_score``, or a field whose missing values go first or last; a
    field of several values sorts by its smallest ascending, its largest descending (OpenSearch's default)."""
    field, options = (key, {}) if isinstance(key, str) else next(iter(key.items()))
    options = {"order": options} if isinstance(options, str) else options
    if field == "_score":
        return sorted(scored, key=lambda s: s[0], reverse=options.get("order", "desc") == "desc")
    descending = options.get("order", "asc") == "desc"
    present = [s for s in scored if _values(s[2], field)]
    missing = [s for s in scored if not _values(s[2], field)]
    pick = max if descending else min
    present.sort(key=lambda s: pick(_sortable(field, v) for v in _values(s[2], field)), reverse=descending)
    return missing + present if options.get("missing", "_last") == "_first" else present + missing


def _aggregate(spec: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    kind, options = next(iter(spec.items()))
    if kind != "terms":
        raise AssertionError(f"the stand-in does not know the aggregation {kind!r}")
    counts: Counter[Any] = Counter()
    for source in sources:
        counts.update(set(_values(source, options["field"])))
    order = options.get("order", [{"_count": "desc"}, {"_key": "asc"}])
    buckets = [(key, count) for key, count in counts.items() if count >= options.get("min_doc_count", 1)]
    for criterion in reversed(order if isinstance(order, list) else [order]):
        what, direction = next(iter(criterion.items()))
        position = 1 if what == "_count" else 0
        buckets.sort(key=lambda b, p=position: b[p], reverse=direction == "desc")
    size = int(options.get("size", 10))
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": sum(count for _, count in buckets[size:]),
        "buckets": [{"key": key, "doc_count": count} for key, count in buckets[:size]],
    }


def _score(query: dict[str, Any], source: dict[str, Any]) -> float | None:
    """The query's score for the document (None: it does not match)."""
    kind, spec = next(iter(query.items()))
    if kind == "match_all":
        return 1.0
    if kind == "bool":
        total = 0.0
        for clause in _listed(spec.get("must")):
            score = _score(clause, source)
            if score is None:
                return None
            total += score
        if any(_score(clause, source) is None for clause in _listed(spec.get("filter"))):
            return None
        if any(_score(clause, source) is not None for clause in _listed(spec.get("must_not"))):
            return None
        shoulds = _listed(spec.get("should"))
        should = [s for s in (_score(c, source) for c in shoulds) if s is not None]
        needed = spec.get("minimum_should_match", 0 if spec.get("must") or spec.get("filter") else 1)
        if shoulds and len(should) < int(needed):
            return None
        return total + sum(should)
    if kind == "term":
        field, value = next(iter(spec.items()))
        value = value["value"] if isinstance(value, dict) else value
        return 1.0 if value in _values(source, field) else None
    if kind == "terms":
        field, values = next(iter(spec.items()))
        return 1.0 if set(values) & set(_values(source, field)) else None
    if kind == "range":
        field, bounds = next(iter(spec.items()))
        return 1.0 if any(_within(field, value, bounds) for value in _values(source, field)) else None
    if kind == "exists":
        return 1.0 if _values(source, spec["field"]) else None
    if kind == "match":
        field, options = next(iter(spec.items()))
        options = options if isinstance(options, dict) else {"query": options}
        return _match(source, field, str(options["query"]), options.get("operator", "or"))
    if kind == "multi_match":  # best_fields: the best field's score, times that field's boost
        found = []
        for pattern in spec["fields"]:
            field, _, boost = pattern.partition("^")
            for name in _expand(field):
                score = _match(source, name, str(spec["query"]), spec.get("operator", "or"))
                if score is not None:
                    found.append(score * float(boost or 1))
        return max(found) if found else None
    if kind == "nested":
        path = spec["path"]
        items = source.get(path) or []
        scores = [_score(spec["query"], {path: item}) for item in items]
        found = [s for s in scores if s is not None]
        return max(found) if found else None
    raise AssertionError(f"the stand-in does not know the query {kind!r}")


def _listed(clauses: Any) -> list[dict[str, Any]]:
    """A bool clause's queries: OpenSearch takes one query object or a list of them."""
    if clauses is None:
        return []
    return clauses if isinstance(clauses, list) else [clauses]


def _within(field: str, value: Any, bounds: dict[str, Any]) -> bool:
    have = _sortable(field, value)
    for name, limit in bounds.items():
        other = _sortable(field, limit)
        if name == "lt" and not have < other:
            return False
        if name == "lte" and not have <= other:
            return False
        if name == "gt" and not have > other:
            return False
        if name == "gte" and not have >= other:
            return False
        if name not in ("lt", "lte", "gt", "gte", "format"):
            raise AssertionError(f"the stand-in does not know the range option {name!r}")
    return True


def _sortable(field: str, value: Any) -> Any:
    """A value as the field's type compares it (dates as dates, numbers as numbers)."""
    kind = _field_spec(field).get("type")
    if kind == "date":
        return date.fromisoformat(str(value))
    if kind in ("integer", "long", "float", "double"):
        return float(value)
    return value


def _match(source: dict[str, Any], field: str, text: str, operator: str) -> float | None:
    values = _values(source, field)
    spec = _field_spec(field)
    if spec.get("type") != "text":
        return 1.0 if text in values else None
    analyzer = spec.get("search_analyzer", spec.get("analyzer", "standard"))
    wanted = set(analyze(analyzer, text))
    have = {token for value in values for token in analyze(analyzer, str(value))}
    found = wanted & have
    if not wanted or not found or (operator == "and" and found != wanted):
        return None
    return float(len(found))


def _values(source: Any, field: str) -> list[Any]:
    """Every value at a dotted path (lists flattened), as OpenSearch indexes them; a multi-field
    (``supplier_name.raw``) has its parent's values, within its ``ignore_above``."""
    parent, _, sub = field.rpartition(".")
    if parent and sub in _field_spec(parent).get("fields", {}):
        limit = _field_spec(parent)["fields"][sub].get("ignore_above")
        return [v for v in _values(source, parent) if limit is None or len(str(v)) <= limit]
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


def analyze(analyzer: str, text: str) -> list[str]:
    """The terms an analyzer of the index makes of a text."""
    custom = index_mapping()["settings"].get("analysis", {}).get("analyzer", {})
    if analyzer in custom:
        definition = custom[analyzer]
        if definition.get("tokenizer") != "standard":
            raise AssertionError(f"the stand-in knows only the standard tokenizer, not {definition}")
        filters = list(definition.get("filter", []))
    elif analyzer == "standard":
        filters = ["lowercase"]
    elif analyzer == "cjk":
        filters = ["cjk_width", "lowercase", "cjk_bigram"]
    elif analyzer in _LANGUAGE_STEMMERS:
        filters = ["lowercase", f"stem:{analyzer}"]
    else:
        raise AssertionError(f"the stand-in does not know the analyzer {analyzer!r}")
    tokens: list[Token] = [(m.group(0), m.start(), m.end()) for m in _STANDARD_TOKEN.finditer(text)]
    for name in filters:
        tokens = _filtered(name, tokens)
    return [token for token, _, _ in tokens]


def _filtered(name: str, tokens: list[Token]) -> list[Token]:
    if name == "lowercase":
        return [(t.lower(), s, e) for t, s, e in tokens]
    if name == "asciifolding":
        return [(_fold(t), s, e) for t, s, e in tokens]
    if name == "cjk_width":
        return [(unicodedata.normalize("NFKC", t), s, e) for t, s, e in tokens]
    if name == "cjk_bigram":
        return _bigrams(tokens)
    if name.startswith("stem:"):
        language = name.removeprefix("stem:")
        stemmed = [(_stem(language, t), s, e) for t, s, e in tokens]
        return stemmed if language == "english" else [(_fold(t), s, e) for t, s, e in stemmed]
    raise AssertionError(f"the stand-in does not know the token filter {name!r}")


def _bigrams(tokens: list[Token]) -> list[Token]:
    """cjk_bigram: the CJK characters of adjacent CJK tokens in pairs; a lone CJK character stays."""
    out: list[Token] = []
    run: list[tuple[str, int]] = []

    def flush() -> None:
        if len(run) == 1:
            out.append((run[0][0], run[0][1], run[0][1] + 1))
        out.extend((run[i][0] + run[i + 1][0], run[i][1], run[i][1] + 2) for i in range(len(run) - 1))
        run.clear()

    for text, start, end in tokens:
        if not _IS_CJK.match(text):
            flush()
            out.append((text, start, end))
            continue
        if run and run[-1][1] + 1 != start:
            flush()
        run.extend((char, start + offset) for offset, char in enumerate(text))
    flush()
    return out


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def _stemmer(language: str) -> Any:
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.stemmer(_LANGUAGE_STEMMERS[language]))
        .build()
    )


def _stem(language: str, token: str) -> str:
    stems = _stemmer(language).analyze(token)
    return str(stems[0]) if stems else token


def _properties() -> dict[str, Any]:
    properties: dict[str, Any] = index_mapping()["mappings"]["properties"]
    return properties


def _field_spec(field: str) -> dict[str, Any]:
    """The mapping of a dotted field path (object and nested properties, and multi-fields)."""
    properties = _properties()
    spec: dict[str, Any] = {}
    for part in field.split("."):
        if part in properties:
            spec = properties[part]
        elif part in spec.get("fields", {}):
            spec = spec["fields"][part]
        else:
            return {}
        properties = spec.get("properties", {})
    return spec


def _expand(pattern: str) -> list[str]:
    if not pattern.endswith(".*"):
        return [pattern]
    parent = pattern[:-2]
    return [f"{parent}.{name}" for name in _properties().get(parent, {}).get("properties", {})]
