"""What a direct upload may be: one key under the sender's prefix, one declared type, at most the product's
size limit, with the sender recorded in the object's metadata (which Receive copies to the document entry).

Key layout (the ingestion rule starts the workflow for every object under ``uploads/``)::

    uploads/<supplier id>/<upload id>/<file name>     a supplier's upload, or compliance's on its behalf
    uploads/_staff/<upload id>/<file name>            compliance's upload without a supplier

A supplier id starts with a letter or digit, so it never collides with ``_staff``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from models.api import PresignedUpload, UploadPlan, UploadRequest
from msds.errors import AccessDenied, InvalidRequest
from msds.ports import UploadSigner
from msds.services.api_access import SUPPLIER_CLAIM, Caller, Group, require_group
from msds.services.receive import utc_now
from msds.settings import Settings

UPLOADS_PREFIX = "uploads/"
STAFF_PREFIX = "_staff"
UPLOAD_SECONDS = 15 * 60
UPLOADERS = frozenset({Group.SUPPLIER, Group.COMPLIANCE})
# Object metadata names (``x-amz-meta-<name>`` on S3) that Receive reads.
SUPPLIER_METADATA = "supplier-id"
UPLOADED_BY_METADATA = "uploaded-by"
FILE_NAME_METADATA = "file-name"
_MAX_NAME = 120
_MAX_EXTENSION = 8
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def uploading_supplier(caller: Caller, requested: str | None) -> str | None:
    """The supplier an upload belongs to: a supplier's own id (it may not name another), or for compliance
    staff the supplier they name (or none)."""
    require_group(caller, UPLOADERS)
    if Group.COMPLIANCE in caller.groups:
        return requested
    if caller.supplier_id is None:
        raise AccessDenied(f"a supplier's token must carry {SUPPLIER_CLAIM}")
    if requested is not None and requested != caller.supplier_id:
        raise AccessDenied("a supplier uploads as itself and cannot name another supplier")
    return caller.supplier_id


def safe_file_name(name: str) -> str:
    """The file name as one key segment and an ASCII metadata value: the last path segment, accents folded,
    other characters outside letters, digits, ``.``, ``_`` and ``-`` replaced, its extension kept, at most
    120 characters; ``upload`` when nothing of the name is left."""
    base = re.split(r"[\\/]", name)[-1]
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, dot, extension = folded.rpartition(".")
    if not dot:
        stem, extension = folded, ""
    stem = _UNSAFE.sub("_", stem).strip("._") or "upload"
    extension = _UNSAFE.sub("", extension)[:_MAX_EXTENSION]
    suffix = "." + extension if extension else ""
    return stem[: _MAX_NAME - len(suffix)].rstrip("._") + suffix


def plan_upload(
    caller: Caller,
    request: UploadRequest,
    settings: Settings,
    *,
    now: Callable[[], datetime] = utc_now,
    new_upload_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> UploadPlan:
    """The upload a caller may make for this request (AccessDenied, InvalidRequest otherwise)."""
    supplier_id = uploading_supplier(caller, request.supplier_id)
    if request.size_bytes is not None and request.size_bytes > settings.max_file_bytes:
        raise InvalidRequest(
            f"the file has {request.size_bytes:,} bytes; the limit is {settings.max_file_bytes:,}",
            [("body.size_bytes", f"larger than the limit of {settings.max_file_bytes} bytes")],
        )
    file_name = safe_file_name(request.file_name)
    owner = supplier_id or STAFF_PREFIX
    metadata = {FILE_NAME_METADATA: file_name, UPLOADED_BY_METADATA: caller.subject}
    if supplier_id is not None:
        metadata[SUPPLIER_METADATA] = supplier_id
    return UploadPlan(
        key=f"{UPLOADS_PREFIX}{owner}/{new_upload_id()}/{file_name}",
        content_type=request.content_type,
        max_bytes=settings.max_file_bytes,
        metadata=metadata,
        expires_in_seconds=UPLOAD_SECONDS,
        expires_at=now() + timedelta(seconds=UPLOAD_SECONDS),
    )


def presign_upload(
    caller: Caller,
    request: UploadRequest,
    settings: Settings,
    signer: UploadSigner,
    *,
    now: Callable[[], datetime] = utc_now,
) -> PresignedUpload:
    """A presigned upload for the caller's file."""
    return signer.presign(plan_upload(caller, request, settings, now=now))
