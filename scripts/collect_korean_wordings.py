"""Collect the Korean statement wordings that sheets print beside their codes and that differ from the
environment-ministry table (``msds/data/ghs/ghs_statements_ko.csv``): the MoEL/KOSHA notice wording
(「화학물질의 분류·표시 및 물질안전보건자료에 관한 기준」) most Korean sheets use.

Only sheets of the dev corpus and of the TUNING half of the pool labels are read (never the check half), from
the text ``make eval`` stored in ``out/eval-data``; a wording is kept when at least two sheets print it beside
the same code. Writes ``msds/data/ghs/ghs_statements_ko_kosha.csv`` (code, text, sheets).

    make eval && .venv/bin/python scripts/collect_korean_wordings.py
"""

from __future__ import annotations

import collections
import csv
import json
import re
from pathlib import Path

from models.text import DocumentText
from msds.services.document_lines import flatten

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "out" / "eval-data" / "store" / "artifacts"
DEV_LABELS = ROOT.parent / "shared" / "corpus" / "dev" / "labels.jsonl"
POOL_LABELS = ROOT / "labels" / "pool" / "labels.jsonl"
PREDICTIONS = (ROOT / "out" / "dev.jsonl", ROOT / "out" / "pool.jsonl")
OUTPUT = ROOT / "msds" / "data" / "ghs" / "ghs_statements_ko_kosha.csv"
MIN_SHEETS = 2

_PAIR = re.compile(r"^\W*((?:H|P)\d{3}(?:\s*\+\s*(?:H|P)\d{3})*)\s*[:.]?\s+([가-힣(][^A-Za-z]{3,})$")


def _comparable(text: str) -> str:
    return re.sub(r"[\s.。·ㆍ:;]", "", re.sub(r"\(주\d\)", "", text))


def main() -> None:
    documents = {}
    for path in PREDICTIONS:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            documents[row["id"]] = row["document_id"]
    labels = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines()]
    labels += [
        row
        for row in (json.loads(line) for line in POOL_LABELS.read_text(encoding="utf-8").splitlines())
        if row["split"] == "tuning"
    ]
    ministry_table = ROOT / "msds" / "data" / "ghs" / "ghs_statements_ko.csv"
    ministry = {row["code"]: row["text"] for row in csv.DictReader(ministry_table.open(encoding="utf-8"))}
    seen: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    printed: dict[tuple[str, str], str] = {}
    for label in labels:
        if label["language"] != "ko" or label["id"] not in documents:
            continue
        document_id = documents[label["id"]]
        text = DocumentText.model_validate_json(
            (ARTIFACTS / document_id[:2] / document_id / "text.json").read_bytes()
        )
        for line in flatten(text):
            match = _PAIR.match(line.text.strip())
            if match is None or line.ocr:
                continue
            code, wording = re.sub(r"\s", "", match.group(1)), match.group(2).strip()
            key = (code, _comparable(wording))
            seen[key].add(label["id"])
            printed.setdefault(key, wording)
    rows = [
        (code, printed[(code, key)], len(sheets))
        for (code, key), sheets in sorted(seen.items())
        if len(sheets) >= MIN_SHEETS and key != _comparable(ministry.get(code, ""))
    ]
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "text", "sheets"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} wordings to {OUTPUT}")


if __name__ == "__main__":
    main()
