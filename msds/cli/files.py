"""Expand command-line paths into the files to process, and name every path that is not one.

Nothing a path can be stops the batch: a FIFO, a device, a socket, a symbolic link, a file that cannot be
read, a dot-named file or a name that is not valid UTF-8 each get an outcome of their own. Symbolic links are
not followed unless asked (a link to a system file must not be copied into the store); dot-named files and
folders are listed as skipped unless asked to be processed.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from msds.errors import MsdsError


class SkipReason(StrEnum):
    """Why a path was not processed; the value is the outcome named in the summary and the output."""

    NOT_FOUND = "not_found"
    FIFO = "fifo"
    DEVICE = "device"
    SOCKET = "socket"
    SYMLINK = "symlink"
    BROKEN_SYMLINK = "broken_symlink"
    UNREADABLE = "unreadable"
    HIDDEN = "hidden"


# Skips the user chose (by not passing --include-hidden) do not make the exit code say something went wrong.
CHOSEN_SKIPS = frozenset({SkipReason.HIDDEN})


@dataclass(frozen=True)
class InputFile:
    """A regular file to process; ``name`` is the bytes-safe display name of its last part (what the
    document is recorded under) and ``shown`` that of the whole path (see :func:`display_name`)."""

    path: Path
    name: str

    @classmethod
    def of(cls, path: Path) -> InputFile:
        return cls(path, display_name(path.name))

    @property
    def shown(self) -> str:
        return display_name(self.path)


@dataclass(frozen=True)
class SkippedInput:
    path: Path
    name: str
    reason: SkipReason
    message: str

    @property
    def shown(self) -> str:
        return self.name


@dataclass
class Inputs:
    files: list[InputFile] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)


def display_name(path: Path | str) -> str:
    """A name safe to store, print and serialise: the bytes of a name that is not valid UTF-8 are written
    as ``\\xNN`` escapes (``caf\\xe9.pdf``), and the result is always a valid string."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def expand_paths(paths: list[str], *, follow_symlinks: bool = False, include_hidden: bool = False) -> Inputs:
    """Files as given and every file under the given folders, in a stable order, and every path that is
    skipped with its reason. The same file reached twice is kept once."""
    inputs = Inputs()
    for raw in paths:
        path = Path(raw)
        _add(inputs, path, follow_symlinks=follow_symlinks, include_hidden=include_hidden, named=True)
    seen: set[tuple[int, int]] = set()
    unique: list[InputFile] = []
    for item in inputs.files:
        try:
            info = item.path.stat()
        except OSError:
            unique.append(item)  # gone meanwhile: reading it names the problem
            continue
        key = (info.st_dev, info.st_ino)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    inputs.files = unique
    return inputs


def _add(inputs: Inputs, path: Path, *, follow_symlinks: bool, include_hidden: bool, named: bool) -> None:
    name = display_name(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        inputs.skipped.append(SkippedInput(path, name, SkipReason.NOT_FOUND, "no such file or folder"))
        return
    except OSError as error:
        inputs.skipped.append(SkippedInput(path, name, SkipReason.UNREADABLE, _why(error)))
        return
    if stat.S_ISLNK(info.st_mode):
        if not follow_symlinks:
            target = _link_target(path)
            inputs.skipped.append(
                SkippedInput(
                    path,
                    name,
                    SkipReason.SYMLINK,
                    f"symbolic link to {target}, not followed (--follow-symlinks to follow links)",
                )
            )
            return
        try:
            info = path.stat()
        except OSError as error:
            inputs.skipped.append(
                SkippedInput(
                    path, name, SkipReason.BROKEN_SYMLINK, f"symbolic link that leads nowhere: {_why(error)}"
                )
            )
            return
    if stat.S_ISDIR(info.st_mode):
        _walk(inputs, path, follow_symlinks=follow_symlinks, include_hidden=include_hidden)
        return
    reason = _special(info.st_mode)
    if reason is not None:
        inputs.skipped.append(
            SkippedInput(path, name, reason, f"a {_KIND_NAMES[reason]}, not a regular file")
        )
        return
    inputs.files.append(InputFile.of(path))


def _walk(inputs: Inputs, folder: Path, *, follow_symlinks: bool, include_hidden: bool) -> None:
    visited: set[tuple[int, int]] = set()
    for directory, subdirectories, file_names in os.walk(folder, followlinks=follow_symlinks, onerror=None):
        here = Path(directory)
        try:
            info = here.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in visited:  # a link back up the tree
            subdirectories[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        kept = []
        for subdirectory in sorted(subdirectories):
            child = here / subdirectory
            if subdirectory.startswith(".") and not include_hidden:
                inputs.skipped.append(
                    SkippedInput(
                        child,
                        display_name(child),
                        SkipReason.HIDDEN,
                        "dot-named folder, not processed (--include-hidden to process it)",
                    )
                )
                continue
            if child.is_symlink() and not follow_symlinks:
                inputs.skipped.append(
                    SkippedInput(
                        child,
                        display_name(child),
                        SkipReason.SYMLINK,
                        f"symbolic link to {_link_target(child)}, not followed (--follow-symlinks to follow)",
                    )
                )
                continue
            if not os.access(child, os.R_OK | os.X_OK):
                inputs.skipped.append(
                    SkippedInput(child, display_name(child), SkipReason.UNREADABLE, "folder cannot be read")
                )
                continue
            kept.append(subdirectory)
        subdirectories[:] = kept
        for file_name in sorted(file_names):
            child = here / file_name
            if file_name.startswith(".") and not include_hidden:
                inputs.skipped.append(
                    SkippedInput(
                        child,
                        display_name(child),
                        SkipReason.HIDDEN,
                        "dot-named file, not processed (--include-hidden to process it)",
                    )
                )
                continue
            _add(inputs, child, follow_symlinks=follow_symlinks, include_hidden=include_hidden, named=False)


_KIND_NAMES = {
    SkipReason.FIFO: "FIFO (named pipe)",
    SkipReason.DEVICE: "device",
    SkipReason.SOCKET: "socket",
}


def _special(mode: int) -> SkipReason | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return SkipReason.FIFO
    if stat.S_ISSOCK(mode):
        return SkipReason.SOCKET
    return SkipReason.DEVICE  # character and block devices (and anything else that is not a file)


def _link_target(path: Path) -> str:
    try:
        return display_name(os.readlink(path))
    except OSError:
        return "?"


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def read_regular_file(path: Path, *, follow_symlinks: bool, max_bytes: int) -> tuple[bytes | None, int]:
    """The file's bytes and size, or (None, size) when it is larger than ``max_bytes`` (not read).

    Opened without blocking and without following a final symbolic link (unless asked), then checked to be
    a regular file: a path that became a FIFO or a device since it was listed raises SpecialFile instead of
    hanging the worker. OSError (permission, I/O error) is left to the caller to name.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        reason = _special(info.st_mode)
        if reason is not None:
            raise SpecialFile(reason, f"a {_KIND_NAMES[reason]}, not a regular file")
        if info.st_size > max_bytes:
            return None, info.st_size
        os.set_blocking(descriptor, True)
        chunks = []
        size = 0
        while True:
            chunk = os.read(descriptor, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:  # it grew while being read
                return None, size
        return b"".join(chunks), size
    finally:
        os.close(descriptor)


class SpecialFile(Exception):
    """The path is not a regular file (any more)."""

    def __init__(self, reason: SkipReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class InputNotFound(MsdsError):
    code = "input_not_found"


class LabelFileUnusable(MsdsError):
    code = "label_file_unusable"


def files_named_by_labels(labels: Path, root: Path) -> list[Path]:
    """The files a label file names, under ``root``: each line's ``pool_file`` (a path relative to the
    corpus folder) or else its ``file_name``; every named file must exist."""
    try:
        text = labels.read_text(encoding="utf-8")
    except OSError as error:
        raise LabelFileUnusable(f"cannot read {labels}: {error}") from error
    files: list[Path] = []
    missing: list[Path] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise LabelFileUnusable(f"{labels}:{number}: not JSON ({error.msg})") from error
        name = row.get("pool_file") or row.get("file_name") if isinstance(row, dict) else None
        if not isinstance(name, str) or not name:
            raise LabelFileUnusable(f"{labels}:{number}: names no file (pool_file or file_name)")
        path = root / name
        (files if path.is_file() else missing).append(path)
    if missing:
        shown = ", ".join(str(path) for path in missing[:5])
        raise InputNotFound(f"{len(missing)} labelled file(s) not found under {root}: {shown}")
    return files
