"""Make the data, train both classifiers, export them to ONNX and measure them: one reproducible run."""

from __future__ import annotations

import json
import multiprocessing
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from msds.vision import processing
from msds.vision.detector import METADATA, PICTOGRAM_MODEL, SIGNATURE_MODEL, VisionModel
from msds.vision.synthetic.compositor import Artwork, Placed
from msds.vision.synthetic.dataset import Examples, build_examples, training_artwork
from msds.vision.synthetic.heldout import heldout_pages, score_pictograms, score_signatures
from msds.vision.training.export import export_onnx, largest_difference
from msds.vision.training.fit import FitSettings, fit, predict
from msds.vision.training.network import pictogram_network, signature_network

Log = Callable[[str], None]
_VALIDATION_SEED_OFFSET = 100_003
_HELDOUT_SEED_OFFSET = 200_003
_LOWEST_THRESHOLD = 0.3
_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class TrainSettings:
    seed: int = 7
    workers: int = 2
    pictogram_chunks: int = 32
    signature_chunks: int = 32
    scenes_per_chunk: int = 50
    validation_chunks: int = 4
    heldout_pages: int = 150
    official_artwork: bool = True
    pictogram_fit: FitSettings = field(default_factory=lambda: FitSettings(epochs=10))
    signature_fit: FitSettings = field(default_factory=lambda: FitSettings(epochs=8, grey_share=0.0))


def train(out_dir: Path, settings: TrainSettings, log: Log = print) -> dict[str, Any]:
    """Write pictograms.onnx, signatures.onnx and vision_model.json (with all figures measured) to out_dir."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(settings.workers)
    seed = settings.seed
    report: dict[str, Any] = {"settings": asdict(settings)}

    log("making training data")
    val_seed = seed + _VALIDATION_SEED_OFFSET
    pictograms = _examples("pictograms", seed, settings.pictogram_chunks, settings)
    pictograms_val = _examples("pictograms", val_seed, settings.validation_chunks, settings)
    signatures = _examples("signatures", seed, settings.signature_chunks, settings)
    signatures_val = _examples("signatures", val_seed, settings.validation_chunks, settings)
    report["data"] = {
        "pictograms": _describe(pictograms, processing.PICTOGRAM_LABELS),
        "pictograms_validation": _describe(pictograms_val, processing.PICTOGRAM_LABELS),
        "signatures": _describe(signatures, processing.SIGNATURE_LABELS),
        "signatures_validation": _describe(signatures_val, processing.SIGNATURE_LABELS),
        "seconds": round(time.perf_counter() - started, 1),
    }
    log(json.dumps(report["data"], indent=1))

    log(f"training the pictogram classifier on {len(pictograms.labels)} crops")
    # The initial weights come from torch's global generator, which starts from a random seed.
    torch.manual_seed(seed)
    pictogram_net = pictogram_network()
    fitted = fit(pictogram_net, pictograms.inputs, pictograms.labels, settings.pictogram_fit, seed, log)
    report["pictogram_classifier"] = {
        "train_seconds": round(fitted.seconds, 1),
        "validation": _classifier_scores(pictogram_net, pictograms_val, processing.PICTOGRAM_LABELS),
    }
    log(f"training the signature classifier on {len(signatures.labels)} crops")
    torch.manual_seed(seed)
    signature_net = signature_network()
    fitted = fit(signature_net, signatures.inputs, signatures.labels, settings.signature_fit, seed, log)
    report["signature_classifier"] = {
        "train_seconds": round(fitted.seconds, 1),
        "validation": _classifier_scores(signature_net, signatures_val, processing.SIGNATURE_LABELS),
    }

    export_onnx(pictogram_net, processing.PICTOGRAM_INPUT, out_dir / PICTOGRAM_MODEL)
    export_onnx(signature_net, processing.SIGNATURE_INPUT, out_dir / SIGNATURE_MODEL)
    report["onnx_largest_difference"] = {
        "pictograms": largest_difference(
            pictogram_net, out_dir / PICTOGRAM_MODEL, pictograms_val.inputs[:256]
        ),
        "signatures": largest_difference(
            signature_net, out_dir / SIGNATURE_MODEL, signatures_val.inputs[:256]
        ),
    }
    _write_metadata(out_dir, report)

    log("scoring the exported model on held-out synthetic pages")
    heldout_seed = seed + _HELDOUT_SEED_OFFSET
    art = training_artwork(settings.official_artwork, heldout_seed)
    scores = heldout_scores(out_dir, heldout_seed, settings, art)
    report["heldout_pages"] = {"pages": settings.heldout_pages, **scores}
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["machine"] = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cpus": settings.workers,
    }
    _write_metadata(out_dir, report)
    log(json.dumps({k: report[k] for k in ("heldout_pages", "seconds")}, indent=1))
    return report


def heldout_scores(artefacts: Path, seed: int, settings: TrainSettings, art: Artwork) -> dict[str, Any]:
    """Detection scores of the exported model on held-out pages: at the shipped thresholds, and for a
    range of thresholds (to choose them on synthetic data, never on the real corpus)."""
    model = VisionModel(artefacts)
    out: dict[str, Any] = {}
    for kind in ("pictograms", "signatures"):
        pages: list[tuple[list[Any], list[Placed]]] = []
        for image, placed in heldout_pages(kind, seed, settings.heldout_pages, art):
            page = processing.working_page(image)
            if kind == "pictograms":
                batch = processing.pictogram_batch(page)
                logits = model.pictogram_logits(batch.inputs)
                found: list[Any] = processing.pictogram_detections(batch, logits, _LOWEST_THRESHOLD)
            else:
                batch = processing.signature_batch(page)
                logits = model.signature_logits(batch.inputs)
                found = processing.signature_detections(batch, logits, _LOWEST_THRESHOLD)
            pages.append((found, placed))
        score = score_pictograms if kind == "pictograms" else score_signatures
        shipped = processing.PICTOGRAM_MIN_SCORE if kind == "pictograms" else processing.SIGNATURE_MIN_SCORE
        out[kind] = {
            **score(_above(pages, shipped)).as_dict(),
            "threshold": shipped,
            "by_threshold": {
                str(t): {
                    k: v for k, v in score(_above(pages, t)).as_dict().items() if k in ("precision", "recall")
                }
                for t in _THRESHOLDS
            },
        }
    return out


def _above(
    pages: list[tuple[list[Any], list[Placed]]], threshold: float
) -> list[tuple[list[Any], list[Placed]]]:
    return [([d for d in found if d.score >= threshold], placed) for found, placed in pages]


def _examples(kind: str, seed: int, chunks: int, settings: TrainSettings) -> Examples:
    jobs = [
        (kind, seed, chunk, settings.scenes_per_chunk, settings.official_artwork) for chunk in range(chunks)
    ]
    if settings.workers <= 1:
        return Examples.join([build_examples(*job) for job in jobs])
    with multiprocessing.get_context("spawn").Pool(settings.workers) as pool:
        return Examples.join(pool.starmap(build_examples, jobs))


def _describe(examples: Examples, labels: tuple[str, ...]) -> dict[str, Any]:
    counts = np.bincount(examples.labels, minlength=len(labels))
    return {
        "crops": len(examples.labels),
        "by_label": {label: int(n) for label, n in zip(labels, counts, strict=True)},
        "objects": examples.objects,
        "objects_with_a_candidate": examples.proposed,
        "candidate_recall": round(examples.proposed / max(1, examples.objects), 4),
        "hard_negatives_seen": dict(sorted(examples.hard.items())),
    }


def _classifier_scores(
    network: torch.nn.Module, examples: Examples, labels: tuple[str, ...]
) -> dict[str, Any]:
    """Accuracy; at the detection threshold, recall of each positive class and false alarms on negatives."""
    logits = predict(network, examples.inputs)
    probabilities = processing.softmax(logits)
    classes = probabilities.argmax(axis=1)
    scores = probabilities.max(axis=1)
    threshold = processing.PICTOGRAM_MIN_SCORE if len(labels) > 2 else processing.SIGNATURE_MIN_SCORE
    reported = np.where((classes > 0) & (scores >= threshold), classes, 0)
    truth = examples.labels
    negatives = truth == 0
    per_class = {
        label: round(float((reported[truth == i] == i).mean()), 4)
        for i, label in enumerate(labels)
        if i > 0 and (truth == i).any()
    }
    return {
        "accuracy": round(float((classes == truth).mean()), 4),
        "recall_by_class": per_class,
        "false_alarm_rate_on_negatives": round(float((reported[negatives] > 0).mean()), 4)
        if negatives.any()
        else 0.0,
        "wrong_class_on_positives": int(((reported != truth) & (reported > 0) & ~negatives).sum()),
    }


def _write_metadata(out_dir: Path, report: dict[str, Any]) -> None:
    metadata = {
        "pictogram_labels": list(processing.PICTOGRAM_LABELS),
        "signature_labels": list(processing.SIGNATURE_LABELS),
        "pictogram_input": list(processing.PICTOGRAM_INPUT),
        "signature_input": list(processing.SIGNATURE_INPUT),
        "render_dpi": processing.RENDER_DPI,
        "training": report,
    }
    (out_dir / METADATA).write_text(json.dumps(metadata, indent=1, sort_keys=False) + "\n", encoding="utf-8")
