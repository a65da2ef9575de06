"""Direct uploads into the document bucket: S3 presigned POST forms signed by the function's role.

The POST policy pins everything the plan decides (``msds.services.upload_policy``): the exact key, the
``Content-Type``, every metadata field, the size range 1..max bytes, and, when the deployment names a KMS
key, SSE-KMS with that key. S3 refuses a form with a field the policy does not list, so a caller cannot add
or change metadata (which records who sent the file). The client must sign with Signature Version 4
(``clients.presign_config()``). The signature is only as long-lived as the role's session, so the form's
lifetime is kept short.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from models.api import PresignedUpload, UploadPlan

METADATA_PREFIX = "x-amz-meta-"


class S3UploadSigner:
    """Implements msds.ports.UploadSigner on one bucket (SSE-KMS when a key id is given)."""

    def __init__(self, client: Any, bucket: str, *, kms_key_id: str | None = None) -> None:
        self._s3 = client
        self._bucket = bucket
        self._kms_key_id = kms_key_id

    def presign(self, plan: UploadPlan) -> PresignedUpload:
        fields = self.fields(plan)
        conditions: list[Any] = [
            ["content-length-range", 1, plan.max_bytes],
            *({name: value} for name, value in fields.items()),
        ]
        # Signing is local (no call to S3): botocore adds the bucket, key and credential conditions.
        post = self._s3.generate_presigned_post(
            Bucket=self._bucket,
            Key=plan.key,
            Fields=fields,
            Conditions=conditions,
            ExpiresIn=plan.expires_in_seconds,
        )
        return PresignedUpload(
            url=str(post["url"]),
            fields={str(name): str(value) for name, value in post["fields"].items()},
            key=plan.key,
            content_type=plan.content_type,
            max_bytes=plan.max_bytes,
            expires_at=plan.expires_at,
        )

    def origin(self) -> str:
        """The origin browsers post the forms to (``https://<bucket>.s3.<region>.amazonaws.com``), for the web
        app's content security policy and the bucket's CORS rule. Signing is local: nothing is sent."""
        url = urlsplit(str(self._s3.generate_presigned_post(Bucket=self._bucket, Key="origin")["url"]))
        return f"{url.scheme}://{url.netloc}"

    def fields(self, plan: UploadPlan) -> dict[str, str]:
        """The form fields the plan fixes (besides the key and the signature's own)."""
        fields = {"Content-Type": plan.content_type.value}
        fields.update({METADATA_PREFIX + name: value for name, value in plan.metadata.items()})
        if self._kms_key_id is not None:
            fields["x-amz-server-side-encryption"] = "aws:kms"
            fields["x-amz-server-side-encryption-aws-kms-key-id"] = self._kms_key_id
        return fields
