"""The synthesised document state machine, executed by moto's Step Functions interpreter with the real
handlers (tests/workflow/harness.py): each path, and what it leaves in S3, DynamoDB, the search index and
the analytics tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lambdas import start_workflow
from models.document import DocumentStatus
from msds.pipeline.steps import STEP_NAMES
from msds.synth import generate
from tests.aws.support import BUCKET, object_created_event
from tests.workflow.deployment import Deployment


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("sheets"), 2, 7, languages=("en", "de"), scanned_fraction=0.0)


def start(deployment: Deployment, path: Path, supplier_id: str = "acme") -> dict[str, Any]:
    """The sheet uploaded by a supplier, and S3's Object Created event delivered to start_workflow."""
    key = deployment.upload(path.read_bytes(), f"uploads/{supplier_id}/0001/{path.name}", supplier_id)
    started: dict[str, Any] = deployment.invoke(start_workflow, object_created_event(BUCKET, key))
    assert started["started"] is True, started
    return started


def test_a_sheet_that_needs_no_review_runs_every_step_and_is_stored_indexed_and_loaded(
    deployment: Deployment, sheets: list[Path]
) -> None:
    # Given a supplier's born-digital sheet
    path = sheets[0]

    # When its upload starts the synthesised document state machine
    started = start(deployment, path)
    execution = deployment.wait_for_end(started["execution_arn"])

    # Then the execution succeeded through every pipeline step in order, and no review wait
    document_id = started["document_id"]
    assert execution["status"] == "SUCCEEDED", execution
    entered = deployment.states_entered(started["execution_arn"])
    assert [s for s in entered if s in STEP_NAMES] == list(STEP_NAMES)
    assert "HumanReview" not in entered and entered[-1] == "Done"
    # ... the original is in S3 under its id, the entry and record in DynamoDB
    assert deployment.aws.documents.get_original(document_id) == path.read_bytes()
    entry = deployment.aws.pipeline.repository.get(document_id)
    record = deployment.aws.pipeline.repository.get_record(document_id)
    assert entry is not None and record is not None
    assert entry.status == DocumentStatus.ACCEPTED and entry.completed_steps == list(STEP_NAMES)
    assert entry.supplier_ids == ["acme"]
    # ... the record is findable with its status, and its rows are in the analytics tables
    assert deployment.search_statuses(document_id) == ["accepted"]
    rows = deployment.analytics("SELECT status FROM sds_documents WHERE document_id = ?", document_id)
    assert rows == [("accepted",)]
    codes = deployment.analytics("SELECT code FROM sds_statements WHERE document_id = ?", document_id)
    assert sorted(code for (code,) in codes) == sorted(record.h_codes + record.p_codes)
