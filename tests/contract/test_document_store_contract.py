"""The same cases against the folder store (local host) and the S3 store (AWS host, on moto)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from msds.adapters.aws.s3_store import S3DocumentStore
from msds.adapters.local.file_store import FolderDocumentStore
from msds.errors import DocumentNotFound
from msds.ports import DocumentStore
from tests.aws.support import BUCKET, client, make_bucket


def doc_id(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DocumentStore]:
    if request.param == "local":
        yield FolderDocumentStore(tmp_path / "store")
        return
    request.getfixturevalue("aws_credentials")
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        yield S3DocumentStore(s3, BUCKET)


def test_an_original_is_written_once_and_never_overwritten(store: DocumentStore) -> None:
    # Given an empty store
    document_id = doc_id("a")
    # When the original is put twice, the second time with other bytes
    first = store.put_original(document_id, b"%PDF-original")
    second = store.put_original(document_id, b"%PDF-other")
    # Then the first put writes, the second reports it was there, and the first bytes are kept
    assert (first, second) == (True, False)
    assert store.get_original(document_id) == b"%PDF-original"


def test_an_original_that_was_never_stored_raises_document_not_found(store: DocumentStore) -> None:
    # Given a store holding one original
    store.put_original(doc_id("a"), b"bytes")
    # When another id is read
    # Then DocumentNotFound names it
    with pytest.raises(DocumentNotFound, match=doc_id("b")):
        store.get_original(doc_id("b"))


def test_artifacts_are_replaced_and_a_missing_artifact_is_none(store: DocumentStore) -> None:
    # Given a store
    document_id = doc_id("a")
    # When two artifacts are put and one of them is put again
    store.put_artifact(document_id, "text.json", b'{"pages": []}')
    store.put_artifact(document_id, "page-1.png", b"\x89PNG...")
    store.put_artifact(document_id, "text.json", b'{"pages": [1]}')
    # Then each reads back its latest bytes, and artifacts never written are None
    assert store.get_artifact(document_id, "text.json") == b'{"pages": [1]}'
    assert store.get_artifact(document_id, "page-1.png") == b"\x89PNG..."
    assert store.get_artifact(document_id, "record.json") is None
    assert store.get_artifact(doc_id("other"), "text.json") is None


def test_an_artifact_and_an_original_of_the_same_document_do_not_collide(store: DocumentStore) -> None:
    # Given an original and an artifact under the same document id
    document_id = doc_id("a")
    store.put_original(document_id, b"original")
    store.put_artifact(document_id, "original", b"artifact")
    # When both are read
    # Then each keeps its own bytes
    assert store.get_original(document_id) == b"original"
    assert store.get_artifact(document_id, "original") == b"artifact"


@pytest.mark.parametrize("name", ["../escape.txt", "..", "a/b", "", ".hidden", "name with space"])
def test_an_unsafe_artifact_name_is_refused(store: DocumentStore, name: str) -> None:
    # Given a store
    # When an artifact with an unsafe name is put or read
    # Then both are refused
    with pytest.raises(ValueError, match="unsafe"):
        store.put_artifact(doc_id("a"), name, b"x")
    with pytest.raises(ValueError, match="unsafe"):
        store.get_artifact(doc_id("a"), name)


@pytest.mark.parametrize("document_id", ["..", "../outside", "a/b", ""])
def test_an_unsafe_document_id_is_refused(store: DocumentStore, document_id: str) -> None:
    # Given a store
    # When an original or an artifact is put under an unsafe document id
    # Then it is refused
    with pytest.raises(ValueError, match="unsafe"):
        store.put_original(document_id, b"x")
    with pytest.raises(ValueError, match="unsafe"):
        store.put_artifact(document_id, "a.txt", b"x")
