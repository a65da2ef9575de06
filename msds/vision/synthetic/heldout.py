"""Detection-level scores of a detector on held-out synthetic pages (whole generated pages with
composited pictograms, signatures and hard negatives, from seeds never used in training)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from msds.vision.detections import PictogramDetection, SignatureDetection
from msds.vision.proposals import box_iou
from msds.vision.synthetic.backgrounds import background_pages
from msds.vision.synthetic.compositor import SIGNATURE, Artwork, Placed, pictogram_scene, signature_scene

_MATCH_IOU = 0.5


@dataclass
class Score:
    """True positives, false positives and misses; false positives also by the negative they fell on."""

    true_positives: int = 0
    false_positives: int = 0
    misses: int = 0
    false_positives_on: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.misses
        return self.true_positives / wanted if wanted else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "misses": self.misses,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "false_positives_on": dict(sorted(self.false_positives_on.items())),
        }


def heldout_pages(
    kind: str, seed: int, pages: int, art: Artwork
) -> Iterator[tuple[Image.Image, list[Placed]]]:
    """`pages` whole generated pages (about 100 dpi) with a pictogram or signature scene composited."""
    rng = random.Random(f"msds-vision-heldout-{kind}:{seed}")
    scene = pictogram_scene if kind == "pictograms" else signature_scene
    backgrounds = background_pages(max(1, pages // 3 + 1), seed, dpi=(90, 110))
    for _, page in zip(range(pages), backgrounds, strict=False):
        yield scene(rng, page, art)


def score_pictograms(pages: Iterable[tuple[list[PictogramDetection], list[Placed]]]) -> Score:
    """Detections against the composited truth, page by page: right code and IoU >= 0.5, each truth once."""
    score = Score()
    for detections, placed in pages:
        truths = [p for p in placed if p.is_pictogram]
        matched: set[int] = set()
        for detection in detections:
            box = np.array(detection.box, np.float32)
            hit = next(
                (
                    i
                    for i, t in enumerate(truths)
                    if i not in matched and t.label == detection.code and _iou(box, t.box) >= _MATCH_IOU
                ),
                None,
            )
            if hit is not None:
                matched.add(hit)
                score.true_positives += 1
                continue
            score.false_positives += 1
            on = next((p.label for p in placed if _iou(box, p.box) >= 0.3), "page")
            score.false_positives_on[on] = score.false_positives_on.get(on, 0) + 1
        score.misses += len(truths) - len(matched)
    return score


def score_signatures(pages: Iterable[tuple[list[SignatureDetection], list[Placed]]]) -> Score:
    """A signature is found when a detection covers at least a quarter of it; a detection is false when less
    than a third of it is signature. Several detections on one signature count once."""
    score = Score()
    for detections, placed in pages:
        truths = [p.box for p in placed if p.label == SIGNATURE]
        found: set[int] = set()
        for detection in detections:
            box = np.array(detection.box, np.float32)
            signature_share = sum(_share_inside(box, t) for t in truths)
            if signature_share >= 0.35:
                found.update(i for i, t in enumerate(truths) if _share_of(t, box) >= 0.25)
                continue
            score.false_positives += 1
            on = next((p.label for p in placed if _share_of(p.box, box) >= 0.3), "page")
            score.false_positives_on[on] = score.false_positives_on.get(on, 0) + 1
        score.true_positives += len(found)
        score.misses += len(truths) - len(found)
    return score


def _iou(box: np.ndarray, other: tuple[float, float, float, float]) -> float:
    return float(box_iou(box, np.array([other], np.float32))[0])


def _share_of(truth: tuple[float, float, float, float], box: np.ndarray) -> float:
    """Share of truth's area inside box."""
    ix = max(0.0, min(truth[2], float(box[2])) - max(truth[0], float(box[0])))
    iy = max(0.0, min(truth[3], float(box[3])) - max(truth[1], float(box[1])))
    area = max((truth[2] - truth[0]) * (truth[3] - truth[1]), 1e-6)
    return ix * iy / area


def _share_inside(box: np.ndarray, truth: tuple[float, float, float, float]) -> float:
    """Share of box's area inside truth."""
    ix = max(0.0, min(truth[2], float(box[2])) - max(truth[0], float(box[0])))
    iy = max(0.0, min(truth[3], float(box[3])) - max(truth[1], float(box[1])))
    area = max(float((box[2] - box[0]) * (box[3] - box[1])), 1e-6)
    return ix * iy / area
