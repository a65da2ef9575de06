"""The committed samples/ folder (made by scripts/make_samples.py) matches its labels."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from msds.synth.labels import LABEL_KEYS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_samples_match_their_labels_and_stay_small() -> None:
    # Given the samples folder and its labels
    labels = [
        json.loads(line) for line in (SAMPLES / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    files = sorted(SAMPLES.glob("synth_*"))
    # When files, hashes and sizes are compared with the labels
    by_name = {label["file_name"]: label for label in labels}
    total = sum(p.stat().st_size for p in files)
    # Then every file is labelled with the right hash, there is a mix of languages and scans, under 5 MB
    assert sorted(by_name) == [p.name for p in files]
    assert all(tuple(label) == LABEL_KEYS for label in labels)
    assert all(by_name[p.name]["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest() for p in files)
    assert len(labels) >= 8
    assert sum(label["scanned"] for label in labels) >= 2
    assert len({label["language"] for label in labels}) >= 4
    assert total < 5 * 1024 * 1024
