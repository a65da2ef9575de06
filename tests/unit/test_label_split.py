"""The script that splits the labelled pool sheets into a tuning and a check half."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "split_labels.py"


def _splitter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("split_labels", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sheet(identifier: str, supplier: str, language: str = "de", half: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"id": identifier, "supplier_name": supplier, "language": language}
    if half is not None:
        row["split"] = half
    return row


def test_sheets_labelled_later_never_move_a_sheet_between_halves() -> None:
    # Given halves already drawn, and three new sheets: one from a check-half supplier, one from a
    # tuning-half supplier and one from a supplier not seen before
    labels = [
        _sheet("a", "Alpha GmbH", half="check"),
        _sheet("b", "Beta AG", half="tuning"),
        _sheet("c", "Gamma Ltd", half="check"),
        _sheet("new-alpha", "Alpha Chemie GmbH"),
        _sheet("new-beta", "Beta AG"),
        _sheet("new-delta", "Delta SE"),
    ]

    # When the split is run again
    halves = _splitter().split(labels, set())

    # Then the drawn sheets keep their half, a known supplier's new sheet joins its half, and a new
    # supplier goes to the tuning half
    assert halves == {
        "a": "check",
        "b": "tuning",
        "c": "check",
        "new-alpha": "check",
        "new-beta": "tuning",
        "new-delta": "tuning",
    }


def test_a_first_split_shares_each_language_between_the_halves() -> None:
    # Given four suppliers' sheets in one language, none assigned yet
    labels = [_sheet(str(n), f"Supplier{n} GmbH") for n in range(4)]

    # When they are split
    halves = _splitter().split(labels, set())

    # Then each half holds two of them
    assert sorted(halves.values()) == ["check", "check", "tuning", "tuning"]
