"""Document store in S3: originals once (conditional write), artifacts per document.

Layout in the document bucket::

    originals/<document_id>           the bytes a supplier sent, never overwritten
    artifacts/<document_id>/<name>    per-step artifacts (text.json, state.json, review output...)

Originals are immutable: ``put_original`` writes with ``If-None-Match: *``, so S3 itself refuses a second
write of the same key (412 Precondition Failed), which the store reports as ``False``. Together with a
versioned bucket and a bucket policy denying deletes, nothing a supplier sent can be lost or replaced.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from msds.adapters.aws.service_errors import error_code, http_status, service_call, translate_error
from msds.errors import DocumentNotFound

ORIGINALS_PREFIX = "originals/"
ARTIFACTS_PREFIX = "artifacts/"
# The same rule as the folder store: no separators and no leading dot, so keys stay one level deep.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class S3Location:
    bucket: str
    key: str

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


def parse_s3_uri(uri: str) -> S3Location:
    """``s3://bucket/key`` -> S3Location; ValueError for anything else."""
    if not uri.startswith("s3://"):
        raise ValueError(f"{uri!r} is not an s3:// URI")
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not bucket or not key:
        raise ValueError(f"{uri!r} names no bucket and key")
    return S3Location(bucket, key)


class S3DocumentStore:
    """Implements msds.ports.DocumentStore on one S3 bucket (SSE-KMS when a key id is given)."""

    def __init__(self, client: Any, bucket: str, *, kms_key_id: str | None = None) -> None:
        self._s3 = client
        self._bucket = bucket
        self._kms_key_id = kms_key_id

    @property
    def bucket(self) -> str:
        return self._bucket

    def original_location(self, document_id: str) -> S3Location:
        _check(document_id)
        return S3Location(self._bucket, ORIGINALS_PREFIX + document_id)

    def artifact_location(self, document_id: str, name: str) -> S3Location:
        _check(document_id)
        _check(name)
        return S3Location(self._bucket, f"{ARTIFACTS_PREFIX}{document_id}/{name}")

    def put_original(self, document_id: str, data: bytes) -> bool:
        key = self.original_location(document_id).key
        try:
            self._s3.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=data,
                IfNoneMatch="*",
                ChecksumSHA256=_sha256_b64(data),
                **self._encryption(),
            )
        except ClientError as error:
            if http_status(error) == 412 or error_code(error) == "PreconditionFailed":
                return False
            raise translate_error(error, "s3:PutObject") from error
        return True

    def get_original(self, document_id: str) -> bytes:
        location = self.original_location(document_id)
        data = self._get(location.key)
        if data is None:
            raise DocumentNotFound(f"no original stored for {document_id}")
        return data

    def put_artifact(self, document_id: str, name: str, data: bytes) -> None:
        key = self.artifact_location(document_id, name).key
        with service_call("s3:PutObject"):
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=data, **self._encryption())

    def get_artifact(self, document_id: str, name: str) -> bytes | None:
        return self._get(self.artifact_location(document_id, name).key)

    def _get(self, key: str) -> bytes | None:
        try:
            response = self._s3.get_object(Bucket=self._bucket, Key=key)
            return bytes(response["Body"].read())
        except ClientError as error:
            if error_code(error) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise translate_error(error, "s3:GetObject") from error

    def _encryption(self) -> dict[str, str]:
        if self._kms_key_id is None:
            return {}
        return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self._kms_key_id}


@dataclass(frozen=True)
class S3Object:
    data: bytes
    metadata: dict[str, str]
    version_id: str | None


class S3Objects:
    """Reads and writes of whole objects anywhere the role may reach (uploads, service outputs)."""

    def __init__(self, client: Any, *, kms_key_id: str | None = None) -> None:
        self._s3 = client
        self._kms_key_id = kms_key_id

    def read(self, location: S3Location, version_id: str | None = None) -> S3Object:
        extra = {"VersionId": version_id} if version_id else {}
        with service_call("s3:GetObject"):
            response = self._s3.get_object(Bucket=location.bucket, Key=location.key, **extra)
            data = bytes(response["Body"].read())
        return S3Object(data, dict(response.get("Metadata") or {}), response.get("VersionId"))

    def metadata(self, location: S3Location, version_id: str | None = None) -> dict[str, str]:
        """The object's user metadata (``x-amz-meta-*`` names without the prefix), without its bytes."""
        extra = {"VersionId": version_id} if version_id else {}
        with service_call("s3:HeadObject"):
            response = self._s3.head_object(Bucket=location.bucket, Key=location.key, **extra)
        return dict(response.get("Metadata") or {})

    def sha256(self, location: S3Location, version_id: str | None = None) -> str:
        """The SHA-256 of an object, read in chunks (an upload can be tens of megabytes)."""
        extra = {"VersionId": version_id} if version_id else {}
        digest = hashlib.sha256()
        with service_call("s3:GetObject"):
            body = self._s3.get_object(Bucket=location.bucket, Key=location.key, **extra)["Body"]
            for chunk in iter(lambda: body.read(_READ_CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def write(self, location: S3Location, data: bytes, content_type: str) -> None:
        extra = (
            {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": self._kms_key_id} if self._kms_key_id else {}
        )
        with service_call("s3:PutObject"):
            self._s3.put_object(
                Bucket=location.bucket, Key=location.key, Body=data, ContentType=content_type, **extra
            )


def _check(name: str) -> None:
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe document id or artifact name {name!r}")


def _sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
