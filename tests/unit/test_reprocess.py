"""Recording a reprocess attempt (msds.pipeline.reprocess) on the local adapters: where an attempt starts, the
attempt number written once per attempt (a second request for the same attempt is told it was recorded
already), the named refusals, and the entry given back when the attempt cannot be started."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.steps import PipelineState
from msds.errors import AttemptConflict, DocumentBusy, DocumentNotFound, NotReprocessable, UnknownStep
from msds.pipeline.reprocess import first_unfinished_step, give_back, plan_reprocess
from msds.pipeline.runner import load_state
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.pipeline.steps import STEP_NAMES
from tests.helpers.synthetic import FIXED_NOW, local_services

DOC = "ab" * 32


@pytest.fixture
def services(tmp_path: Path) -> PipelineServices:
    return local_services(tmp_path / "data")


def stored(
    services: PipelineServices,
    *,
    status: DocumentStatus,
    done: list[str],
    error_code: str | None = None,
    attempt: int = 0,
) -> DocumentEntry:
    """A document whose checkpoint lists ``done``."""
    entry = DocumentEntry(
        document_id=DOC,
        file_name="sheet.pdf",
        media_type=MediaType.PDF,
        size_bytes=100,
        pages=1,
        status=status,
        received_at=FIXED_NOW,
        updated_at=FIXED_NOW,
        completed_steps=list(done),
        error_code=error_code,
        error_message=f"Extract: {error_code}" if error_code else None,
        attempt=attempt,
    )
    assert services.repository.insert_if_absent(entry)
    state = PipelineState(document_id=DOC, file_name="sheet.pdf", completed_steps=list(done))
    services.store.put_artifact(DOC, STATE_ARTIFACT, state.model_dump_json().encode())
    return entry


def current(services: PipelineServices) -> DocumentEntry:
    entry = services.repository.get(DOC)
    assert entry is not None
    return entry


def test_a_failed_document_is_reprocessed_from_the_step_that_failed_as_attempt_one(
    services: PipelineServices,
) -> None:
    # Given a document that failed in Extract (the steps before it are checkpointed)
    stored(services, status=DocumentStatus.FAILED, done=list(STEP_NAMES[:4]), error_code="step_failed")

    # When its reprocess is planned
    plan = plan_reprocess(DOC, services)

    # Then attempt 1 starts at Extract, recorded on the entry, which is processing with its error cleared
    assert (plan.attempt, plan.start_from, plan.recorded) == (1, "Extract", True)
    entry = current(services)
    assert (entry.attempt, entry.status, entry.error_code, entry.error_message) == (
        1,
        DocumentStatus.PROCESSING,
        None,
        None,
    )


def test_a_named_step_drops_its_checkpoint_and_the_later_ones_and_keeps_the_earlier(
    services: PipelineServices,
) -> None:
    # Given a document whose steps are all done
    stored(services, status=DocumentStatus.ACCEPTED, done=list(STEP_NAMES))

    # When it is reprocessed from Extract
    plan = plan_reprocess(DOC, services, from_step="Extract")

    # Then its checkpoint and its entry keep only the steps before Extract
    assert plan.start_from == "Extract"
    kept = list(STEP_NAMES[: STEP_NAMES.index("Extract")])
    assert load_state(current(services), services).completed_steps == kept
    assert current(services).completed_steps == kept


def test_a_document_whose_steps_are_all_done_is_published_again(services: PipelineServices) -> None:
    # Given a document whose steps are all done, published, then marked failed by a later review's publish
    stored(services, status=DocumentStatus.FAILED, done=list(STEP_NAMES), error_code="publish_failed")

    # When its reprocess is planned without a step
    plan = plan_reprocess(DOC, services)

    # Then it starts from Publish (publishing twice changes nothing), whose checkpoint is dropped
    assert plan.start_from == "Publish"
    assert first_unfinished_step(load_state(current(services), services).completed_steps) == "Publish"


def test_a_request_repeated_with_its_attempt_is_answered_that_attempt_without_recording_another(
    services: PipelineServices,
) -> None:
    # Given attempt 1 of a failed document, recorded by a first request
    stored(services, status=DocumentStatus.FAILED, done=list(STEP_NAMES[:4]), error_code="step_failed")
    first = plan_reprocess(DOC, services, attempt=1)

    # When the same request comes again
    again = plan_reprocess(DOC, services, attempt=1)

    # Then it is attempt 1 again, not recorded by this request, and the entry still says attempt 1
    assert (first.attempt, first.recorded) == (1, True)
    assert (again.attempt, again.recorded) == (1, False)
    assert current(services).attempt == 1


class RecordedMeanwhile:
    """The document repository as two concurrent requests see it: the first read is made before the other
    request recorded attempt 1, every later read after it."""

    def __init__(self, services: PipelineServices) -> None:
        self._repository = services.repository
        self._services = services
        self._stale: DocumentEntry | None = None

    def get(self, document_id: str) -> DocumentEntry | None:
        if self._stale is None:
            self._stale = self._repository.get(document_id)
            assert self._stale is not None
            other = plan_reprocess(document_id, self._services_with(self._repository))
            assert other.attempt == 1 and other.recorded
            return self._stale
        return self._repository.get(document_id)

    def _services_with(self, repository: Any) -> PipelineServices:
        services = PipelineServices(**{**vars(self._services), "repository": repository})
        return services

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repository, name)


def test_two_concurrent_requests_record_one_attempt_and_the_second_is_told_it_exists(
    services: PipelineServices,
) -> None:
    # Given a failed document, and a second request that records attempt 1 just after this one read it
    stored(services, status=DocumentStatus.FAILED, done=list(STEP_NAMES[:4]), error_code="step_failed")
    racing = PipelineServices(**{**vars(services), "repository": RecordedMeanwhile(services)})

    # When this request plans its reprocess
    plan = plan_reprocess(DOC, racing)

    # Then its conditional write lost: it is told attempt 1, recorded by the other, and no attempt 2 exists
    assert (plan.attempt, plan.recorded) == (1, False)
    assert current(services).attempt == 1


@pytest.mark.parametrize("status", [DocumentStatus.PROCESSING, DocumentStatus.RECEIVED])
def test_a_document_being_processed_is_refused_by_name(
    services: PipelineServices, status: DocumentStatus
) -> None:
    # Given a document an attempt is processing
    stored(services, status=status, done=list(STEP_NAMES[:2]))
    # When it is reprocessed
    with pytest.raises(DocumentBusy) as refused:
        plan_reprocess(DOC, services)
    # Then the refusal names why, and nothing was recorded
    assert refused.value.code == "document_processing"
    assert current(services).attempt == 0


def test_a_rejected_file_is_not_reprocessed(services: PipelineServices) -> None:
    # Given a document whose file was rejected
    stored(services, status=DocumentStatus.REJECTED, done=["Receive"], error_code="encrypted_pdf")
    # When it is reprocessed, Then it is refused by name
    with pytest.raises(NotReprocessable):
        plan_reprocess(DOC, services)


def test_unknown_documents_steps_and_attempts_are_named_errors(services: PipelineServices) -> None:
    # Given a failed document at attempt 2
    stored(services, status=DocumentStatus.FAILED, done=["Receive"], error_code="step_failed", attempt=2)
    # When unknown ids, steps, or an attempt that is neither the latest nor the next are asked for
    # Then each is refused by name
    with pytest.raises(DocumentNotFound):
        plan_reprocess("cd" * 32, services)
    with pytest.raises(UnknownStep):
        plan_reprocess(DOC, services, from_step="Receive")
    with pytest.raises(UnknownStep):
        plan_reprocess(DOC, services, from_step="Bogus")
    with pytest.raises(AttemptConflict):
        plan_reprocess(DOC, services, attempt=5)
    assert current(services).attempt == 2


def test_an_attempt_that_cannot_be_started_gives_the_entry_back_with_its_error(
    services: PipelineServices,
) -> None:
    # Given attempt 1 recorded for a failed document
    stored(services, status=DocumentStatus.FAILED, done=list(STEP_NAMES[:4]), error_code="step_failed")
    plan = plan_reprocess(DOC, services)

    # When its start fails and the entry is given back
    give_back(plan, services)

    # Then the document is failed again with its error, and the attempt number stays used
    entry = current(services)
    assert (entry.status, entry.error_code, entry.attempt) == (DocumentStatus.FAILED, "step_failed", 1)
