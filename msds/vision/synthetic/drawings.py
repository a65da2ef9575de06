"""Things drawn here with Pillow, as RGBA sprites (alpha 0 outside the object): the project's own GHS
pictogram drawings, and the hard negatives a page shows next to them: transport labels, NFPA diamonds,
HMIS bars, safety signs, logos and decorative red shapes."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from msds.synth.pictograms import Disc, Polygon, Ring, Shape, pictogram_shapes, render_pictogram

RGB = tuple[int, int, int]
_SUPERSAMPLE = 3
RED: RGB = (226, 0, 26)
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)
_FONT_FILES = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSans.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSansCondensed-Bold.ttf",
)


def font(size: int, name: str = "DejaVuSans-Bold.ttf") -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(name, max(4, size))
    except OSError:
        try:
            return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", max(4, size))
        except OSError:
            return ImageFont.load_default()


def drawn_pictogram(code: str, size: int) -> Image.Image:
    """The project's own drawing of a GHS pictogram (msds.synth), with the diamond as its alpha."""
    image = render_pictogram(code, size).convert("RGBA")
    image.putalpha(_diamond_alpha(size))
    return image


def _diamond_alpha(size: int) -> Image.Image:
    alpha = Image.new("L", (size, size), 0)
    ImageDraw.Draw(alpha).polygon(_diamond(0, 0, size - 1), fill=255)
    return alpha


def _diamond(x: float, y: float, side: float) -> list[tuple[float, float]]:
    half = side / 2
    return [(x + half, y), (x + side, y + half), (x + half, y + side), (x, y + half)]


class _Canvas:
    """A supersampled RGBA canvas; ``done()`` returns it at the requested size."""

    def __init__(self, width: int, height: int) -> None:
        self.size = (width, height)
        self.scale = _SUPERSAMPLE
        self.image = Image.new("RGBA", (width * self.scale, height * self.scale), (255, 255, 255, 0))
        self.draw = ImageDraw.Draw(self.image)

    def xy(self, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * self.scale, y * self.scale) for x, y in points]

    def polygon(
        self,
        points: list[tuple[float, float]],
        fill: RGB | None,
        outline: RGB | None = None,
        width: float = 0,
    ) -> None:
        self.draw.polygon(
            self.xy(points),
            fill=None if fill is None else (*fill, 255),
            outline=None if outline is None else (*outline, 255),
            width=max(0, round(width * self.scale)),
        )

    def text(
        self, centre: tuple[float, float], text: str, size: float, fill: RGB, name: str = _FONT_FILES[0]
    ) -> None:
        self.draw.text(
            (centre[0] * self.scale, centre[1] * self.scale),
            text,
            fill=(*fill, 255),
            font=font(round(size * self.scale), name),
            anchor="mm",
        )

    def shapes(self, shapes: list[Shape], x: float, y: float, side: float, colours: dict[str, RGB]) -> None:
        """Draw msds.synth pictogram shapes (unit square, y down) into the square at (x, y) of this side."""

        def at(p: tuple[float, float]) -> tuple[float, float]:
            return ((x + p[0] * side) * self.scale, (y + p[1] * side) * self.scale)

        for shape in shapes:
            if isinstance(shape, Polygon):
                self.draw.polygon([at(p) for p in shape.points], fill=(*colours[shape.colour], 255))
            elif isinstance(shape, Disc):
                cx, cy = at(shape.centre)
                r = shape.radius * side * self.scale
                self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*colours[shape.colour], 255))
            elif isinstance(shape, Ring):
                cx, cy = at(shape.centre)
                r = shape.radius * side * self.scale
                w = max(1, round(shape.width * side * self.scale))
                self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*colours["black"], 255), width=w)
            else:
                w = max(1, round(shape.width * side * self.scale))
                self.draw.line([at(p) for p in shape.points], fill=(*colours[shape.colour], 255), width=w)

    def done(self) -> Image.Image:
        return self.image.resize(self.size, Image.Resampling.LANCZOS)


def transport_label(rng: random.Random, size: int) -> Image.Image:
    """An ADR/DOT-style class label: coloured or half-coloured diamond, thin inner line, a symbol in the top
    half (often the very symbol of a GHS pictogram) and the class number in the bottom corner."""
    c = _Canvas(size, size)
    styles: list[tuple[RGB, RGB | None, RGB, str]] = [
        ((220, 30, 40), None, BLACK, "3"),
        ((220, 30, 40), None, WHITE, "2"),
        ((40, 150, 60), None, BLACK, "2"),
        ((40, 150, 60), None, WHITE, "2"),
        ((0, 120, 200), None, BLACK, "4"),
        ((250, 230, 0), None, BLACK, "5.1"),
        ((240, 120, 20), None, BLACK, "1.4"),
        ((240, 120, 20), None, BLACK, "1"),
        (WHITE, BLACK, BLACK, "8"),
        (WHITE, None, BLACK, "6"),
        (WHITE, None, BLACK, "9"),
        (WHITE, (220, 30, 40), BLACK, "4"),
        ((220, 30, 40), (250, 230, 0), BLACK, "5.2"),
        (WHITE, None, BLACK, "2"),
    ]
    top, bottom, ink, number = rng.choice(styles)
    c.polygon(_diamond(0, 0, size - 1), fill=top)
    if bottom is not None:
        c.polygon([(0, size / 2), (size - 1, size / 2), (size / 2, size - 1)], fill=bottom)
    inset = size * rng.uniform(0.04, 0.07)
    c.polygon(
        _diamond(inset, inset, size - 1 - 2 * inset), fill=None, outline=ink, width=max(1.0, size * 0.012)
    )
    if rng.random() < 0.85:
        code = rng.choice(("GHS01", "GHS02", "GHS03", "GHS04", "GHS05", "GHS06", "GHS09", "GHS02", "GHS06"))
        symbol_ink = WHITE if ink == WHITE else BLACK
        paper = top if top != WHITE else WHITE
        c.shapes(
            pictogram_shapes(code)[2:], size * 0.22, size * 0.02, size * 0.56, _palette(symbol_ink, paper)
        )
    c.text((size / 2, size * 0.8), number, size * 0.13, WHITE if bottom == BLACK else ink)
    return c.done()


def _palette(ink: RGB, paper: RGB) -> dict[str, RGB]:
    return {"black": ink, "white": paper, "red": RED}


def marine_pollutant_mark(rng: random.Random, size: int) -> Image.Image:
    """The transport 'environmentally hazardous substance' mark: GHS09's symbol in a thin black diamond."""
    c = _Canvas(size, size)
    border = max(1.0, size * rng.uniform(0.015, 0.05))
    grey = rng.randint(0, 130)
    c.polygon(_diamond(0, 0, size - 1), fill=WHITE, outline=(grey, grey, grey), width=border)
    symbol = size * rng.uniform(0.5, 0.9)
    corner = (size - symbol) / 2
    c.shapes(pictogram_shapes("GHS09")[2:], corner, corner - size * 0.04, symbol, _palette(BLACK, WHITE))
    return c.done()


def nfpa_diamond(rng: random.Random, size: int) -> Image.Image:
    """NFPA 704: four small diamonds (blue, red, yellow, white) with hazard digits."""
    c = _Canvas(size, size)
    colour = rng.random() < 0.8
    fills: list[RGB] = (
        [(0, 110, 200), (226, 30, 40), (250, 220, 0), WHITE]
        if colour
        else [(90, 90, 90), (140, 140, 140), (200, 200, 200), WHITE]
    )
    half = size / 2
    quarter = size / 4
    centres = [(quarter, half), (half, quarter), (size - quarter, half), (half, size - quarter)]
    for (cx, cy), fill in zip(centres, fills, strict=True):
        c.polygon(
            _diamond(cx - quarter, cy - quarter, half), fill=fill, outline=BLACK, width=max(1.0, size * 0.012)
        )
    for (cx, cy), fill in zip(centres[:3], fills[:3], strict=True):
        c.text((cx, cy), str(rng.randint(0, 4)), size * 0.18, BLACK if sum(fill) > 300 else WHITE)
    if rng.random() < 0.5:
        c.text(centres[3], rng.choice(("W", "OX", "SA", "COR", "ACID")), size * 0.1, BLACK)
    return c.done()


def hmis_label(rng: random.Random, width: int) -> Image.Image:
    """HMIS bars: HEALTH / FLAMMABILITY / PHYSICAL HAZARD / PPE rows in blue, red, orange, white."""
    rows: list[tuple[str, RGB]] = [
        ("HEALTH", (0, 110, 200)),
        ("FLAMMABILITY", (226, 30, 40)),
        ("PHYSICAL HAZARD", (240, 140, 0)),
        ("PERSONAL PROTECTION", WHITE),
    ]
    row_h = max(6, round(width * rng.uniform(0.13, 0.2)))
    c = _Canvas(width, row_h * len(rows))
    for i, (name, fill) in enumerate(rows):
        y = i * row_h
        c.polygon(
            [(0, y), (width - 1, y), (width - 1, y + row_h - 1), (0, y + row_h - 1)],
            fill=fill,
            outline=BLACK,
            width=1,
        )
        c.text((width * 0.42, y + row_h / 2), name, row_h * 0.45, BLACK if fill == WHITE else WHITE)
        c.text((width * 0.9, y + row_h / 2), str(rng.randint(0, 4)) if i < 3 else "B", row_h * 0.6, BLACK)
    return c.done()


def safety_sign(rng: random.Random, size: int) -> Image.Image:
    """ISO 7010-like signs (yellow warning triangle, red prohibition ring, blue mandatory disc) and the
    round WHMIS 1988 symbols (a GHS-like symbol in a black ring)."""
    c = _Canvas(size, size)
    kind = rng.choice(("warning", "prohibition", "mandatory", "warning", "whmis", "whmis"))
    if kind == "whmis":
        ring = round(size * rng.uniform(0.04, 0.1) * c.scale)
        c.draw.ellipse(
            (0, 0, (size - 1) * c.scale, (size - 1) * c.scale),
            fill=(*WHITE, 255),
            outline=(*BLACK, 255),
            width=ring,
        )
        symbol = rng.choice(("GHS06", "GHS05", "GHS02", "GHS03", "GHS07", "GHS09"))
        c.shapes(pictogram_shapes(symbol)[2:], size * 0.1, size * 0.1, size * 0.8, _palette(BLACK, WHITE))
    elif kind == "warning":
        c.polygon(
            [(size / 2, 1), (size - 1, size - 2), (1, size - 2)],
            fill=(250, 210, 0),
            outline=BLACK,
            width=size * 0.07,
        )
        symbol = rng.choice(("GHS07", "GHS02", "GHS06", "GHS05"))
        c.shapes(
            pictogram_shapes(symbol)[2:], size * 0.2, size * 0.22, size * 0.6, _palette(BLACK, (250, 210, 0))
        )
    elif kind == "prohibition":
        w = size * 0.1
        c.draw.ellipse(
            (0, 0, (size - 1) * c.scale, (size - 1) * c.scale),
            fill=(*WHITE, 255),
            outline=(*RED, 255),
            width=round(w * c.scale),
        )
        c.shapes(pictogram_shapes("GHS02")[2:], size * 0.15, size * 0.15, size * 0.7, _palette(BLACK, WHITE))
        c.draw.line(
            c.xy([(size * 0.18, size * 0.18), (size * 0.82, size * 0.82)]),
            fill=(*RED, 255),
            width=round(w * c.scale),
        )
    else:
        c.draw.ellipse((0, 0, (size - 1) * c.scale, (size - 1) * c.scale), fill=(0, 90, 180, 255))
        for _ in range(rng.randint(2, 4)):
            x, y = rng.uniform(0.3, 0.6) * size, rng.uniform(0.25, 0.6) * size
            r = rng.uniform(0.06, 0.15) * size
            c.draw.ellipse(
                ((x - r) * c.scale, (y - r) * c.scale, (x + r) * c.scale, (y + r) * c.scale),
                fill=(255, 255, 255, 255),
            )
    return c.done()


def red_shape(rng: random.Random, size: int) -> Image.Image:
    """Decorative red: a filled or outlined square, disc, diamond or triangle, sometimes with letters."""
    c = _Canvas(size, size)
    red: RGB = (rng.randint(190, 240), rng.randint(0, 50), rng.randint(0, 60))
    kind = rng.choice(
        ("square", "disc", "diamond", "triangle", "diamond_text", "square_outline", "disc_outline")
    )
    width = size * rng.uniform(0.05, 0.12)
    s = size - 1
    if kind == "square":
        c.polygon([(0, 0), (s, 0), (s, s), (0, s)], fill=red)
    elif kind == "square_outline":
        c.polygon([(0, 0), (s, 0), (s, s), (0, s)], fill=WHITE, outline=red, width=width)
    elif kind == "disc":
        c.draw.ellipse((0, 0, s * c.scale, s * c.scale), fill=(*red, 255))
    elif kind == "disc_outline":
        c.draw.ellipse(
            (0, 0, s * c.scale, s * c.scale),
            fill=(*WHITE, 255),
            outline=(*red, 255),
            width=round(width * c.scale),
        )
    elif kind == "triangle":
        c.polygon(
            [(size / 2, 0), (s, s), (0, s)],
            fill=red if rng.random() < 0.5 else WHITE,
            outline=red,
            width=width,
        )
    elif kind == "diamond":
        c.polygon(_diamond(0, 0, s), fill=red)
    else:
        c.polygon(_diamond(0, 0, s), fill=WHITE, outline=red, width=width)
        letters = "".join(rng.choice("ABCDEFGHKLMNRSTXZ0123456789") for _ in range(rng.randint(1, 3)))
        c.text((size / 2, size / 2), letters, size * 0.3 / max(1, len(letters) - 1), BLACK)
    return c.done()


def logo(rng: random.Random, width: int) -> Image.Image:
    """A company-logo-like mark: a coloured emblem (often red) and a name in bold letters."""
    height = max(8, round(width * rng.uniform(0.25, 0.5)))
    c = _Canvas(width, height)
    colour: RGB = rng.choice(
        [(220, 20, 30), (200, 0, 0), (0, 70, 150), (0, 120, 60), (30, 30, 30), (240, 110, 0)]
    )
    emblem = rng.choice(("disc", "square", "diamond", "chevron", "none"))
    e = height - 1
    if emblem == "disc":
        c.draw.ellipse((0, 0, e * c.scale, e * c.scale), fill=(*colour, 255))
    elif emblem == "square":
        c.polygon([(0, 0), (e, 0), (e, e), (0, e)], fill=colour)
    elif emblem == "diamond":
        c.polygon(_diamond(0, 0, e), fill=colour)
    elif emblem == "chevron":
        c.polygon(
            [(0, 0), (e * 0.5, e * 0.5), (0, e), (e * 0.4, e), (e * 0.9, e * 0.5), (e * 0.4, 0)], fill=colour
        )
    name = "".join(rng.choice("abcdefghiklmnoprstuvwxyz") for _ in range(rng.randint(3, 8)))
    name = name.capitalize() if rng.random() < 0.6 else name.upper()
    start = height * 1.1 if emblem != "none" else 0
    c.text((start + (width - start) / 2, height / 2), name, height * 0.6, colour, rng.choice(_FONT_FILES))
    return c.done()


NEGATIVE_DRAWINGS: dict[str, Callable[[random.Random, int], Image.Image]] = {
    "transport": transport_label,
    "marine_pollutant": marine_pollutant_mark,
    "nfpa": nfpa_diamond,
    "hmis": hmis_label,
    "safety_sign": safety_sign,
    "red_shape": red_shape,
    "logo": logo,
}
"""Hard negatives for the pictogram classifier, by kind: each draws one sprite about ``size`` wide."""


def square_variant(sprite: Image.Image) -> Image.Image:
    """The diamond turned by 45 degrees into an upright square (the tilt variant some sheets print)."""
    turned = sprite.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
    box = turned.getchannel("A").point(lambda a: 255 if a > 40 else 0).getbbox()
    side = sprite.width
    cropped = turned.crop(box) if box else turned
    scale = side / math.sqrt(2) / max(1, cropped.width)
    size = (max(4, round(cropped.width * scale)), max(4, round(cropped.height * scale)))
    return cropped.resize(size, Image.Resampling.LANCZOS)


_GLYPHS = "@OQ0DGC8&%#©®◊◆◇⬦⚠△▲□■○●◎◉⊕⊗⊙♦♢☢☣⚡✱✚+!?"


def glyph(rng: random.Random, size: int) -> Image.Image:
    """A single character or symbol (letters with counters, diamonds, warning triangles) in any ink."""
    c = _Canvas(size, size)
    ink: RGB = rng.choice([BLACK, BLACK, (200, 20, 30), (40, 40, 40), (20, 40, 140)])
    c.text(
        (size / 2, size / 2), rng.choice(_GLYPHS), size * rng.uniform(0.7, 1.0), ink, rng.choice(_FONT_FILES)
    )
    return c.done()


def restyled(rng: random.Random, sprite: Image.Image) -> Image.Image:
    """A pictogram redrawn as other artwork might have it: symbol a little larger or smaller, a fresh border
    of another thickness and shade of red, and a slight smooth warp of the whole."""
    size = sprite.width
    scale = rng.uniform(0.97, 1.12)
    scaled = sprite.resize((round(size * scale),) * 2, Image.Resampling.LANCZOS)
    offset = (scaled.width - size) // 2
    content = scaled.crop((offset, offset, offset + size, offset + size))
    base = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    ImageDraw.Draw(base).polygon(_diamond(0, 0, size - 1), fill=(255, 255, 255, 255))
    base.alpha_composite(content)
    ring = _Canvas(size, size)
    red: RGB = (rng.randint(200, 255), rng.randint(0, 40), rng.randint(0, 50))
    ring.polygon(_diamond(0, 0, size - 1), fill=None, outline=red, width=size * rng.uniform(0.055, 0.1))
    base.alpha_composite(ring.done())
    base.putalpha(_diamond_alpha(size))
    return _warped(rng, base, rng.uniform(0.0, 0.015) * size)


def _warped(rng: random.Random, sprite: Image.Image, amplitude: float) -> Image.Image:
    if amplitude < 0.3:
        return sprite
    size = sprite.width
    noise = np.random.default_rng(rng.randrange(2**32))
    dx = cv2.resize(
        noise.normal(0, amplitude, (4, 4)).astype(np.float32), (size, size), interpolation=cv2.INTER_CUBIC
    )
    dy = cv2.resize(
        noise.normal(0, amplitude, (4, 4)).astype(np.float32), (size, size), interpolation=cv2.INTER_CUBIC
    )
    grid_x, grid_y = np.meshgrid(np.arange(size, dtype=np.float32), np.arange(size, dtype=np.float32))
    pixels = cv2.remap(
        np.asarray(sprite),
        grid_x + dx,
        grid_y + dy,
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    return Image.fromarray(pixels, "RGBA")


NEGATIVE_DRAWINGS["glyph"] = glyph
