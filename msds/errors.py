"""Named errors of the product. Each carries a stable code used in records, exports and APIs."""

from __future__ import annotations


class MsdsError(Exception):
    """Base of every error the product raises on purpose."""

    code = "msds_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RejectedDocument(MsdsError):
    """The file cannot be processed; the rejection is recorded and the reason is named."""

    code = "rejected"


class EmptyFile(RejectedDocument):
    code = "empty_file"


class UnsupportedType(RejectedDocument):
    code = "unsupported_type"


class CorruptFile(RejectedDocument):
    code = "corrupt_file"


class TruncatedFile(CorruptFile):
    code = "truncated_file"


class EncryptedPdf(RejectedDocument):
    code = "encrypted_pdf"


class XfaForm(RejectedDocument):
    code = "xfa_form"


class TooLarge(RejectedDocument):
    code = "too_large"


class TooManyPages(RejectedDocument):
    code = "too_many_pages"


class DocumentNotFound(MsdsError):
    code = "document_not_found"


class StepFailed(MsdsError):
    """A pipeline step could not finish; the document keeps what earlier steps produced."""

    code = "step_failed"


class OcrUnavailable(MsdsError):
    code = "ocr_unavailable"


class ConfigurationError(MsdsError):
    code = "configuration_error"


class TranslationFailed(MsdsError):
    code = "translation_failed"


class ServiceError(MsdsError):
    """An external service (an AWS API, a search cluster) refused or failed a call; the message names it."""

    code = "service_error"


class ServiceThrottled(ServiceError):
    """The service asked us to slow down; the call can be retried later with backoff."""

    code = "service_throttled"


class ServiceUnavailable(ServiceError):
    """The service failed on its side or could not be reached; the call can be retried later."""

    code = "service_unavailable"


class ServiceAccessDenied(ServiceError):
    """Our role may not make this call: a deployment error, never retried."""

    code = "service_access_denied"


class ServiceRequestRejected(ServiceError):
    """The service found the request invalid (too large, unsupported, malformed): not retried."""

    code = "service_request_rejected"


class ConcurrentModification(ServiceError):
    """Another worker changed what this one read before it could write; the step can be run again."""

    code = "concurrent_modification"


class OcrJobFailed(StepFailed):
    """The asynchronous OCR job of a document ended without a result."""

    code = "ocr_job_failed"


class ReviewEnded(MsdsError):
    """A human review ended without corrections (failed, stopped or expired)."""

    code = "review_ended"


class PublishFailed(ServiceError):
    """Indexing or loading a record for search or analytics failed for some of its items."""

    code = "publish_failed"


class InvalidEvent(MsdsError):
    """An event or task input does not have the shape its handler expects."""

    code = "invalid_event"


class InvalidRequest(MsdsError):
    """An API request whose body, path or query does not have the expected shape or values. ``problems``
    names each one as (where, what): ``("content_type", "Input should be 'application/pdf', ...")``."""

    code = "invalid_request"

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class UnknownStep(InvalidRequest):
    """A step name that is not one of the pipeline's steps (or a step that cannot be run again)."""

    code = "unknown_step"


class NotAuthenticated(MsdsError):
    """An API request without the identity claims of a signed-in user."""

    code = "not_authenticated"


class AccessDenied(MsdsError):
    """The caller's groups do not allow this operation."""

    code = "access_denied"


class RecordNotFound(DocumentNotFound):
    """The document exists but has no record yet (still processing, rejected or failed)."""

    code = "record_not_found"


class ReviewNotFound(DocumentNotFound):
    """The document is not waiting for a human review."""

    code = "review_not_found"


class ReviewNotOpen(MsdsError):
    """A review was submitted for a document that no longer waits for one (reviewed meanwhile)."""

    code = "review_not_open"


class DocumentBusy(MsdsError):
    """The document is being processed (received, or an attempt is running): it cannot be reprocessed until
    that attempt ends."""

    code = "document_processing"


class NotReprocessable(MsdsError):
    """The document cannot be reprocessed: its file was rejected (what the file is, not a step, failed)."""

    code = "not_reprocessable"


class AttemptConflict(MsdsError):
    """A reprocess request named an attempt that is neither the document's latest nor its next one."""

    code = "attempt_conflict"


class NotReceivedYet(MsdsError):
    """A duplicate upload arrived before the first one was received; retried by the caller."""

    code = "not_received_yet"


class SearchFailed(MsdsError):
    """The search index could not answer a query."""

    code = "search_failed"


class InvalidCostInput(MsdsError):
    """A cost estimate asked for an impossible workload (a negative volume, a share outside 0..1)."""

    code = "invalid_cost_input"


class PriceFileInvalid(MsdsError):
    """The price file cannot be read, or does not have the shape of a price book."""

    code = "invalid_price_file"


class PriceNotFound(PriceFileInvalid):
    """The price file has no price for something the deployment uses (an instance type, a feature)."""

    code = "price_not_found"


class NoMeteredRecords(MsdsError):
    """An estimate from stored records was asked for, and no stored record carries metering."""

    code = "no_metered_records"


class ResourceLimitExceeded(RejectedDocument):
    """A document needs more of a bounded resource than its limit allows (memory, time, pixels, stream
    size, text length). ``limit`` names which: the record's message says it and the setting to change."""

    code = "resource_limit"

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(f"{limit}: {message}")
        self.limit = limit


class UnreadablePage(RejectedDocument):
    """A PDF page cannot be loaded: its page tree is broken (a cycle, too deep, a count that lies) or the
    file was cut in the middle."""

    code = "unreadable_page"


class StorageFailure(MsdsError):
    """The data dir cannot take more work (full, damaged): no document is to blame, so a batch stops
    rather than marking documents failed; what is finished is kept and a rerun resumes."""

    code = "storage_failure"


class DiskFull(StorageFailure):
    """The data dir's disk is full (or over quota): nothing more can be stored until space is freed."""

    code = "disk_full"


class StateDamaged(StorageFailure):
    """The document state database cannot be read (``msds repair`` rebuilds it)."""

    code = "state_damaged"


class InputSkipped(MsdsError):
    """A path named on the command line (or found in a folder) that is not a regular file to read."""

    code = "input_skipped"


class WorkerStartFailed(MsdsError):
    """A worker process could not start (a setting it cannot use, a broken installation): the batch stops
    before any document is blamed for it."""

    code = "worker_start_failed"


class ReviewClaimed(MsdsError):
    """Another reviewer holds the review task (their claim has not expired)."""

    code = "review_claimed"


class ReviewInA2I(ReviewClaimed):
    """The review task was sent to an Amazon A2I human loop (the opt-in channel): its reviewers work it there,
    not in the product's queue, until the loop ends."""

    code = "review_in_a2i"


class SignInFailed(NotAuthenticated):
    """The user name or password is wrong, the account is disabled, or the sign-in provider refused."""

    code = "sign_in_failed"


class InvalidToken(NotAuthenticated):
    """A bearer token that is not one of the identity provider's for this app: bad signature, expired, another
    issuer or audience, the wrong kind of token."""

    code = "invalid_token"


class SignInNotCompleted(InvalidRequest):
    """A hosted sign-in came back with a code the identity provider would not exchange (used, expired, not
    issued for this app) or with a token that could not be verified."""

    code = "sign_in_not_completed"


class CsrfRejected(AccessDenied):
    """A form or request changing something came without this session's anti-forgery token."""

    code = "csrf_rejected"


class UserExists(MsdsError):
    code = "user_exists"


class UserNotFound(MsdsError):
    code = "user_not_found"


class UploadRejected(InvalidRequest):
    """A direct upload that does not match what its signed form allows (expired, tampered, too large)."""

    code = "upload_rejected"


class ProductNotFound(MsdsError):
    """No finished product has this id (or the caller may not see it)."""

    code = "product_not_found"


class ProductsNotAvailable(MsdsError):
    """This host has no finished-product store set up (the product routes exist, the data does not)."""

    code = "products_not_available"


class BomLineNotFound(ProductNotFound):
    """The product has no component line with this number."""

    code = "bom_line_not_found"


class InvalidBillOfMaterials(InvalidRequest):
    """An import of products that cannot be read; ``problems`` names each row and field."""

    code = "invalid_bill_of_materials"


class InvalidWatchList(InvalidRequest):
    """A watch list (CAS numbers to look for) that cannot be read."""

    code = "invalid_watch_list"


class UnsupportedLabelLanguage(InvalidRequest):
    """A label was asked for in a language the official phrase catalog does not have."""

    code = "unsupported_label_language"


class UnknownQuery(InvalidRequest):
    """A warehouse query the product does not have."""

    code = "unknown_query"
