"""Search: records indexed in Amazon OpenSearch Service (opensearch-py, requests signed with SigV4).

Each record is one search document whose ``_id`` is the document id, so indexing the same record again
replaces it with identical content: publishing twice changes nothing. :func:`index_mapping` is the explicit
mapping the index is created with (``dynamic: strict``: a field the mapping does not know is an error, not a
guess): keyword fields for codes, CAS/EC numbers and identifiers, dates, and each original-language text with
its language's analyzer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from models.record import SdsRecord
from msds.errors import (
    PublishFailed,
    ServiceAccessDenied,
    ServiceError,
    ServiceRequestRejected,
    ServiceThrottled,
    ServiceUnavailable,
)

MAX_DOCUMENTS_PER_REQUEST = 500
# The language analyzers OpenSearch ships without plugins; other languages use the standard analyzer.
ANALYZERS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "pl": "standard",
    "ko": "cjk",
    "ja": "cjk",
}


def index_mapping() -> dict[str, Any]:
    """Settings and mappings of the records index (the CDK construct creates the index with these)."""
    keyword = {"type": "keyword"}
    english = {"type": "text", "analyzer": "english"}
    name = {
        "type": "text",
        "analyzer": "standard",
        "fields": {"raw": {"type": "keyword", "ignore_above": 512}},
    }
    return {
        "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 1}},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "document_id": keyword,
                "file_name": keyword,
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


def search_document(record: SdsRecord) -> dict[str, Any]:
    """The search document of a record (fields of :func:`index_mapping`)."""

    def value(field: str) -> Any:
        extracted = getattr(record, field)
        return None if extracted is None else extracted.value

    original = "\n".join(t.original for t in record.free_text.values() if t.original)
    language = record.language if record.language in ANALYZERS else None
    return {
        "document_id": record.document_id,
        "file_name": record.file_name,
        "language": record.language,
        "product_name": value("product_name"),
        "supplier_name": value("supplier_name"),
        "supplier_country": value("supplier_country"),
        "emergency_phone": value("emergency_phone"),
        "revision_date": _iso_date(value("revision_date")),
        "version": value("version"),
        "signal_word": value("signal_word"),
        "h_codes": record.h_codes,
        "p_codes": record.p_codes,
        "pictograms": [p.code for p in record.pictograms],
        "cas_numbers": record.cas_numbers,
        "ec_numbers": sorted({c.ec for c in record.components if c.ec}),
        "un_number": value("un_number"),
        "flash_point_c": value("flash_point_c"),
        "has_signature": value("has_signature"),
        "hazard_texts_en": [s.text_en for s in record.hazard_statements if s.text_en],
        "precautionary_texts_en": [s.text_en for s in record.precautionary_statements if s.text_en],
        "components": [
            {"name": c.name, "cas": c.cas, "ec": c.ec, "concentration": c.concentration}
            for c in record.components
        ],
        "text_en": "\n".join(t.english for t in record.free_text.values() if t.english),
        "text_original": {language: original} if language and original else {},
        "needs_review": record.needs_review,
        "review_reasons": [r.code for r in record.review_reasons],
        "findings": sorted({f.code for f in record.findings}),
        "pages": record.pages,
        "scanned": record.scanned,
    }


def bulk_body(records: Iterable[SdsRecord], index: str) -> list[dict[str, Any]]:
    """The _bulk request lines: an ``index`` action with ``_id`` = document id, then the document."""
    lines: list[dict[str, Any]] = []
    for record in records:
        lines.append({"index": {"_index": index, "_id": record.document_id}})
        lines.append(search_document(record))
    return lines


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

    def index_records(self, records: Sequence[SdsRecord]) -> int:
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


def opensearch_client(host: str, region: str, credentials: Any, service: str = "es") -> Any:
    """A SigV4-signed client of an OpenSearch Service domain (``es``) or Serverless collection (``aoss``)."""
    from opensearchpy import AWSV4SignerAuth, OpenSearch, RequestsHttpConnection

    return OpenSearch(
        hosts=[{"host": host.removeprefix("https://").rstrip("/"), "port": 443}],
        http_auth=AWSV4SignerAuth(credentials, region, service),
        use_ssl=True,
        verify_certs=True,
        connection_class=RequestsHttpConnection,
        timeout=30,
        max_retries=2,
        retry_on_timeout=True,
    )


def _iso_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


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
