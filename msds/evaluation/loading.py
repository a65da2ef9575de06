"""Reading JSON Lines files of labels or predictions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from msds.evaluation.errors import EvaluationInputError


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read one JSON object per non-blank line; every object needs a unique, non-empty string ``id``.

    Raises EvaluationInputError naming the file (and the 1-based line) when the file is missing or
    unreadable, a line is not valid JSON or not an object, or an ``id`` is missing, not a string or repeated.
    """
    file = Path(path)
    if not file.is_file():
        raise EvaluationInputError(f"{file}: file not found")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationInputError(f"{file}: cannot read file ({exc})") from exc

    rows: list[dict[str, Any]] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationInputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(row, dict):
            raise EvaluationInputError(f"{where}: expected a JSON object, got {type(row).__name__}")
        if "id" not in row:
            raise EvaluationInputError(f"{where}: missing 'id'")
        doc_id = row["id"]
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise EvaluationInputError(f"{where}: 'id' must be a non-empty string, got {doc_id!r}")
        if doc_id in first_line_of:
            raise EvaluationInputError(
                f"{where}: duplicate id {doc_id!r} (first on line {first_line_of[doc_id]})"
            )
        first_line_of[doc_id] = number
        rows.append(row)
    return rows


def select_split(
    labels: list[dict[str, Any]], predictions: list[dict[str, Any]], split: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The labels of one half of a split labelled set (their ``split`` key, e.g. ``tuning`` or ``check``) and
    the predictions that are not for a sheet of another half, so those are not reported as unlabelled.

    Raises EvaluationInputError naming the halves the labels have when none is ``split``.
    """
    chosen = [label for label in labels if label.get("split") == split]
    if not chosen:
        halves = sorted({str(label["split"]) for label in labels if label.get("split") is not None})
        have = ", ".join(halves) if halves else "none"
        raise EvaluationInputError(f"no label has split {split!r} (the labels' halves: {have})")
    others = {label.get("id") for label in labels} - {label.get("id") for label in chosen}
    return chosen, [prediction for prediction in predictions if prediction.get("id") not in others]
