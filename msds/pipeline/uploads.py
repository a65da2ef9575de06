"""A file that arrived through a signed upload form: received with who sent it, and whether the pipeline
still has to run for it. The local host's upload route uses this; on AWS the same happens in the ingestion
function and the workflow's Receive task."""

from __future__ import annotations

from dataclasses import dataclass

from models.api import UploadPlan
from models.document import DocumentEntry, DocumentStatus
from msds.pipeline.review import publish_again
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import Publish
from msds.services.receive import receive_document
from msds.services.upload_policy import FILE_NAME_METADATA, SUPPLIER_METADATA, UPLOADED_BY_METADATA

# A document left in one of these states by an earlier upload is processed again when its bytes come again.
UNFINISHED = frozenset({DocumentStatus.RECEIVED, DocumentStatus.PROCESSING, DocumentStatus.FAILED})


@dataclass(frozen=True)
class ReceivedUpload:
    entry: DocumentEntry
    created: bool
    to_process: bool


def receive_upload(data: bytes, plan: UploadPlan, services: PipelineServices) -> ReceivedUpload:
    """Receive the uploaded bytes as the plan's sender. The same bytes again from another supplier make the
    document that supplier's too (published again, so its search finds it)."""
    supplier_id = plan.metadata.get(SUPPLIER_METADATA)
    outcome = receive_document(
        data,
        plan.metadata.get(FILE_NAME_METADATA) or plan.key.rsplit("/", 1)[-1],
        store=services.store,
        repository=services.repository,
        inspector=services.inspector,
        settings=services.settings,
        now=services.now,
        supplier_id=supplier_id,
        uploaded_by=plan.metadata.get(UPLOADED_BY_METADATA),
    )
    entry = outcome.entry
    if outcome.created:
        return ReceivedUpload(entry, created=True, to_process=not outcome.rejected)
    if supplier_id and Publish.name in entry.completed_steps and entry.status != DocumentStatus.REJECTED:
        publish_again(entry.document_id, services)
    return ReceivedUpload(entry, created=False, to_process=entry.status in UNFINISHED)
