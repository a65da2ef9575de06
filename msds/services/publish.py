"""Publish: a document's record, with its status and its suppliers, into search and analytics.

Both targets replace what they hold for the document id, so publishing twice changes nothing. A record is
published whatever Route decided: a sheet that needs review is findable (with that status) while it waits,
and is published again when its review completes. When a newer revision supersedes an older one, the older
is published again too, as superseded, so search shows the current revision by default and keeps the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from models.document import DocumentEntry, DocumentStatus
from models.publication import PUBLISHED_STATUSES, Publication
from models.record import SdsRecord
from msds.errors import ConfigurationError, DocumentNotFound, StepFailed
from msds.ports import AnalyticsStore, DocumentRepository, SearchIndex


@dataclass(frozen=True)
class PublishTargets:
    """Where records are published; a host may lack one of them, never both."""

    search_index: SearchIndex | None
    analytics: AnalyticsStore | None

    def __post_init__(self) -> None:
        if self.search_index is None and self.analytics is None:
            raise ConfigurationError("nothing to publish to: neither a search index nor an analytics store")

    def publish(self, publication: Publication) -> None:
        if self.search_index is not None:
            self.search_index.publish(publication)
        if self.analytics is not None:
            self.analytics.publish(publication)

    def publish_all(self, publications: Sequence[Publication]) -> int:
        if self.search_index is not None:
            self.search_index.publish_all(publications)
        if self.analytics is not None:
            self.analytics.publish_all(publications)
        return len(publications)


def routed_status(entry: DocumentEntry, record: SdsRecord) -> DocumentStatus:
    """The status Route gives a document with this record: superseded, needs review, or accepted."""
    if entry.superseded_by:
        return DocumentStatus.SUPERSEDED
    return DocumentStatus.NEEDS_REVIEW if record.needs_review else DocumentStatus.ACCEPTED


def publication_of(entry: DocumentEntry, record: SdsRecord) -> Publication:
    return Publication(record=record, status=entry.status, supplier_ids=list(entry.supplier_ids))


def publish_document(
    document_id: str,
    repository: DocumentRepository,
    targets: PublishTargets,
    now: Callable[[], datetime],
) -> list[str]:
    """Publish the document's stored record (and re-publish the revision it superseded); return the ids
    published. A document whose status a resumed run left as processing gets back the status its record
    and supersede links give it."""
    with repository.transaction():
        entry = repository.get(document_id)
        if entry is None:
            raise DocumentNotFound(f"no document {document_id}")
        record = repository.get_record(document_id)
        if record is None:
            raise StepFailed(f"{document_id} has no record to publish")
        if entry.status not in PUBLISHED_STATUSES:
            entry = entry.model_copy(update={"status": routed_status(entry, record), "updated_at": now()})
            repository.update(entry)
    targets.publish(publication_of(entry, record))
    published = [document_id]
    if entry.supersedes:
        older = repository.get(entry.supersedes)
        older_record = repository.get_record(entry.supersedes)
        if older is not None and older_record is not None and older.status == DocumentStatus.SUPERSEDED:
            targets.publish(publication_of(older, older_record))
            published.append(older.document_id)
    return published


def publishable(repository: DocumentRepository) -> Iterator[Publication]:
    """Every stored record that can be published, as it would be published now (for a full re-publish)."""
    for entry in repository.list():
        if entry.status not in PUBLISHED_STATUSES:
            continue
        record = repository.get_record(entry.document_id)
        if record is not None:
            yield publication_of(entry, record)
