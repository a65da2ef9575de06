"""The same cases against the SQLite repository (local host) and the DynamoDB repository (AWS, on moto)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from moto import mock_aws

from models.common import Box
from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Component, Evidence, Extracted, SdsRecord, Statement
from msds.adapters.aws.dynamo_repository import DynamoDocumentRepository
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.ports import DocumentRepository
from msds.services.supersede import apply_supersede
from tests.aws.support import TABLE, client, make_table

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
Factory = Callable[[], DocumentRepository]


def doc_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def entry(seed: str, status: DocumentStatus = DocumentStatus.RECEIVED, **changes: object) -> DocumentEntry:
    base = DocumentEntry(
        document_id=doc_id(seed),
        file_name=f"{seed}.pdf",
        media_type=MediaType.PDF,
        size_bytes=1234,
        pages=2,
        status=status,
        received_at=T0,
        updated_at=T0,
    )
    return base.model_copy(update=changes)


def record(seed: str, product: str = "Aceton rein", revision: str = "2023-05-01") -> SdsRecord:
    return SdsRecord(
        document_id=doc_id(seed),
        file_name=f"{seed}.pdf",
        language="de",
        product_name=Extracted[str](
            value=product,
            confidence=0.93,
            evidence=[Evidence(page=1, box=Box(x0=72, y0=80, x1=200, y1=94), snippet=product, section=1)],
        ),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.9),
        revision_date=Extracted[str](value=revision, confidence=0.88),
        hazard_statements=[
            Statement(code="H225", text_en="Highly flammable liquid and vapour.", confidence=0.99)
        ],
        components=[Component(name="acetone", cas="67-64-1", concentration="100 %", cas_check_ok=True)],
        needs_review=False,
    )


@pytest.fixture(params=["sqlite", "dynamodb"])
def repositories(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of repositories on one shared state (two calls = two workers)."""
    if request.param == "sqlite":
        yield lambda: SqliteDocumentRepository(tmp_path / "state.sqlite3")
        return
    request.getfixturevalue("aws_credentials")
    with mock_aws():
        dynamodb = client("dynamodb")
        make_table(dynamodb)
        yield lambda: DynamoDocumentRepository(client("dynamodb"), TABLE)


def test_insert_if_absent_inserts_once_and_keeps_the_first_entry(repositories: Factory) -> None:
    # Given an empty repository
    repository = repositories()
    first = entry("a")
    # When the same id is inserted twice, the second time with other content
    inserted = repository.insert_if_absent(first)
    again = repository.insert_if_absent(first.model_copy(update={"file_name": "other.pdf"}))
    # Then only the first insert counts and the stored entry is the first one
    assert (inserted, again) == (True, False)
    assert repository.get(first.document_id) == first
    assert repository.get(doc_id("unknown")) is None


def test_update_replaces_the_entry_and_list_filters_by_status_in_insertion_order(
    repositories: Factory,
) -> None:
    # Given three received entries
    repository = repositories()
    a, b, c = entry("a"), entry("b"), entry("c")
    for item in (a, b, c):
        repository.insert_if_absent(item)
    # When one is accepted with more data and one is rejected
    accepted = b.model_copy(
        update={
            "status": DocumentStatus.ACCEPTED,
            "completed_steps": ["Receive", "ReadText"],
            "product_key": "acme::acetone",
            "revision_date": "2023-05-01",
            "updated_at": T0 + timedelta(minutes=5),
        }
    )
    rejected = c.model_copy(update={"status": DocumentStatus.REJECTED, "error_code": "encrypted_pdf"})
    repository.update(accepted)
    repository.update(rejected)
    # Then reads see the new entries, and listing filters by status and keeps insertion order
    assert repository.get(b.document_id) == accepted
    assert repository.list(DocumentStatus.ACCEPTED) == [accepted]
    assert repository.list(DocumentStatus.REJECTED) == [rejected]
    assert repository.list(DocumentStatus.RECEIVED) == [a]
    assert repository.list(DocumentStatus.PUBLISHED) == []
    assert repository.list() == [a, accepted, rejected]


def test_update_of_an_id_that_was_never_inserted_changes_nothing(repositories: Factory) -> None:
    # Given an empty repository
    repository = repositories()
    # When an entry that was never inserted is updated
    repository.update(entry("ghost", DocumentStatus.ACCEPTED, product_key="acme::ghost"))
    # Then there is still no entry, and it is not a current revision of its product
    assert repository.get(doc_id("ghost")) is None
    assert repository.list() == []
    assert repository.find_current_by_product("acme::ghost") is None


def test_a_record_round_trips_and_is_replaced_on_save(repositories: Factory) -> None:
    # Given a record with nested values, evidence and statements
    repository = repositories()
    original = record("a")
    # When it is saved and read, then saved again with a change
    repository.save_record(original)
    read = repository.get_record(original.document_id)
    changed = original.model_copy(update={"needs_review": True, "language": "en"})
    repository.save_record(changed)
    # Then the first read equals the record, the second save replaced it, and unknown ids have no record
    assert read == original
    assert repository.get_record(original.document_id) == changed
    assert repository.get_record(doc_id("b")) is None


def test_a_large_record_round_trips(repositories: Factory) -> None:
    # Given a record with many long evidence snippets (more than 300 KB as JSON)
    repository = repositories()
    big = record("big")
    big.free_text = {}
    big.components = [
        Component(name=f"component {n} " + "x" * 1500, cas="67-64-1", evidence=[Evidence(snippet="y" * 1500)])
        for n in range(120)
    ]
    assert len(big.model_dump_json()) > 300_000
    # When it is saved and read
    repository.save_record(big)
    # Then it reads back whole
    assert repository.get_record(big.document_id) == big


def test_the_current_revision_of_a_product_is_the_latest_one_not_superseded(repositories: Factory) -> None:
    # Given three revisions of one product, the newest superseded by hand, and another product
    repository = repositories()
    key = "acme chemie gmbh::aceton rein"
    older = entry("old", DocumentStatus.ACCEPTED, product_key=key, revision_date="2020-01-01")
    newer = entry("new", DocumentStatus.NEEDS_REVIEW, product_key=key, revision_date="2022-01-01")
    gone = entry("gone", DocumentStatus.SUPERSEDED, product_key=key, revision_date="2024-01-01")
    other = entry("other", DocumentStatus.ACCEPTED, product_key="x::y", revision_date="2025-01-01")
    for item in (older, newer, gone, other):
        repository.insert_if_absent(item.model_copy(update={"status": DocumentStatus.RECEIVED}))
        repository.update(item)
    # When the current revision is looked up
    current = repository.find_current_by_product(key)
    # Then it is the newest revision that is not superseded, and an unknown product has none
    assert current == newer
    assert repository.find_current_by_product("nobody::nothing") is None


def test_a_newer_revision_supersedes_the_older_one_in_a_transaction(repositories: Factory) -> None:
    # Given an accepted older revision of a product
    repository = repositories()
    old_record, new_record = record("old", revision="2020-01-01"), record("new", revision="2023-01-01")
    old = entry("old", DocumentStatus.PROCESSING)
    repository.insert_if_absent(old)
    with repository.transaction():
        linked = apply_supersede(
            old.model_copy(update={"status": DocumentStatus.ACCEPTED}), old_record, repository
        )
        repository.save_record(old_record)
        repository.update(linked)
    new = entry("new", DocumentStatus.PROCESSING)
    repository.insert_if_absent(new)
    # When the newer revision is routed (what the Route step does)
    with repository.transaction():
        current = repository.get(new.document_id)
        assert current is not None
        linked = apply_supersede(
            current.model_copy(update={"status": DocumentStatus.ACCEPTED}), new_record, repository
        )
        repository.save_record(new_record)
        repository.update(linked)
    # Then the older is superseded by the newer, the newer names it, and the newer is current
    stored_old, stored_new = repository.get(old.document_id), repository.get(new.document_id)
    assert stored_old is not None and stored_new is not None
    assert stored_old.status == DocumentStatus.SUPERSEDED
    assert stored_old.superseded_by == new.document_id
    assert stored_new.supersedes == old.document_id
    assert repository.find_current_by_product(str(stored_new.product_key)) == stored_new


def test_a_transaction_rolls_back_every_write_when_it_fails(repositories: Factory) -> None:
    # Given a repository with one received entry
    repository = repositories()
    existing = entry("a")
    repository.insert_if_absent(existing)
    # When a transaction updates it, inserts another entry and a record, then fails
    with pytest.raises(RuntimeError, match="boom"), repository.transaction():
        repository.update(existing.model_copy(update={"status": DocumentStatus.ACCEPTED}))
        repository.insert_if_absent(entry("b"))
        repository.save_record(SdsRecord(document_id=doc_id("b")))
        raise RuntimeError("boom")
    # Then none of its writes remain
    assert repository.get(existing.document_id) == existing
    assert repository.get(doc_id("b")) is None
    assert repository.get_record(doc_id("b")) is None


def test_a_transaction_commits_its_writes_and_reads_its_own_writes(repositories: Factory) -> None:
    # Given a repository
    repository = repositories()
    # When a transaction inserts two entries, updates one and reads it back
    with repository.transaction():
        repository.insert_if_absent(entry("a"))
        repository.insert_if_absent(entry("b"))
        repository.update(entry("b", DocumentStatus.ACCEPTED))
        seen_inside = repository.get(doc_id("b"))
    # Then the transaction saw its own write, and both entries are there for another worker
    assert seen_inside is not None and seen_inside.status == DocumentStatus.ACCEPTED
    assert [e.document_id for e in repositories().list()] == [doc_id("a"), doc_id("b")]
    assert repositories().get(doc_id("b")) == entry("b", DocumentStatus.ACCEPTED)


def test_two_workers_see_each_others_writes(repositories: Factory) -> None:
    # Given two repositories on the same state, as two workers would have
    worker_1, worker_2 = repositories(), repositories()
    received = entry("a")
    # When the first inserts an entry and the second then updates it
    assert worker_1.insert_if_absent(received) is True
    seen_by_2 = worker_2.get(received.document_id)
    worker_2.update(received.model_copy(update={"status": DocumentStatus.NEEDS_REVIEW}))
    # Then each sees the other's write, and the second cannot insert the same id again
    assert seen_by_2 == received
    updated = worker_1.get(received.document_id)
    assert updated is not None and updated.status == DocumentStatus.NEEDS_REVIEW
    assert worker_2.insert_if_absent(received) is False


def test_another_worker_does_not_see_an_open_transaction_until_it_commits(repositories: Factory) -> None:
    # Given two repositories on the same state
    worker_1, worker_2 = repositories(), repositories()
    # When the first writes inside a transaction
    with worker_1.transaction():
        worker_1.insert_if_absent(entry("a"))
        seen_during = worker_2.get(doc_id("a"))
    seen_after = worker_2.get(doc_id("a"))
    # Then the second sees nothing while it is open and the entry once it is committed
    assert seen_during is None
    assert seen_after == entry("a")
