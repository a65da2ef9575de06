"""The local upload signer's key: made once, and the same for every thread and server process."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from models.api import UploadPlan
from models.document import MediaType
from msds.adapters.local.direct_uploads import KEY_FILE, LocalUploadSigner

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _plan(key: str) -> UploadPlan:
    return UploadPlan(
        key=key,
        content_type=MediaType.PDF,
        max_bytes=1_000_000,
        metadata={"supplier-id": "ACME"},
        expires_in_seconds=900,
        expires_at=NOW + timedelta(minutes=15),
    )


def test_signers_started_at_the_same_moment_on_a_new_data_dir_sign_with_one_key(tmp_path: Path) -> None:
    # Given sixteen signers on a data dir with no key yet, released at the same moment
    signers = [LocalUploadSigner(tmp_path) for _ in range(16)]
    start = threading.Barrier(len(signers))
    forms: list[dict[str, str]] = [{} for _ in signers]

    def sign(index: int) -> None:
        start.wait()
        forms[index] = signers[index].presign(_plan(f"uploads/{index}.pdf")).fields

    # When each signs a form on its own thread
    threads = [threading.Thread(target=sign, args=(index,)) for index in range(len(signers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then every form is accepted by a signer that did not sign it, and one whole key file remains
    checker = LocalUploadSigner(tmp_path)
    assert [checker.verify(form, NOW).key for form in forms] == [f"uploads/{i}.pdf" for i in range(16)]
    assert len((tmp_path / KEY_FILE).read_bytes()) == 32
    assert [path.name for path in tmp_path.iterdir()] == [KEY_FILE]
