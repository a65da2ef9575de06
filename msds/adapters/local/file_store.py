"""Content-addressed document store in a folder: originals once, artifacts per document."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from msds.errors import DiskFull, DocumentNotFound

# No separators, and no leading dot: "." and ".." would leave the store, and ".tmp-*" are our temporary files.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


class FolderDocumentStore:
    """Implements msds.ports.DocumentStore on the local file system."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def original_path(self, document_id: str) -> Path:
        """Where the document's original is kept (a worker of ``msds reprocess`` reads it from there)."""
        return self._original_path(document_id)

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

    # What ``msds repair`` needs besides the port: list, check and set aside what is stored.

    def document_ids(self) -> list[str]:
        """Every id with a stored original or artifacts, sorted."""
        ids: set[str] = set()
        for kind in ("originals", "artifacts"):
            folder = self._root / kind
            if not folder.is_dir():
                continue
            for prefix in folder.iterdir():
                if prefix.is_dir() and len(prefix.name) == 2:
                    ids.update(p.name for p in prefix.iterdir() if _SAFE_NAME.match(p.name))
        return sorted(ids)

    def has_original(self, document_id: str) -> bool:
        return self._original_path(document_id).is_file()

    def has_artifact(self, document_id: str, name: str) -> bool:
        return self._artifact_path(document_id, name).is_file()

    def delete_artifact(self, document_id: str, name: str) -> None:
        self._artifact_path(document_id, name).unlink(missing_ok=True)

    def set_aside_original(self, document_id: str) -> Path | None:
        """Move a damaged original out of the way (under ``damaged/``), so the file can be stored again
        when it is sent again; return where it went."""
        path = self._original_path(document_id)
        if not path.exists():
            return None
        target = self._root / "damaged" / document_id
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        return target


def _atomic_write(path: Path, data: bytes) -> None:
    # Write-then-rename so an interrupted run never leaves a half-written file behind; a full disk leaves
    # nothing behind either (the temporary file is removed) and is named DiskFull.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _raise_disk_full(error, path)
        raise
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError as error:
        _raise_disk_full(error, path)
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            _raise_disk_full(error, path)
        raise


def _raise_disk_full(error: OSError, path: Path) -> None:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        raise DiskFull(f"no space left to write {path}: {error.strerror}") from error
