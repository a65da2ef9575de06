"""Supersede: a newer revision of a product from the same supplier replaces the older one; history is kept."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Extracted, SdsRecord
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.services.supersede import apply_supersede, product_key

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def record(
    seed: str,
    supplier: str | None = "ACME Chemicals GmbH",
    product: str | None = "Acetone Pure",
    revision: str | None = "2023-05-01",
) -> SdsRecord:
    return SdsRecord(
        document_id=hashlib.sha256(seed.encode()).hexdigest(),
        supplier_name=Extracted[str](value=supplier, confidence=0.9) if supplier is not None else None,
        product_name=Extracted[str](value=product, confidence=0.9) if product is not None else None,
        revision_date=Extracted[str](value=revision, confidence=0.9) if revision is not None else None,
    )


class Pipeline:
    """Receives and routes documents the way the pipeline does: supersede inside a repository transaction."""

    def __init__(self, path: Path) -> None:
        self.repository = SqliteDocumentRepository(path)
        self.clock = T0

    def process(self, sds: SdsRecord) -> DocumentEntry:
        self.clock += timedelta(minutes=1)
        received = DocumentEntry(
            document_id=sds.document_id,
            file_name="sds.pdf",
            media_type=MediaType.PDF,
            size_bytes=100,
            pages=2,
            status=DocumentStatus.RECEIVED,
            received_at=self.clock,
            updated_at=self.clock,
        )
        self.repository.insert_if_absent(received)
        with self.repository.transaction():
            current = self.repository.get(sds.document_id)
            assert current is not None
            routed = current.model_copy(update={"status": DocumentStatus.ACCEPTED, "updated_at": self.clock})
            routed = apply_supersede(routed, sds, self.repository)
            self.repository.save_record(sds)
            self.repository.update(routed)
        return self.get(sds.document_id)

    def get(self, document_id: str) -> DocumentEntry:
        found = self.repository.get(document_id)
        assert found is not None
        return found


@pytest.fixture
def pipeline(tmp_path: Path) -> Pipeline:
    return Pipeline(tmp_path / "state.sqlite3")


def test_a_newer_revision_supersedes_the_older_one_and_both_are_linked(pipeline: Pipeline) -> None:
    # Given the 2021 revision of a product, already accepted
    older = record("v1", revision="2021-02-01")
    pipeline.process(older)
    # When the 2023 revision of the same product from the same supplier is processed
    newer_entry = pipeline.process(record("v2", revision="2023-05-01"))
    # Then the older entry is SUPERSEDED by the newer, the newer supersedes it, and both are kept
    older_entry = pipeline.get(older.document_id)
    assert older_entry.status == DocumentStatus.SUPERSEDED
    assert older_entry.superseded_by == newer_entry.document_id
    assert older_entry.updated_at == newer_entry.updated_at
    assert newer_entry.status == DocumentStatus.ACCEPTED
    assert newer_entry.supersedes == older.document_id
    assert newer_entry.superseded_by is None
    assert newer_entry.revision_date == "2023-05-01"
    assert newer_entry.product_key == product_key(older)
    assert pipeline.repository.get_record(older.document_id) == older
    assert pipeline.repository.find_current_by_product(newer_entry.product_key or "") == newer_entry


def test_an_older_revision_arriving_later_is_itself_superseded(pipeline: Pipeline) -> None:
    # Given the 2023 revision of a product, already accepted
    newer = record("v2", revision="2023-05-01")
    pipeline.process(newer)
    # When the 2021 revision arrives afterwards
    late_entry = pipeline.process(record("v1", revision="2021-02-01"))
    # Then the late, older revision is SUPERSEDED by the current one, which stays as it was
    assert late_entry.status == DocumentStatus.SUPERSEDED
    assert late_entry.superseded_by == newer.document_id
    assert late_entry.supersedes is None
    current = pipeline.get(newer.document_id)
    assert current.status == DocumentStatus.ACCEPTED
    assert current.superseded_by is None
    assert current.supersedes is None


def test_a_chain_of_three_revisions_keeps_only_the_newest_current(pipeline: Pipeline) -> None:
    # Given revisions 2019 and 2021 of a product, processed in order
    first = pipeline.process(record("v1", revision="2019-01-01"))
    second = pipeline.process(record("v2", revision="2021-01-01"))
    # When revision 2023 is processed
    third = pipeline.process(record("v3", revision="2023-01-01"))
    # Then each revision points to the next, and only the newest is current
    assert pipeline.get(first.document_id).superseded_by == second.document_id
    assert pipeline.get(second.document_id).superseded_by == third.document_id
    assert pipeline.get(second.document_id).supersedes == first.document_id
    assert third.supersedes == second.document_id
    assert [e.document_id for e in pipeline.repository.list(DocumentStatus.ACCEPTED)] == [third.document_id]


def test_processing_the_current_revision_again_does_not_supersede_it_by_itself(pipeline: Pipeline) -> None:
    # Given an accepted revision
    sds = record("v1")
    pipeline.process(sds)
    # When the same document is routed again (a re-run of the pipeline)
    again = pipeline.process(sds)
    # Then it is still the current revision, linked to nothing
    assert again.status == DocumentStatus.ACCEPTED
    assert again.superseded_by is None
    assert again.supersedes is None


def test_a_different_supplier_with_the_same_product_name_does_not_supersede(pipeline: Pipeline) -> None:
    # Given ACME's 2021 "Acetone Pure"
    acme = record("acme", supplier="ACME Chemicals GmbH", revision="2021-02-01")
    pipeline.process(acme)
    # When another supplier's 2023 "Acetone Pure" is processed
    other = pipeline.process(record("other", supplier="Globex Solvents Ltd", revision="2023-05-01"))
    # Then both are current and unlinked
    acme_entry = pipeline.get(acme.document_id)
    assert acme_entry.status == DocumentStatus.ACCEPTED
    assert acme_entry.superseded_by is None
    assert other.status == DocumentStatus.ACCEPTED
    assert other.supersedes is None
    assert acme_entry.product_key != other.product_key


def test_a_different_product_from_the_same_supplier_does_not_supersede(pipeline: Pipeline) -> None:
    # Given ACME's 2021 "Acetone Pure"
    acetone = record("acetone", product="Acetone Pure", revision="2021-02-01")
    pipeline.process(acetone)
    # When ACME's 2023 "Ethanol Pure" is processed
    ethanol = pipeline.process(record("ethanol", product="Ethanol Pure", revision="2023-05-01"))
    # Then neither supersedes the other
    assert pipeline.get(acetone.document_id).status == DocumentStatus.ACCEPTED
    assert ethanol.supersedes is None


def test_names_compare_regardless_of_case_accents_and_punctuation() -> None:
    # Given the same supplier and product written in different ways, and another product of that supplier
    plain = record("a", supplier="Acme Chemie GmbH", product="Aceton rein")
    styled = record("b", supplier="  ACMÉ   Chémie, GmbH ", product="ACETON-REIN")
    underscored = record("c", supplier="acme_chemie_gmbh", product="Aceton (rein)")
    different = record("d", supplier="Acme Chemie GmbH", product="Ethanol rein")
    # When their product keys are computed
    keys = [product_key(sds) for sds in (plain, styled, underscored, different)]
    # Then the three spellings give one key, and the other product another
    assert keys[0] == "acme chemie gmbh::aceton rein"
    assert keys[1] == keys[0]
    assert keys[2] == keys[0]
    assert keys[3] != keys[0]


def test_a_revision_with_differently_written_names_supersedes_the_older(pipeline: Pipeline) -> None:
    # Given a 2021 revision under plain names
    older = record("v1", supplier="Acme Chemie GmbH", product="Aceton rein", revision="2021-02-01")
    pipeline.process(older)
    # When a 2023 revision arrives with other case, accents and punctuation
    restyled = record("v2", supplier="ACMÉ CHÉMIE, GmbH", product="ACETON-REIN", revision="2023-05-01")
    newer = pipeline.process(restyled)
    # Then it supersedes the older one
    assert pipeline.get(older.document_id).status == DocumentStatus.SUPERSEDED
    assert newer.supersedes == older.document_id


@pytest.mark.parametrize(
    ("supplier", "product"), [(None, "Acetone Pure"), ("ACME Chemicals GmbH", None), (None, None)]
)
def test_a_record_without_supplier_or_product_name_never_supersedes_anything(
    pipeline: Pipeline, supplier: str | None, product: str | None
) -> None:
    # Given ACME's 2021 "Acetone Pure", accepted
    acme = record("acme", revision="2021-02-01")
    pipeline.process(acme)
    # When a 2023 sheet missing its supplier or product name is processed
    incomplete = record("incomplete", supplier=supplier, product=product, revision="2023-05-01")
    entry = pipeline.process(incomplete)
    # Then it has no product key, links to nothing, and the existing revision stays current
    assert product_key(incomplete) is None
    assert entry.product_key is None
    assert entry.supersedes is None
    assert entry.status == DocumentStatus.ACCEPTED
    acme_entry = pipeline.get(acme.document_id)
    assert acme_entry.status == DocumentStatus.ACCEPTED
    assert acme_entry.superseded_by is None
