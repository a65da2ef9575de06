"""The in-process runner: idempotent receive, checkpoints and resume, failures, and supersede, end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from models.document import DocumentStatus
from models.search import SearchQuery
from models.steps import PipelineState
from models.text import PageText
from msds.cli.batch import run_batch
from msds.errors import PublishFailed, StepFailed
from msds.pipeline import runner
from msds.pipeline.runner import FINISHED, process_bytes
from msds.pipeline.services import STATE_ARTIFACT, PipelineServices
from msds.pipeline.steps import STEP_NAMES, Extract, Publish, ReadText, Segment
from msds.synth import bad_inputs
from tests.helpers.synthetic import (
    GeneratedSet,
    codes,
    generate_set,
    local_services,
    local_settings,
    revisions_of_one_product,
)

pytestmark = pytest.mark.xdist_group("e2e_runner_resume")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSet:
    """Three born-digital sheets (en, fr, es)."""
    return generate_set(tmp_path_factory.mktemp("resume_sheets"), 3, seed=7, languages=("en", "fr", "es"))


@pytest.fixture
def services(tmp_path: Path) -> PipelineServices:
    return local_services(tmp_path / "data")


def _checkpoint(services: PipelineServices, document_id: str) -> PipelineState | None:
    raw = services.store.get_artifact(document_id, STATE_ARTIFACT)
    return None if raw is None else PipelineState.model_validate_json(raw)


class _TextMustNotBeReadAgain:
    """Stands in for the text layer and the OCR engine of a rerun: reading text again is a test failure."""

    def __init__(self) -> None:
        self.calls = 0

    def read_pages(self, data: bytes) -> list[PageText]:
        self.calls += 1
        raise AssertionError("the text layer was read again on resume")

    def page_count(self, data: bytes) -> int:
        self.calls += 1
        raise AssertionError("the text layer was opened again on resume")

    def recognise(self, image: Any, page_number: int, languages: Any) -> PageText:
        self.calls += 1
        raise AssertionError("a page was OCR'd again on resume")


# Idempotent receive --------------------------------------------------------------------------------------


def test_receiving_the_same_bytes_twice_returns_the_existing_record_unchanged(
    sheets: GeneratedSet, services: PipelineServices
) -> None:
    # Given a sheet that has been processed once
    path = sheets.paths[0]
    first = process_bytes(path.read_bytes(), path.name, services)
    entry_before = services.repository.get(first.document_id)
    record_before = services.repository.get_record(first.document_id)
    # When the same bytes arrive again, under another file name
    second = process_bytes(path.read_bytes(), "resent-by-supplier.pdf", services)
    # Then nothing is processed again: same id, skipped, same record, and the stored entry is untouched
    assert first.status in FINISHED and not first.skipped
    assert second.skipped
    assert second.document_id == first.document_id
    assert second.status == first.status
    assert second.record == record_before == first.record
    assert services.repository.get(first.document_id) == entry_before
    assert services.repository.get_record(first.document_id) == record_before
    assert len(services.repository.list()) == 1


def test_receiving_a_rejected_file_again_is_skipped_and_keeps_the_named_reason(
    services: PipelineServices,
) -> None:
    # Given a Word document that was rejected
    data = bad_inputs.docx_file()
    first = process_bytes(data, "sheet.docx", services)
    # When it is sent again
    second = process_bytes(data, "sheet.docx", services)
    # Then the second receive is skipped and still names why the file was rejected
    rejected = DocumentStatus.REJECTED
    assert (first.status, first.skipped, first.error_code) == (rejected, False, "unsupported_type")
    assert (second.status, second.skipped, second.error_code) == (rejected, True, "unsupported_type")
    assert second.document_id == first.document_id


# Resume after an interruption ------------------------------------------------------------------------------


def test_a_rerun_after_an_interruption_resumes_at_the_first_unfinished_step_without_reading_text_again(
    sheets: GeneratedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a sheet whose run was interrupted (Ctrl-C) in Segment, after ReadText and DetectLanguage
    # had checkpointed
    path = sheets.in_language("en")
    data = path.read_bytes()
    first_services = local_services(tmp_path / "data")
    with monkeypatch.context() as patch:
        patch.setattr(Segment, "run", _raise(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            process_bytes(data, path.name, first_services)
    interrupted = first_services.repository.list()[0]
    checkpoint = _checkpoint(first_services, interrupted.document_id)
    assert checkpoint is not None
    assert checkpoint.completed_steps == ["Receive", "ReadText", "DetectLanguage"]
    assert interrupted.status == DocumentStatus.PROCESSING
    # When the same file is processed again by a new process whose text reader and OCR must not be used
    rerun_services = local_services(tmp_path / "data")
    no_reading = _TextMustNotBeReadAgain()
    rerun_services.text_layer = no_reading
    rerun_services.ocr = no_reading
    read_text_calls = _count_calls(monkeypatch, ReadText)
    outcome = process_bytes(data, path.name, rerun_services)
    # Then the run completes from Segment on, ReadText is not run again, and the record is the labelled one
    assert read_text_calls == [] and no_reading.calls == 0
    assert outcome.error_code is None and outcome.status in FINISHED and not outcome.skipped
    assert outcome.record is not None
    assert codes(outcome.record.h_codes) == codes(sheets.label(path)["h_codes"])
    final = _checkpoint(rerun_services, outcome.document_id)
    assert final is not None and final.completed_steps == list(STEP_NAMES)
    assert outcome.step_seconds["ReadText"] == checkpoint.step_seconds["ReadText"]  # the first run's timing


def test_a_rerun_after_a_crashing_step_resumes_there_and_keeps_earlier_results(
    sheets: GeneratedSet, services: PipelineServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a sheet whose Extract step crashed with an unexpected error on the first run
    path = sheets.in_language("fr")
    data = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(Extract, "run", _raise(RuntimeError("worker lost its disk")))
        crashed = process_bytes(data, path.name, services)
    checkpoint = _checkpoint(services, crashed.document_id)
    assert checkpoint is not None
    assert checkpoint.completed_steps == ["Receive", "ReadText", "DetectLanguage", "Segment"]
    # When it is processed again
    read_text_calls = _count_calls(monkeypatch, ReadText)
    outcome = process_bytes(data, path.name, services)
    # Then earlier steps are not repeated, and the document finishes with the language found before the crash
    assert read_text_calls == []
    assert outcome.status in FINISHED and outcome.error_code is None
    assert outcome.record is not None and outcome.record.language == "fr"
    assert outcome.step_seconds["Segment"] == checkpoint.step_seconds["Segment"]  # the first run's timing


@pytest.mark.parametrize(
    ("every_seconds", "written_after"),
    [
        (3600.0, ["Route", "Publish"]),
        (0.0, list(STEP_NAMES[1:])),
    ],
)
def test_the_checkpoint_is_written_after_route_and_publish_and_once_enough_work_is_unsaved(
    sheets: GeneratedSet,
    services: PipelineServices,
    monkeypatch: pytest.MonkeyPatch,
    every_seconds: float,
    written_after: list[str],
) -> None:
    # Given a checkpoint interval, and a store that notes which steps each written checkpoint ends with
    monkeypatch.setattr(runner, "CHECKPOINT_EVERY_SECONDS", every_seconds)
    written: list[str] = []
    real_put = services.store.put_artifact

    def noting_put(document_id: str, name: str, data: bytes) -> None:
        if name == STATE_ARTIFACT:
            written.append(PipelineState.model_validate_json(data).completed_steps[-1])
        real_put(document_id, name, data)

    monkeypatch.setattr(services.store, "put_artifact", noting_put)
    path = sheets.in_language("en")
    # When a sheet is processed
    outcome = process_bytes(path.read_bytes(), path.name, services)
    # Then the checkpoints came after the expected steps, and the last one records every step done
    assert outcome.status in FINISHED
    assert written == written_after
    final = _checkpoint(services, outcome.document_id)
    assert final is not None and final.completed_steps == list(STEP_NAMES)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt(), PublishFailed("index unavailable (test)")])
def test_a_routed_sheet_whose_publish_did_not_finish_is_published_by_the_rerun_with_its_routed_status(
    sheets: GeneratedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    # Given a sheet whose run was interrupted (or failed) in Publish, after Route had decided its status
    path = sheets.in_language("fr")
    data = path.read_bytes()
    first_services = local_services(tmp_path / "data")
    with monkeypatch.context() as patch:
        patch.setattr(Publish, "run", _raise(interruption))
        if isinstance(interruption, KeyboardInterrupt):
            with pytest.raises(KeyboardInterrupt):
                process_bytes(data, path.name, first_services)
        else:
            assert process_bytes(data, path.name, first_services).status == DocumentStatus.FAILED
    document_id = first_services.repository.list()[0].document_id
    record = first_services.repository.get_record(document_id)
    assert record is not None
    routed = DocumentStatus.NEEDS_REVIEW if record.needs_review else DocumentStatus.ACCEPTED
    index = first_services.search_index
    assert index is not None and index.search(SearchQuery(statuses=(routed,))).total == 0
    # When the same file is processed again
    rerun_services = local_services(tmp_path / "data")
    outcome = process_bytes(data, path.name, rerun_services)
    # Then the rerun publishes it (it was not finished), and the entry has the status Route gave it
    entry = rerun_services.repository.get(document_id)
    assert not outcome.skipped and outcome.status == routed
    assert entry is not None and entry.status == routed and entry.completed_steps == list(STEP_NAMES)
    hits = index.search(SearchQuery(statuses=(routed,))).hits
    assert [(hit.document_id, hit.status) for hit in hits] == [(document_id, routed)]


# Failures -----------------------------------------------------------------------------------------------


def test_a_step_raising_a_named_error_marks_the_document_failed_and_a_rerun_retries_it(
    sheets: GeneratedSet, services: PipelineServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a Segment step that fails with a named product error
    path = sheets.in_language("es")
    data = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(Segment, "run", _raise(StepFailed("no section headings could be read")))
        # When the sheet is processed
        failed = process_bytes(data, path.name, services)
    # Then the document is FAILED with the error's code and the step named in the message
    assert (failed.status, failed.error_code) == (DocumentStatus.FAILED, "step_failed")
    assert failed.error_message == "Segment: no section headings could be read"
    stored = services.repository.get(failed.document_id)
    assert stored is not None
    assert (stored.status, stored.error_code, stored.error_message) == (
        DocumentStatus.FAILED,
        "step_failed",
        failed.error_message,
    )
    # When the step works again and the sheet is processed again
    retried = process_bytes(data, path.name, services)
    # Then the document is retried (not skipped), finishes, and the error is cleared
    assert not retried.skipped
    assert retried.status in FINISHED and retried.error_code is None and retried.error_message is None
    entry = services.repository.get(failed.document_id)
    assert entry is not None and entry.error_code is None and entry.status == retried.status
    assert services.repository.get_record(failed.document_id) is not None


def test_an_unexpected_exception_is_recorded_as_internal_error_and_the_batch_goes_on(
    sheets: GeneratedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a batch of three sheets and an Extract step with a bug that only the second sheet triggers
    victim = sheets.paths[1]
    real_run = Extract.run

    def buggy_run(self: Extract, state: PipelineState, services: PipelineServices) -> PipelineState:
        if state.file_name == victim.name:
            raise ZeroDivisionError("division by zero")
        return real_run(self, state, services)

    monkeypatch.setattr(Extract, "run", buggy_run)
    # When the batch runs
    results = run_batch(list(sheets.paths), local_settings(tmp_path / "data"), workers=1, show_progress=False)
    # Then the second sheet is FAILED as internal_error naming the step and the exception, the others finish
    by_name = {Path(result.path).name: result for result in results}
    assert [Path(r.path).name for r in results] == [p.name for p in sheets.paths]
    broken = by_name[victim.name]
    assert broken.status == DocumentStatus.FAILED.value
    assert broken.error == "internal_error: Extract: ZeroDivisionError: division by zero"
    assert broken.row["error"] == broken.error and broken.row["needs_review"] is True
    others = [result for name, result in by_name.items() if name != victim.name]
    assert [r.status in {s.value for s in FINISHED} and r.error is None for r in others] == [True, True]


# Supersede ------------------------------------------------------------------------------------------------


def test_a_newer_revision_of_the_same_product_supersedes_the_older_one(
    tmp_path: Path, services: PipelineServices
) -> None:
    # Given the 2019 and 2023 revisions of one product from one supplier, the older processed first
    older, newer = revisions_of_one_product(tmp_path / "sheets", [date(2019, 3, 14), date(2023, 9, 25)])
    first = process_bytes(older.path.read_bytes(), older.path.name, services)
    # When the newer revision is processed
    second = process_bytes(newer.path.read_bytes(), newer.path.name, services)
    # Then both were read as the same product, the older is SUPERSEDED by the newer, and its record is kept
    assert first.record is not None and second.record is not None
    assert [r.revision_date.value if r.revision_date else None for r in (first.record, second.record)] == [
        older.revision_date,
        newer.revision_date,
    ]
    old_entry = services.repository.get(first.document_id)
    new_entry = services.repository.get(second.document_id)
    assert old_entry is not None and new_entry is not None
    assert old_entry.product_key is not None and old_entry.product_key == new_entry.product_key
    assert (old_entry.status, old_entry.superseded_by) == (DocumentStatus.SUPERSEDED, second.document_id)
    assert new_entry.supersedes == first.document_id and new_entry.superseded_by is None
    assert new_entry.status in {DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW}
    assert services.repository.get_record(first.document_id) == first.record
    assert services.repository.find_current_by_product(new_entry.product_key or "") == new_entry


def test_an_older_revision_arriving_after_the_newer_one_is_itself_superseded(
    tmp_path: Path, services: PipelineServices
) -> None:
    # Given the 2023 revision of a product, processed
    older, newer = revisions_of_one_product(tmp_path / "sheets", [date(2019, 3, 14), date(2023, 9, 25)])
    current = process_bytes(newer.path.read_bytes(), newer.path.name, services)
    # When the 2019 revision arrives afterwards
    late = process_bytes(older.path.read_bytes(), older.path.name, services)
    # Then the late one is SUPERSEDED by the current revision, which stays current
    assert late.status == DocumentStatus.SUPERSEDED
    late_entry = services.repository.get(late.document_id)
    current_entry = services.repository.get(current.document_id)
    assert late_entry is not None and current_entry is not None
    assert late_entry.superseded_by == current.document_id
    assert current_entry.status == current.status and current_entry.superseded_by is None


# Helpers --------------------------------------------------------------------------------------------------


def _raise(error: BaseException) -> Any:
    def run(self: object, state: PipelineState, services: PipelineServices) -> PipelineState:
        raise error

    return run


def _count_calls(monkeypatch: pytest.MonkeyPatch, step_class: type[ReadText]) -> list[str]:
    """Wrap a step class's run; the returned list gets one document id per call."""
    calls: list[str] = []
    real_run = step_class.run

    def counting_run(self: ReadText, state: PipelineState, services: PipelineServices) -> PipelineState:
        calls.append(state.document_id)
        return real_run(self, state, services)

    monkeypatch.setattr(step_class, "run", counting_run)
    return calls
