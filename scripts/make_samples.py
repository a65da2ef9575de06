"""Regenerate samples/: a few synthetic SDS documents (text and scanned) with labels.jsonl, from a fixed seed.

Usage: .venv/bin/python scripts/make_samples.py [--out samples] [--count 8] [--seed 20240526]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from msds.synth import generate

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED = 20240526
MAX_TOTAL_BYTES = 5 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "samples")
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists():
        for old in [*out.glob("synth_*"), out / "labels.jsonl"]:
            if old.is_file():
                old.unlink()
    paths = generate(out, count=args.count, seed=args.seed, scanned_fraction=0.375, scan_dpi=150)
    total = sum(p.stat().st_size for p in paths) + (out / "labels.jsonl").stat().st_size
    for path in paths:
        print(f"{path.name:28} {path.stat().st_size:>10,d} bytes")
    print(f"total {total:,d} bytes in {out}")
    if total > MAX_TOTAL_BYTES:
        print("samples exceed 5 MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
