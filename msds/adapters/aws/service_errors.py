"""botocore errors -> the product's named errors, so callers and the state machine's retry rules see one
vocabulary whatever the service: ServiceThrottled and ServiceUnavailable are retried with backoff, the others
are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ParamValidationError,
    ReadTimeoutError,
)

from msds.errors import (
    ConcurrentModification,
    DocumentNotFound,
    ServiceAccessDenied,
    ServiceError,
    ServiceRequestRejected,
    ServiceThrottled,
    ServiceUnavailable,
)

THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
        "LimitExceededException",
        "SlowDown",
        "BandwidthLimitExceeded",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
UNAVAILABLE_CODES = frozenset(
    {
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "ServiceUnavailableError",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "InternalServerException",
        "InternalServiceException",
        "InternalServiceError",
        "ServiceFailure",
        "ServiceException",
        "RequestTimeout",
        "RequestTimeoutException",
        "ModelNotReadyException",
    }
)
ACCESS_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "KMS.AccessDeniedException",
        "KMS.DisabledException",
        "KMS.NotFoundException",
        "KMS.KMSInvalidStateException",
    }
)
NOT_FOUND_CODES = frozenset({"NoSuchKey", "NotFound", "404", "ResourceNotFoundException"})
CONFLICT_CODES = frozenset(
    {
        "ConditionalCheckFailedException",
        "TransactionConflictException",
        "ConditionalRequestConflict",
        "OperationAborted",
    }
)


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def http_status(error: ClientError) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)


def translate_error(error: Exception, operation: str) -> ServiceError | DocumentNotFound:
    """The named error for a botocore error raised by ``operation`` ("s3:GetObject")."""
    if isinstance(error, ClientError):
        code = error_code(error)
        message = f"{operation} failed: {code or http_status(error)}: {_message(error)}"
        if code in THROTTLING_CODES:
            return ServiceThrottled(message)
        if code in ACCESS_CODES:
            return ServiceAccessDenied(message)
        if code in NOT_FOUND_CODES:
            return DocumentNotFound(message)
        if code in CONFLICT_CODES:
            return ConcurrentModification(message)
        status = http_status(error)
        if code in UNAVAILABLE_CODES or status >= 500:
            return ServiceUnavailable(message)
        if status == 429:
            return ServiceThrottled(message)
        return ServiceRequestRejected(message)
    if isinstance(
        error, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError | ConnectionClosedError
    ):
        return ServiceUnavailable(f"{operation} could not reach the service: {error}")
    if isinstance(error, ParamValidationError):
        return ServiceRequestRejected(f"{operation} was not sent: {error}")
    return ServiceError(f"{operation} failed: {type(error).__name__}: {error}")


@contextmanager
def service_call(operation: str) -> Iterator[None]:
    """Run AWS calls, raising the product's named error (chained to the original) when one fails."""
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        raise translate_error(error, operation) from error


def _message(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Message", "")).strip()[:300]
