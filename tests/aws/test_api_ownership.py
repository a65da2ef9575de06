"""Who sent a document reaches its entry: Receive records the upload's supplier and user, and the same bytes
sent again by another supplier (a duplicate that starts no new workflow) add that supplier too."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from lambdas import receive, start_workflow
from models.document import DocumentStatus
from models.search import SearchQuery
from msds.adapters.aws.stepfunctions import WorkflowStarter
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.errors import NotReceivedYet
from tests.aws.api_host import ApiHost, store_document
from tests.aws.support import BUCKET, lambda_context, object_created_event

CONTEXT = lambda_context()
STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:msds-documents"
DATA = b"%PDF-1.4\nnot really a sheet, rejected by Receive but recorded with its sender\n"
DOCUMENT_ID = hashlib.sha256(DATA).hexdigest()


def upload(host: ApiHost, supplier: str | None, user: str = "user-sub") -> str:
    """The object a presigned form leaves under uploads/ (supplier None: a backfill drop)."""
    key = f"uploads/{supplier or '_staff'}/0123abcd/sheet.pdf"
    metadata = {"uploaded-by": user, "file-name": "sheet.pdf"}
    if supplier:
        metadata["supplier-id"] = supplier
    host.s3.put_object(Bucket=BUCKET, Key=key, Body=DATA, Metadata=metadata, ContentType="application/pdf")
    return key


def duplicate_start(host: ApiHost) -> None:
    """Step Functions refuses the execution: one of that name exists (the same bytes were sent before)."""
    host.aws.starter = WorkflowStarter(host.sfn.client, STATE_MACHINE)
    host.sfn.stubber.add_client_error("start_execution", service_error_code="ExecutionAlreadyExists")


def suppliers_of(host: ApiHost) -> Any:
    entry = host.aws.pipeline.repository.get(DOCUMENT_ID)
    return None if entry is None else (entry.supplier_ids, entry.uploaded_by)


def test_receive_records_the_supplier_and_the_user_of_the_upload(api_host: ApiHost) -> None:
    # Given supplier acme's upload
    key = upload(api_host, "acme", user="acme-user")
    # When Receive runs on it
    receive.handler({"bucket": BUCKET, "key": key}, CONTEXT)
    # Then the entry names acme and the user who uploaded
    assert suppliers_of(api_host) == (["acme"], "acme-user")


def test_the_same_bytes_received_again_from_another_supplier_add_that_supplier(api_host: ApiHost) -> None:
    # Given a document received from acme
    receive.handler({"bucket": BUCKET, "key": upload(api_host, "acme", user="acme-user")}, CONTEXT)
    # When Receive runs on the same bytes from beta, and on acme's again
    receive.handler({"bucket": BUCKET, "key": upload(api_host, "beta", user="beta-user")}, CONTEXT)
    receive.handler({"bucket": BUCKET, "key": upload(api_host, "acme", user="acme-user")}, CONTEXT)
    # Then both suppliers are listed once each, and the first uploader stays the entry's uploader
    assert suppliers_of(api_host) == (["acme", "beta"], "acme-user")


def test_a_duplicate_upload_from_another_supplier_adds_it_although_no_workflow_starts(
    api_host: ApiHost,
) -> None:
    # Given a document received from acme, and beta uploading the same bytes
    receive.handler({"bucket": BUCKET, "key": upload(api_host, "acme")}, CONTEXT)
    key = upload(api_host, "beta")
    duplicate_start(api_host)
    # When the upload's event reaches start_workflow
    result = start_workflow.handler(object_created_event(BUCKET, key), CONTEXT)
    # Then no execution starts, and beta now sees the document
    assert (result["started"], result["reason"]) == (False, "already started; supplier recorded")
    assert suppliers_of(api_host) == (["acme", "beta"], "user-sub")


def test_a_duplicate_arriving_before_the_first_upload_was_received_is_retried(api_host: ApiHost) -> None:
    # Given the same bytes from beta while acme's execution has not received them yet
    key = upload(api_host, "beta")
    duplicate_start(api_host)
    # When the upload's event reaches start_workflow
    # Then it fails with a named error, so the asynchronous invocation is retried later
    with pytest.raises(NotReceivedYet):
        start_workflow.handler(object_created_event(BUCKET, key), CONTEXT)


def test_a_duplicate_without_a_supplier_changes_nothing(api_host: ApiHost) -> None:
    # Given a document received from acme, and the same bytes dropped again without a supplier
    receive.handler({"bucket": BUCKET, "key": upload(api_host, "acme")}, CONTEXT)
    key = upload(api_host, None)
    duplicate_start(api_host)
    # When the drop's event reaches start_workflow
    result = start_workflow.handler(object_created_event(BUCKET, key), CONTEXT)
    # Then it is the usual no-op
    assert result["reason"] == "already started"
    assert suppliers_of(api_host) == (["acme"], "user-sub")


def test_a_duplicate_of_a_published_sheet_publishes_it_again_with_the_new_supplier(
    api_host: ApiHost, tmp_path: Any
) -> None:
    # Given a sheet acme sent that went through the whole workflow (published), and a search index
    store_document(api_host.aws, DOCUMENT_ID, status=DocumentStatus.ACCEPTED, supplier_ids=["acme"])
    index = TantivySearchIndex(tmp_path / "search")
    api_host.aws.pipeline.search_index = index
    key = upload(api_host, "beta")
    duplicate_start(api_host)
    # When beta's upload of the same bytes reaches start_workflow
    start_workflow.handler(object_created_event(BUCKET, key), CONTEXT)
    # Then beta's search finds the sheet
    hits = index.search(SearchQuery(supplier_id="beta")).hits
    assert [hit.document_id for hit in hits] == [DOCUMENT_ID]
