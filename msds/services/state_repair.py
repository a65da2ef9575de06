"""Rebuild the document state from what the store holds: originals, entries and checkpoints.

The state database is a fast index over the store: every received document keeps its original, its entry
as received (or as it failed, ``entry.json``) and, once processing began, its checkpoint (``state.json``:
the steps done and the record). From those the state is rebuilt: each original is checked against its id
(a damaged one is set aside, so the file can be stored again when it is sent again), each checkpoint and
text artifact is checked to parse (a damaged one is removed: the document is processed again from the
start), each document gets the status its checkpoint gives it, and newer revisions supersede older ones in
the order they were received. Rows a still-readable database holds are kept as they are (they may carry
what no artifact has, such as a review's outcome). What cannot be recovered is listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import ValidationError

from models.document import DocumentEntry, DocumentStatus
from models.record import SdsRecord
from models.steps import PipelineState
from models.text import DocumentText
from msds.errors import DocumentNotFound, RejectedDocument
from msds.pipeline.runner import ENTRY_ARTIFACT
from msds.pipeline.services import STATE_ARTIFACT, TEXT_ARTIFACT
from msds.pipeline.steps import RECEIVE, ReadText, Route
from msds.ports import DocumentInspector, DocumentRepository
from msds.services.publish import routed_status
from msds.services.receive import check_file
from msds.services.supersede import apply_supersede
from msds.settings import Settings

_Model = TypeVar("_Model", DocumentEntry, PipelineState, DocumentText)


class StoredDocuments(Protocol):
    """The store as repair sees it (msds.adapters.local.file_store.FolderDocumentStore)."""

    def document_ids(self) -> list[str]: ...

    def has_original(self, document_id: str) -> bool: ...

    def get_original(self, document_id: str) -> bytes: ...

    def get_artifact(self, document_id: str, name: str) -> bytes | None: ...

    def put_artifact(self, document_id: str, name: str, data: bytes) -> None: ...

    def delete_artifact(self, document_id: str, name: str) -> None: ...

    def set_aside_original(self, document_id: str) -> Path | None: ...


class Problem(StrEnum):
    ORIGINAL_DAMAGED = "original_damaged"
    ORIGINAL_MISSING = "original_missing"
    CHECKPOINT_DAMAGED = "checkpoint_damaged"
    TEXT_DAMAGED = "text_damaged"
    ENTRY_DAMAGED = "entry_damaged"
    NAME_LOST = "name_lost"


@dataclass(frozen=True)
class Finding:
    document_id: str
    problem: Problem
    message: str
    recovered: bool


@dataclass
class RepairReport:
    documents: int = 0
    kept: int = 0
    rebuilt: int = 0
    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def unrecoverable(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.recovered]


@dataclass
class _Document:
    document_id: str
    entry: DocumentEntry
    state: PipelineState | None
    kept: bool


def check_store(store: StoredDocuments, *, fix: bool) -> tuple[list[str], list[Finding]]:
    """Check every original against its id and every checkpoint and text artifact; with ``fix`` set a
    damaged original aside and remove damaged checkpoints. Return the ids and what was found."""
    findings: list[Finding] = []
    ids = store.document_ids()
    for document_id in ids:
        findings += _check_original(store, document_id, fix)
        findings += _check_artifacts(store, document_id, fix)
    return ids, findings


def rebuild_state(
    store: StoredDocuments,
    target: DocumentRepository,
    *,
    kept_entries: dict[str, DocumentEntry],
    kept_records: dict[str, SdsRecord],
    inspector: DocumentInspector,
    settings: Settings,
    now: Callable[[], datetime],
) -> RepairReport:
    """Fill ``target`` (an empty repository) from the store, keeping ``kept_entries``/``kept_records``
    (what the old database could still give) as they are."""
    report = RepairReport()
    ids, report.findings = check_store(store, fix=True)
    documents: list[_Document] = []
    for document_id in ids:
        document = _document(store, document_id, kept_entries, inspector, settings, now, report)
        if document is not None:
            documents.append(document)
    documents.sort(key=lambda d: (d.entry.received_at, d.document_id))
    for document in documents:
        _restore(document, target, kept_records, now)
    for entry in target.list():
        report.statuses[entry.status.value] = report.statuses.get(entry.status.value, 0) + 1
    report.documents = len(documents)
    report.kept = sum(1 for d in documents if d.kept)
    report.rebuilt = report.documents - report.kept
    return report


def _check_original(store: StoredDocuments, document_id: str, fix: bool) -> list[Finding]:
    if not store.has_original(document_id):
        entry = _entry_artifact(store, document_id)
        if entry is not None and entry.status == DocumentStatus.REJECTED and entry.size_bytes > 0:
            return []  # a file too large to read is recorded without its bytes
        if entry is not None and entry.size_bytes == 0:
            return []  # an empty file has no bytes to store
        return [
            Finding(
                document_id,
                Problem.ORIGINAL_MISSING,
                "no original is stored: the document cannot be processed again until its file is sent again",
                recovered=False,
            )
        ]
    try:
        data = store.get_original(document_id)
    except DocumentNotFound:
        return []
    if hashlib.sha256(data).hexdigest() == document_id:
        return []
    where = store.set_aside_original(document_id) if fix else None
    moved = f"; set aside as {where}" if where is not None else ""
    return [
        Finding(
            document_id,
            Problem.ORIGINAL_DAMAGED,
            f"the stored original does not match its id (damaged on disk){moved}: send the file again",
            recovered=False,
        )
    ]


def _check_artifacts(store: StoredDocuments, document_id: str, fix: bool) -> list[Finding]:
    findings: list[Finding] = []
    raw_entry = store.get_artifact(document_id, ENTRY_ARTIFACT)
    if raw_entry is not None and _parse(DocumentEntry, raw_entry) is None:
        findings.append(
            Finding(document_id, Problem.ENTRY_DAMAGED, "the stored entry cannot be read", recovered=True)
        )
        if fix:
            store.delete_artifact(document_id, ENTRY_ARTIFACT)
    raw_state = store.get_artifact(document_id, STATE_ARTIFACT)
    state = _parse(PipelineState, raw_state) if raw_state is not None else None
    if raw_state is not None and state is None:
        findings.append(
            Finding(
                document_id,
                Problem.CHECKPOINT_DAMAGED,
                "the checkpoint cannot be read: the document will be processed again from the start",
                recovered=True,
            )
        )
        if fix:
            store.delete_artifact(document_id, STATE_ARTIFACT)
            store.delete_artifact(document_id, TEXT_ARTIFACT)
        return findings
    raw_text = store.get_artifact(document_id, TEXT_ARTIFACT)
    if raw_text is not None and _parse(DocumentText, raw_text) is None:
        findings.append(
            Finding(
                document_id,
                Problem.TEXT_DAMAGED,
                "the text read from the document cannot be read: it will be read again",
                recovered=True,
            )
        )
        if fix:
            store.delete_artifact(document_id, TEXT_ARTIFACT)
            if state is not None and ReadText.name in state.completed_steps:
                # Every step after Receive worked from that text: start again after Receive.
                store.delete_artifact(document_id, STATE_ARTIFACT)
    return findings


def _document(
    store: StoredDocuments,
    document_id: str,
    kept_entries: dict[str, DocumentEntry],
    inspector: DocumentInspector,
    settings: Settings,
    now: Callable[[], datetime],
    report: RepairReport,
) -> _Document | None:
    raw_state = store.get_artifact(document_id, STATE_ARTIFACT)
    state = _parse(PipelineState, raw_state) if raw_state is not None else None
    kept = kept_entries.get(document_id)
    if kept is not None:
        return _Document(document_id, kept, state, kept=True)
    entry = _entry_artifact(store, document_id)
    if entry is None:
        entry = _entry_from_original(store, document_id, state, inspector, settings, now, report)
        if entry is None:
            return None
    return _Document(document_id, entry, state, kept=False)


def _entry_from_original(
    store: StoredDocuments,
    document_id: str,
    state: PipelineState | None,
    inspector: DocumentInspector,
    settings: Settings,
    now: Callable[[], datetime],
    report: RepairReport,
) -> DocumentEntry | None:
    """An entry for an original whose entry was never written (an older data dir, or an interruption
    right after the original was stored): checked again like a new upload."""
    if not store.has_original(document_id):
        return None
    data = store.get_original(document_id)
    name = state.file_name if state is not None else f"{document_id}"
    if state is None:
        report.findings.append(
            Finding(
                document_id,
                Problem.NAME_LOST,
                "no entry was stored with the original: the file name is unknown (recorded under its id)",
                recovered=True,
            )
        )
    timestamp = now()
    entry = DocumentEntry(
        document_id=document_id,
        file_name=name,
        size_bytes=len(data),
        status=DocumentStatus.RECEIVED,
        received_at=timestamp,
        updated_at=timestamp,
    )
    try:
        media_type, pages = check_file(data, inspector, settings)
    except RejectedDocument as error:
        return entry.model_copy(
            update={
                "status": DocumentStatus.REJECTED,
                "error_code": error.code,
                "error_message": error.message,
            }
        )
    return entry.model_copy(update={"media_type": media_type, "pages": pages})


def _restore(
    document: _Document,
    target: DocumentRepository,
    kept_records: dict[str, SdsRecord],
    now: Callable[[], datetime],
) -> None:
    entry, state = document.entry, document.state
    record = kept_records.get(document.document_id) or (state.record if state is not None else None)
    with target.transaction():
        if document.kept:
            target.insert_if_absent(entry)
            if record is not None and Route.name in entry.completed_steps:
                target.save_record(record)
            return
        steps = list(state.completed_steps) if state is not None else [RECEIVE]
        if entry.status in (DocumentStatus.REJECTED, DocumentStatus.FAILED) or state is None:
            target.insert_if_absent(entry.model_copy(update={"completed_steps": steps}))
            return
        if Route.name not in steps or record is None:
            target.insert_if_absent(
                entry.model_copy(update={"status": DocumentStatus.PROCESSING, "completed_steps": steps})
            )
            return
        # What Route did: the routed status, then the supersede links with what was received before.
        routed = entry.model_copy(
            update={
                "status": routed_status(entry.model_copy(update={"superseded_by": None}), record),
                "completed_steps": steps,
                "superseded_by": None,
                "supersedes": None,
                "product_key": None,
                "updated_at": now(),
            }
        )
        target.insert_if_absent(routed)
        routed = apply_supersede(routed, record, target)
        target.save_record(record)
        target.update(routed)


def _entry_artifact(store: StoredDocuments, document_id: str) -> DocumentEntry | None:
    raw = store.get_artifact(document_id, ENTRY_ARTIFACT)
    return _parse(DocumentEntry, raw) if raw is not None else None


def _parse(model: type[_Model], raw: bytes | None) -> _Model | None:
    if raw is None:
        return None
    try:
        return model.model_validate_json(raw)
    except (ValidationError, ValueError, UnicodeDecodeError):
        return None
