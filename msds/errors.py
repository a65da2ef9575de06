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
