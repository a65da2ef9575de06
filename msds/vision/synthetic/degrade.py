"""Page-level degradations: grey or binarised print, blur, JPEG artefacts, noise, low-resolution scans."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageFilter


def degrade(rng: random.Random, image: Image.Image, strength: float = 1.0) -> Image.Image:
    """A randomly degraded RGB copy: each effect is applied with its own probability (times strength)."""
    out = image.convert("RGB")
    if rng.random() < 0.25 * strength:
        factor = rng.uniform(0.45, 0.85)
        small = out.resize(
            (max(8, round(out.width * factor)), max(8, round(out.height * factor))), Image.Resampling.BILINEAR
        )
        out = small.resize(
            out.size,
            rng.choice((Image.Resampling.BILINEAR, Image.Resampling.BICUBIC, Image.Resampling.NEAREST)),
        )
    if rng.random() < 0.3 * strength:
        grey = out.convert("L")
        if rng.random() < 0.3:
            threshold = rng.randint(110, 190)
            grey = grey.point(lambda v: 255 if v > threshold else 0)
        out = grey.convert("RGB")
    if rng.random() < 0.25 * strength:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    if rng.random() < 0.2 * strength:
        pixels = np.asarray(out, dtype=np.float32)
        pixels = pixels * rng.uniform(0.8, 1.0) + rng.uniform(0, 30)
        pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 12), pixels.shape[:2])[
            :, :, None
        ]
        out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if rng.random() < 0.35 * strength:
        buffer = io.BytesIO()
        out.save(buffer, format="JPEG", quality=rng.randint(18, 85))
        out = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return out


def recolour(rng: random.Random, sprite: Image.Image, mode: str) -> Image.Image:
    """One object's print: "colour" as drawn, "grey" (greyscale), "bw" (black where darker than a threshold),
    "faded" (washed-out colours)."""
    if mode == "colour":
        return sprite
    alpha = sprite.getchannel("A")
    if mode == "faded":
        pixels = np.asarray(sprite.convert("RGB"), dtype=np.float32)
        pixels = 255 - (255 - pixels) * rng.uniform(0.45, 0.8)
        out = Image.fromarray(pixels.astype(np.uint8)).convert("RGBA")
    else:
        grey = sprite.convert("L")
        if mode == "bw":
            threshold = rng.randint(120, 200)
            grey = grey.point(lambda v: 255 if v > threshold else 0)
        out = grey.convert("RGBA")
    out.putalpha(alpha)
    return out
