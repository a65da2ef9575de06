"""Synthetic handwritten signatures: cursive runs of loops and arcs, capitals, slant, baseline drift,
pressure-like width changes, flourishes and scribbles, drawn as RGBA sprites."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

_SUPERSAMPLE = 3
INK_COLOURS = ((20, 35, 120), (10, 10, 10), (30, 60, 170), (40, 40, 60), (15, 25, 80), (60, 80, 200))


def signature(rng: random.Random, height: int) -> Image.Image:
    """One signature about ``height`` pixels tall (letters' x-height about a third of it), as RGBA."""
    style = rng.choices(("cursive", "scribble", "initials"), weights=(0.6, 0.25, 0.15))[0]
    if style == "cursive":
        strokes = _cursive(rng)
    elif style == "scribble":
        strokes = _scribble(rng)
    else:
        strokes = _initials(rng)
    if rng.random() < 0.45:
        strokes.append(_flourish(rng, strokes))
    slant = rng.uniform(-0.15, 0.55)
    drift = rng.uniform(-0.12, 0.12)
    strokes = [np.stack([s[:, 0] - slant * s[:, 1], s[:, 1] + drift * s[:, 0]], axis=1) for s in strokes]
    return _render(rng, strokes, height)


def _spline(points: np.ndarray, per_segment: int = 10) -> np.ndarray:
    """Catmull-Rom curve through the points."""
    if len(points) < 3:
        return points
    padded = np.vstack([points[0], points, points[-1]])
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        out.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    out.append(points[-1:])
    return np.vstack(out)


def _cursive(rng: random.Random) -> list[np.ndarray]:
    """Words of connected letter-like arcs; y grows upwards here (1 unit = x-height)."""
    strokes = []
    x = 0.0
    for word in range(rng.choice((1, 2, 2, 3))):
        points = [(x, 0.0)]
        # A capital: a tall stroke, often with a loop.
        cap_h = rng.uniform(1.6, 2.8)
        points += [(x + 0.3, cap_h * 0.6), (x + rng.uniform(0.0, 0.6), cap_h), (x - 0.2, cap_h * 0.7)]
        points += [(x + 0.2, 0.0), (x + 0.6, 0.5)]
        x += 0.7
        for _ in range(rng.randint(3, 9) if word else rng.randint(2, 7)):
            kind = rng.random()
            width = rng.uniform(0.4, 1.0)
            if kind < 0.18:  # ascender loop
                top = rng.uniform(1.5, 2.4)
                points += [(x + width * 0.5, top), (x + width * 0.15, top * 0.8), (x + width * 0.55, 0.0)]
            elif kind < 0.3:  # descender loop
                bottom = -rng.uniform(0.6, 1.3)
                points += [(x + width * 0.4, 0.9), (x + width * 0.6, bottom), (x + width * 0.2, bottom * 0.6)]
                points += [(x + width * 0.7, 0.2)]
            elif kind < 0.6:  # arch (n, m)
                points += [(x + width * 0.3, rng.uniform(0.7, 1.1)), (x + width * 0.65, 0.0)]
            else:  # cup (u, w) or small loop (e)
                loop = rng.random() < 0.4
                h = rng.uniform(0.6, 1.0)
                if loop:
                    points += [(x + width * 0.7, h * 0.7), (x + width * 0.35, h), (x + width * 0.3, 0.3)]
                points += [(x + width * 0.5, 0.0), (x + width, h * rng.uniform(0.5, 1.0))]
            x += width
        jitter = np.array(points) + np.array([[rng.gauss(0, 0.05), rng.gauss(0, 0.08)] for _ in points])
        strokes.append(_spline(jitter))
        if rng.random() < 0.3:  # i-dot or t-bar
            dx = rng.uniform(strokes[-1][:, 0].min(), x)
            strokes.append(
                np.array([[dx, 1.4], [dx + rng.uniform(0.05, 0.6), 1.45 + rng.uniform(-0.1, 0.1)]])
            )
        x += rng.uniform(0.5, 1.4)
    return strokes


def _scribble(rng: random.Random) -> list[np.ndarray]:
    """A fast, barely legible signature: a few long random Bezier-like runs with big swings."""
    strokes = []
    x = 0.0
    for _ in range(rng.randint(1, 3)):
        points = [(x, rng.uniform(-0.3, 0.6))]
        for _ in range(rng.randint(4, 10)):
            x += rng.uniform(0.2, 0.9)
            points.append((x, rng.uniform(-1.0, 2.2)))
        strokes.append(_spline(np.array(points), 12))
        x += rng.uniform(0.2, 0.8)
    return strokes


def _initials(rng: random.Random) -> list[np.ndarray]:
    """Two or three large looped capitals, then a short tail."""
    strokes = []
    x = 0.0
    for _ in range(rng.randint(2, 3)):
        h = rng.uniform(1.6, 2.6)
        points = [
            (x, 0.0),
            (x + 0.2, h),
            (x + rng.uniform(0.5, 1.0), h * rng.uniform(0.5, 0.9)),
            (x + 0.1, h * 0.45),
            (x + rng.uniform(0.6, 1.1), 0.0),
        ]
        strokes.append(_spline(np.array(points)))
        x += rng.uniform(0.9, 1.5)
    tail = [(x, 0.3), (x + 0.6, 0.8), (x + 1.4, 0.1)]
    strokes.append(_spline(np.array(tail)))
    return strokes


def _flourish(rng: random.Random, strokes: list[np.ndarray]) -> np.ndarray:
    """An underline or paraph beneath the name."""
    xs = np.concatenate([s[:, 0] for s in strokes])
    left, right = float(xs.min()), float(xs.max())
    y = -rng.uniform(0.5, 1.2)
    points = [(left + rng.uniform(-0.3, 0.5), y + rng.uniform(-0.2, 0.3))]
    points.append(((left + right) / 2, y + rng.uniform(-0.4, 0.2)))
    points.append((right + rng.uniform(-0.5, 0.6), y + rng.uniform(-0.1, 0.6)))
    if rng.random() < 0.4:
        points.append((right - rng.uniform(0.5, 1.5), y + rng.uniform(0.3, 0.9)))
    return _spline(np.array(points), 14)


def _render(rng: random.Random, strokes: list[np.ndarray], height: int) -> Image.Image:
    everything = np.vstack(strokes)
    low, high = everything.min(axis=0), everything.max(axis=0)
    unit = height / max(0.5, float(high[1] - low[1]))
    pen = max(0.8, height * rng.uniform(0.025, 0.06))
    pad = pen * 2 + 2
    width = round((high[0] - low[0]) * unit + 2 * pad)
    size = (max(4, width), max(4, round(height + 2 * pad)))
    s = _SUPERSAMPLE
    image = Image.new("RGBA", (size[0] * s, size[1] * s), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = (*rng.choice(INK_COLOURS), 255)
    phase = rng.uniform(0, 2 * math.pi)
    for stroke in strokes:
        xy = (stroke - [low[0], high[1]]) * [unit, -unit] + pad
        for i in range(len(xy) - 1):
            t = i / max(1, len(xy) - 1)
            w = pen * (0.55 + 0.45 * abs(math.sin(phase + 7 * t))) * (0.6 if t > 0.9 else 1.0)
            (x0, y0), (x1, y1) = xy[i] * s, xy[i + 1] * s
            r = w * s / 2
            draw.line([(x0, y0), (x1, y1)], fill=ink, width=max(1, round(w * s)))
            draw.ellipse((x1 - r, y1 - r, x1 + r, y1 + r), fill=ink)
    return image.resize(size, Image.Resampling.LANCZOS)
