"""botocore errors become the product's named errors, at every adapter, so retries key on one vocabulary."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from moto import mock_aws

from msds.adapters.aws.amazon_translate import AmazonTranslator
from msds.adapters.aws.comprehend import ComprehendLanguageDetector
from msds.adapters.aws.dynamo_repository import DynamoDocumentRepository
from msds.adapters.aws.s3_store import S3DocumentStore
from msds.adapters.aws.service_errors import translate_error
from msds.adapters.aws.stepfunctions import TaskTokens, WorkflowStarter
from msds.domain.catalog import StatementCatalog
from msds.errors import (
    ConcurrentModification,
    DocumentNotFound,
    ServiceAccessDenied,
    ServiceError,
    ServiceRequestRejected,
    ServiceThrottled,
    ServiceUnavailable,
)
from tests.aws.support import BUCKET, TABLE, client, client_error, make_bucket

GERMAN = "Das Produkt ist als entzündbare Flüssigkeit eingestuft und wird kühl gelagert."


@pytest.mark.parametrize(
    ("code", "status", "named"),
    [
        ("ThrottlingException", 400, ServiceThrottled),
        ("TooManyRequestsException", 429, ServiceThrottled),
        ("ProvisionedThroughputExceededException", 400, ServiceThrottled),
        ("LimitExceededException", 400, ServiceThrottled),
        ("SlowDown", 503, ServiceThrottled),
        ("ServiceUnavailableException", 503, ServiceUnavailable),
        ("InternalServerError", 500, ServiceUnavailable),
        ("InternalFailure", 500, ServiceUnavailable),
        ("ModelNotReadyException", 429, ServiceUnavailable),
        ("SomethingNew", 502, ServiceUnavailable),
        ("AccessDeniedException", 403, ServiceAccessDenied),
        ("KMS.AccessDeniedException", 400, ServiceAccessDenied),
        ("ExpiredTokenException", 400, ServiceAccessDenied),
        ("NoSuchKey", 404, DocumentNotFound),
        ("ResourceNotFoundException", 400, DocumentNotFound),
        ("ConditionalCheckFailedException", 400, ConcurrentModification),
        ("ValidationException", 400, ServiceRequestRejected),
        ("TextSizeLimitExceededException", 400, ServiceRequestRejected),
        ("UnsupportedDocumentException", 400, ServiceRequestRejected),
    ],
)
def test_each_client_error_code_has_its_named_error(code: str, status: int, named: type[Exception]) -> None:
    # Given a ClientError as botocore raises it
    error = client_error(code, status, "TranslateText")
    # When it is translated
    translated = translate_error(error, "translate:TranslateText")
    # Then it is the named error, and the message names the call and the code
    assert type(translated) is named
    assert "translate:TranslateText" in translated.message and code in translated.message


def test_a_service_that_cannot_be_reached_is_unavailable() -> None:
    # Given the two ways botocore reports an unreachable or silent endpoint
    errors = [
        EndpointConnectionError(endpoint_url="https://textract.eu-west-1.amazonaws.com"),
        ReadTimeoutError(endpoint_url="https://textract.eu-west-1.amazonaws.com"),
    ]
    # When they are translated
    translated = [translate_error(error, "textract:GetDocumentAnalysis") for error in errors]
    # Then both are retryable unavailability
    assert all(type(e) is ServiceUnavailable for e in translated)


def test_the_named_errors_share_one_base_the_state_machine_can_catch() -> None:
    # Given every named service error
    # When their bases are compared
    # Then each is a ServiceError (and so an MsdsError with a stable code)
    for named in (ServiceThrottled, ServiceUnavailable, ServiceAccessDenied, ServiceRequestRejected):
        assert issubclass(named, ServiceError)
        assert named.code != ServiceError.code


def test_a_throttled_translation_raises_service_throttled(stubbed: Any) -> None:
    # Given Translate answering with ThrottlingException
    stub = stubbed("translate")
    stub.stubber.add_client_error("translate_text", "ThrottlingException", "Rate exceeded", 400)
    translator = AmazonTranslator(stub.client, StatementCatalog())
    # When a text is translated
    # Then ServiceThrottled is raised, chained to the ClientError
    with pytest.raises(ServiceThrottled) as raised:
        translator.translate(["Este producto se almacena en un lugar fresco."], "es")
    assert raised.value.__cause__ is not None


def test_a_comprehend_outage_raises_service_unavailable(stubbed: Any) -> None:
    # Given Comprehend answering 503
    stub = stubbed("comprehend")
    stub.stubber.add_client_error("detect_dominant_language", "InternalServerException", "try again", 500)
    # When a language is detected
    # Then ServiceUnavailable is raised
    with pytest.raises(ServiceUnavailable):
        ComprehendLanguageDetector(stub.client).detect(GERMAN)


def test_a_throttled_dynamodb_read_raises_service_throttled(stubbed: Any) -> None:
    # Given DynamoDB refusing a read for throughput
    stub = stubbed("dynamodb")
    stub.stubber.add_client_error("get_item", "ProvisionedThroughputExceededException", "slow down", 400)
    # When an entry is read
    # Then ServiceThrottled is raised
    with pytest.raises(ServiceThrottled):
        DynamoDocumentRepository(stub.client, TABLE).get("a" * 64)


def test_an_s3_write_conflict_is_a_concurrent_modification(stubbed: Any) -> None:
    # Given S3 answering 409 ConditionalRequestConflict to a conditional write of an original
    stub = stubbed("s3")
    stub.stubber.add_client_error("put_object", "ConditionalRequestConflict", "in progress", 409)
    # When the original is put
    # Then ConcurrentModification is raised (the task is retried)
    with pytest.raises(ConcurrentModification):
        S3DocumentStore(stub.client, BUCKET).put_original("a" * 64, b"%PDF")


def test_reading_from_a_bucket_the_role_may_not_read_is_access_denied(stubbed: Any) -> None:
    # Given S3 refusing a read
    stub = stubbed("s3")
    stub.stubber.add_client_error("get_object", "AccessDenied", "no", 403)
    # When an artifact is read
    # Then ServiceAccessDenied is raised, not "missing"
    with pytest.raises(ServiceAccessDenied):
        S3DocumentStore(stub.client, BUCKET).get_artifact("a" * 64, "text.json")


def test_a_duplicate_execution_is_a_no_op_and_a_late_token_is_reported(stubbed: Any) -> None:
    # Given Step Functions refusing a second execution of the same name and a token that no longer waits
    stub = stubbed("stepfunctions")
    stub.stubber.add_client_error("start_execution", "ExecutionAlreadyExists", "exists", 400)
    stub.stubber.add_client_error("send_task_success", "TaskTimedOut", "too late", 400)
    stub.stubber.add_client_error("send_task_failure", "ThrottlingException", "slow", 400)
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:msds"
    # When the execution is started, the late token succeeded and another token failed
    started = WorkflowStarter(stub.client, arn).start("sds-" + "a" * 64, {"bucket": BUCKET, "key": "k"})
    late = TaskTokens(stub.client).succeed("token", {"document_id": "a" * 64})
    # Then the start is a no-op, the late token is reported as gone, and throttling is still an error
    assert (started.started, started.execution_arn) == (False, None)
    assert late is False
    with pytest.raises(ServiceThrottled):
        TaskTokens(stub.client).fail("token", "ReviewExpired", "expired")


def test_a_missing_original_in_s3_is_document_not_found(aws_credentials: None) -> None:
    # Given an empty bucket
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        # When an original is read
        # Then DocumentNotFound is raised
        with pytest.raises(DocumentNotFound):
            S3DocumentStore(s3, BUCKET).get_original("b" * 64)
