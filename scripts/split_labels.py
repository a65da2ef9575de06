"""Split a labelled set by supplier into a tuning half and a check half (``split`` key of each label).

Every sheet of one supplier goes to the same half, so no rule written against the tuning half has seen
the check half's suppliers; suppliers that also appear in the dev corpus (``--seen``) go to the tuning
half, so the check half measures suppliers the project has never tuned on. The rest are assigned
deterministically (largest groups first, each to the half with fewer sheets of its language, ties by a hash
of the supplier), so both halves hold every language in about equal numbers.

Once drawn, the halves stay: a row that already has a ``split`` keeps it, a new row whose supplier is
already in a half joins that half, and a new supplier goes to the tuning half. So sheets labelled later
never move a sheet from one half to the other, and the check half's figures stay comparable from one
measurement to the next. Usage:

    python scripts/split_labels.py labels/pool/labels.jsonl --seen ../shared/corpus/dev/labels.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

LEGAL_FORMS = re.compile(
    r"\b(gmbh|co|kg|ag|se|inc|ltd|llc|sa|s a|ltda|corp|corporation|company|limited|bv|b v|plc|spa|srl|"
    r"u s a|usa|us|de|do|da|the|and|주식회사|유)\b"
)


# Companies of one corporate family, printed under different names (a subsidiary or a former name).
RELATED = {"pepsi": "pepsico", "thermo": "fisher", "exxon": "exxonmobil", "헨켈코리아": "henkel"}


def supplier_key(label: dict[str, Any]) -> str:
    """The supplier a sheet belongs to: the first word of its name without legal forms, case and accents;
    the source file's name when the sheet names no supplier."""
    name = label.get("supplier_name") or ""
    folded = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        if name.isascii()
        else name
    )
    words = LEGAL_FORMS.sub(
        " ", re.sub(r"[^\w ]", " ", folded.lower().replace("(주)", " ").replace("㈜", " "))
    ).split()
    return RELATED.get(words[0], words[0]) if words else "file:" + str(label["id"])


def split(labels: list[dict[str, Any]], seen: set[str]) -> dict[str, str]:
    drawn = [label for label in labels if label.get("split") in ("tuning", "check")]
    if drawn:
        return _extend(labels, drawn)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        groups[supplier_key(label)].append(label)
    counts: dict[str, Counter[str]] = {"tuning": Counter(), "check": Counter()}
    assignment: dict[str, str] = {}

    def order(key: str) -> tuple[int, str]:
        return (-len(groups[key]), hashlib.sha256(key.encode("utf-8")).hexdigest())

    for key in sorted(groups, key=order):
        members = groups[key]
        language = Counter(str(m["language"]) for m in members).most_common(1)[0][0]
        if key in seen:
            half = "tuning"
        else:
            tuning, check = counts["tuning"][language], counts["check"][language]
            half = (
                "tuning"
                if tuning < check
                else "check"
                if check < tuning
                else ("check" if order(key)[1] < "8" else "tuning")
            )
        assignment[key] = half
        for member in members:
            counts[half][str(member["language"])] += 1
    return {str(label["id"]): assignment[supplier_key(label)] for label in labels}


def _extend(labels: list[dict[str, Any]], drawn: list[dict[str, Any]]) -> dict[str, str]:
    halves_of: dict[str, set[str]] = defaultdict(set)
    for label in drawn:
        halves_of[supplier_key(label)].add(str(label["split"]))
    assignment: dict[str, str] = {}
    for label in labels:
        if label.get("split") in ("tuning", "check"):
            assignment[str(label["id"])] = str(label["split"])
            continue
        known = halves_of[supplier_key(label)]
        # A supplier already measured in the check half stays there, so the tuning half never sees it.
        assignment[str(label["id"])] = "check" if "check" in known else "tuning"
    return assignment


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("labels", type=Path)
    parser.add_argument(
        "--seen", type=Path, help="labels of sheets already tuned on (their suppliers -> tuning)"
    )
    args = parser.parse_args()
    labels = [
        json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    seen: set[str] = set()
    if args.seen:
        seen = {
            supplier_key(json.loads(line))
            for line in args.seen.read_text(encoding="utf-8").splitlines()
            if line.strip()
        }
    halves = split(labels, seen)
    for label in labels:
        label["split"] = halves[str(label["id"])]
    args.labels.write_text(
        "".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels), encoding="utf-8"
    )
    summary = Counter((label["split"], label["language"]) for label in labels)
    for (half, language), count in sorted(summary.items()):
        print(f"{half}\t{language}\t{count}")


if __name__ == "__main__":
    main()
