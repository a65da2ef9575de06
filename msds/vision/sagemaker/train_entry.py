"""SageMaker script-mode entry point of the vision model's training (``train_vision_sagemaker.py`` at the root
of ``sourcedir.tar.gz``).

The training toolkit runs ``python train_vision_sagemaker.py --seed 7 ...`` from /opt/ml/code with the
``SM_*`` environment set. This adapts the job's folders to the project's own training
(msds.vision.training.train, the same code ``scripts/train_vision.py`` runs locally):

- the model is trained into the checkpoint folder (``/opt/ml/checkpoints``, synced to S3 by SageMaker), then
  copied to ``SM_MODEL_DIR`` which SageMaker packs as ``model.tar.gz``;
- a spot job restarted after an interruption finds a finished model in its checkpoints and does not train
  again. (The project's training builds its data from the seed and trains in about 15 minutes; it keeps no
  finer checkpoints, so an interruption before the end reruns it from the seed, with the same result.)
- the held-out figures are printed as ``name=value`` lines, which the job's metric definitions read.

The ``train`` channel (``SM_CHANNEL_TRAIN``) holds the data plan the launcher uploaded; the training makes
its data from the seed, so the plan is only checked against the seed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from msds.errors import ConfigurationError

METADATA = "vision_model.json"
DATA_PLAN = "data-plan.json"
ARTEFACTS = ("pictograms.onnx", "signatures.onnx", METADATA)


class DataPlanMismatch(ConfigurationError):
    """The train channel's data plan was made for another seed."""

    code = "data_plan_mismatch"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(description="train the msds vision model inside a SageMaker job")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--workers", type=int, default=int(env.get("SM_NUM_CPUS", "2")))
    parser.add_argument("--quick", type=_boolean, default=False)
    parser.add_argument("--model-dir", type=Path, default=Path(env.get("SM_MODEL_DIR", "/opt/ml/model")))
    parser.add_argument("--checkpoint-dir", type=Path, default=Path("/opt/ml/checkpoints"))
    parser.add_argument("--train", type=Path, default=_optional_path(env.get("SM_CHANNEL_TRAIN")))
    # The toolkit passes every user hyperparameter; unknown ones are reported, not fatal.
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print(f"ignoring unknown arguments: {unknown}", file=sys.stderr)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_data_plan(args.train, args.seed)
    trained = args.checkpoint_dir / "model"
    if finished(trained, args.seed):
        print(f"resuming: a finished model for seed {args.seed} is in {trained}")
    else:
        from msds.vision.training.train import TrainSettings, train

        settings = TrainSettings(seed=args.seed, workers=args.workers)
        if args.quick:
            import dataclasses

            settings = dataclasses.replace(settings, pictogram_chunks=4, signature_chunks=4, heldout_pages=20)
        train(trained, settings)
    args.model_dir.mkdir(parents=True, exist_ok=True)
    for name in ARTEFACTS:
        shutil.copy2(trained / name, args.model_dir / name)
    for line in metric_lines(json.loads((trained / METADATA).read_text(encoding="utf-8"))):
        print(line)
    return 0


def finished(folder: Path, seed: int) -> bool:
    """A complete model for this seed: every artefact, and held-out scores written (the last step)."""
    if not all((folder / name).is_file() for name in ARTEFACTS):
        return False
    try:
        training = json.loads((folder / METADATA).read_text(encoding="utf-8")).get("training", {})
    except ValueError:
        return False
    return "heldout_pages" in training and training.get("settings", {}).get("seed") == seed


def check_data_plan(channel: Path | None, seed: int) -> None:
    if channel is None or not (channel / DATA_PLAN).is_file():
        return
    plan = json.loads((channel / DATA_PLAN).read_text(encoding="utf-8"))
    if plan.get("seed") != seed:
        raise DataPlanMismatch(f"the train channel's data plan is for seed {plan.get('seed')}, not {seed}")


def metric_lines(metadata: dict[str, Any]) -> list[str]:
    """``heldout_pictogram_precision=0.99`` ... for the job's metric definitions."""
    heldout = metadata.get("training", {}).get("heldout_pages", {})
    lines = []
    for kind in ("pictograms", "signatures"):
        for measure in ("precision", "recall"):
            value = heldout.get(kind, {}).get(measure)
            if value is not None:
                lines.append(f"heldout_{kind.rstrip('s')}_{measure}={value}")
    return lines


def _boolean(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


def _optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


if __name__ == "__main__":
    sys.exit(main())
