"""One deployment for the ingestion handlers: moto S3 (document bucket with a moto KMS key), DynamoDB, and
Step Functions answered by a Stubber; documents stored the way the pipeline leaves them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto import mock_aws

from models.document import DocumentEntry, DocumentStatus, MediaType
from models.record import Extracted, Finding, ReviewReason, SdsRecord, Statement
from models.steps import PipelineState
from msds.adapters.aws.stepfunctions import TaskTokens
from msds.adapters.aws.workflow import AwsServices
from msds.composition_aws import aws_services, reset_aws_services
from msds.pipeline.services import STATE_ARTIFACT
from msds.pipeline.steps import STEP_NAMES
from tests.aws.support import BUCKET, TABLE, Stubbed, client, make_bucket, make_table

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class ApiHost:
    aws: AwsServices
    s3: Any
    kms_key_arn: str
    sfn: Stubbed


@pytest.fixture
def api_host(aws_credentials: None, monkeypatch: pytest.MonkeyPatch, stubbed: Any) -> Iterator[ApiHost]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        make_table(client("dynamodb"))
        key_arn = client("kms").create_key(Description="msds test key")["KeyMetadata"]["Arn"]
        for name, value in {
            "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
            "MSDS_AWS_STATE_TABLE": TABLE,
            "MSDS_AWS_KMS_KEY_ID": key_arn,
            "MSDS_AWS_OCR": "local",
            "MSDS_AWS_LANGUAGE_DETECTOR": "local",
            "MSDS_TRANSLATOR": "catalog-only",
            "MSDS_MAX_FILE_BYTES": "1000000",
        }.items():
            monkeypatch.setenv(name, value)
        reset_aws_services()
        aws = aws_services()
        sfn = stubbed("stepfunctions")
        aws.tokens = TaskTokens(sfn.client)
        try:
            yield ApiHost(aws=aws, s3=s3, kms_key_arn=key_arn, sfn=sfn)
        finally:
            reset_aws_services()


def document_id(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def record_for(doc_id: str, *, needs_review: bool) -> SdsRecord:
    return SdsRecord(
        document_id=doc_id,
        file_name="sheet.pdf",
        language="de",
        product_name=Extracted[str](value="Acetn rein", confidence=0.55),
        signal_word=Extracted[str](value="Danger", confidence=0.95),
        hazard_statements=[
            Statement(code="H225", text_en="Highly flammable liquid and vapour.", confidence=0.9)
        ],
        needs_review=needs_review,
        review_reasons=(
            [ReviewReason(code="low_confidence", message="product name", field="product_name")]
            if needs_review
            else []
        ),
        findings=[Finding(code="revision_old", severity="warning", message="revised more than 5 years ago")],
    )


def store_document(
    aws: AwsServices,
    doc_id: str,
    *,
    status: DocumentStatus,
    supplier_ids: list[str] | None = None,
    received_minutes: int = 0,
    with_record: bool = True,
) -> DocumentEntry:
    """An entry (and record and state artifact) as the pipeline leaves a document in ``status``."""
    received = T0 + timedelta(minutes=received_minutes)
    entry = DocumentEntry(
        document_id=doc_id,
        file_name=f"{doc_id[:8]}.pdf",
        media_type=MediaType.PDF,
        size_bytes=2048,
        pages=2,
        status=status,
        received_at=received,
        updated_at=received,
        completed_steps=list(STEP_NAMES) if with_record else ["Receive"],
        supplier_ids=list(supplier_ids or []),
        uploaded_by="uploader-sub" if supplier_ids else None,
    )
    repository = aws.pipeline.repository
    repository.insert_if_absent(entry)
    if with_record:
        record = record_for(doc_id, needs_review=status == DocumentStatus.NEEDS_REVIEW)
        repository.save_record(record)
        state = PipelineState(
            document_id=doc_id, file_name=entry.file_name, completed_steps=list(STEP_NAMES), record=record
        )
        aws.pipeline.store.put_artifact(doc_id, STATE_ARTIFACT, state.model_dump_json().encode())
    return entry
