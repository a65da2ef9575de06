"""Content-addressed document store in a folder: originals once, artifacts per document."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from msds.errors import DocumentNotFound

# No separators, and no leading dot: "." and ".." would leave the store, and ".tmp-*" are our temporary files.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


class FolderDocumentStore:
    """Implements msds.ports.DocumentStore on the local file system."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def _original_path(self, document_id: str) -> Path:
        if not _SAFE_NAME.match(document_id):
            raise ValueError(f"unsafe document id {document_id!r}")
        return self._root / "originals" / document_id[:2] / document_id

    def _artifact_path(self, document_id: str, name: str) -> Path:
        if not _SAFE_NAME.match(name) or not _SAFE_NAME.match(document_id):
            raise ValueError(f"unsafe artifact name {document_id}/{name}")
        return self._root / "artifacts" / document_id[:2] / document_id / name

    def put_original(self, document_id: str, data: bytes) -> bool:
        path = self._original_path(document_id)
        if path.exists():
            return False
        _atomic_write(path, data)
        return True

    def get_original(self, document_id: str) -> bytes:
        path = self._original_path(document_id)
        try:
            return path.read_bytes()
        except FileNotFoundError as error:
            raise DocumentNotFound(f"no original stored for {document_id}") from error

    def put_artifact(self, document_id: str, name: str, data: bytes) -> None:
        _atomic_write(self._artifact_path(document_id, name), data)

    def get_artifact(self, document_id: str, name: str) -> bytes | None:
        path = self._artifact_path(document_id, name)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None


def _atomic_write(path: Path, data: bytes) -> None:
    # Write-then-rename so an interrupted run never leaves a half-written file behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
