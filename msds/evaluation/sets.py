"""Several labelled sets scored at once (the dev corpus, the tuning half, the check half), side by side.

A set is named on the command line as ``NAME=LABELS:PREDICTIONS``; ``LABELS+MORE`` adds the keys of each
line of MORE (labels made later for some fields, e.g. Section 3's ``components``) to the line of LABELS with
the same ``id``. A label file whose lines carry ``split`` (``tuning``/``check``) becomes one set per split
value, named by that value: rules are written against the dev corpus and the tuning half, and the check
half, from suppliers neither has, is only measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msds.evaluation.errors import EvaluationInputError
from msds.evaluation.evaluate import evaluate
from msds.evaluation.loading import load_jsonl
from msds.evaluation.models import EvaluationReport
from msds.evaluation.reliability import FieldReliability, reliability

SPLIT_KEY = "split"
# The half that no rule may be written against: its mistakes are never listed.
MEASURED_ONLY = frozenset({"check"})


@dataclass(frozen=True)
class LabelledSet:
    name: str
    labels: list[dict[str, Any]]
    predictions: list[dict[str, Any]]


@dataclass(frozen=True)
class SetResult:
    name: str
    report: EvaluationReport
    reliability: dict[str, FieldReliability]

    @property
    def measured_only(self) -> bool:
        return self.name in MEASURED_ONLY


def parse_set_spec(spec: str) -> tuple[str, Path, Path]:
    """``NAME=LABELS:PREDICTIONS`` -> (name, labels path, predictions path)."""
    name, equals, paths = spec.partition("=")
    labels, colon, predictions = paths.rpartition(":")
    if not equals or not colon or not name.strip() or not labels or not predictions:
        raise EvaluationInputError(f"set {spec!r}: expected NAME=LABELS.jsonl:PREDICTIONS.jsonl")
    return name.strip(), Path(labels), Path(predictions)


def split_labels(name: str, labels: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The labels of one file as sets: one per ``split`` value when every line has one, else one set."""
    splits = [row.get(SPLIT_KEY) for row in labels]
    if not labels or all(value is None for value in splits):
        return {name: list(labels)}
    if any(not isinstance(value, str) or not value for value in splits):
        raise EvaluationInputError(f"set {name!r}: some labels have a {SPLIT_KEY!r} and others do not")
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in labels:
        groups.setdefault(str(row[SPLIT_KEY]), []).append(row)
    # The measured-only half last, beside the sets rules are written against.
    return dict(sorted(groups.items(), key=lambda item: item[0] in MEASURED_ONLY))


def load_labels(labels_path: Path) -> list[dict[str, Any]]:
    """The label lines of ``LABELS`` or ``LABELS+MORE+...``: each line of a later file adds its keys to the
    line of the first file with the same id (a key the line has already is an input error)."""
    first, *more = str(labels_path).split("+")
    rows = load_jsonl(Path(first))
    by_id = {row["id"]: row for row in rows}
    for extra in more:
        for row in load_jsonl(Path(extra)):
            target = by_id.get(row.get("id"))
            if target is None:
                raise EvaluationInputError(f"{extra}: id {row.get('id')!r} is not in {first}")
            clash = sorted(key for key in row if key != "id" and key in target)
            if clash:
                raise EvaluationInputError(f"{extra}: id {row['id']!r} would replace {', '.join(clash)}")
            target.update({key: value for key, value in row.items() if key != "id"})
    return rows


def load_sets(specs: Sequence[str]) -> list[LabelledSet]:
    """Every named set, split by ``split`` where the labels have one; set names must be unique."""
    sets: list[LabelledSet] = []
    for spec in specs:
        name, labels_path, predictions_path = parse_set_spec(spec)
        predictions = load_jsonl(predictions_path)
        for set_name, labels in split_labels(name, load_labels(labels_path)).items():
            ids = {row["id"] for row in labels}
            chosen = [row for row in predictions if row["id"] in ids]
            sets.append(LabelledSet(set_name, labels, chosen))
    names = [labelled.name for labelled in sets]
    if len(set(names)) != len(names):
        raise EvaluationInputError(f"set names must be unique, got {', '.join(names)}")
    return sets


def evaluate_set(labelled: LabelledSet) -> SetResult:
    return SetResult(
        name=labelled.name,
        report=evaluate(labelled.labels, labelled.predictions),
        reliability=reliability(labelled.labels, labelled.predictions),
    )


def evaluate_sets(sets: Sequence[LabelledSet]) -> list[SetResult]:
    return [evaluate_set(labelled) for labelled in sets]


def results_by_name(results: Sequence[SetResult]) -> Mapping[str, SetResult]:
    return {result.name: result for result in results}
