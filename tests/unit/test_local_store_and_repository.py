"""The local document store (a content-addressed folder) and the SQLite document repository."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from models.common import Box, Provenance
from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Component, Evidence, Extracted, SdsRecord, Statement
from msds.adapters.local.file_store import FolderDocumentStore
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.errors import DocumentNotFound

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


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


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


# --- document store -----------------------------------------------------------------------------------------


def test_the_store_writes_an_original_once_and_never_overwrites_it(tmp_path: Path) -> None:
    # Given an empty store
    store = FolderDocumentStore(tmp_path / "store")
    document_id = doc_id("a")
    # When the original is put twice, the second time with other bytes
    first = store.put_original(document_id, b"%PDF-original")
    second = store.put_original(document_id, b"%PDF-other")
    # Then the first put writes, the second reports it was there, and the first bytes are kept
    assert first is True
    assert second is False
    assert store.get_original(document_id) == b"%PDF-original"
    assert len(files_under(tmp_path)) == 1


def test_an_original_that_was_never_stored_raises_document_not_found(tmp_path: Path) -> None:
    # Given a store holding one original
    store = FolderDocumentStore(tmp_path / "store")
    store.put_original(doc_id("a"), b"bytes")
    # When another id is read
    # Then DocumentNotFound names it
    with pytest.raises(DocumentNotFound, match=doc_id("b")):
        store.get_original(doc_id("b"))


def test_artifacts_round_trip_and_a_missing_artifact_is_none(tmp_path: Path) -> None:
    # Given a store
    store = FolderDocumentStore(tmp_path / "store")
    document_id = doc_id("a")
    # When two artifacts are put and one is replaced
    store.put_artifact(document_id, "text.json", b'{"pages": []}')
    store.put_artifact(document_id, "page-1.png", b"\x89PNG...")
    store.put_artifact(document_id, "text.json", b'{"pages": [1]}')
    # Then each reads back its latest bytes, and an artifact never written is None
    assert store.get_artifact(document_id, "text.json") == b'{"pages": [1]}'
    assert store.get_artifact(document_id, "page-1.png") == b"\x89PNG..."
    assert store.get_artifact(document_id, "record.json") is None
    assert store.get_artifact(doc_id("other"), "text.json") is None
    assert not any(path.name.startswith(".tmp-") for path in files_under(tmp_path))


@pytest.mark.parametrize(
    "name", ["../escape.txt", "..", ".", "a/b", "a\\b", "", ".hidden", "name with space"]
)
def test_an_unsafe_artifact_name_is_rejected_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    # Given a store inside a folder
    store = FolderDocumentStore(tmp_path / "store")
    # When an artifact with an unsafe name is put or read
    # Then both are refused and no file appears anywhere under the folder
    with pytest.raises(ValueError, match="unsafe"):
        store.put_artifact(doc_id("a"), name, b"x")
    with pytest.raises(ValueError, match="unsafe"):
        store.get_artifact(doc_id("a"), name)
    assert files_under(tmp_path) == set()


@pytest.mark.parametrize("document_id", ["..", "../..", "../../outside", "a/b", ""])
def test_an_unsafe_document_id_cannot_reach_outside_the_store(tmp_path: Path, document_id: str) -> None:
    # Given a store in a sub-folder of an otherwise empty folder
    store = FolderDocumentStore(tmp_path / "deep" / "store")
    # When an original or an artifact is put under an unsafe document id
    # Then it is refused and nothing is written anywhere
    with pytest.raises(ValueError, match="unsafe"):
        store.put_original(document_id, b"x")
    with pytest.raises(ValueError, match="unsafe"):
        store.put_artifact(document_id, "escaped.txt", b"x")
    with pytest.raises(ValueError, match="unsafe"):
        store.get_original(document_id)
    assert files_under(tmp_path) == set()


# --- repository ---------------------------------------------------------------------------------------------


def test_insert_if_absent_inserts_once_and_keeps_the_first_entry(tmp_path: Path) -> None:
    # Given an empty repository
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
    first = entry("a")
    # When the same id is inserted twice, the second time with other content
    inserted = repository.insert_if_absent(first)
    again = repository.insert_if_absent(first.model_copy(update={"file_name": "other.pdf"}))
    # Then only the first insert counts and the stored entry is the first one
    assert inserted is True
    assert again is False
    assert repository.get(first.document_id) == first


def test_get_of_an_unknown_id_is_none(tmp_path: Path) -> None:
    # Given a repository with one entry
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
    repository.insert_if_absent(entry("a"))
    # When another id is read
    # Then there is no entry
    assert repository.get(doc_id("b")) is None


def test_update_replaces_the_entry_and_list_filters_by_status(tmp_path: Path) -> None:
    # Given three received entries
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
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
    rejected = c.model_copy(
        update={"status": DocumentStatus.REJECTED, "error_code": "encrypted_pdf", "error_message": "locked"}
    )
    repository.update(accepted)
    repository.update(rejected)
    # Then reads see the new entries, and listing by status returns only matching entries in insertion order
    assert repository.get(b.document_id) == accepted
    assert repository.list(DocumentStatus.ACCEPTED) == [accepted]
    assert repository.list(DocumentStatus.REJECTED) == [rejected]
    assert repository.list(DocumentStatus.RECEIVED) == [a]
    assert repository.list(DocumentStatus.PUBLISHED) == []
    assert repository.list() == [a, accepted, rejected]


def test_a_record_round_trips_with_its_evidence_and_is_replaced_on_save(tmp_path: Path) -> None:
    # Given a record with nested values, evidence and statements
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
    record = SdsRecord(
        document_id=doc_id("a"),
        file_name="a.pdf",
        language="de",
        language_confidence=0.97,
        pages=2,
        product_name=Extracted[str](
            value="Aceton rein",
            confidence=0.93,
            evidence=[
                Evidence(page=1, box=Box(x0=72, y0=80, x1=200, y1=94), snippet="Aceton rein", section=1)
            ],
        ),
        supplier_name=Extracted[str](value="ACME Chemie GmbH", confidence=0.9),
        revision_date=Extracted[str](value="2023-05-01", confidence=0.88),
        flash_point_c=Extracted[float](value=-20.0, confidence=0.8, provenance=Provenance.DERIVED),
        hazard_statements=[
            Statement(code="H225", text_en="Highly flammable liquid and vapour.", confidence=0.99)
        ],
        components=[Component(name="acetone", cas="67-64-1", concentration="100 %", cas_check_ok=True)],
        needs_review=False,
    )
    # When it is saved and read, then saved again with a change
    repository.save_record(record)
    read = repository.get_record(record.document_id)
    changed = record.model_copy(update={"needs_review": True, "language": "en"})
    repository.save_record(changed)
    # Then the first read equals the record, the second save replaced it, and unknown ids have no record
    assert read == record
    assert read is not None and read.h_codes == ["H225"] and read.cas_numbers == ["67-64-1"]
    assert repository.get_record(record.document_id) == changed
    assert repository.get_record(doc_id("b")) is None


def test_a_transaction_rolls_back_every_write_when_it_fails(tmp_path: Path) -> None:
    # Given a repository with one received entry
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
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


def test_a_transaction_commits_its_writes_when_it_succeeds(tmp_path: Path) -> None:
    # Given a repository
    path = tmp_path / "state.sqlite3"
    repository = SqliteDocumentRepository(path)
    # When a transaction inserts two entries and finishes
    with repository.transaction():
        repository.insert_if_absent(entry("a"))
        repository.insert_if_absent(entry("b"))
    # Then both are there, also for a fresh repository on the same file
    assert [e.document_id for e in SqliteDocumentRepository(path).list()] == [doc_id("a"), doc_id("b")]


def test_two_repositories_on_the_same_file_see_each_others_writes(tmp_path: Path) -> None:
    # Given two repositories on the same file, as two worker processes would have
    path = tmp_path / "state.sqlite3"
    worker_1 = SqliteDocumentRepository(path)
    worker_2 = SqliteDocumentRepository(path)
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


def test_another_repository_does_not_see_writes_of_an_open_transaction_until_commit(tmp_path: Path) -> None:
    # Given two repositories on the same file
    path = tmp_path / "state.sqlite3"
    worker_1 = SqliteDocumentRepository(path)
    worker_2 = SqliteDocumentRepository(path)
    # When the first writes inside a transaction
    with worker_1.transaction():
        worker_1.insert_if_absent(entry("a"))
        seen_during = worker_2.get(doc_id("a"))
    seen_after = worker_2.get(doc_id("a"))
    # Then the second sees nothing while it is open and the entry once it is committed
    assert seen_during is None
    assert seen_after == entry("a")
