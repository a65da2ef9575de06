"""Direct uploads on the local host: the same signed-form protocol as an S3 presigned POST, with the web app's
own upload route as the target.

``presign`` returns the form fields a browser posts with the file (the key, the content type, the metadata
naming the sender, an expiry, the plan as a base64 policy and its HMAC-SHA256 signature); ``verify`` gives
back the plan only when the posted fields are exactly the signed ones and the form has not expired, so a
caller cannot change who the file is recorded as coming from. The signing key is random, kept in the data
dir (readable by its owner only) and made on first use.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from models.api import PresignedUpload, UploadPlan
from msds.errors import UploadRejected

DIRECT_UPLOAD_PATH = "/api/uploads/direct"
KEY_FILE = "upload-signing.key"
METADATA_PREFIX = "x-amz-meta-"
POLICY_FIELD = "policy"
SIGNATURE_FIELD = "x-msds-signature"


class LocalUploadSigner:
    """Implements msds.ports.UploadSigner for the local host, and checks the forms it signed."""

    def __init__(self, data_dir: Path, url: str = DIRECT_UPLOAD_PATH) -> None:
        self._key_path = data_dir / KEY_FILE
        self._url = url
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def presign(self, plan: UploadPlan) -> PresignedUpload:
        policy = base64.b64encode(plan.model_dump_json().encode("utf-8")).decode("ascii")
        fields = {"key": plan.key, "Content-Type": plan.content_type.value}
        fields.update({METADATA_PREFIX + name: value for name, value in plan.metadata.items()})
        fields[POLICY_FIELD] = policy
        fields[SIGNATURE_FIELD] = self._sign(policy)
        return PresignedUpload(
            url=self._url,
            fields=fields,
            key=plan.key,
            content_type=plan.content_type,
            max_bytes=plan.max_bytes,
            expires_at=plan.expires_at,
        )

    def verify(self, fields: Mapping[str, str], now: datetime) -> UploadPlan:
        """The plan a posted form was signed for; UploadRejected when a field differs from the signed ones,
        a field was added or the form expired."""
        policy = fields.get(POLICY_FIELD, "")
        signature = fields.get(SIGNATURE_FIELD, "")
        if not policy or not hmac.compare_digest(self._sign(policy), signature):
            raise UploadRejected("the upload form's signature is missing or wrong", [("form", "not signed")])
        try:
            plan = UploadPlan.model_validate_json(base64.b64decode(policy, validate=True))
        except ValueError as error:
            raise UploadRejected(
                "the upload form's policy is unreadable", [("form.policy", "not a policy")]
            ) from error
        if plan.expires_at <= now:
            raise UploadRejected("the upload form has expired; ask for a new one", [("form", "expired")])
        expected = {"key": plan.key, "Content-Type": plan.content_type.value}
        expected.update({METADATA_PREFIX + name: value for name, value in plan.metadata.items()})
        signed = (POLICY_FIELD, SIGNATURE_FIELD)
        posted = {name: value for name, value in fields.items() if name not in signed}
        if posted != expected:
            changed = {name for name in posted if posted[name] != expected.get(name)}
            differing = sorted(set(posted) ^ set(expected) | changed)
            raise UploadRejected(
                "the upload form's fields differ from the signed ones",
                [(f"form.{name}", "not as signed") for name in differing],
            )
        return plan

    def _sign(self, policy: str) -> str:
        return hmac.new(self._signing_key(), policy.encode("ascii"), hashlib.sha256).hexdigest()

    def _signing_key(self) -> bytes:
        with self._lock:
            if self._key is None:
                self._key = self._read_or_create_key()
            return self._key

    def _read_or_create_key(self) -> bytes:
        # The key file appears whole or not at all (written aside, then linked into place), so a server
        # thread or process starting at the same moment reads the same key rather than a half-written one.
        self._key_path.parent.mkdir(parents=True, exist_ok=True)
        if self._key_path.exists():
            return self._key_path.read_bytes()
        descriptor, temporary = tempfile.mkstemp(dir=self._key_path.parent, prefix=".upload-key-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(32))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, self._key_path)
        finally:
            os.unlink(temporary)
        return self._key_path.read_bytes()
