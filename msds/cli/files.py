"""Expand command-line paths into the files to process."""

from __future__ import annotations

import json
from pathlib import Path

from msds.errors import MsdsError


class InputNotFound(MsdsError):
    code = "input_not_found"


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given and every non-hidden file under the given folders, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            )
        elif path.is_file():
            files.append(path)
        else:
            raise InputNotFound(f"no such file or folder: {raw}")
    seen: set[Path] = set()
    unique = []
    for file in files:
        resolved = file.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(file)
    return unique


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


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
