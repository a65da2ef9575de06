"""A record's metering is stored with it by both repositories, SQLite (local host) and DynamoDB (AWS, on
moto), including a record large enough for DynamoDB to keep it compressed."""

from __future__ import annotations

from models.metering import BillableUsage, Metering
from models.record import Component, Evidence
from tests.contract.test_document_repository_contract import Factory, record, repositories

__all__ = ["repositories"]  # the fixture, shared with the repository contract

METERING = (
    Metering()
    .with_step(
        "ReadText", BillableUsage(ocr_pages=2, language_detection_requests=1, language_detection_units=31)
    )
    .with_step("DetectLanguage", BillableUsage(language_detection_requests=5, language_detection_units=61))
    .with_step("Translate", BillableUsage(translation_characters=468))
    .with_step("DetectPictogramsAndSignatures", BillableUsage(vision_invocations=3))
)


def test_a_record_keeps_its_metering_per_step_in_the_repository(repositories: Factory) -> None:
    # Given a record metered by four steps
    repository = repositories()
    metered = record("metered").model_copy(update={"metering": METERING})
    # When it is saved and read back by another worker
    repository.save_record(metered)
    read = repositories().get_record(metered.document_id)
    # Then the metering is there, step by step, with the same total
    assert read is not None
    assert read.metering == METERING
    assert read.metering.total == BillableUsage(
        ocr_pages=2,
        language_detection_requests=6,
        language_detection_units=92,
        translation_characters=468,
        vision_invocations=3,
    )


def test_a_large_record_keeps_its_metering(repositories: Factory) -> None:
    # Given a metered record of more than 300 KB as JSON (DynamoDB stores it compressed)
    repository = repositories()
    big = record("big-metered").model_copy(update={"metering": METERING})
    big.components = [
        Component(name=f"component {n} " + "x" * 1500, evidence=[Evidence(snippet="y" * 1500)])
        for n in range(120)
    ]
    assert len(big.model_dump_json()) > 300_000
    # When it is saved and read back
    repository.save_record(big)
    read = repository.get_record(big.document_id)
    # Then its metering reads back whole
    assert read is not None and read.metering == METERING
