"""Search on the local host: published records in a tantivy index on disk.

One index document per document id, filled from msds.services.search_document (the fields OpenSearch gets
on the AWS host): codes, CAS/EC numbers, identifiers and statuses as raw (exact) terms; product, supplier and
component names lower-cased with accents folded; English statement and free texts stemmed; the original text
in a field of its language with that language's analyzer (msds.adapters.local.tantivy_analyzers); the
revision date as a date, and two sort keys (newest and oldest first, ties by document id). The facet fields
are fast fields: the facet counts of a query are tantivy terms aggregations over all its hits. Publishing
deletes the document id's term and adds the document in one commit, so publishing twice leaves one document
with the same content.

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
from models.search import (
    FACET_NAMES,
    FacetCount,
    SearchHit,
    SearchQuery,
    SearchResults,
    top_facet_values,
)
from msds.adapters.local.file_lock import exclusive
from msds.adapters.local.tantivy_analyzers import (
    CJK,
    FOLDED,
    analyze,
    cjk_bigrams,
    register_analyzers,
    text_analyzer_name,
)
from msds.errors import PublishFailed, SearchFailed
from msds.services.search_document import ORIGINAL_TEXT_LANGUAGES, query_words, search_document

# A changed schema gets a new folder (``msds publish`` fills it again from the stored records).
SCHEMA_VERSION = 2
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
    "supplier_country",
    "version",
)
NAME_FIELDS: tuple[str, ...] = ("product_name", "supplier_name")
ENGLISH_FIELDS: tuple[str, ...] = ("hazard_texts_en", "precautionary_texts_en", "text_en")
CODE_FIELDS: tuple[str, ...] = ("h_codes", "p_codes", "pictograms", "cas_numbers", "ec_numbers", "un_number")
# The exact supplier name, for its facet (supplier_name itself is analysed for search).
SUPPLIER_FACET_FIELD = "supplier_name_raw"
# Facet name -> the fast field counted.
FACET_FIELDS: dict[str, str] = {
    **{name: name for name in FACET_NAMES},
    "supplier_name": SUPPLIER_FACET_FIELD,
}
FAST_FIELDS = frozenset(FACET_FIELDS.values())
# Distinct values of one facet a search reads before keeping the FACET_SIZE most frequent. Counts are exact
# (every segment reports every value up to this many); only ties at the cut past this many values of one
# facet could be chosen differently than by value.
FACET_SCAN_SIZE = 10_000
# Sort keys, larger first: the day (date.toordinal, 0 without a date) above 42 bits of the document id
# (inverted, so ties come by document id ascending).
NEWEST_KEY, OLDEST_KEY = "sort_newest", "sort_oldest"
_ID_BITS = 42
_ID_MASK = (1 << _ID_BITS) - 1
_LAST_DAY = date.max.toordinal()


def original_text_field(language: str) -> str:
    return f"text_original_{language}"


# Where the words of a free-text query are looked for: field, analyzer (None: the exact value), boost.
TEXT_QUERY_FIELDS: tuple[tuple[str, str | None, float], ...] = (
    ("product_name", FOLDED, 3.0),
    ("supplier_name", FOLDED, 2.0),
    ("component_names", FOLDED, 1.0),
    *((name, "text_en", 1.0) for name in ENGLISH_FIELDS),
    *(
        (original_text_field(language), text_analyzer_name(language), 1.0)
        for language in ORIGINAL_TEXT_LANGUAGES
    ),
    *((name, None, 1.0) for name in CODE_FIELDS),
)
_LIST_FIELDS = ("h_codes", "p_codes", "pictograms", "cas_numbers")
_SINGLE_FIELDS = ("supplier_country", "version", "un_number")


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
                matching = _query(tantivy, index.schema, query)
                options: dict[str, Any] = {"offset": query.offset, "count": True}
                if not query.by_relevance:
                    key = OLDEST_KEY if query.sort == "oldest" else NEWEST_KEY
                    options.update(order_by_field=key, order=tantivy.Order.Desc)
                result = searcher.search(matching, query.page_size, **options)
                hits = [
                    _hit(searcher.doc(address).to_dict(), score if query.by_relevance else None)
                    for score, address in result.hits
                ]
                facets = _facets(searcher, matching) if query.facets else {}
        except (ValueError, OSError) as error:
            raise SearchFailed(f"tantivy index {self._path}: {error}") from error
        return SearchResults(
            total=result.count or 0, page=query.page, page_size=query.page_size, hits=hits, facets=facets
        )

    def earlier_versions(self) -> list[Path]:
        """Folders of earlier schema versions beside the current one (an upgrade starts a new, empty index:
        ``msds publish`` fills it)."""
        if not self._folder.is_dir():
            return []
        return sorted(p for p in self._folder.glob("v*") if p.is_dir() and p.name != self._path.name)

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
                index = tantivy.Index(_schema(tantivy), path=str(self._path), reuse=True)
                register_analyzers(index)
                self._index = index
        return self._index


def _schema(tantivy: Any) -> Any:
    builder = tantivy.SchemaBuilder()
    for name in RAW_FIELDS:
        builder.add_text_field(name, stored=True, fast=name in FAST_FIELDS, tokenizer_name="raw")
    builder.add_text_field(SUPPLIER_FACET_FIELD, fast=True, tokenizer_name="raw")
    for name in NAME_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=FOLDED)
    builder.add_text_field("component_names", tokenizer_name=FOLDED)
    for name in ENGLISH_FIELDS:
        builder.add_text_field(name, tokenizer_name="text_en")
    for language in ORIGINAL_TEXT_LANGUAGES:
        analyzer = text_analyzer_name(language)
        # Korean and Japanese come pre-tokenized (cjk_bigrams); tantivy still wants a tokenizer it knows.
        builder.add_text_field(
            original_text_field(language), tokenizer_name="raw" if analyzer == CJK else analyzer
        )
    builder.add_date_field("revision_date", stored=True, indexed=True, fast=True)
    builder.add_unsigned_field(NEWEST_KEY, fast=True)
    builder.add_unsigned_field(OLDEST_KEY, fast=True)
    return builder.build()


def _document(tantivy: Any, publication: Publication) -> Any:
    values = search_document(publication)
    document = tantivy.Document()
    for name in (*RAW_FIELDS, *NAME_FIELDS, *ENGLISH_FIELDS):
        value = values[name]
        # A value once per document, so a facet counts the document once.
        for item in dict.fromkeys(value if isinstance(value, list) else [value]):
            if item is not None and item != "":
                document.add_text(name, str(item))
    if values["supplier_name"]:
        document.add_text(SUPPLIER_FACET_FIELD, values["supplier_name"])
    for language, text in values["text_original"].items():
        field = original_text_field(language)
        if text_analyzer_name(language) == CJK:
            tokens = [tantivy.Token(*token) for token in cjk_bigrams(text)]
            document.add_pre_tokenized_text(field, tantivy.PreTokenizedString(text, tokens))
        else:
            document.add_text(field, text)
    for component in values["components"]:
        if component["name"]:
            document.add_text("component_names", component["name"])
    revised = date.fromisoformat(values["revision_date"]) if values["revision_date"] else None
    if revised is not None:
        document.add_date("revision_date", datetime(revised.year, revised.month, revised.day, tzinfo=UTC))
    newest, oldest = sort_keys(values["document_id"], revised)
    document.add_unsigned(NEWEST_KEY, newest)
    document.add_unsigned(OLDEST_KEY, oldest)
    return document


def sort_keys(document_id: str, revised: date | None) -> tuple[int, int]:
    """The newest-first and oldest-first keys of a document (larger first; undated last in both)."""
    newest_day = revised.toordinal() if revised else 0
    oldest_day = _LAST_DAY + 1 - revised.toordinal() if revised else 0
    tie = _ID_MASK - _id_bits(document_id)
    return newest_day << _ID_BITS | tie, oldest_day << _ID_BITS | tie


def _id_bits(document_id: str) -> int:
    """The first 42 bits of the document id, in the id's order (hex digits of a SHA-256, else bytes)."""
    try:
        return int(document_id[:11].ljust(11, "0"), 16) >> 2
    except ValueError:
        return int.from_bytes(document_id.encode()[:6].ljust(6, b"\0"), "big") >> 6


def _query(tantivy: Any, schema: Any, query: SearchQuery) -> Any:
    """Every word in some text field (scored) and every filter (not scored)."""
    occur, build = tantivy.Occur, tantivy.Query
    clauses: list[tuple[Any, Any]] = [
        (occur.Must, _word_query(tantivy, schema, word)) for word in query_words(query.text)
    ]
    filters: list[Any] = [
        *(build.term_query(schema, "h_codes", code) for code in query.h_codes),
        *(build.term_query(schema, "p_codes", code) for code in query.p_codes),
        *(build.term_query(schema, "cas_numbers", number) for number in query.cas_numbers),
        *(build.term_query(schema, "pictograms", code) for code in query.pictograms),
    ]
    for field, value in (
        ("signal_word", query.signal_word),
        ("language", query.language),
        ("supplier_ids", query.supplier_id),
    ):
        if value is not None:
            filters.append(build.term_query(schema, field, value))
    for word in query_words(query.supplier):
        words = _field_query(tantivy, schema, "supplier_name", FOLDED, word)
        filters.append(words if words is not None else build.empty_query())
    if query.revised_before is not None:
        filters.append(_revised_before(tantivy, schema, query.revised_before))
    if query.statuses:
        statuses = [build.term_query(schema, "status", status.value) for status in query.statuses]
        filters.append(build.boolean_query([(occur.Should, status) for status in statuses]))
    else:
        clauses.append((occur.MustNot, build.term_query(schema, "status", DocumentStatus.SUPERSEDED.value)))
    clauses.extend((occur.Must, build.const_score_query(f, 0.0)) for f in filters)
    if not any(kind == occur.Must for kind, _ in clauses):
        clauses.append((occur.Must, build.all_query()))
    return build.boolean_query(clauses)


def _word_query(tantivy: Any, schema: Any, word: str) -> Any:
    """A word found in any searchable field: analysed as each field analyses its text, codes exactly."""
    fields = []
    for field, analyzer, boost in TEXT_QUERY_FIELDS:
        query = _field_query(tantivy, schema, field, analyzer, word)
        if query is not None:
            fields.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
    return tantivy.Query.boolean_query(fields) if fields else tantivy.Query.empty_query()


def _field_query(tantivy: Any, schema: Any, field: str, analyzer: str | None, word: str) -> Any | None:
    """The word in one field: its one term, its terms in a row (``7664-93-9``), or for Korean and Japanese
    every bigram; None when the analyzer leaves nothing of it."""
    build = tantivy.Query
    terms = [word] if analyzer is None else analyze(analyzer, word)
    if not terms:
        return None
    if len(terms) == 1:
        return build.term_query(schema, field, terms[0])
    if analyzer == CJK:
        return build.boolean_query(
            [(tantivy.Occur.Must, build.term_query(schema, field, term)) for term in terms]
        )
    return build.phrase_query(schema, field, terms)


def _revised_before(tantivy: Any, schema: Any, day: date) -> Any:
    """Revised before the day, or not dated at all."""
    build, occur = tantivy.Query, tantivy.Occur
    before = build.range_query(
        schema,
        "revision_date",
        tantivy.FieldType.Date,
        upper_bound=datetime(day.year, day.month, day.day, tzinfo=UTC),
        include_upper=False,
    )
    undated = build.boolean_query(
        [(occur.Must, build.all_query()), (occur.MustNot, build.exists_query("revision_date"))]
    )
    return build.boolean_query([(occur.Should, before), (occur.Should, undated)])


def _facets(searcher: Any, matching: Any) -> dict[str, list[FacetCount]]:
    """The facet counts over every hit of the query (terms aggregations on the facet fields)."""
    request = {
        name: {"terms": {"field": field, "size": FACET_SCAN_SIZE, "segment_size": FACET_SCAN_SIZE}}
        for name, field in FACET_FIELDS.items()
    }
    answer = searcher.aggregate(matching, request)
    return {
        name: top_facet_values(
            (str(bucket["key"]), int(bucket["doc_count"]))
            for bucket in answer.get(name, {}).get("buckets", [])
        )
        for name in FACET_NAMES
    }


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
        **{name: first(name) for name in _SINGLE_FIELDS},
        **{name: list(stored.get(name, [])) for name in _LIST_FIELDS},
    )
