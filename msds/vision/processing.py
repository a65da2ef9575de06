"""Pre- and post-processing of the vision model, shared by the local detector and the SageMaker handler.

Pre-processing: page image -> working image (about ``WORK_DPI``) -> candidate boxes -> input tensors.
Post-processing: classifier logits -> probabilities -> thresholds -> non-max suppression -> detections in
the pixels of the image that was given. Nothing here loads a model or touches the file system, so any
host that can run the two ONNX classifiers (``pictograms.onnx``, ``signatures.onnx``) can reuse it::

    page = working_page(image)
    batch = pictogram_batch(page)
    detections = pictogram_detections(batch, session.run(None, {"crops": batch.inputs})[0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from msds.vision.detections import PictogramDetection, PixelBox, SignatureDetection
from msds.vision.proposals import WORK_DPI, box_iou, pictogram_candidates, signature_candidates

RENDER_DPI = 100
"""The resolution pages should be rendered at for the detector."""

PICTOGRAM_LABELS = ("none", "GHS01", "GHS02", "GHS03", "GHS04", "GHS05", "GHS06", "GHS07", "GHS08", "GHS09")
SIGNATURE_LABELS = ("none", "signature")
PICTOGRAM_INPUT = (3, 48, 48)
SIGNATURE_INPUT = (1, 32, 128)
INPUT_NAME = "crops"

PICTOGRAM_MIN_SCORE = 0.5
SIGNATURE_MIN_SCORE = 0.7
_PICTOGRAM_MARGIN = 0.08
_SIGNATURE_MARGIN = 4
_SAME_OBJECT_IOU = 0.3
_INSIDE_SHARE = 0.8
_MAX_WORKING_SIDE = 1600


@dataclass(frozen=True)
class WorkingPage:
    """The page as an RGB array at about WORK_DPI; ``scale`` = working pixels per pixel of the given image."""

    rgb: np.ndarray
    scale: float


@dataclass(frozen=True)
class CandidateBatch:
    """Candidate boxes (N, 4) in the given image's pixels and the classifier inputs (N, C, H, W) float32."""

    boxes: np.ndarray
    inputs: np.ndarray

    def __len__(self) -> int:
        return len(self.boxes)


def working_page(image: Image.Image) -> WorkingPage:
    """RGB array of the page; images above about WORK_DPI (by their ``dpi`` info, or by size) are reduced."""
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    scale = 1.0
    dpi = _stated_dpi(image)
    if dpi is not None and dpi > WORK_DPI * 1.15:
        scale = WORK_DPI / dpi
    longest = max(rgb.shape[0], rgb.shape[1]) * scale
    if longest > _MAX_WORKING_SIDE:
        scale *= _MAX_WORKING_SIDE / longest
    if scale < 1.0:
        size = (max(1, round(rgb.shape[1] * scale)), max(1, round(rgb.shape[0] * scale)))
        rgb = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        scale = size[0] / image.width
    return WorkingPage(np.ascontiguousarray(rgb), scale)


def pictogram_batch(page: WorkingPage) -> CandidateBatch:
    """Candidate pictogram boxes on the page and their crops as (N, 3, 48, 48) float32 in 0..1."""
    boxes = pictogram_candidates(page.rgb)
    return CandidateBatch(boxes / page.scale, pictogram_crops(page.rgb, boxes))


def signature_batch(page: WorkingPage) -> CandidateBatch:
    """Candidate signature boxes on the page and their crops as (N, 1, 32, 128) float32 ink in 0..1."""
    boxes = signature_candidates(page.rgb)
    return CandidateBatch(boxes / page.scale, signature_crops(page.rgb, boxes))


def pictogram_crops(rgb: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Square crops centred on each box (its longer side plus a margin), resized to the classifier input."""
    channels, size, _ = PICTOGRAM_INPUT
    out = np.empty((len(boxes), channels, size, size), np.float32)
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        side = max(x1 - x0, y1 - y0) * (1 + 2 * _PICTOGRAM_MARGIN)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        crop = _padded_crop(rgb, cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, 255)
        out[i] = _resized(crop, size, size).transpose(2, 0, 1) / 255.0
    return out


def signature_crops(rgb: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Ink (1 - grey) of each box plus a margin, scaled to fit the classifier input and centred on blank."""
    _, height, width = SIGNATURE_INPUT
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    out = np.zeros((len(boxes), 1, height, width), np.float32)
    m = _SIGNATURE_MARGIN
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        crop = _padded_crop(grey, x0 - m, y0 - m, x1 + m, y1 + m, 255)
        ink = 255 - crop
        factor = min(height / ink.shape[0], width / ink.shape[1])
        h, w = max(1, round(ink.shape[0] * factor)), max(1, round(ink.shape[1] * factor))
        top, left = (height - h) // 2, (width - w) // 2
        out[i, 0, top : top + h, left : left + w] = _resized(ink, h, w) / 255.0
    return out


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def pictogram_detections(
    batch: CandidateBatch, logits: np.ndarray, min_score: float = PICTOGRAM_MIN_SCORE
) -> list[PictogramDetection]:
    """Candidates whose most likely class is a pictogram scoring at least min_score, one per object.

    Overlapping detections are suppressed whatever their class (one object, one code), and so is a
    detection lying inside a larger, more confident one (a pictogram's symbol is not a second pictogram).
    """
    if len(batch) == 0:
        return []
    probabilities = softmax(np.asarray(logits, np.float32))
    classes = probabilities.argmax(axis=1)
    scores = probabilities[np.arange(len(classes)), classes]
    chosen = np.flatnonzero((classes > 0) & (scores >= min_score))
    kept = chosen[non_max_suppression(batch.boxes[chosen], scores[chosen], _SAME_OBJECT_IOU)]
    return [
        PictogramDetection(
            PICTOGRAM_LABELS[classes[i]], _pixel_box(batch.boxes[i]), round(float(scores[i]), 4)
        )
        for i in kept
    ]


def signature_detections(
    batch: CandidateBatch, logits: np.ndarray, min_score: float = SIGNATURE_MIN_SCORE
) -> list[SignatureDetection]:
    """Candidates classified as handwriting with at least min_score; overlapping ones are merged into one."""
    if len(batch) == 0:
        return []
    scores = softmax(np.asarray(logits, np.float32))[:, 1]
    chosen = np.flatnonzero(scores >= min_score)
    kept = chosen[non_max_suppression(batch.boxes[chosen], scores[chosen], _SAME_OBJECT_IOU)]
    return [SignatureDetection(_pixel_box(batch.boxes[i]), round(float(scores[i]), 4)) for i in kept]


def non_max_suppression(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes kept, best first: each drops the later ones overlapping it by iou_threshold,
    or lying mostly inside it."""
    order = np.argsort(-scores, kind="stable")
    kept: list[int] = []
    for i in order:
        if kept:
            others = boxes[kept]
            if (
                box_iou(boxes[i], others).max() >= iou_threshold
                or _inside(boxes[i], others).max() >= _INSIDE_SHARE
            ):
                continue
        kept.append(int(i))
    return np.array(kept, dtype=np.int64)


def _inside(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Share of box's area that lies inside each of boxes."""
    ix = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    area = max(float((box[2] - box[0]) * (box[3] - box[1])), 1e-6)
    return ix * iy / area


def _padded_crop(pixels: np.ndarray, x0: float, y0: float, x1: float, y1: float, fill: int) -> np.ndarray:
    """pixels[y0:y1, x0:x1] (rounded), padded with fill where the window leaves the image."""
    left, top = int(np.floor(x0)), int(np.floor(y0))
    right, bottom = max(left + 1, int(np.ceil(x1))), max(top + 1, int(np.ceil(y1)))
    height, width = pixels.shape[:2]
    inner = pixels[max(0, top) : max(0, min(height, bottom)), max(0, left) : max(0, min(width, right))]
    pad = (max(0, -top), max(0, bottom - height), max(0, -left), max(0, right - width))
    if inner.size == 0:
        shape = (bottom - top, right - left, *pixels.shape[2:])
        return np.full(shape, fill, pixels.dtype)
    if any(pad):
        value: Sequence[int] | int = (fill,) * pixels.shape[2] if pixels.ndim == 3 else fill
        return cv2.copyMakeBorder(inner, *pad, cv2.BORDER_CONSTANT, value=value)
    return inner


def _resized(pixels: np.ndarray, height: int, width: int) -> np.ndarray:
    shrinking = pixels.shape[0] > height or pixels.shape[1] > width
    method = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(pixels, (width, height), interpolation=method).astype(np.float32)


def _stated_dpi(image: Image.Image) -> float | None:
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi > 0 else None


def _pixel_box(box: np.ndarray) -> PixelBox:
    return PixelBox(*(round(float(v), 1) for v in box))
