"""Expand command-line paths into the files to process."""

from __future__ import annotations

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


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)
