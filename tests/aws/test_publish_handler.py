"""The Publish task: after Route it publishes a sheet with its routed status (a redelivered task does nothing
more), and after a completed review the state machine's ``republish`` publishes the reviewed record."""

from __future__ import annotations

from typing import Any

import pytest

from lambdas import publish
from models.document import DocumentStatus
from models.search import SearchQuery
from models.steps import PipelineState
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from msds.pipeline.services import STATE_ARTIFACT
from msds.pipeline.steps import STEP_NAMES
from tests.aws.api_host import ApiHost, document_id, store_document
from tests.aws.opensearch_fake import searching_opensearch
from tests.aws.support import RECORDED, lambda_context

CONTEXT = lambda_context()
SHEET = document_id("a sheet routed to review")


@pytest.fixture
def routed(api_host: ApiHost) -> ApiHost:
    """A sheet Route sent to review (every step before Publish checkpointed), and a search domain."""
    aws = api_host.aws
    entry = store_document(aws, SHEET, status=DocumentStatus.NEEDS_REVIEW, supplier_ids=["acme"])
    before_publish = list(STEP_NAMES[:-1])
    aws.pipeline.repository.update(entry.model_copy(update={"completed_steps": before_publish}))
    raw = aws.pipeline.store.get_artifact(SHEET, STATE_ARTIFACT)
    assert raw is not None
    state = PipelineState.model_validate_json(raw).model_copy(update={"completed_steps": before_publish})
    aws.pipeline.store.put_artifact(SHEET, STATE_ARTIFACT, state.model_dump_json().encode())
    aws.pipeline.search_index = OpenSearchIndexer(searching_opensearch(), "sds-records")
    return api_host


def published(host: ApiHost) -> list[tuple[str, str, list[str]]]:
    index = host.aws.pipeline.search_index
    assert index is not None
    everything = SearchQuery(statuses=(DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW))
    return [(hit.document_id, hit.status.value, hit.h_codes) for hit in index.search(everything).hits]


def run(**event: Any) -> dict[str, Any]:
    return publish.handler({"document_id": SHEET, "file_name": "sheet.pdf", **event}, CONTEXT)


def test_a_sheet_waiting_for_review_is_published_and_the_result_still_routes_it(routed: ApiHost) -> None:
    # Given a sheet Route sent to review
    # When the Publish task runs, and its event is delivered once more
    result = run()
    requests = len(RECORDED)
    again = run()
    # Then the redelivered task sent nothing, the sheet is searchable as needing review, Route's decision
    # travels on to the review gate, and the step is checkpointed
    assert len(RECORDED) == requests == 1
    assert published(routed) == [(SHEET, "needs_review", ["H225"])]
    assert (result["step"], result["status"], result["needs_review"]) == ("Publish", "needs_review", True)
    assert result["completed_steps"] == list(STEP_NAMES) and again == result


def test_after_a_completed_review_republish_publishes_the_reviewed_record(routed: ApiHost) -> None:
    # Given a published sheet whose review then completed (as the review merge leaves it: the entry accepted,
    # the corrected record in the repository and in the checkpointed state)
    run()
    pipeline = routed.aws.pipeline
    entry, record = pipeline.repository.get(SHEET), pipeline.repository.get_record(SHEET)
    raw = pipeline.store.get_artifact(SHEET, STATE_ARTIFACT)
    assert entry is not None and record is not None and raw is not None
    reviewed = record.model_copy(update={"needs_review": False, "review_reasons": []})
    pipeline.repository.save_record(reviewed)
    pipeline.repository.update(entry.model_copy(update={"status": DocumentStatus.ACCEPTED}))
    state = PipelineState.model_validate_json(raw).model_copy(update={"record": reviewed})
    pipeline.store.put_artifact(SHEET, STATE_ARTIFACT, state.model_dump_json().encode())
    # When the state machine's PublishReviewed state runs the task with republish
    result = run(republish=True)
    # Then the index holds the sheet once, accepted, and the entry keeps every step checkpointed once
    assert published(routed) == [(SHEET, "accepted", ["H225"])]
    assert result["status"] == "accepted" and result["needs_review"] is False
    stored = pipeline.repository.get(SHEET)
    assert stored is not None and stored.completed_steps == list(STEP_NAMES)
