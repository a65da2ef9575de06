"""What the contract tests cannot show: S3's conditional write, DynamoDB's optimistic transactions and table
shape, and the SageMaker endpoint's request and answer."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY
from moto import mock_aws
from PIL import Image

from models.document import DocumentEntry, DocumentStatus, MediaType
from msds.adapters.aws.dynamo_repository import STATUS_INDEX, DynamoDocumentRepository, table_definition
from msds.adapters.aws.s3_store import S3DocumentStore, parse_s3_uri
from msds.adapters.aws.sagemaker_vision import SageMakerVisionDetector, parse_prediction
from msds.errors import ConcurrentModification, ServiceRequestRejected
from tests.aws.support import BUCKET, TABLE, client, make_table

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def entry(seed: str, **changes: Any) -> DocumentEntry:
    return DocumentEntry(
        document_id=hashlib.sha256(seed.encode()).hexdigest(),
        file_name=f"{seed}.pdf",
        media_type=MediaType.PDF,
        size_bytes=1,
        pages=1,
        status=DocumentStatus.RECEIVED,
        received_at=T0,
        updated_at=T0,
    ).model_copy(update=changes)


def test_an_original_is_put_with_if_none_match_and_kms(stubbed: Any) -> None:
    # Given S3 answered by its Stubber, and a store with a KMS key
    stub = stubbed("s3")
    data = b"%PDF-1.7 original"
    stub.stubber.add_response(
        "put_object",
        {"ETag": '"abc"'},
        {
            "Bucket": BUCKET,
            "Key": "originals/" + "a" * 64,
            "Body": data,
            "IfNoneMatch": "*",
            "ChecksumSHA256": ANY,
            "ServerSideEncryption": "aws:kms",
            "SSEKMSKeyId": "alias/msds",
        },
    )
    stub.stubber.add_client_error("put_object", "PreconditionFailed", "exists", 412)
    store = S3DocumentStore(stub.client, BUCKET, kms_key_id="alias/msds")
    # When the original is put twice
    # Then the first is a conditional, encrypted write and the second (refused by S3) reports "already there"
    assert store.put_original("a" * 64, data) is True
    assert store.put_original("a" * 64, data) is False


def test_s3_uris_are_parsed_and_bad_ones_refused() -> None:
    # Given an A2I output URI and two malformed ones
    # When they are parsed
    location = parse_s3_uri("s3://bucket-a/flow/2025/06/01/loop/output.json")
    # Then bucket and key come apart, and the malformed are refused
    assert (location.bucket, location.key) == ("bucket-a", "flow/2025/06/01/loop/output.json")
    for bad in ("https://bucket-a/key", "s3://bucket-only"):
        with pytest.raises(ValueError):
            parse_s3_uri(bad)


@pytest.fixture
def dynamodb(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        db = client("dynamodb")
        make_table(db)
        yield db


def test_the_table_has_the_keys_and_index_the_repository_uses() -> None:
    # Given the table definition the CDK construct must match
    definition = table_definition(TABLE)
    # When its keys and index are read
    keys = {k["AttributeName"]: k["KeyType"] for k in definition["KeySchema"]}
    (index,) = definition["GlobalSecondaryIndexes"]
    # Then it is pk/sk, on demand, with the status index (as infra/constructs/state.py builds it) for listing
    assert keys == {"pk": "HASH", "sk": "RANGE"}
    assert definition["BillingMode"] == "PAY_PER_REQUEST"
    assert index["IndexName"] == STATUS_INDEX == "status-index"
    assert [k["AttributeName"] for k in index["KeySchema"]] == ["status", "updated_at"]


def test_a_transaction_whose_read_was_changed_by_another_worker_is_cancelled(dynamodb: Any) -> None:
    # Given an entry both workers read
    worker_1, worker_2 = DynamoDocumentRepository(dynamodb, TABLE), DynamoDocumentRepository(dynamodb, TABLE)
    worker_1.insert_if_absent(entry("a"))
    # When the first reads it in a transaction, the second changes it, and the first then writes
    with pytest.raises(ConcurrentModification), worker_1.transaction():
        seen = worker_1.get(entry("a").document_id)
        assert seen is not None
        worker_2.update(seen.model_copy(update={"status": DocumentStatus.FAILED}))
        worker_1.update(seen.model_copy(update={"status": DocumentStatus.ACCEPTED}))
    # Then nothing of the first transaction is written: the second worker's change stands
    stored = worker_2.get(entry("a").document_id)
    assert stored is not None and stored.status == DocumentStatus.FAILED


def test_two_revisions_routed_at_once_cannot_both_become_current(dynamodb: Any) -> None:
    # Given two entries of one product, each routed by its own worker at the same moment
    key = "acme::acetone"
    worker_1, worker_2 = DynamoDocumentRepository(dynamodb, TABLE), DynamoDocumentRepository(dynamodb, TABLE)
    worker_1.insert_if_absent(entry("r1"))
    worker_2.insert_if_absent(entry("r2"))
    # When both look up the current revision (none yet) and then claim it, one after the other
    with pytest.raises(ConcurrentModification), worker_1.transaction():
        assert worker_1.find_current_by_product(key) is None
        with worker_2.transaction():
            assert worker_2.find_current_by_product(key) is None
            worker_2.update(entry("r2", status=DocumentStatus.ACCEPTED, product_key=key))
        worker_1.update(entry("r1", status=DocumentStatus.ACCEPTED, product_key=key))
    # Then the second commit is refused (its read of the product changed), and the first is current
    current = worker_1.find_current_by_product(key)
    assert current is not None and current.document_id == entry("r2").document_id


def test_entries_carry_a_version_that_every_write_bumps(dynamodb: Any) -> None:
    # Given an inserted entry
    repository = DynamoDocumentRepository(dynamodb, TABLE)
    repository.insert_if_absent(entry("a"))
    # When it is updated twice
    repository.update(entry("a", status=DocumentStatus.PROCESSING))
    repository.update(entry("a", status=DocumentStatus.ACCEPTED))
    # Then its item has version 3 and the status the index lists by
    item = dynamodb.get_item(
        TableName=TABLE, Key={"pk": {"S": f"DOC#{entry('a').document_id}"}, "sk": {"S": "ENTRY"}}
    )
    assert item["Item"]["version"] == {"N": "3"}
    assert item["Item"]["status"] == {"S": "accepted"}


def png_answer(payload: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(payload).encode()
    return {"Body": StreamingBody(io.BytesIO(body), len(body)), "ContentType": "application/json"}


def test_the_page_goes_to_the_endpoint_as_png_and_boxes_come_back_in_its_pixels(stubbed: Any) -> None:
    # Given a 400 x 600 page, and an endpoint that read it at half size
    stub = stubbed("sagemaker-runtime")
    sent: list[bytes] = []
    stub.client.meta.events.register(
        "provide-client-params.sagemaker-runtime.InvokeEndpoint",
        lambda params, **_: sent.append(params["Body"]),
    )
    stub.stubber.add_response(
        "invoke_endpoint",
        png_answer(
            {
                "page": 1,
                "width": 200,
                "height": 300,
                "pictograms": [
                    {"code": "GHS07", "box": [10, 20, 60, 70], "score": 0.91},
                    {"code": "none", "box": [0, 0, 1, 1], "score": 0.99},
                ],
                "signatures": [{"box": [100, 250, 180, 280], "score": 0.8}],
            }
        ),
        {
            "EndpointName": "msds-vision",
            "ContentType": "image/png",
            "Accept": "application/json",
            "Body": ANY,
        },
    )
    image = Image.new("RGB", (400, 600), "white")
    # When the page is looked at
    found = SageMakerVisionDetector(stub.client, "msds-vision").detect(image, 4, signatures=True)
    # Then a PNG of the page was sent, and the boxes are in the sent image's pixels, on page 4
    assert sent[0].startswith(b"\x89PNG") and Image.open(io.BytesIO(sent[0])).size == (400, 600)
    (pictogram,) = found.pictograms
    assert (pictogram.code, pictogram.page, pictogram.score) == ("GHS07", 4, 0.91)
    assert (pictogram.box.x0, pictogram.box.y0, pictogram.box.x1, pictogram.box.y1) == (20, 40, 120, 140)
    assert found.signatures[0].box.y1 == 560


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"pictograms": [{"code": "GHS01", "box": [1, 2], "score": 0.9}]}).encode(),
    ],
)
def test_an_answer_outside_the_contract_is_a_rejected_request(body: bytes) -> None:
    # Given an endpoint answer that is not JSON, not an object, or has a malformed box
    # When it is parsed
    # Then ServiceRequestRejected says so
    with pytest.raises(ServiceRequestRejected):
        parse_prediction(body, 1, 100, 100)


def test_a_model_error_of_the_endpoint_is_a_rejected_request(stubbed: Any) -> None:
    # Given the endpoint's container failing on the request (ModelError, HTTP 424)
    stub = stubbed("sagemaker-runtime")
    stub.stubber.add_client_error("invoke_endpoint", "ModelError", "inference failed", 424)
    # When a page is looked at
    # Then ServiceRequestRejected is raised (not retried)
    with pytest.raises(ServiceRequestRejected, match="ModelError"):
        SageMakerVisionDetector(stub.client, "msds-vision").detect(
            Image.new("RGB", (10, 10)), 1, signatures=False
        )
