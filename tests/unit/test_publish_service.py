"""Publishing a document: its stored record with its status and suppliers, the revision it superseded again,
a status a resumed run left behind put right, and a host with nothing to publish to refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.publication import Publication
from models.search import SearchQuery
from msds.adapters.local.duckdb_analytics import DuckDbAnalyticsStore
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.errors import ConfigurationError, StepFailed
from msds.services.publish import PublishTargets, publish_document, publishable, routed_status
from tests.helpers.publications import acetone, ethanol

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class Host:
    """A repository, an index and an analytics file in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.repository = SqliteDocumentRepository(folder / "state.sqlite3")
        self.index = TantivySearchIndex(folder / "search")
        self.analytics_path = folder / "analytics.duckdb"
        self.targets = PublishTargets(self.index, DuckDbAnalyticsStore(self.analytics_path))

    def store(self, publication: Publication, status: DocumentStatus, **entry: object) -> None:
        record = publication.record
        self.repository.insert_if_absent(
            DocumentEntry(
                document_id=record.document_id,
                file_name=record.file_name or "sheet.pdf",
                media_type=MediaType.PDF,
                size_bytes=100,
                pages=record.pages,
                status=status,
                received_at=T0,
                updated_at=T0,
                supplier_ids=list(publication.supplier_ids),
                **entry,  # type: ignore[arg-type]
            )
        )
        self.repository.save_record(record)

    def publish(self, document_id: str) -> list[str]:
        return publish_document(document_id, self.repository, self.targets, lambda: T0)

    def statuses(self) -> dict[str, str]:
        results = self.index.search(SearchQuery(statuses=tuple(DocumentStatus(s) for s in _PUBLISHED)))
        return {hit.product_name or "": hit.status.value for hit in results.hits}

    def analytics_statuses(self) -> list[tuple[str, str]]:
        with duckdb.connect(str(self.analytics_path), read_only=True) as connection:
            rows = connection.execute("SELECT product_name, status FROM sds_documents ORDER BY 1").fetchall()
        return [(str(a), str(b)) for a, b in rows]


_PUBLISHED = ("accepted", "needs_review", "superseded")


def test_a_sheet_waiting_for_review_is_published_with_its_status_and_suppliers(tmp_path: Path) -> None:
    # Given a stored record that Route sent to review, sent by a supplier
    host = Host(tmp_path)
    waiting = ethanol(status=DocumentStatus.NEEDS_REVIEW, supplier_ids=("supplier-2",))
    host.store(waiting, DocumentStatus.NEEDS_REVIEW)
    # When the document is published
    published = host.publish(waiting.document_id)
    # Then search and analytics both have it as needing review, findable by its supplier's account
    assert published == [waiting.document_id]
    assert host.statuses() == {"Ethanol absolut": "needs_review"}
    assert host.analytics_statuses() == [("Ethanol absolut", "needs_review")]
    owned = host.index.search(SearchQuery(supplier_id="supplier-2"))
    assert [hit.document_id for hit in owned.hits] == [waiting.document_id]


def test_publishing_after_a_review_replaces_the_status(tmp_path: Path) -> None:
    # Given a published sheet that waited for review, then was reviewed and accepted
    host = Host(tmp_path)
    waiting = ethanol(status=DocumentStatus.NEEDS_REVIEW)
    host.store(waiting, DocumentStatus.NEEDS_REVIEW)
    host.publish(waiting.document_id)
    entry = host.repository.get(waiting.document_id)
    assert entry is not None
    host.repository.update(entry.model_copy(update={"status": DocumentStatus.ACCEPTED}))
    host.repository.save_record(waiting.record.model_copy(update={"needs_review": False}))
    # When it is published again
    host.publish(waiting.document_id)
    # Then search and analytics have it once, accepted
    assert host.statuses() == {"Ethanol absolut": "accepted"}
    assert host.analytics_statuses() == [("Ethanol absolut", "accepted")]


def test_the_revision_a_document_superseded_is_published_again_as_superseded(tmp_path: Path) -> None:
    # Given an older revision published as accepted, then superseded by a newer one
    host = Host(tmp_path)
    older = acetone()
    host.store(older, DocumentStatus.ACCEPTED)
    host.publish(older.document_id)
    newer = ethanol(product="Aceton rein 2025")
    host.store(newer, DocumentStatus.ACCEPTED, supersedes=older.document_id)
    entry = host.repository.get(older.document_id)
    assert entry is not None
    host.repository.update(
        entry.model_copy(update={"status": DocumentStatus.SUPERSEDED, "superseded_by": newer.document_id})
    )
    # When the newer one is published
    published = host.publish(newer.document_id)
    # Then both were published, the older one as superseded
    assert published == [newer.document_id, older.document_id]
    assert host.statuses() == {"Aceton rein 2025": "accepted", "Aceton rein": "superseded"}


@pytest.mark.parametrize(
    ("superseded_by", "needs_review", "expected"),
    [
        (None, False, DocumentStatus.ACCEPTED),
        (None, True, DocumentStatus.NEEDS_REVIEW),
        ("f" * 64, False, DocumentStatus.SUPERSEDED),
    ],
)
def test_a_status_a_resumed_run_left_as_processing_is_put_right(
    tmp_path: Path, superseded_by: str | None, needs_review: bool, expected: DocumentStatus
) -> None:
    # Given a routed record whose entry a resumed (or retried) run marked processing again
    host = Host(tmp_path)
    sheet = acetone(status=DocumentStatus.NEEDS_REVIEW if needs_review else DocumentStatus.ACCEPTED)
    host.store(sheet, DocumentStatus.PROCESSING, superseded_by=superseded_by)
    # When it is published
    host.publish(sheet.document_id)
    # Then the entry has the status its record and links give it, and is published with it
    entry = host.repository.get(sheet.document_id)
    assert entry is not None and entry.status == expected
    assert routed_status(entry, sheet.record) == expected
    assert host.statuses() == {"Aceton rein": expected.value}


def test_a_document_without_a_record_cannot_be_published(tmp_path: Path) -> None:
    # Given an entry whose record was never saved
    host = Host(tmp_path)
    host.store(acetone(), DocumentStatus.ACCEPTED)
    other = ethanol().record
    host.repository.insert_if_absent(
        DocumentEntry(
            document_id=other.document_id,
            file_name="x.pdf",
            size_bytes=1,
            status=DocumentStatus.PROCESSING,
            received_at=T0,
            updated_at=T0,
        )
    )
    # When it is published
    # Then the step fails by name
    with pytest.raises(StepFailed, match="no record"):
        host.publish(other.document_id)


def test_a_host_with_neither_search_nor_analytics_is_a_configuration_error() -> None:
    # Given no search index and no analytics store
    # When publish targets are made of them
    # Then it is refused
    with pytest.raises(ConfigurationError):
        PublishTargets(search_index=None, analytics=None)


def test_every_routed_record_is_publishable_and_nothing_else(tmp_path: Path) -> None:
    # Given an accepted, a superseded and a failed document
    host = Host(tmp_path)
    host.store(acetone(), DocumentStatus.ACCEPTED)
    host.store(ethanol(), DocumentStatus.SUPERSEDED)
    failed = acetone().record.model_copy(update={"document_id": "d" * 64})
    host.store(Publication(record=failed, status=DocumentStatus.ACCEPTED), DocumentStatus.FAILED)
    # When the publishable records are listed
    listed = {p.document_id: p.status for p in publishable(host.repository)}
    # Then the routed ones are, with their statuses
    assert listed == {"a" * 64: DocumentStatus.ACCEPTED, "b" * 64: DocumentStatus.SUPERSEDED}
