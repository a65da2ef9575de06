"""The API's upload forms write where the ingestion rule listens."""

from __future__ import annotations

from infra.constructs.storage import UPLOADS_PREFIX as BUCKET_UPLOADS_PREFIX
from msds.services.upload_policy import STAFF_PREFIX, UPLOADS_PREFIX


def test_upload_forms_use_the_prefix_the_ingestion_rule_and_the_lifecycle_rule_watch() -> None:
    # Given the prefix the storage construct gives uploads (the ingestion rule and the expiry rule use it)
    # When the API's upload policy builds keys
    # Then it puts them under that prefix, and the staff folder cannot be a supplier id
    assert UPLOADS_PREFIX == BUCKET_UPLOADS_PREFIX
    assert not STAFF_PREFIX[0].isalnum()
