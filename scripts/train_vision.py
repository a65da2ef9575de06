"""Train the vision model (GHS pictograms, signatures) from data made here; write it to msds/data/vision/.

Usage: .venv-train/bin/python scripts/train_vision.py [--seed 7] [--out msds/data/vision] [--workers 2]
       [--quick]

Needs the training environment .venv-train (`make setup` makes it from requirements-train.txt). Everything
(data, training, ONNX export, held-out scores) is deterministic for a seed and worker count; about 15
minutes on 2 cores.
--quick makes a small model in about a minute, to check the pipeline end to end (not for committing).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from msds.vision.training.fit import FitSettings
from msds.vision.training.train import TrainSettings, train

REPO_ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "msds" / "data" / "vision")
    parser.add_argument("--workers", type=int, default=2, help="processes for the data, threads for training")
    parser.add_argument("--quick", action="store_true", help="a small run to check the pipeline")
    parser.add_argument("--drawn-only", action="store_true", help="without the official SVG artwork")
    args = parser.parse_args(argv)
    settings = TrainSettings(seed=args.seed, workers=args.workers, official_artwork=not args.drawn_only)
    if args.quick:
        settings = dataclasses.replace(
            settings,
            pictogram_chunks=4,
            signature_chunks=4,
            validation_chunks=1,
            heldout_pages=20,
            pictogram_fit=FitSettings(epochs=2),
            signature_fit=FitSettings(epochs=2, grey_share=0.0),
        )
    report = train(args.out, settings)
    print(f"wrote {args.out} in {report['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
