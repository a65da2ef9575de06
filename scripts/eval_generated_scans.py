"""Evaluate the pipeline on generated scans: the project's generator writes scanned-looking sheets (image-only
PDF, PNG, JPEG, TIFF; noise, blur, skew) with their labels, the local host extracts them, and `msds eval`
prints every figure with the mistakes. The generated sheets know their truth exactly, so OCR's effect on each
field shows without a labelling pass; the real corpus's scanned sheets stay the measure (`make eval`).

Usage:
    .venv/bin/python scripts/eval_generated_scans.py [--count 40] [--seed 9001] [--dpi 200] [--out DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from msds.synth import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=40, help="generated sheets (default 40)")
    parser.add_argument("--seed", type=int, default=9001, help="the generator's seed (default 9001)")
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scans (default 200)")
    parser.add_argument("--out", type=Path, help="keep the sheets, data dir and predictions here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="msds-scans-") as scratch:
        out = args.out or Path(scratch)
        sheets, data, predictions = out / "sheets", out / "data", out / "predictions.jsonl"
        generate(sheets, count=args.count, seed=args.seed, scanned_fraction=1.0, scan_dpi=args.dpi)
        # The labels go beside the sheets, not among them: the folder is the input.
        labels = (sheets / "labels.jsonl").replace(out / "labels.jsonl")
        print(
            f"generated {args.count} scanned sheets (seed {args.seed}, {args.dpi} dpi) in {sheets}",
            flush=True,
        )
        msds = [sys.executable, "-m", "msds.cli.main"]
        extract = [*msds, "--data-dir", str(data), "extract", str(sheets), "-o", str(predictions), "--quiet"]
        subprocess.run(extract, check=True)
        evaluate = [*msds, "eval", str(labels), str(predictions), "--verbose"]
        return subprocess.run(evaluate, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
