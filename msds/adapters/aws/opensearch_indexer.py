"""Search: records indexed in Amazon OpenSearch Service (opensearch-py, requests signed with SigV4).

Each record is one search document whose ``_id`` is the document id, so indexing the same record again
replaces it with identical content: publishing twice changes nothing. :func:`index_mapping` is the explicit
mapping the index is created with (``dynamic: strict``: a field the mapping does not know is an error, not a
guess): keyword fields for codes, CAS/EC numbers and identifiers, dates, product, supplier and component names
lower-cased with accents folded (the ``folded`` analyzer), and each original-language text with its
language's analyzer. The document's fields are msds.services.search_document's, as on the local host.

A search (:func:`search_body`) needs every word of its text in some searchable field and every filter to
hold; superseded revisions are left out unless the query asks for them by status. Hits come by relevance
when there is text (else newest first), or by revision date; undated sheets last, ties by document id. The
facet counts are terms aggregations over all hits (the index has one shard, so the counts are exact).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from models.document import DocumentStatus
from models.publication import Publication
from models.record import SdsRecord
from models.search import (
    FACET_NAMES,
    FACET_SIZE,
    FacetCount,
    SearchHit,
    SearchQuery,
    SearchResults,
    top_facet_values,
)
from msds.errors import (
    PublishFailed,
    ServiceAccessDenied,
    ServiceError,
    ServiceRequestRejected,
    ServiceThrottled,
    ServiceUnavailable,
)
from msds.services import search_document as documents
from msds.services.search_document import query_words

MAX_DOCUMENTS_PER_REQUEST = 500
# Names, and text in a language without a built-in analyzer: standard words, lower case, accents folded.
FOLDED_ANALYZER = {
    "type": "custom",
    "tokenizer": "standard",
    "filter": ["lowercase", "asciifolding"],
}
# The language analyzers OpenSearch ships without plugins (their stemmers fold accents too); Polish has none.
ANALYZERS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "pl": "folded",
    "ko": "cjk",
    "ja": "cjk",
}


# Fields a free-text word is looked for in (with boosts), and the fields a hit carries back.
TEXT_QUERY_FIELDS: tuple[str, ...] = (
    "product_name^3",
    "supplier_name^2",
    "hazard_texts_en",
    "precautionary_texts_en",
    "text_en",
    "text_original.*",
    "h_codes",
    "p_codes",
    "pictograms",
    "cas_numbers",
    "ec_numbers",
    "un_number",
)
HIT_FIELDS: tuple[str, ...] = tuple(name for name in SearchHit.model_fields if name != "score")
# Facet name -> the keyword field it counts.
FACET_FIELDS: dict[str, str] = {
    **{name: name for name in FACET_NAMES},
    "supplier_name": "supplier_name.raw",
}


def index_mapping() -> dict[str, Any]:
    """Settings and mappings of the records index (the CDK construct creates the index with these)."""
    keyword = {"type": "keyword"}
    english = {"type": "text", "analyzer": "english"}
    name = {
        "type": "text",
        "analyzer": "folded",
        "fields": {"raw": {"type": "keyword", "ignore_above": 512}},
    }
    return {
        "settings": {
            "index": {"number_of_shards": 1, "number_of_replicas": 1},
            "analysis": {"analyzer": {"folded": FOLDED_ANALYZER}},
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "document_id": keyword,
                "file_name": keyword,
                "status": keyword,
                "supplier_ids": keyword,
                "language": keyword,
                "product_name": name,
                "supplier_name": name,
                "supplier_country": keyword,
                "emergency_phone": keyword,
                "revision_date": {"type": "date", "format": "strict_date"},
                "version": keyword,
                "signal_word": keyword,
                "h_codes": keyword,
                "p_codes": keyword,
                "pictograms": keyword,
                "cas_numbers": keyword,
                "ec_numbers": keyword,
                "un_number": keyword,
                "flash_point_c": {"type": "float"},
                "has_signature": {"type": "boolean"},
                "hazard_texts_en": english,
                "precautionary_texts_en": english,
                "components": {
                    "type": "nested",
                    "properties": {
                        "name": name,
                        "cas": keyword,
                        "ec": keyword,
                        "concentration": keyword,
                    },
                },
                "text_en": english,
                "text_original": {
                    "properties": {
                        language: {"type": "text", "analyzer": analyzer}
                        for language, analyzer in ANALYZERS.items()
                    }
                },
                "needs_review": {"type": "boolean"},
                "review_reasons": keyword,
                "findings": keyword,
                "pages": {"type": "integer"},
                "scanned": {"type": "boolean"},
            },
        },
    }


def search_document(item: Publication | SdsRecord) -> dict[str, Any]:
    """The search document of a published record (fields of :func:`index_mapping`); a bare record is
    published with the status its routing implies."""
    return documents.search_document(_publication(item))


def bulk_body(items: Iterable[Publication | SdsRecord], index: str) -> list[dict[str, Any]]:
    """The _bulk request lines: an ``index`` action with ``_id`` = document id, then the document."""
    lines: list[dict[str, Any]] = []
    for item in items:
        publication = _publication(item)
        lines.append({"index": {"_index": index, "_id": publication.document_id}})
        lines.append(documents.search_document(publication))
    return lines


def search_body(query: SearchQuery) -> dict[str, Any]:
    """The _search request of a query: every word of the text in some searchable field, every filter, the
    order, and the facet aggregations when asked for."""
    must: list[dict[str, Any]] = [_any_field(word) for word in query_words(query.text)]
    filters: list[dict[str, Any]] = [
        *({"term": {"h_codes": code}} for code in query.h_codes),
        *({"term": {"p_codes": code}} for code in query.p_codes),
        *({"term": {"cas_numbers": number}} for number in query.cas_numbers),
        *({"term": {"pictograms": code}} for code in query.pictograms),
    ]
    for field, value in (
        ("signal_word", query.signal_word),
        ("language", query.language),
        ("supplier_ids", query.supplier_id),
    ):
        if value is not None:
            filters.append({"term": {field: value}})
    if query.supplier is not None:
        filters.append({"match": {"supplier_name": {"query": query.supplier, "operator": "and"}}})
    if query.revised_before is not None:
        filters.append(
            {
                "bool": {
                    "should": [
                        {"range": {"revision_date": {"lt": query.revised_before.isoformat()}}},
                        {"bool": {"must_not": [{"exists": {"field": "revision_date"}}]}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    must_not: list[dict[str, Any]] = []
    if query.statuses:
        filters.append({"terms": {"status": [status.value for status in query.statuses]}})
    else:
        must_not.append({"term": {"status": DocumentStatus.SUPERSEDED.value}})
    body: dict[str, Any] = {
        "query": {"bool": {"must": must, "filter": filters, "must_not": must_not}},
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "_source": list(HIT_FIELDS),
        "sort": _sort(query),
    }
    if query.by_relevance:
        body["track_scores"] = True
    if query.facets:
        body["aggs"] = {
            name: {
                "terms": {
                    "field": field,
                    "size": FACET_SIZE,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
            for name, field in FACET_FIELDS.items()
        }
    return body


def _sort(query: SearchQuery) -> list[dict[str, Any]]:
    """Relevance first when sorted by it, else the revision date (undated last); ties by document id."""
    tie = {"document_id": {"order": "asc"}}
    if query.by_relevance:
        return [{"_score": {"order": "desc"}}, tie]
    order = "asc" if query.sort == "oldest" else "desc"
    return [{"revision_date": {"order": order, "missing": "_last"}}, tie]


def search_results(response: dict[str, Any], query: SearchQuery) -> SearchResults:
    """The page of hits of a _search response, with its facet counts."""
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    aggregations = response.get("aggregations", {})
    facets: dict[str, list[FacetCount]] = {}
    if query.facets:
        facets = {
            name: top_facet_values(
                (str(bucket["key"]), int(bucket["doc_count"]))
                for bucket in aggregations.get(name, {}).get("buckets", [])
            )
            for name in FACET_NAMES
        }
    return SearchResults(
        total=int(total.get("value", 0) if isinstance(total, dict) else total),
        page=query.page,
        page_size=query.page_size,
        hits=[
            SearchHit.model_validate(
                {
                    **{k: v for k, v in hit.get("_source", {}).items() if k in HIT_FIELDS},
                    "document_id": hit["_id"],
                    "score": hit.get("_score") if query.by_relevance else None,
                }
            )
            for hit in hits.get("hits", [])
        ],
        facets=facets,
    )


class OpenSearchIndexer:
    """Bulk-indexes records into one index of an opensearch-py client."""

    def __init__(self, client: Any, index: str) -> None:
        self._client = client
        self._index = index

    @property
    def index(self) -> str:
        return self._index

    def create_index(self) -> bool:
        """Create the index with the explicit mapping when it does not exist; True when it was created."""
        with _opensearch_errors("indices.exists"):
            if self._client.indices.exists(index=self._index):
                return False
        with _opensearch_errors("indices.create"):
            self._client.indices.create(index=self._index, body=index_mapping())
        return True

    def publish(self, publication: Publication) -> None:
        """msds.ports.SearchIndex: index (or replace) one published record under its document id."""
        self.index_records([publication])

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """msds.ports.SearchIndex: index many published records (bulk requests of at most 500)."""
        return self.index_records(publications)

    def remove(self, document_id: str) -> None:
        """msds.ports.SearchIndex: delete the document; one that is not there is no error."""
        with _opensearch_errors("delete"):
            self._client.delete(index=self._index, id=document_id, params={"ignore": [404]})

    def search(self, query: SearchQuery) -> SearchResults:
        """msds.ports.SearchIndex: one page of matching records."""
        with _opensearch_errors("search"):
            response = self._client.search(index=self._index, body=search_body(query))
        return search_results(response, query)

    def index_records(self, records: Sequence[Publication | SdsRecord]) -> int:
        """Index (or replace) every record; return how many were indexed. PublishFailed names failed ids."""
        indexed = 0
        for start in range(0, len(records), MAX_DOCUMENTS_PER_REQUEST):
            batch = records[start : start + MAX_DOCUMENTS_PER_REQUEST]
            with _opensearch_errors("bulk"):
                response = self._client.bulk(body=bulk_body(batch, self._index))
            failures = [
                item.get("index", {})
                for item in response.get("items", [])
                if item.get("index", {}).get("status", 500) >= 300
            ]
            if response.get("errors") and failures:
                first = failures[0]
                raise PublishFailed(
                    f"opensearch bulk: {len(failures)} of {len(batch)} documents failed, first "
                    f"{first.get('_id')}: {first.get('error')}"
                )
            indexed += len(batch)
        return indexed


def _publication(item: Publication | SdsRecord) -> Publication:
    return item if isinstance(item, Publication) else Publication.of_record(item)


def _any_field(word: str) -> dict[str, Any]:
    """A word found in any searchable field: texts through their analyzers, codes and numbers exactly,
    component names inside their nested documents."""
    return {
        "bool": {
            "should": [
                {
                    "multi_match": {
                        "query": word,
                        "fields": list(TEXT_QUERY_FIELDS),
                        "operator": "and",
                        "lenient": True,
                    }
                },
                {
                    "nested": {
                        "path": "components",
                        "query": {"match": {"components.name": {"query": word, "operator": "and"}}},
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


# Each request waits at most this long, and is tried this many times: a slow domain ends as the named,
# retried ServiceUnavailable well inside the Publish function's timeout (infra/handlers.py).
OPENSEARCH_TIMEOUT_SECONDS = 30
OPENSEARCH_ATTEMPTS = 3


def opensearch_client(host: str, region: str, credentials: Any, service: str = "es") -> Any:
    """A SigV4-signed client of an OpenSearch Service domain (``es``) or Serverless collection (``aoss``)."""
    from opensearchpy import AWSV4SignerAuth, OpenSearch, RequestsHttpConnection

    return OpenSearch(
        hosts=[{"host": host.removeprefix("https://").rstrip("/"), "port": 443}],
        http_auth=AWSV4SignerAuth(credentials, region, service),
        use_ssl=True,
        verify_certs=True,
        connection_class=RequestsHttpConnection,
        timeout=OPENSEARCH_TIMEOUT_SECONDS,
        max_retries=OPENSEARCH_ATTEMPTS - 1,
        retry_on_timeout=True,
    )


@contextmanager
def _opensearch_errors(operation: str) -> Iterator[None]:
    """opensearch-py errors -> the product's named errors."""
    from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
    from opensearchpy.exceptions import TransportError

    name = f"opensearch:{operation}"
    try:
        yield
    except OpenSearchConnectionError as error:
        raise ServiceUnavailable(f"{name} could not reach the cluster: {error}") from error
    except TransportError as error:
        status = error.status_code if isinstance(error.status_code, int) else 0
        message = f"{name} failed: {status}: {error.error}"
        named: ServiceError
        if status == 429:
            named = ServiceThrottled(message)
        elif status in (401, 403):
            named = ServiceAccessDenied(message)
        elif status >= 500:
            named = ServiceUnavailable(message)
        else:
            named = ServiceRequestRejected(message)
        raise named from error
