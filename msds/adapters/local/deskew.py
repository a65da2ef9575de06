"""Skew and sideways detection for scanned pages, and the rotations that straighten them.

The skew estimate is a projection profile: on a downscaled, binarised copy of the page, dark pixels are
projected onto the vertical axis at candidate angles; text lines give the sharpest profile (largest sum of
squared bin counts) when the projection runs along them. A coarse search over +/-10 degrees is refined
around the best angle. Comparing the sharpest row profile with the sharpest column profile tells whether
the text lines run vertically, i.e. the page was scanned sideways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

# Working size of the estimate: long side in pixels. At 1200 px an A4 page is about 100 dpi, where text
# lines are still several pixels tall and 0.1 degree moves a line end by two pixels.
_WORK_SIDE = 1200
_MAX_POINTS = 150_000
_COARSE_STEP = 0.5
_FINE_STEP = 0.1
# Text lines run vertically when the best column profile is this much sharper than the best row profile.
_SIDEWAYS_RATIO = 1.3
_MIN_DARK_PIXELS = 400


@dataclass(frozen=True)
class SkewEstimate:
    """The counter-clockwise rotation (degrees) that levels the text lines, whether the lines run
    vertically (a sideways page), and how sharp the best profile was."""

    angle: float
    sideways: bool
    sharpness: float


def estimate_skew(image: Image.Image, max_angle: float = 10.0) -> SkewEstimate:
    """Estimate the page's skew within +/-max_angle degrees; 0.0 when there is too little ink to tell."""
    points = _dark_points(image)
    if points is None:
        return SkewEstimate(0.0, False, 0.0)
    ys, xs = points
    row_angle, row_score = _best_angle(ys, xs, max_angle)
    # Columns: the same search with the axes swapped (a sideways page's lines are vertical).
    _, column_score = _best_angle(xs, ys, max_angle)
    sideways = column_score > _SIDEWAYS_RATIO * row_score
    return SkewEstimate(row_angle, sideways, row_score)


def _dark_points(image: Image.Image) -> tuple[np.ndarray, np.ndarray] | None:
    gray = image.convert("L")
    factor = max(1, math.ceil(max(gray.size) / _WORK_SIDE))
    if factor > 1:
        gray = gray.reduce(factor)
    pixels = np.asarray(gray, dtype=np.uint8)
    dark = pixels < _otsu_threshold(pixels)
    # Mostly-dark images (negative scans, photos) say nothing reliable about text lines.
    if dark.mean() > 0.5:
        return None
    ys, xs = np.nonzero(dark)
    if ys.size < _MIN_DARK_PIXELS:
        return None
    if ys.size > _MAX_POINTS:
        keep = np.random.default_rng(0).choice(ys.size, _MAX_POINTS, replace=False)
        ys, xs = ys[keep], xs[keep]
    return ys.astype(np.float32), xs.astype(np.float32)


def _otsu_threshold(pixels: np.ndarray) -> int:
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    levels = np.arange(256, dtype=np.float64)
    weight_low = np.cumsum(histogram)
    weight_high = total - weight_low
    mean_low = np.cumsum(histogram * levels)
    grand_mean = mean_low[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (grand_mean * weight_low - mean_low * total) ** 2 / (weight_low * weight_high)
    between = np.nan_to_num(between)
    return int(np.argmax(between)) + 1


def _profile_score(ys: np.ndarray, xs: np.ndarray, degrees: float) -> float:
    radians = math.radians(degrees)
    # Distance of each point from a line through the origin tilted by `degrees` (y grows downwards).
    offsets = ys * math.cos(radians) - xs * math.sin(radians)
    bins = (offsets - offsets.min()).astype(np.int64)
    counts = np.bincount(bins).astype(np.float64)
    return float(np.dot(counts, counts))


def _best_angle(ys: np.ndarray, xs: np.ndarray, max_angle: float) -> tuple[float, float]:
    coarse = np.arange(-max_angle, max_angle + 1e-9, _COARSE_STEP)
    scores = [_profile_score(ys, xs, float(angle)) for angle in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    fine_scores = [_profile_score(ys, xs, float(angle)) for angle in fine]
    index = int(np.argmax(fine_scores))
    # The profile's slope angle (lines going down to the right are positive) is the counter-clockwise
    # rotation that levels them.
    return round(float(fine[index]), 2), fine_scores[index]


@dataclass(frozen=True)
class Rotation:
    """A counter-clockwise rotation about the image centre with the canvas expanded, as done by
    :func:`rotate`, and the mapping of points of the rotated image back to the original image."""

    degrees: float
    original_size: tuple[int, int]
    rotated_size: tuple[int, int]

    def to_original(self, x: float, y: float) -> tuple[float, float]:
        radians = math.radians(self.degrees)
        cos, sin = math.cos(radians), math.sin(radians)
        dx, dy = x - self.rotated_size[0] / 2, y - self.rotated_size[1] / 2
        return (
            dx * cos - dy * sin + self.original_size[0] / 2,
            dx * sin + dy * cos + self.original_size[1] / 2,
        )

    def box_to_original(
        self, x0: float, y0: float, x1: float, y1: float
    ) -> tuple[float, float, float, float]:
        """The axis-aligned box, in the original image, around a box of the rotated image."""
        corners = [self.to_original(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs = [corner[0] for corner in corners]
        ys = [corner[1] for corner in corners]
        width, height = self.original_size
        return (
            min(max(min(xs), 0.0), width),
            min(max(min(ys), 0.0), height),
            min(max(max(xs), 0.0), width),
            min(max(max(ys), 0.0), height),
        )

    def then(self, other: Rotation) -> Rotation:
        """This rotation followed by ``other`` (applied to this one's result), as one rotation."""
        return Rotation(self.degrees + other.degrees, self.original_size, other.rotated_size)


def rotate(image: Image.Image, degrees: float) -> tuple[Image.Image, Rotation]:
    """Rotate counter-clockwise, expanding the canvas and filling the new corners with white."""
    turned = _turn(image, degrees)
    return turned, Rotation(degrees, image.size, turned.size)


def _turn(image: Image.Image, degrees: float) -> Image.Image:
    if degrees % 360 == 0:
        return image
    if degrees % 90 == 0:
        transpose = {
            1: Image.Transpose.ROTATE_90,
            2: Image.Transpose.ROTATE_180,
            3: Image.Transpose.ROTATE_270,
        }[round(degrees / 90) % 4]
        return image.transpose(transpose)
    white: int | tuple[int, ...] = 255 if image.mode == "L" else (255,) * len(image.getbands())
    return image.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=white)
