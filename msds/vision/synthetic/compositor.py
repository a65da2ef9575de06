"""Composite pictograms, signatures and hard negatives onto page backgrounds, keeping the true boxes.

A scene is one page (or tile) with objects pasted where there is room, preferring blank areas, then
degraded as a whole. Every object's box and label is returned: "GHS01".."GHS09", "signature", or
"negative:<kind>" for the hard negatives.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from msds.vision.synthetic.clutter import SIGNATURE_NEGATIVES, partly, text_line
from msds.vision.synthetic.degrade import degrade, recolour
from msds.vision.synthetic.drawings import NEGATIVE_DRAWINGS, drawn_pictogram, font, restyled, square_variant
from msds.vision.synthetic.handwriting import signature

CODES = tuple(f"GHS0{i}" for i in range(1, 10))
SIGNATURE = "signature"
Box = tuple[float, float, float, float]
SpriteMaker = Callable[[random.Random, int], Image.Image]


@dataclass(frozen=True)
class Placed:
    label: str
    box: Box

    @property
    def is_pictogram(self) -> bool:
        return self.label in CODES


@dataclass(frozen=True)
class Artwork:
    """Where sprites come from: pictogram artwork by code, extra transport labels, extra signatures."""

    pictogram: Callable[[random.Random, str, int], Image.Image] = lambda _rng, code, size: drawn_pictogram(
        code, size
    )
    transport: tuple[SpriteMaker, ...] = ()
    signatures: tuple[Image.Image, ...] = ()
    marine_pollutant: SpriteMaker | None = None


class _Room:
    """Free places on the page: objects do not overlap each other; blank paper is preferred."""

    def __init__(self, page: Image.Image) -> None:
        self.size = page.size
        ink = (np.asarray(page.convert("L"), dtype=np.float32) < 200).astype(np.float32)
        self.ink = np.pad(ink.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        self.taken: list[Box] = []

    def find(self, rng: random.Random, width: int, height: int, tries: int = 12) -> tuple[int, int] | None:
        best: tuple[float, int, int] | None = None
        for _ in range(tries):
            if width + 4 > self.size[0] or height + 4 > self.size[1]:
                return None
            x = rng.randint(2, self.size[0] - width - 2)
            y = rng.randint(2, self.size[1] - height - 2)
            if any(_overlaps((x, y, x + width, y + height), box) for box in self.taken):
                continue
            s = self.ink
            inky = s[y + height, x + width] - s[y, x + width] - s[y + height, x] + s[y, x]
            if best is None or inky < best[0]:
                best = (float(inky), x, y)
        if best is None:
            return None
        _, x, y = best
        self.taken.append((x - 3, y - 3, x + width + 3, y + height + 3))
        return x, y


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def paste(page: Image.Image, sprite: Image.Image, x: int, y: int) -> Box | None:
    """Paste an RGBA sprite with its alpha; return the box of its visible pixels on the page."""
    alpha = sprite.getchannel("A")
    page.paste(sprite.convert("RGB"), (x, y), alpha)
    box = alpha.point(lambda a: 255 if a > 60 else 0).getbbox()
    if box is None:
        return None
    return (x + box[0], y + box[1], x + box[2], y + box[3])


def _size(rng: random.Random, low: int, high: int) -> int:
    return round(math.exp(rng.uniform(math.log(low), math.log(high))))


def _turn(rng: random.Random, sprite: Image.Image, angle_choice: float) -> Image.Image:
    if angle_choice < 0.78:
        return sprite
    if angle_choice < 0.9:
        angle = rng.uniform(-6, 6)
    elif angle_choice < 0.95:
        angle = rng.uniform(6, 40) * rng.choice((-1, 1))
    else:
        return square_variant(sprite)
    return sprite.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)


def _pictogram_member(rng: random.Random, art: Artwork, size: int, negative: bool) -> tuple[Image.Image, str]:
    if not negative:
        code = rng.choice(CODES)
        sprite = art.pictogram(rng, code, size)
        return (restyled(rng, sprite) if rng.random() < 0.4 else sprite), code
    kinds = [*NEGATIVE_DRAWINGS, "transport", "transport", *(["marine_pollutant"] * 4)]
    kind = rng.choice(kinds)
    if kind == "transport" and art.transport and rng.random() < 0.6:
        return rng.choice(art.transport)(rng, size), "negative:transport"
    if kind == "marine_pollutant" and art.marine_pollutant is not None and rng.random() < 0.5:
        return art.marine_pollutant(rng, size), "negative:marine_pollutant"
    return NEGATIVE_DRAWINGS[kind](rng, size), f"negative:{kind}"


def pictogram_scene(
    rng: random.Random, background: Image.Image, art: Artwork
) -> tuple[Image.Image, list[Placed]]:
    """Groups of pictograms (single, or rows of 2-5 touching, overlapping or spaced) and hard negatives."""
    page = background.convert("RGB")
    room = _Room(page)
    placed: list[Placed] = []
    draw = ImageDraw.Draw(page)
    for _ in range(rng.randint(2, 6)):
        size = _size(rng, 24, 140) if rng.random() < 0.7 else _size(rng, 12, 280)
        count = 1 if rng.random() < 0.45 else rng.randint(2, 5)
        group_negative = rng.random() < 0.3
        mode = rng.choices(("colour", "grey", "bw", "faded"), weights=(0.55, 0.15, 0.2, 0.1))[0]
        angle_choice = rng.random()
        members = []
        for _ in range(count):
            negative = group_negative or rng.random() < 0.15
            sprite, label = _pictogram_member(rng, art, size, negative)
            members.append((_turn(rng, recolour(rng, sprite, mode), angle_choice), label))
        touching = rng.random() < 0.4
        gap = round(size * (rng.uniform(-0.15, 0.02) if touching else rng.uniform(0.05, 0.7)))
        across = rng.random() < 0.85
        widths = [s.width for s, _ in members]
        heights = [s.height for s, _ in members]
        total_w = sum(widths) + gap * (count - 1) if across else max(widths)
        total_h = max(heights) if across else sum(heights) + gap * (count - 1)
        spot = room.find(rng, max(4, total_w), max(4, total_h))
        if spot is None:
            continue
        x, y = spot
        framed = rng.random() < 0.15
        captioned = rng.random() < 0.15
        for sprite, label in members:
            box = paste(page, sprite, x, y)
            if box is not None:
                placed.append(Placed(label, box))
                if framed:
                    margin = rng.randint(0, max(1, size // 10))
                    draw.rectangle(
                        (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin),
                        outline=(0, 0, 0),
                    )
                if captioned and size >= 30:
                    face = font(max(7, size // 7), "DejaVuSans.ttf")
                    draw.text(
                        ((box[0] + box[2]) / 2, box[3] + 3),
                        label[-5:],
                        font=face,
                        fill=(0, 0, 0),
                        anchor="mt",
                    )
            if across:
                x += sprite.width + gap
            else:
                y += sprite.height + gap
    return degrade(rng, page), placed


def signature_scene(
    rng: random.Random, background: Image.Image, art: Artwork
) -> tuple[Image.Image, list[Placed]]:
    """Zero to three signatures (often beside a "Signature:" line or over a rule) among printed clutter."""
    page = background.convert("RGB")
    room = _Room(page)
    placed: list[Placed] = []
    draw = ImageDraw.Draw(page)
    signatures = rng.choices((0, 1, 2, 3), weights=(0.15, 0.45, 0.3, 0.1))[0]
    for _ in range(signatures):
        if art.signatures and rng.random() < 0.25:
            sprite = rng.choice(art.signatures)
            factor = rng.uniform(0.7, 1.5)
            sprite = sprite.resize(
                (max(4, round(sprite.width * factor)), max(4, round(sprite.height * factor)))
            )
        else:
            sprite = signature(rng, _size(rng, 24, 90))
        words = text_line(rng, rng.randint(10, 16)) if rng.random() < 0.5 and sprite.height >= 14 else None
        lead = words.width + rng.randint(4, 30) if words is not None else 0
        spot = room.find(rng, sprite.width + lead, sprite.height + 8, tries=30)
        if spot is None:
            continue
        x, y = spot
        if words is not None:
            paste(page, words, x, y + sprite.height - words.height)
            x += lead
        if rng.random() < 0.4:
            rule_y = y + round(sprite.height * rng.uniform(0.6, 1.0))
            draw.line((x - 5, rule_y, x + sprite.width + 10, rule_y), fill=(0, 0, 0), width=1)
        box = paste(page, sprite, x, y)
        if box is not None:
            placed.append(Placed(SIGNATURE, box))
    for _ in range(rng.randint(4, 10)):
        kind = rng.choice([*SIGNATURE_NEGATIVES, "text", "text", "cjk", "logo", "pictogram", "nfpa"])
        if kind == "pictogram":
            sprite = art.pictogram(rng, rng.choice(CODES), _size(rng, 24, 120))
        elif kind in NEGATIVE_DRAWINGS:
            sprite = NEGATIVE_DRAWINGS[kind](rng, _size(rng, 40, 200))
        else:
            sprite = SIGNATURE_NEGATIVES[kind](rng, _size(rng, 40, 400))
        sprite = recolour(rng, sprite, rng.choice(("colour", "colour", "grey", "bw")))
        if rng.random() < 0.15:
            sprite = partly(rng, sprite)
        spot = room.find(rng, sprite.width, sprite.height)
        if spot is not None:
            box = paste(page, sprite, *spot)
            if box is not None:
                placed.append(Placed(f"negative:{kind}", box))
    return degrade(rng, page, 0.8), placed
