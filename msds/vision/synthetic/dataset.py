"""Classifier examples from composited scenes: the detector's own candidate boxes, labelled by how they
overlap the true objects, plus jittered crops of the true boxes. Deterministic for a seed and chunk."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from msds.vision.processing import PICTOGRAM_LABELS, pictogram_crops, signature_crops
from msds.vision.proposals import box_iou, pictogram_candidates, signature_candidates
from msds.vision.synthetic.artwork import (
    official_marine_pollutant_mark,
    official_pictogram,
    official_transport_label,
)
from msds.vision.synthetic.backgrounds import background_pages, generator_signatures
from msds.vision.synthetic.compositor import SIGNATURE, Artwork, Placed, pictogram_scene, signature_scene
from msds.vision.synthetic.drawings import drawn_pictogram

TILE = 640
_POSITIVE_IOU = 0.5
_NEGATIVE_IOU = 0.25
_EASY_NEGATIVES_PER_SCENE = 12
Scene = Callable[[random.Random, Image.Image, Artwork], tuple[Image.Image, list[Placed]]]


@dataclass
class Examples:
    """Classifier inputs as uint8 (N, C, H, W), integer labels, and how many true objects had a candidate."""

    inputs: np.ndarray
    labels: np.ndarray
    objects: int = 0
    proposed: int = 0
    hard: dict[str, int] = field(default_factory=dict)

    @classmethod
    def join(cls, parts: list[Examples]) -> Examples:
        hard: dict[str, int] = {}
        for part in parts:
            for kind, n in part.hard.items():
                hard[kind] = hard.get(kind, 0) + n
        return cls(
            np.concatenate([p.inputs for p in parts]),
            np.concatenate([p.labels for p in parts]),
            sum(p.objects for p in parts),
            sum(p.proposed for p in parts),
            hard,
        )


def scene_tiles(rng: random.Random, documents: int, seed: int, tiles: int) -> list[Image.Image]:
    """`tiles` random TILE x TILE crops of generated pages (white where a page is smaller)."""
    pages = list(background_pages(documents, seed))
    out = []
    for _ in range(tiles):
        page = rng.choice(pages)
        x = rng.randint(0, max(0, page.width - TILE))
        y = rng.randint(0, max(0, page.height - TILE))
        tile = Image.new("RGB", (TILE, TILE), "white")
        tile.paste(page.crop((x, y, min(page.width, x + TILE), min(page.height, y + TILE))), (0, 0))
        out.append(tile)
    return out


def pictogram_examples(rng: random.Random, image: Image.Image, placed: list[Placed]) -> Examples:
    rgb = np.asarray(image.convert("RGB"))
    candidates = pictogram_candidates(rgb)
    truths = [p for p in placed if p.is_pictogram]
    others = [p for p in placed if not p.is_pictogram]
    labels = np.zeros(len(candidates), np.int64)
    keep = np.ones(len(candidates), bool)
    hard = np.zeros(len(candidates), bool)
    hard_kinds: dict[str, int] = {}
    proposed = 0
    if truths and len(candidates):
        truth_boxes = np.array([t.box for t in truths], np.float32)
        overlap = np.stack([box_iou(box, candidates) for box in truth_boxes])
        proposed = int((overlap.max(axis=1) >= _POSITIVE_IOU).sum())
        best, which = overlap.max(axis=0), overlap.argmax(axis=0)
        positive = best >= _POSITIVE_IOU
        labels[positive] = [PICTOGRAM_LABELS.index(truths[i].label) for i in which[positive]]
        keep &= positive | (best < _NEGATIVE_IOU)
        hard |= positive
    for other in others:
        near = box_iou(np.array(other.box, np.float32), candidates) >= _NEGATIVE_IOU
        hard |= near & keep & (labels == 0)
        if np.any(near):
            hard_kinds[other.label] = hard_kinds.get(other.label, 0) + 1
    easy = np.flatnonzero(keep & ~hard)
    chosen = np.concatenate([np.flatnonzero(keep & hard), _sample(rng, easy, _EASY_NEGATIVES_PER_SCENE)])
    boxes = [candidates[chosen]]
    extra_labels = [labels[chosen]]
    for truth in truths:  # crops of the true box, moved and scaled a little, as a proposal might be
        boxes.append(np.array([_jittered(rng, truth.box, 0.08)], np.float32))
        extra_labels.append(np.array([PICTOGRAM_LABELS.index(truth.label)]))
    all_boxes = np.concatenate(boxes).astype(np.float32)
    crops = pictogram_crops(rgb, all_boxes)
    return Examples(_as_uint8(crops), np.concatenate(extra_labels), len(truths), proposed, hard_kinds)


def signature_examples(rng: random.Random, image: Image.Image, placed: list[Placed]) -> Examples:
    rgb = np.asarray(image.convert("RGB"))
    candidates = signature_candidates(rgb)
    truths = np.array([p.box for p in placed if p.label == SIGNATURE], np.float32).reshape(-1, 4)
    labels = np.zeros(len(candidates), np.int64)
    keep = np.ones(len(candidates), bool)
    proposed = 0
    if len(truths) and len(candidates):
        of_candidate = np.stack(
            [_share(candidates, t) for t in truths]
        )  # (T, N): share of candidate in truth
        of_truth = np.stack([_share_of_truth(candidates, t) for t in truths])
        # A candidate holds a signature when it covers most of one and is mostly signature ink.
        covers = ((of_truth >= 0.6) & (of_candidate.sum(axis=0) >= 0.35)) | (
            (of_truth >= 0.25) & (of_candidate >= 0.75)
        )
        positive = covers.any(axis=0)
        negative = ((of_candidate < 0.15) & (of_truth < 0.15)).all(axis=0)
        labels[positive] = 1
        keep = positive | negative
        proposed = int((covers & positive[None, :]).any(axis=1).sum())
    chosen = np.flatnonzero(keep)
    boxes = [candidates[chosen]]
    extra = [labels[chosen]]
    for truth in truths:
        boxes.append(np.array([_jittered(rng, tuple(truth), 0.06)], np.float32))
        extra.append(np.array([1]))
    crops = signature_crops(rgb, np.concatenate(boxes).astype(np.float32))
    return Examples(_as_uint8(crops), np.concatenate(extra), len(truths), proposed)


def training_artwork(official: bool, seed: int) -> Artwork:
    """The official SVG artwork (about two thirds of pictograms, and transport labels) beside the project's
    own drawings, and the synthetic SDS generator's signatures beside the handwriting model's; drawings
    only when official is False (no training extras needed)."""
    signatures = tuple(generator_signatures(seed, 60))
    if not official:
        return Artwork(signatures=signatures)

    def pictogram(rng: random.Random, code: str, size: int) -> Image.Image:
        return official_pictogram(code, size) if rng.random() < 0.65 else drawn_pictogram(code, size)

    return Artwork(pictogram, (official_transport_label,), signatures, official_marine_pollutant_mark)


def build_examples(kind: str, seed: int, chunk: int, scenes: int, official: bool) -> Examples:
    """Examples from `scenes` composited tiles of chunk `chunk` (backgrounds of its own documents)."""
    rng = random.Random(f"msds-vision-{kind}:{seed}:{chunk}")
    art = training_artwork(official, seed * 1000 + chunk)
    scene: Scene = pictogram_scene if kind == "pictograms" else signature_scene
    examples = pictogram_examples if kind == "pictograms" else signature_examples
    parts = []
    for tile in scene_tiles(rng, 4, seed * 1000 + chunk, scenes):
        image, placed = scene(rng, tile, art)
        parts.append(examples(rng, image, placed))
    return Examples.join(parts)


def _sample(rng: random.Random, indices: np.ndarray, count: int) -> np.ndarray:
    if len(indices) <= count:
        return indices
    return np.array(sorted(rng.sample(list(indices), count)), np.int64)


def _jittered(rng: random.Random, box: tuple[float, ...], amount: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    dx, dy = rng.uniform(-amount, amount) * w, rng.uniform(-amount, amount) * h
    grow = 1 + rng.uniform(-amount, amount)
    cx, cy = (x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy
    return (cx - w * grow / 2, cy - h * grow / 2, cx + w * grow / 2, cy + h * grow / 2)


def _intersection(boxes: np.ndarray, box: np.ndarray) -> np.ndarray:
    ix = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    return ix * iy


def _share(boxes: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Share of each candidate's area inside the true box."""
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return _intersection(boxes, truth) / np.maximum(areas, 1e-6)


def _share_of_truth(boxes: np.ndarray, truth: np.ndarray) -> np.ndarray:
    area = max(float((truth[2] - truth[0]) * (truth[3] - truth[1])), 1e-6)
    return _intersection(boxes, truth) / area


def _as_uint8(crops: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(crops * 255), 0, 255).astype(np.uint8)
