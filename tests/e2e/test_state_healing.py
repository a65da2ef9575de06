"""State that heals or says why: a damaged or emptied state database, damaged originals and checkpoints, a
document stuck in `processing`, a full disk."""

from __future__ import annotations

import errno
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from models.document import DocumentStatus
from models.review import ReviewPriority, ReviewTask
from msds.adapters.local import file_store, state_database
from msds.adapters.local.sqlite_accounts import SqliteAccounts
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.adapters.local.sqlite_review_tasks import SqliteReviewTasks
from msds.cli.main import main
from msds.cli.repair import repair
from msds.composition import local_repository_path
from msds.errors import DiskFull, StateDamaged
from msds.pipeline.runner import ENTRY_ARTIFACT, FINISHED, process_bytes, publish_pending
from msds.pipeline.services import STATE_ARTIFACT, TEXT_ARTIFACT, PipelineServices
from msds.pipeline.steps import STEP_NAMES
from msds.services.accounts import LocalAccounts
from msds.settings import Settings
from tests.helpers.synthetic import GeneratedSet, generate_set, local_services

pytestmark = pytest.mark.xdist_group("e2e_state_healing")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSet:
    """Three born-digital sheets (en, de, fr)."""
    return generate_set(tmp_path_factory.mktemp("healing_sheets"), 3, seed=31, languages=("en", "de", "fr"))


def _processed(sheets: GeneratedSet, data: Path) -> tuple[PipelineServices, dict[str, DocumentStatus]]:
    services = local_services(data)
    statuses = {}
    for path in sheets.paths:
        outcome = process_bytes(path.read_bytes(), path.name, services)
        statuses[outcome.document_id] = outcome.status
    return services, statuses


def _statuses(data: Path) -> dict[str, DocumentStatus]:
    repository = SqliteDocumentRepository(data / "state.sqlite3")
    try:
        return {entry.document_id: entry.status for entry in repository.list()}
    finally:
        repository.close()


def _empty(database: Path) -> None:
    database.write_bytes(b"")
    for side in ("-wal", "-shm"):
        Path(f"{database}{side}").unlink(missing_ok=True)


def test_an_emptied_state_database_is_noticed_and_rebuilt_with_the_same_statuses_and_records(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given three processed sheets whose state database was then emptied
    data = tmp_path / "data"
    services, statuses = _processed(sheets, data)
    records = {document_id: services.repository.get_record(document_id) for document_id in statuses}
    database = local_repository_path(Settings(data_dir=data))
    _empty(database)
    # When the state is checked and repaired
    reason = state_database.health(database, {document_id: True for document_id in statuses})
    messages: list[str] = []
    report = repair(Settings(data_dir=data, workers=1), messages.append)
    # Then the emptied file was noticed, and every document has its status and record back
    assert reason is not None and "missing or empty" in reason
    assert report.documents == 3 and report.unrecoverable == []
    rebuilt = SqliteDocumentRepository(database)
    assert {entry.document_id: entry.status for entry in rebuilt.list()} == statuses
    assert {document_id: rebuilt.get_record(document_id) for document_id in statuses} == records
    assert any("published 3 records again" in message for message in messages)


def test_a_damaged_state_database_is_a_named_error_and_repair_keeps_the_damaged_file_aside(
    sheets: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a processed folder whose state database was overwritten with garbage
    data = tmp_path / "data"
    services, statuses = _processed(sheets, data)
    assert isinstance(services.repository, SqliteDocumentRepository)
    services.repository.close()
    database = data / "state.sqlite3"
    _empty(database)
    database.write_bytes(b"this is not a database" * 100)
    # When the repository is opened, and then `msds repair` runs
    with pytest.raises(StateDamaged) as damaged:
        SqliteDocumentRepository(database)
    code = main(["--data-dir", str(data), "repair"])
    # Then opening named the damage and the command to run; repair rebuilt it and kept the damaged file
    assert "msds repair" in damaged.value.message
    assert code == 0
    assert _statuses(data) == statuses
    assert len(list(data.glob("state.sqlite3.damaged-*"))) == 1
    assert "state database rebuilt: 3 documents" in capsys.readouterr().err


def test_a_rebuild_keeps_the_accounts_and_review_tasks_that_only_the_database_holds(
    sheets: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a processed folder with an account and review tasks, whose documents table then lost its rows
    data = tmp_path / "data"
    _, statuses = _processed(sheets, data)
    database = local_repository_path(Settings(data_dir=data))
    LocalAccounts(SqliteAccounts(database)).add(
        "carl", "a long enough passphrase", ["compliance"], datetime(2026, 1, 1, tzinfo=UTC)
    )
    opened = datetime(2026, 1, 2, tzinfo=UTC)
    SqliteReviewTasks(database).save(
        ReviewTask(
            document_id=next(iter(statuses)),
            file_name="sheet.pdf",
            priority=ReviewPriority.IDENTITY,
            fields=["product_name"],
            opened_at=opened,
        )
    )
    tasks_before = SqliteReviewTasks(database).count_open()
    connection = sqlite3.connect(database)
    connection.execute("DELETE FROM documents")
    connection.commit()
    connection.close()
    # When `msds repair` rebuilds the database from the store
    code = main(["--data-dir", str(data), "repair"])
    # Then the documents are back and the account and the open review tasks are still there
    assert code == 0 and _statuses(data) == statuses
    assert SqliteAccounts(database).get("carl") is not None
    assert SqliteReviewTasks(database).count_open() == tasks_before
    assert "kept from the old database: " in capsys.readouterr().err


def test_repair_opens_a_review_task_for_a_sheet_waiting_for_review_whose_task_was_lost(
    sheets: GeneratedSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a processed folder where one sheet waits for review but the queue lost its task
    data = tmp_path / "data"
    services, statuses = _processed(sheets, data)
    waiting = services.repository.get(next(iter(statuses)))
    assert waiting is not None
    services.repository.update(waiting.model_copy(update={"status": DocumentStatus.NEEDS_REVIEW}))
    database = local_repository_path(Settings(data_dir=data))
    connection = sqlite3.connect(database)
    connection.execute("DELETE FROM review_tasks")
    connection.commit()
    connection.close()
    # When `msds repair` runs
    code = main(["--data-dir", str(data), "repair"])
    # Then the waiting sheet is in the queue again, and only it
    queue = SqliteReviewTasks(database)
    assert code == 0
    assert [task.document_id for task in queue.open_tasks(limit=10)] == [waiting.document_id]
    assert "review tasks opened again: 1 (sheets waiting for review had none)" in capsys.readouterr().err


def test_repair_sets_a_damaged_original_aside_lists_it_and_a_resend_stores_it_again(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given a processed sheet whose stored original was damaged on disk
    data = tmp_path / "data"
    _, statuses = _processed(sheets, data)
    path = sheets.paths[0]
    document_id = next(iter(statuses))
    original = data / "store" / "originals" / document_id[:2] / document_id
    original.write_bytes(b"%PDF-1.7 flipped bits")
    # When the state is repaired
    report = repair(Settings(data_dir=data, workers=1), lambda message: None)
    # Then the original is listed as not recoverable and set aside, while its record (already routed) stays
    assert [(f.document_id, f.problem.value, f.recovered) for f in report.findings] == [
        (document_id, "original_damaged", False)
    ]
    assert not original.exists() and (data / "store" / "damaged" / document_id).exists()
    assert _statuses(data)[document_id] == statuses[document_id]
    # When the same file is sent again
    process_bytes(path.read_bytes(), path.name, local_services(data))
    # Then its original is stored again, intact
    assert original.read_bytes() == path.read_bytes()


def test_a_damaged_checkpoint_is_removed_and_the_document_is_processed_again_to_the_same_record(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given a processed sheet whose checkpoint and text were damaged, and the database emptied
    data = tmp_path / "data"
    services, statuses = _processed(sheets, data)
    document_id = next(iter(statuses))
    record = services.repository.get_record(document_id)
    services.store.put_artifact(document_id, STATE_ARTIFACT, b'{"document_id": "trunc')
    services.store.put_artifact(document_id, TEXT_ARTIFACT, b"\x00\x01")
    _empty(data / "state.sqlite3")
    # When the state is repaired and the folder processed again
    report = repair(Settings(data_dir=data, workers=1), lambda message: None)
    rerun = local_services(data)
    outcomes = [process_bytes(path.read_bytes(), path.name, rerun) for path in sheets.paths]
    # Then the checkpoint was listed as mended, and the document got its record back by running again
    assert [(f.document_id, f.problem.value, f.recovered) for f in report.findings] == [
        (document_id, "checkpoint_damaged", True)
    ]
    redone = next(outcome for outcome in outcomes if outcome.document_id == document_id)
    assert not redone.skipped and redone.status in FINISHED
    assert rerun.repository.get_record(document_id) == record.model_copy(
        update={"metering": redone.record.metering}
    )


def test_a_document_whose_steps_are_all_done_but_whose_row_says_processing_ends_with_its_real_status(
    sheets: GeneratedSet, tmp_path: Path
) -> None:
    # Given a processed sheet whose state row was put back to processing with no steps done (a restored copy)
    data = tmp_path / "data"
    services, statuses = _processed(sheets, data)
    document_id, status = next(iter(statuses.items()))
    entry = services.repository.get(document_id)
    assert entry is not None
    services.repository.update(
        entry.model_copy(update={"status": DocumentStatus.PROCESSING, "completed_steps": []})
    )
    path = sheets.paths[0]
    # When the sheet is processed again
    outcome = process_bytes(path.read_bytes(), path.name, local_services(data))
    # Then no step ran again, and the document has its routed status and every step recorded
    stored = services.repository.get(document_id)
    assert outcome.status == status and stored is not None and stored.status == status
    assert stored.completed_steps == list(STEP_NAMES)


def test_a_full_disk_is_a_named_error_and_a_rerun_with_space_finishes_the_document(
    sheets: GeneratedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a store whose disk fills up after the original and the entry are written
    data = tmp_path / "data"
    services = local_services(data)
    path = sheets.paths[1]
    writes = 0
    real_fdopen = file_store.os.fdopen

    def filling_fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        nonlocal writes
        writes += 1
        if writes > 2:
            file_store.os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fdopen(fd, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(file_store.os, "fdopen", filling_fdopen)
    # When the sheet is processed
    with pytest.raises(DiskFull) as full:
        process_bytes(path.read_bytes(), path.name, services)
    monkeypatch.undo()
    # Then the error is named, no temporary file is left behind, and the document is not marked failed
    assert "No space left" in full.value.message
    assert not list((data / "store").rglob(".tmp-*"))
    stuck = services.repository.list()[0]
    assert stuck.status != DocumentStatus.FAILED
    assert services.store.get_artifact(stuck.document_id, ENTRY_ARTIFACT) is not None
    # When it runs again with space
    outcome = process_bytes(path.read_bytes(), path.name, local_services(data))
    # Then it finishes
    assert outcome.status in FINISHED and not outcome.skipped


def test_sqlite_reporting_a_full_disk_is_disk_full(tmp_path: Path) -> None:
    # Given a repository
    repository = SqliteDocumentRepository(tmp_path / "state.sqlite3")
    # When SQLite says the database or disk is full
    from msds.adapters.local.sqlite_repository import named_errors

    error = named_errors(repository.path, sqlite3.OperationalError("database or disk is full"))
    # Then the product's error is DiskFull
    assert isinstance(error, DiskFull)


def test_documents_waiting_for_publish_are_published_in_one_commit(
    sheets: GeneratedSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given three sheets processed up to Publish
    services = local_services(tmp_path / "data")
    outcomes = [
        process_bytes(path.read_bytes(), path.name, services, defer_publish=True) for path in sheets.paths
    ]
    assert all(outcome.publish_pending for outcome in outcomes)
    index = services.search_index
    assert index is not None
    batches: list[int] = []
    real_publish_all = type(index).publish_all

    def counting(self: object, publications: list[object]) -> int:
        batches.append(len(publications))
        return real_publish_all(self, publications)  # type: ignore[arg-type]

    monkeypatch.setattr(type(index), "publish_all", counting)
    # When they are published together
    publish_pending([outcome.document_id for outcome in outcomes], services)
    # Then one index commit holds all three, and each document has every step done
    assert batches == [3]
    assert all((entry.completed_steps == list(STEP_NAMES)) for entry in services.repository.list())
