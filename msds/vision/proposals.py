"""Candidate regions on a page image: cheap, generous guesses of where a pictogram or a signature could be.

The classifiers decide; a candidate missed here is missed for good, so the rules below only drop what
cannot be a pictogram (solid blocks, slivers, page-sized shapes) or a signature (small print, page-wide
rules). All sizes are in pixels of the working image (about ``WORK_DPI``).

Pictograms are found four ways, and the boxes are pooled:

- red outlines (the GHS border), as connected components of a "clearly red" mask;
- dark outlines (black-and-white and greyscale prints), as connected components of a dark mask;
- the white inside of a red or dark outline (a "hole" of the mask), which stays separate when several
  diamonds touch and their outlines merge into one component;
- a wide or tall component with the proportions of 2-5 touching squares is split into squares.

Signatures are groups of large, sparse ink components (pen strokes), merged when close together.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

WORK_DPI = 100

_RED_MIN = 110
_RED_OVER_GREEN = 60
_RED_OVER_BLUE = 40
_DARK_BELOW = 150
_INK_BELOW = 190
_RULE_LENGTH = 50

_PICTOGRAM_MIN_SIDE = 10
_PICTOGRAM_MAX_PAGE_SHARE = 0.5
_SQUARE_ASPECT = (0.7, 1.43)
_MAX_ROW = 5
_HOLE_MIN_SIDE = 8
_HOLE_SHARE_OF_OUTLINE = 0.5
_DIAMOND_FILL = (0.3, 0.68)
_HOLE_GROWTH = 1.2
_SAME_CANDIDATE_IOU = 0.8

_STROKE_MIN_WIDTH = 20
_STROKE_MIN_HEIGHT = 13
_STROKE_MAX_FILL = 0.4
_SIGNATURE_MAX_SIZE = (520, 170)
_SIGNATURE_MIN_SIZE = (30, 10)
_STROKE_GAP = (22, 9)
_TIGHT_GAP = (8, 4)
_MAX_SIGNATURE_CANDIDATES = 64


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """1 where a pixel is clearly red (or orange/pink): red well above green and blue."""
    red, green, blue = rgb[:, :, 0], rgb[:, :, 1], rgb[:, :, 2]
    over_green = cv2.subtract(red, green) > _RED_OVER_GREEN
    over_blue = cv2.subtract(red, blue) > _RED_OVER_BLUE
    return (over_green & over_blue & (red > _RED_MIN)).astype(np.uint8)


def dark_mask(grey: np.ndarray, below: int = _DARK_BELOW) -> np.ndarray:
    return (grey < below).astype(np.uint8)


def pictogram_candidates(rgb: np.ndarray) -> np.ndarray:
    """Boxes (N, 4) as float32 x0, y0, x1, y1 that may each frame one pictogram."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    height, width = grey.shape
    max_side = max(_PICTOGRAM_MIN_SIDE + 1, int(min(height, width) * _PICTOGRAM_MAX_PAGE_SHARE))
    found: list[np.ndarray] = []
    for mask, needs_hole in ((red_mask(rgb), False), (dark_mask(grey), True)):
        if mask.any():
            found.append(_outline_candidates(_Outlines.of(mask), max_side, needs_hole))
    boxes = np.concatenate(found) if found else np.zeros((0, 4), np.float32)
    return deduplicate(boxes, _SAME_CANDIDATE_IOU)


def signature_candidates(rgb: np.ndarray) -> np.ndarray:
    """Boxes (N, 4) around groups of long, sparse ink strokes (handwriting, but also rules, logos, tables)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = _without_rules(dark_mask(grey, _INK_BELOW))
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return np.zeros((0, 4), np.float32)
    boxes = _bounding_boxes(contours)
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    max_w, max_h = _SIGNATURE_MAX_SIZE
    sized = ((w >= _STROKE_MIN_WIDTH) | (h >= _STROKE_MIN_HEIGHT)) & (w <= max_w) & (h <= max_h)
    strokes = boxes[sized]
    strokes = strokes[_ink_share(ink, strokes) <= _STROKE_MAX_FILL]
    # Two groupings: wide gaps keep a signature's words together, narrow ones keep it apart from a stamp,
    # logo or printed label right beside it. The classifier judges both; suppression keeps the best.
    groups = np.concatenate(
        [_absorb_neighbours(_merge_close(strokes, gap), boxes, gap) for gap in (_STROKE_GAP, _TIGHT_GAP)]
    )
    groups = deduplicate(groups, _SAME_CANDIDATE_IOU)
    gw, gh = groups[:, 2] - groups[:, 0], groups[:, 3] - groups[:, 1]
    min_w, min_h = _SIGNATURE_MIN_SIZE
    keep = (gw >= min_w) & (gh >= min_h) & (gw <= max_w * 1.5) & (gh <= max_h)
    groups = groups[keep]
    order = np.argsort(-(groups[:, 2] - groups[:, 0]) * (groups[:, 3] - groups[:, 1]), kind="stable")
    return groups[order[:_MAX_SIGNATURE_CANDIDATES]].astype(np.float32)


class _Outlines:
    """The outer contours of a mask's components and the contours of their holes (one level down)."""

    def __init__(self, boxes: np.ndarray, is_hole: np.ndarray, parent: np.ndarray, areas: np.ndarray) -> None:
        self.boxes = boxes
        self.is_hole = is_hole
        self.parent = parent
        self.areas = areas

    @classmethod
    def of(cls, mask: np.ndarray) -> _Outlines:
        contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        if not contours:
            empty = np.zeros(0, np.int32)
            return cls(np.zeros((0, 4), np.float32), empty.astype(bool), empty, empty.astype(np.float32))
        parent = hierarchy[0][:, 3].astype(np.int32)
        boxes = _bounding_boxes(contours)
        is_hole = parent >= 0
        w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
        areas = np.zeros(len(contours), np.float32)
        # Only holes big enough to matter need their area (the polygon area of the hole's outline).
        for i in np.flatnonzero(is_hole & (np.minimum(w, h) >= _HOLE_MIN_SIDE)):
            areas[i] = cv2.contourArea(contours[int(i)])
        return cls(boxes, is_hole, parent, areas)


def _outline_candidates(outlines: _Outlines, max_side: int, needs_hole: bool) -> np.ndarray:
    boxes, is_hole = outlines.boxes, outlines.is_hole
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    short, long = np.minimum(w, h), np.maximum(w, h)
    # The largest hole of each outer contour, relative to that contour's short side.
    biggest_hole = np.zeros(len(boxes), np.float32)
    holes = np.flatnonzero(is_hole & (short >= _HOLE_MIN_SIDE))
    np.maximum.at(biggest_hole, outlines.parent[holes], long[holes])
    framed = biggest_hole >= _HOLE_SHARE_OF_OUTLINE * short
    outer = ~is_hole & (short >= _PICTOGRAM_MIN_SIDE) & (short <= max_side) & (framed | (not needs_hole))
    aspect = w / np.maximum(h, 1.0)
    square = outer & (aspect >= _SQUARE_ASPECT[0]) & (aspect <= _SQUARE_ASPECT[1])
    out = [boxes[square]]
    elongated = outer & (long >= short * 1.6) & (long <= short * (_MAX_ROW + 0.6))
    out.extend(_split_into_squares(*map(float, boxes[i])) for i in np.flatnonzero(elongated))
    # Diamond-shaped holes (about half their box filled), which stay apart when outlines merge.
    fill = outlines.areas / np.maximum(w * h, 1.0)
    diamond = (
        is_hole
        & (short >= _HOLE_MIN_SIDE)
        & (long * _HOLE_GROWTH <= max_side)
        & (aspect >= _SQUARE_ASPECT[0])
        & (aspect <= _SQUARE_ASPECT[1])
        & (fill >= _DIAMOND_FILL[0])
        & (fill <= _DIAMOND_FILL[1])
    )
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    half = long * _HOLE_GROWTH / 2
    out.append(np.stack([cx - half, cy - half, cx + half, cy + half], axis=1)[diamond])
    return np.concatenate(out).astype(np.float32)


def _split_into_squares(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """A row (or column) of n touching or overlapping squares: n evenly spaced squares of the short side."""
    w, h = x1 - x0, y1 - y0
    side, long = min(w, h), max(w, h)
    n = max(2, min(_MAX_ROW, round(long / side)))
    starts = np.linspace(0.0, long - side, n)
    if w >= h:
        return np.stack([x0 + starts, np.full(n, y0), x0 + starts + side, np.full(n, y1)], axis=1)
    return np.stack([np.full(n, x0), y0 + starts, np.full(n, x1), y0 + starts + side], axis=1)


def _bounding_boxes(contours: Sequence[np.ndarray]) -> np.ndarray:
    """x0, y0, x1, y1 of each contour, as cv2.boundingRect gives them (x1 = x0 + width), for all contours
    at once instead of one call each (a text page has thousands)."""
    if len(contours) == 0:
        return np.zeros((0, 4), np.float32)
    lengths = np.fromiter((len(c) for c in contours), np.int64, len(contours))
    points = np.concatenate(contours).reshape(-1, 2)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    x0, y0 = np.minimum.reduceat(points[:, 0], starts), np.minimum.reduceat(points[:, 1], starts)
    x1, y1 = np.maximum.reduceat(points[:, 0], starts) + 1, np.maximum.reduceat(points[:, 1], starts) + 1
    return np.stack([x0, y0, x1, y1], axis=1).astype(np.float32)


def _ink_share(mask: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Share of mask pixels inside each box."""
    if len(boxes) == 0:
        return np.zeros(0, np.float32)
    total = cv2.integral(mask)
    b = boxes.astype(np.int64)
    inside = (
        total[b[:, 3], b[:, 2]] - total[b[:, 1], b[:, 2]] - total[b[:, 3], b[:, 0]] + total[b[:, 1], b[:, 0]]
    )
    area = np.maximum((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]), 1)
    return (inside / area).astype(np.float32)


def box_iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Intersection over union of one box (4,) with each of boxes (N, 4)."""
    ix = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    inter = ix * iy
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-6)


def deduplicate(boxes: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Drop each box that overlaps an earlier kept one by at least iou_threshold."""
    kept: list[int] = []
    for i in range(len(boxes)):
        if not kept or box_iou(boxes[i], boxes[kept]).max() < iou_threshold:
            kept.append(i)
    return boxes[kept].astype(np.float32) if kept else np.zeros((0, 4), np.float32)


def _without_rules(ink: np.ndarray) -> np.ndarray:
    """The ink less long straight horizontal and vertical lines (table rules, underlines, form fields), so
    that a signature written across a rule stays a signature-sized component."""
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (_RULE_LENGTH, 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, _RULE_LENGTH))
    )
    return cv2.subtract(ink, cv2.bitwise_or(horizontal, vertical))


def _absorb_neighbours(groups: np.ndarray, boxes: np.ndarray, gap: tuple[int, int]) -> np.ndarray:
    """Each group grown once to take in every component within the gap (the small strokes of a signature)."""
    if len(groups) == 0:
        return groups
    visible = boxes[(boxes[:, 2] - boxes[:, 0] >= 2) | (boxes[:, 3] - boxes[:, 1] >= 2)]
    out = groups.copy()
    gx, gy = gap
    for i, (x0, y0, x1, y1) in enumerate(groups):
        near = (
            (visible[:, 0] <= x1 + gx)
            & (visible[:, 2] >= x0 - gx)
            & (visible[:, 1] <= y1 + gy)
            & (visible[:, 3] >= y0 - gy)
        )
        if near.any():
            found = visible[near]
            out[i] = (
                min(x0, found[:, 0].min()),
                min(y0, found[:, 1].min()),
                max(x1, found[:, 2].max()),
                max(y1, found[:, 3].max()),
            )
    return out


def _merge_close(boxes: np.ndarray, gap: tuple[int, int]) -> np.ndarray:
    """Union of boxes whose gap-grown extents overlap, repeated until nothing more merges."""
    if len(boxes) == 0:
        return np.zeros((0, 4), np.float32)
    groups = [list(map(float, b)) for b in boxes]
    gx, gy = gap
    merged = True
    while merged:
        merged = False
        out: list[list[float]] = []
        for box in groups:
            for other in out:
                if (
                    box[0] - gx <= other[2]
                    and other[0] - gx <= box[2]
                    and box[1] - gy <= other[3]
                    and other[1] - gy <= box[3]
                ):
                    other[0], other[1] = min(other[0], box[0]), min(other[1], box[1])
                    other[2], other[3] = max(other[2], box[2]), max(other[3], box[3])
                    merged = True
                    break
            else:
                out.append(list(box))
        groups = out
    return np.array(groups, dtype=np.float32)
