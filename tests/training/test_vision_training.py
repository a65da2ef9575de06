"""Training of the vision model is reproducible: the same seed gives the same artefacts, byte for byte.

Runs in the training environment (.venv-train, `make test` runs it there), which has PyTorch."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from msds.vision.training.fit import FitSettings
from msds.vision.training.train import TrainSettings, train

_TINY = TrainSettings(
    seed=11,
    workers=1,
    pictogram_chunks=1,
    signature_chunks=1,
    scenes_per_chunk=2,
    validation_chunks=1,
    heldout_pages=2,
    pictogram_fit=FitSettings(epochs=1),
    signature_fit=FitSettings(epochs=1, grey_share=0.0),
)


def _train(out_dir: Path, settings: TrainSettings) -> dict[str, bytes]:
    train(out_dir, settings, log=lambda _: None)
    return {name: (out_dir / name).read_bytes() for name in ("pictograms.onnx", "signatures.onnx")}


def test_two_training_runs_with_the_same_seed_write_identical_models(tmp_path: Path) -> None:
    # Given two tiny training runs with the same seed, in the same process (so torch's global generator
    # has moved on between them, as it does between runs of different processes)
    first = _train(tmp_path / "first", _TINY)

    # When the second run trains
    second = _train(tmp_path / "second", _TINY)

    # Then both ONNX models are identical byte for byte
    assert first == second


def test_a_different_seed_gives_a_different_model(tmp_path: Path) -> None:
    # Given a tiny training run with one seed
    first = _train(tmp_path / "first", _TINY)

    # When a run with another seed trains
    other = _train(tmp_path / "other", dataclasses.replace(_TINY, seed=12))

    # Then the pictogram model differs, and the report records the seed it was made with
    assert first["pictograms.onnx"] != other["pictograms.onnx"]
    report = json.loads((tmp_path / "other" / "vision_model.json").read_text(encoding="utf-8"))
    assert report["training"]["settings"]["seed"] == 12
