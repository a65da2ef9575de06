"""What a document's status and its error codes mean, in words a supplier understands."""

from __future__ import annotations

from models.document import DocumentStatus

STATUS_WORDS: dict[DocumentStatus, str] = {
    DocumentStatus.RECEIVED: "Received, waiting to be read",
    DocumentStatus.PROCESSING: "Being read",
    DocumentStatus.NEEDS_REVIEW: "In review: a person checks what could not be read with certainty",
    DocumentStatus.ACCEPTED: "Accepted",
    DocumentStatus.PUBLISHED: "Accepted",
    DocumentStatus.REJECTED: "Rejected",
    DocumentStatus.FAILED: "Could not be read",
    DocumentStatus.SUPERSEDED: "Replaced by a newer revision",
}

REASON_WORDS: dict[str, str] = {
    "empty_file": "The file is empty.",
    "unsupported_type": "The file is not a PDF, PNG, JPEG or TIFF file.",
    "corrupt_file": "The file is damaged and cannot be opened.",
    "truncated_file": "The file is incomplete (cut short during upload or download); please send it again.",
    "encrypted_pdf": "The PDF is protected by a password; please send it without one.",
    "xfa_form": "The PDF is a dynamic (XFA) form whose content cannot be read; please print it to a PDF.",
    "too_many_pages": "The document has more pages than a safety data sheet can have.",
    "too_large": "The file is larger than the upload limit.",
    "resource_limit": "The file needs more memory or time to read than a safety data sheet may take.",
    "internal_error": "Something went wrong on our side; the sheet will be read again.",
}


def status_text(status: DocumentStatus, error_code: str | None = None) -> str:
    """The status in plain words, with the reason for a rejected or failed document."""
    words = STATUS_WORDS[status]
    if status in (DocumentStatus.REJECTED, DocumentStatus.FAILED) and error_code:
        return f"{words}: {reason_text(error_code)}"
    return words


def reason_text(error_code: str) -> str:
    return REASON_WORDS.get(error_code, f"the reading stopped ({error_code.replace('_', ' ')}).")
