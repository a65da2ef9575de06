"""Fit the confidence calibration shipped in ``msds/data/calibration/field_confidence.json``.

It is fitted on the TUNING half of the pool labels only (never on the check half, which is only measured),
from predictions that carry each field's raw score (``raw_confidence``, written by ``msds extract``).
Reproduce it after a change of the extraction rules:

    make eval EXTRACT_FLAGS="--rerun-from Extract"        # or any msds extract run writing out/pool.jsonl
    .venv/bin/python scripts/fit_calibration.py
    make eval EXTRACT_FLAGS="--rerun-from Extract"        # the records now carry the new calibration
"""

from __future__ import annotations

import argparse
from pathlib import Path

from msds.evaluation import load_jsonl
from msds.evaluation.calibration_fit import fit_calibration
from msds.services.extract.record_builder import CALIBRATED_FIELDS, SIGNATURE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "msds" / "data" / "calibration" / "field_confidence.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--labels", default=str(ROOT / "labels" / "pool" / "labels.jsonl"))
    parser.add_argument("--predictions", default=str(ROOT / "out" / "pool.jsonl"))
    parser.add_argument("--split", default="tuning", help="the half to fit on (never 'check')")
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT))
    args = parser.parse_args()
    if args.split == "check":
        parser.error("the check half is only measured: fit on the tuning half")
    labels = [row for row in load_jsonl(args.labels) if row.get("split") == args.split]
    if not labels:
        parser.error(f"no labels of split {args.split!r} in {args.labels}")
    calibration = fit_calibration(
        labels,
        load_jsonl(args.predictions),
        CALIBRATED_FIELDS + SIGNATURE_FIELDS,
        fitted_on=f"{Path(args.labels).relative_to(ROOT) if Path(args.labels).is_absolute() else args.labels}"
        f" split={args.split} ({len(labels)} sheets)",
    )
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(calibration.to_json(), encoding="utf-8")
    for name, field in calibration.fields.items():
        steps = ", ".join(f">={s:.2f}: {c:.2f}" for s, c in zip(field.scores, field.confidences, strict=True))
        print(f"{name:18} {field.documents:3d} sheets  {steps}")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
