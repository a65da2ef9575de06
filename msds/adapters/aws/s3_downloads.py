"""Downloads of original files on the AWS host: a short-lived presigned S3 GET, so a file of any accepted size
(up to ``MSDS_MAX_FILE_BYTES``) reaches the browser straight from the bucket. A Lambda function behind API
Gateway cannot answer more than 6 MB, and a file sent through it grows by a third in base64."""

from __future__ import annotations

from typing import Any

from models.document import DocumentEntry
from msds.adapters.aws.s3_store import ORIGINALS_PREFIX

DOWNLOAD_SECONDS = 300


def attachment_name(file_name: str) -> str:
    """The file name as an ASCII ``Content-Disposition`` value (quotes and other characters replaced)."""
    return file_name.encode("ascii", "replace").decode("ascii").replace('"', "_")


class S3OriginalLinks:
    """Implements msds.web.host.OriginalLinks on the document bucket (signing is local: nothing is sent)."""

    def __init__(self, client: Any, bucket: str, *, seconds: int = DOWNLOAD_SECONDS) -> None:
        self._s3 = client
        self._bucket = bucket
        self._seconds = seconds

    def url(self, entry: DocumentEntry) -> str:
        params = {
            "Bucket": self._bucket,
            "Key": ORIGINALS_PREFIX + entry.document_id,
            "ResponseContentDisposition": f'attachment; filename="{attachment_name(entry.file_name)}"',
        }
        if entry.media_type is not None:
            params["ResponseContentType"] = entry.media_type.value
        return str(self._s3.generate_presigned_url("get_object", Params=params, ExpiresIn=self._seconds))
