"""Search on the local host: published records in a tantivy index on disk.

One index document per document id, filled from msds.services.search_document (the fields OpenSearch gets
on the AWS host): codes, CAS/EC numbers, identifiers and statuses as raw (exact) terms; product and supplier
names and original-language text lower-cased by the default tokenizer; English statement and free texts
stemmed (``en_stem``); the revision date as a date. Publishing deletes the document id's term and adds the
document in one commit, so publishing twice leaves one document with the same content.

The worker processes of the local runner share the index: writes take an exclusive file lock (tantivy allows
one writer per index), and every search first reloads the reader to see the latest commit.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from models.document import DocumentStatus
from models.publication import Publication
from models.search import SearchHit, SearchQuery, SearchResults
from msds.adapters.local.file_lock import exclusive
from msds.errors import PublishFailed, SearchFailed
from msds.services.search_document import query_words, search_document

# A changed schema gets a new folder (``msds publish`` fills it again from the stored records).
SCHEMA_VERSION = 1
WRITER_HEAP_BYTES = 32_000_000
RAW_FIELDS: tuple[str, ...] = (
    "document_id",
    "file_name",
    "status",
    "supplier_ids",
    "language",
    "signal_word",
    "h_codes",
    "p_codes",
    "pictograms",
    "cas_numbers",
    "ec_numbers",
    "un_number",
)
NAME_FIELDS: tuple[str, ...] = ("product_name", "supplier_name")
ENGLISH_FIELDS: tuple[str, ...] = ("hazard_texts_en", "precautionary_texts_en", "text_en")
OTHER_TEXT_FIELDS: tuple[str, ...] = ("text_original", "component_names")
# Where the words of a free-text query are looked for, and how much a match in each counts.
TEXT_QUERY_FIELDS: tuple[str, ...] = (
    *NAME_FIELDS,
    *ENGLISH_FIELDS,
    *OTHER_TEXT_FIELDS,
    "h_codes",
    "p_codes",
    "pictograms",
    "cas_numbers",
    "ec_numbers",
    "un_number",
)
FIELD_BOOSTS = {"product_name": 3.0, "supplier_name": 2.0}
_LIST_FIELDS = ("h_codes", "p_codes", "pictograms", "cas_numbers")


class TantivySearchIndex:
    """Implements msds.ports.SearchIndex with tantivy, in ``folder`` (created on first use)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._path = folder / f"v{SCHEMA_VERSION}"
        self._write_lock = folder / "write.lock"
        self._index: Any = None
        self._lock = threading.Lock()

    def publish(self, publication: Publication) -> None:
        self.publish_all([publication])

    def publish_all(self, publications: Sequence[Publication]) -> int:
        """Index (or replace) every publication in one commit; return how many were indexed."""
        if not publications:
            return 0
        import tantivy

        try:
            with self._lock, exclusive(self._write_lock):
                index = self._opened()
                writer = index.writer(WRITER_HEAP_BYTES, 1)
                for publication in publications:
                    writer.delete_documents_by_term("document_id", publication.document_id)
                    writer.add_document(_document(tantivy, publication))
                writer.commit()
                writer.wait_merging_threads()
        except (ValueError, OSError) as error:
            raise PublishFailed(f"tantivy index {self._path}: {error}") from error
        return len(publications)

    def remove(self, document_id: str) -> None:
        try:
            with self._lock, exclusive(self._write_lock):
                writer = self._opened().writer(WRITER_HEAP_BYTES, 1)
                writer.delete_documents_by_term("document_id", document_id)
                writer.commit()
                writer.wait_merging_threads()
        except (ValueError, OSError) as error:
            raise PublishFailed(f"tantivy index {self._path}: {error}") from error

    def search(self, query: SearchQuery) -> SearchResults:
        import tantivy

        try:
            with self._lock:
                index = self._opened()
                index.reload()
                searcher = index.searcher()
                words = query_words(query.text)
                options: dict[str, Any] = {"offset": query.offset, "count": True}
                if not words:
                    options.update(order_by_field="revision_date", order=tantivy.Order.Desc)
                result = searcher.search(_query(tantivy, index, query, words), query.page_size, **options)
                hits = [
                    _hit(searcher.doc(address).to_dict(), key if words else None)
                    for key, address in result.hits
                ]
        except (ValueError, OSError) as error:
            raise SearchFailed(f"tantivy index {self._path}: {error}") from error
        return SearchResults(total=result.count or 0, page=query.page, page_size=query.page_size, hits=hits)

    def count(self) -> int:
        """How many documents the index holds (after the last commit)."""
        with self._lock:
            index = self._opened()
            index.reload()
            return int(index.searcher().num_docs)

    def _opened(self) -> Any:
        """The index, opened (or created, under the write lock) once per process."""
        if self._index is None:
            import tantivy

            with exclusive(self._folder / "create.lock"):
                self._path.mkdir(parents=True, exist_ok=True)
                self._index = tantivy.Index(_schema(tantivy), path=str(self._path), reuse=True)
        return self._index


def _schema(tantivy: Any) -> Any:
    builder = tantivy.SchemaBuilder()
    for name in RAW_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    for name in NAME_FIELDS:
        builder.add_text_field(name, stored=True)
    for name in ENGLISH_FIELDS:
        builder.add_text_field(name, tokenizer_name="en_stem")
    for name in OTHER_TEXT_FIELDS:
        builder.add_text_field(name)
    builder.add_date_field("revision_date", stored=True, indexed=True, fast=True)
    return builder.build()


def _document(tantivy: Any, publication: Publication) -> Any:
    values = search_document(publication)
    document = tantivy.Document()
    for name in (*RAW_FIELDS, *NAME_FIELDS, *ENGLISH_FIELDS):
        value = values[name]
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                document.add_text(name, str(item))
    for text in values["text_original"].values():
        document.add_text("text_original", text)
    for component in values["components"]:
        if component["name"]:
            document.add_text("component_names", component["name"])
    if values["revision_date"]:
        revised = date.fromisoformat(values["revision_date"])
        document.add_date("revision_date", datetime(revised.year, revised.month, revised.day, tzinfo=UTC))
    return document


def _query(tantivy: Any, index: Any, query: SearchQuery, words: list[str]) -> Any:
    """Every word in some text field (scored) and every filter (not scored)."""
    schema = index.schema
    occur = tantivy.Occur
    clauses: list[tuple[Any, Any]] = []
    if words:
        text = " ".join(f'"{word}"' for word in words)  # words hold letters, digits and hyphens only
        clauses.append(
            (
                occur.Must,
                index.parse_query(
                    text, list(TEXT_QUERY_FIELDS), field_boosts=FIELD_BOOSTS, conjunction_by_default=True
                ),
            )
        )
    filters: list[Any] = [
        *(tantivy.Query.term_query(schema, "h_codes", code) for code in query.h_codes),
        *(tantivy.Query.term_query(schema, "cas_numbers", number) for number in query.cas_numbers),
        *(tantivy.Query.term_query(schema, "pictograms", code) for code in query.pictograms),
    ]
    for field, value in (
        ("signal_word", query.signal_word),
        ("language", query.language),
        ("supplier_ids", query.supplier_id),
    ):
        if value is not None:
            filters.append(tantivy.Query.term_query(schema, field, value))
    supplier_words = query_words(query.supplier)
    if supplier_words:
        supplier = " ".join(f'"{word}"' for word in supplier_words)
        filters.append(index.parse_query(supplier, ["supplier_name"], conjunction_by_default=True))
    if query.statuses:
        filters.append(
            tantivy.Query.boolean_query(
                [
                    (occur.Should, tantivy.Query.term_query(schema, "status", status.value))
                    for status in query.statuses
                ]
            )
        )
    else:
        clauses.append(
            (occur.MustNot, tantivy.Query.term_query(schema, "status", DocumentStatus.SUPERSEDED.value))
        )
    clauses.extend((occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters)
    if not any(kind == occur.Must for kind, _ in clauses):
        clauses.append((occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)


def _hit(stored: dict[str, list[Any]], score: Any) -> SearchHit:
    def first(name: str) -> Any:
        values = stored.get(name) or [None]
        return values[0]

    revised = first("revision_date")
    return SearchHit(
        document_id=first("document_id"),
        file_name=first("file_name"),
        status=first("status"),
        product_name=first("product_name"),
        supplier_name=first("supplier_name"),
        revision_date=revised.date() if isinstance(revised, datetime) else None,
        language=first("language"),
        signal_word=first("signal_word"),
        score=float(score) if score is not None else None,
        **{name: list(stored.get(name, [])) for name in _LIST_FIELDS},
    )
