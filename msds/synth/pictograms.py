"""GHS pictograms drawn from simple shapes: vector drawings on a reportlab canvas, or raster (PIL) images.

The drawings are simplified but distinct per pictogram: red diamond border, white fill, black symbol. One list
of shapes per pictogram feeds both back ends, so vector and raster versions look the same.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw
from reportlab.platypus import Flowable

Point = tuple[float, float]
RED = (0.89, 0.0, 0.1)
COLOURS = {"black": (0.0, 0.0, 0.0), "white": (1.0, 1.0, 1.0), "red": RED}
PICTOGRAM_CODES = tuple(f"GHS0{i}" for i in range(1, 10))


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    colour: str = "black"


@dataclass(frozen=True)
class Disc:
    centre: Point
    radius: float
    colour: str = "black"


@dataclass(frozen=True)
class Ring:
    centre: Point
    radius: float
    width: float


@dataclass(frozen=True)
class Stroke:
    points: tuple[Point, ...]
    width: float
    colour: str = "black"


Shape = Polygon | Disc | Ring | Stroke
BORDER = 0.075


def _star(
    cx: float, cy: float, outer: float, inner: float, spikes: int, turn: float = 0.0
) -> tuple[Point, ...]:
    points = []
    for i in range(spikes * 2):
        radius = outer if i % 2 == 0 else inner
        angle = turn + math.pi * i / spikes
        points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return tuple(points)


def _ellipse(cx: float, cy: float, rx: float, ry: float, steps: int = 24) -> tuple[Point, ...]:
    return tuple(
        (cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    )


def _flame(cx: float, base: float, height: float, width: float) -> list[Shape]:
    """A flame whose base centre is (cx, base); y grows downwards."""

    def at(dx: float, dy: float) -> Point:
        return (cx + dx * width, base - dy * height)

    outer = (
        at(-0.5, 0.0),
        at(-0.55, 0.3),
        at(-0.35, 0.55),
        at(-0.3, 0.42),
        at(-0.12, 0.8),
        at(-0.02, 0.6),
        at(0.08, 1.0),
        at(0.22, 0.62),
        at(0.32, 0.72),
        at(0.55, 0.32),
        at(0.5, 0.0),
    )
    inner = (at(-0.22, 0.0), at(-0.2, 0.22), at(-0.05, 0.42), at(0.05, 0.3), at(0.18, 0.38), at(0.22, 0.0))
    return [Polygon(outer), Polygon(inner, "white")]


def _symbol(code: str) -> list[Shape]:
    if code == "GHS01":
        fragments = [
            Polygon(((0.33, 0.36), (0.37, 0.33), (0.38, 0.39))),
            Polygon(((0.66, 0.52), (0.71, 0.5), (0.68, 0.56))),
            Polygon(((0.62, 0.25), (0.66, 0.27), (0.61, 0.3))),
        ]
        return [
            Polygon(_star(0.56, 0.42, 0.15, 0.06, 9)),
            Disc((0.43, 0.62), 0.085),
            Stroke(((0.47, 0.55), (0.52, 0.48)), 0.02),
            *fragments,
        ]
    if code == "GHS02":
        return [*_flame(0.5, 0.7, 0.44, 0.32), Stroke(((0.34, 0.735), (0.66, 0.735)), 0.035)]
    if code == "GHS03":
        return [
            *_flame(0.5, 0.6, 0.36, 0.3),
            Ring((0.5, 0.6), 0.085, 0.035),
            Stroke(((0.34, 0.74), (0.66, 0.74)), 0.035),
        ]
    if code == "GHS04":
        return [
            Polygon(((0.34, 0.53), (0.62, 0.53), (0.62, 0.67), (0.34, 0.67))),
            Disc((0.34, 0.6), 0.07),
            Disc((0.62, 0.6), 0.07),
            Polygon(((0.68, 0.57), (0.72, 0.57), (0.72, 0.63), (0.68, 0.63))),
            Polygon(((0.72, 0.555), (0.745, 0.555), (0.745, 0.645), (0.72, 0.645))),
            Stroke(((0.4, 0.56), (0.56, 0.56)), 0.012, "white"),
        ]
    if code == "GHS05":
        return [
            Polygon(((0.3, 0.3), (0.35, 0.27), (0.47, 0.43), (0.42, 0.46))),
            Polygon(((0.65, 0.27), (0.7, 0.3), (0.58, 0.46), (0.53, 0.43))),
            Disc((0.44, 0.52), 0.016),
            Disc((0.45, 0.57), 0.014),
            Disc((0.56, 0.52), 0.016),
            Disc((0.55, 0.57), 0.014),
            Polygon(((0.31, 0.66), (0.47, 0.62), (0.49, 0.655), (0.46, 0.69), (0.33, 0.71))),
            Polygon(((0.53, 0.63), (0.69, 0.63), (0.69, 0.7), (0.53, 0.7))),
            Disc((0.58, 0.63), 0.025, "white"),
        ]
    if code == "GHS06":
        return [
            Stroke(((0.36, 0.59), (0.64, 0.72)), 0.04),
            Stroke(((0.36, 0.72), (0.64, 0.59)), 0.04),
            Disc((0.35, 0.575), 0.022),
            Disc((0.355, 0.735), 0.022),
            Disc((0.65, 0.575), 0.022),
            Disc((0.645, 0.735), 0.022),
            Disc((0.5, 0.4), 0.11),
            Polygon(((0.44, 0.46), (0.56, 0.46), (0.555, 0.555), (0.445, 0.555))),
            Disc((0.455, 0.395), 0.03, "white"),
            Disc((0.545, 0.395), 0.03, "white"),
            Polygon(((0.5, 0.44), (0.485, 0.47), (0.515, 0.47)), "white"),
        ]
    if code == "GHS07":
        return [Polygon(((0.455, 0.27), (0.545, 0.27), (0.525, 0.6), (0.475, 0.6))), Disc((0.5, 0.68), 0.042)]
    if code == "GHS08":
        return [
            Disc((0.5, 0.33), 0.07),
            Polygon(((0.45, 0.41), (0.55, 0.41), (0.66, 0.48), (0.68, 0.7), (0.32, 0.7), (0.34, 0.48))),
            Polygon(_star(0.5, 0.56, 0.085, 0.035, 8), "white"),
        ]
    if code == "GHS09":
        return [
            Stroke(((0.4, 0.7), (0.4, 0.33)), 0.03),
            Stroke(((0.4, 0.46), (0.31, 0.38)), 0.02),
            Stroke(((0.4, 0.5), (0.48, 0.41)), 0.02),
            Stroke(((0.4, 0.39), (0.46, 0.31)), 0.018),
            Stroke(((0.3, 0.715), (0.7, 0.715)), 0.02),
            Polygon(_ellipse(0.57, 0.635, 0.085, 0.035)),
            Polygon(((0.645, 0.635), (0.7, 0.6), (0.7, 0.67))),
            Stroke(((0.52, 0.62), (0.54, 0.64)), 0.008, "white"),
            Stroke(((0.54, 0.62), (0.52, 0.64)), 0.008, "white"),
        ]
    raise ValueError(f"unknown pictogram {code!r}")


def pictogram_shapes(code: str) -> list[Shape]:
    """All shapes of a pictogram in unit coordinates (0..1, y downwards), border first."""
    b = BORDER
    return [
        Polygon(((0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)), "red"),
        Polygon(((0.5, b * 1.41), (1 - b * 1.41, 0.5), (0.5, 1 - b * 1.41), (b * 1.41, 0.5)), "white"),
        *_symbol(code),
    ]


def draw_pictogram(canvas: Any, code: str, x: float, y: float, size: float) -> None:
    """Draw the pictogram as vectors with its bounding square's lower-left corner at (x, y), in points."""

    def point(p: Point) -> Point:
        return (x + p[0] * size, y + (1 - p[1]) * size)

    canvas.saveState()
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for shape in pictogram_shapes(code):
        if isinstance(shape, Polygon):
            canvas.setFillColorRGB(*COLOURS[shape.colour])
            path = canvas.beginPath()
            first, *rest = [point(p) for p in shape.points]
            path.moveTo(*first)
            for p in rest:
                path.lineTo(*p)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        elif isinstance(shape, Disc):
            canvas.setFillColorRGB(*COLOURS[shape.colour])
            canvas.circle(*point(shape.centre), shape.radius * size, stroke=0, fill=1)
        elif isinstance(shape, Ring):
            canvas.setStrokeColorRGB(0, 0, 0)
            canvas.setLineWidth(shape.width * size)
            canvas.circle(*point(shape.centre), shape.radius * size, stroke=1, fill=0)
        else:
            canvas.setStrokeColorRGB(*COLOURS[shape.colour])
            canvas.setLineWidth(shape.width * size)
            path = canvas.beginPath()
            first, *rest = [point(p) for p in shape.points]
            path.moveTo(*first)
            for p in rest:
                path.lineTo(*p)
            canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def render_pictogram(code: str, size_px: int) -> Image.Image:
    """The pictogram as an RGB raster image on white, size_px wide and high."""
    scale = 4
    big = size_px * scale
    image = Image.new("RGB", (big, big), "white")
    draw = ImageDraw.Draw(image)

    def px(p: Point) -> tuple[float, float]:
        return (p[0] * (big - 1), p[1] * (big - 1))

    def rgb(colour: str) -> tuple[int, int, int]:
        r, g, b = COLOURS[colour]
        return (round(r * 255), round(g * 255), round(b * 255))

    for shape in pictogram_shapes(code):
        if isinstance(shape, Polygon):
            draw.polygon([px(p) for p in shape.points], fill=rgb(shape.colour))
        elif isinstance(shape, Disc):
            cx, cy = px(shape.centre)
            r = shape.radius * big
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rgb(shape.colour))
        elif isinstance(shape, Ring):
            cx, cy = px(shape.centre)
            r = shape.radius * big
            w = shape.width * big
            draw.ellipse((cx - r - w / 2, cy - r - w / 2, cx + r + w / 2, cy + r + w / 2), fill=rgb("black"))
            draw.ellipse((cx - r + w / 2, cy - r + w / 2, cx + r - w / 2, cy + r - w / 2), fill=rgb("white"))
        else:
            width = max(1, round(shape.width * big))
            points = [px(p) for p in shape.points]
            draw.line(points, fill=rgb(shape.colour), width=width)
            for cx, cy in (points[0], points[-1]):
                draw.ellipse(
                    (cx - width / 2, cy - width / 2, cx + width / 2, cy + width / 2), fill=rgb(shape.colour)
                )
    return image.resize((size_px, size_px), Image.Resampling.LANCZOS)


def pictogram_png(code: str, size_px: int = 160) -> bytes:
    """The raster pictogram as PNG bytes."""
    buffer = io.BytesIO()
    render_pictogram(code, size_px).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class PictogramDrawing(Flowable):
    """A platypus flowable that draws one pictogram as vectors."""

    def __init__(self, code: str, size: float) -> None:
        super().__init__()
        self.code = code
        self.size = size
        self.width = size
        self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_pictogram(self.canv, self.code, 0, 0, self.size)
