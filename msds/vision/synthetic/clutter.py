"""Printed things a signature detector must not report: text lines (some underlined, some with a signature
rule), stamps, tables, structural formulae, barcodes. RGBA sprites."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw

from msds.vision.synthetic.drawings import font

_FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
    "DejaVuSerif.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSans-ExtraLight.ttf",
)
_WORDS = (
    "Safety",
    "Data",
    "Sheet",
    "Section",
    "Product",
    "Supplier",
    "Date",
    "Revision",
    "Version",
    "Signature",
    "Signed",
    "Approved",
    "Name",
    "Manager",
    "Quality",
    "Hazard",
    "Statement",
    "Precautionary",
    "Danger",
    "Warning",
    "Page",
    "of",
    "Prepared",
    "by",
    "Issued",
    "Regulation",
    "Sicherheitsdatenblatt",
    "Unterschrift",
    "Fiche",
    "Firma",
    "Assinatura",
    "Podpis",
    "Handtekening",
    "Geprüft",
)
_DARK = ((0, 0, 0), (40, 40, 40), (20, 30, 90), (70, 70, 70))
_STAMP_INKS = ((40, 60, 170), (180, 30, 40), (110, 40, 140), (30, 30, 30))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _sprite(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGBA", (max(2, width), max(2, height)), (255, 255, 255, 0))
    return image, ImageDraw.Draw(image)


def text_line(rng: random.Random, height: int) -> Image.Image:
    """Printed words, sometimes underlined or followed by a signature rule."""
    face = font(height, rng.choice(_FONTS))
    words = _text(rng, rng.randint(1, 6))
    if rng.random() < 0.3:
        words += ":"
    _left, _top, right, bottom = face.getbbox(words)
    rule = rng.random() < 0.35
    extra = round(height * rng.uniform(4, 10)) if rule else 0
    image, draw = _sprite(round(right) + extra + 4, round(bottom) + 6)
    ink = (*rng.choice(_DARK), 255)
    draw.text((2, 0), words, font=face, fill=ink)
    line_w = max(1, round(height / 12))
    if rule:
        draw.line([(right + 6, bottom + 2), (right + extra, bottom + 2)], fill=ink, width=line_w)
    elif rng.random() < 0.25:
        draw.line([(2, bottom + 2), (right, bottom + 2)], fill=ink, width=line_w)
    return image


def stamp(rng: random.Random, size: int) -> Image.Image:
    """A round (text around a double ring) or rectangular rubber stamp in coloured ink, slightly turned."""
    ink = (*rng.choice(_STAMP_INKS), rng.randint(170, 255))
    if rng.random() < 0.6:
        image, draw = _sprite(size, size)
        w = max(1, round(size * 0.025))
        draw.ellipse((1, 1, size - 2, size - 2), outline=ink, width=w)
        inner = size * 0.2
        draw.ellipse((inner, inner, size - inner, size - inner), outline=ink, width=w)
        letters = _text(rng, 3).upper()[:24]
        face = font(max(5, round(size * 0.09)))
        radius = size * 0.4
        for i, char in enumerate(letters):
            angle = -math.pi / 2 + 2 * math.pi * i / max(len(letters), 1) * 0.9
            glyph, glyph_draw = _sprite(round(size * 0.12), round(size * 0.12))
            glyph_draw.text((glyph.width / 2, glyph.height / 2), char, font=face, fill=ink, anchor="mm")
            glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
            cx = size / 2 + radius * math.cos(angle) - glyph.width / 2
            cy = size / 2 + radius * math.sin(angle) - glyph.height / 2
            image.alpha_composite(glyph, (round(cx), round(cy)))
        draw.text(
            (size / 2, size / 2),
            rng.choice(("QA", "OK", "2024", "GmbH", "S.A.")),
            font=face,
            fill=ink,
            anchor="mm",
        )
    else:
        height = max(8, round(size * rng.uniform(0.3, 0.5)))
        image, draw = _sprite(size, height)
        draw.rectangle((1, 1, size - 2, height - 2), outline=ink, width=max(1, round(height * 0.06)))
        face = font(max(5, round(height * 0.3)))
        draw.text(
            (size / 2, height / 2),
            rng.choice(("APPROVED", "GEPRÜFT", "RECEIVED", "COPY", "VALIDÉ")),
            font=face,
            fill=ink,
            anchor="mm",
        )
    return image.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, expand=True)


def table(rng: random.Random, width: int) -> Image.Image:
    """A ruled grid with short entries."""
    rows, cols = rng.randint(2, 6), rng.randint(2, 5)
    row_h = rng.randint(12, 24)
    image, draw = _sprite(width, rows * row_h + 2)
    ink = (*rng.choice(_DARK), 255)
    xs = sorted({0, width - 1, *(rng.randint(width // 8, width - width // 8) for _ in range(cols - 1))})
    for r in range(rows + 1):
        draw.line([(0, r * row_h), (width - 1, r * row_h)], fill=ink, width=1)
    for x in xs:
        draw.line([(x, 0), (x, rows * row_h)], fill=ink, width=1)
    face = font(max(6, row_h - 8), rng.choice(_FONTS))
    for r in range(rows):
        for left, right in itertools.pairwise(xs):
            if rng.random() < 0.8:
                draw.text(
                    (left + 3, r * row_h + 2),
                    _text(rng, 1)[: max(1, (right - left) // 7)],
                    font=face,
                    fill=ink,
                )
    return image


def structure_formula(rng: random.Random, size: int) -> Image.Image:
    """A skeletal structural formula: one or two hexagon rings with bonds and atom labels."""
    image, draw = _sprite(size, size)
    ink = (*rng.choice(_DARK), 255)
    w = max(1, round(size * 0.02))
    r = size * rng.uniform(0.14, 0.2)
    centres = [(size * 0.35, size * 0.5)]
    if rng.random() < 0.5:
        centres.append((size * 0.35 + r * math.sqrt(3), size * 0.5))
    face = font(max(6, round(size * 0.1)), "DejaVuSans.ttf")
    for cx, cy in centres:
        ring = [
            (
                cx + r * math.cos(math.pi / 6 + k * math.pi / 3),
                cy + r * math.sin(math.pi / 6 + k * math.pi / 3),
            )
            for k in range(7)
        ]
        draw.line(ring, fill=ink, width=w)
        if rng.random() < 0.6:
            draw.ellipse((cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55), outline=ink, width=w)
        for k in rng.sample(range(6), rng.randint(1, 3)):
            angle = math.pi / 6 + k * math.pi / 3
            x0, y0 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x1, y1 = cx + 1.8 * r * math.cos(angle), cy + 1.8 * r * math.sin(angle)
            draw.line([(x0, y0), (x1, y1)], fill=ink, width=w)
            draw.text(
                (x1, y1), rng.choice(("OH", "O", "N", "Cl", "CH3", "NH2")), font=face, fill=ink, anchor="mm"
            )
    return image


def barcode(rng: random.Random, width: int) -> Image.Image:
    height = max(8, round(width * rng.uniform(0.2, 0.45)))
    image, draw = _sprite(width, height)
    x = 0
    while x < width - 2:
        bar = rng.randint(1, 3)
        if rng.random() < 0.55:
            draw.rectangle((x, 0, x + bar - 1, height - 1), fill=(0, 0, 0, 255))
        x += bar
    return image


def cjk_line(rng: random.Random, height: int) -> Image.Image:
    """A line of box-shaped glyphs made of straight strokes, as Chinese, Japanese or Korean print looks."""
    count = rng.randint(2, 14)
    gap = max(1, height // 8)
    image, draw = _sprite(count * (height + gap) + 4, height + 4)
    ink = (*rng.choice(_DARK), 255)
    width = max(1, round(height * rng.uniform(0.06, 0.12)))
    for i in range(count):
        x0, y0 = 2 + i * (height + gap), 2
        for _ in range(rng.randint(3, 8)):
            kind = rng.random()
            a, b = rng.uniform(0.05, 0.5) * height, rng.uniform(0.5, 0.95) * height
            at = rng.uniform(0.1, 0.9) * height
            if kind < 0.4:
                draw.line([(x0 + a, y0 + at), (x0 + b, y0 + at)], fill=ink, width=width)
            elif kind < 0.75:
                draw.line([(x0 + at, y0 + a), (x0 + at, y0 + b)], fill=ink, width=width)
            elif kind < 0.9:
                draw.line([(x0 + a, y0 + a), (x0 + b, y0 + b * rng.uniform(0.6, 1.0))], fill=ink, width=width)
            else:
                draw.rectangle((x0 + a, y0 + a, x0 + b, y0 + b), outline=ink, width=width)
    return image


def organic_logo(rng: random.Random, size: int) -> Image.Image:
    """A round emblem of petals, rays or dots (sunflowers, suns, leaves), often with a ring."""
    image, draw = _sprite(size, size)
    colour = (*rng.choice(((230, 170, 0), (30, 120, 40), (200, 30, 30), (20, 60, 150), (40, 40, 40))), 255)
    centre = size / 2
    petals = rng.randint(8, 32)
    outlined = rng.random() < 0.5
    for k in range(petals):
        angle = 2 * math.pi * k / petals
        r0, r1 = size * rng.uniform(0.12, 0.25), size * rng.uniform(0.38, 0.48)
        spread = rng.uniform(0.08, 0.2)
        points = [
            (centre + r0 * math.cos(angle - spread), centre + r0 * math.sin(angle - spread)),
            (centre + r1 * math.cos(angle), centre + r1 * math.sin(angle)),
            (centre + r0 * math.cos(angle + spread), centre + r0 * math.sin(angle + spread)),
        ]
        edge = (20, 20, 20, 255) if outlined else colour
        draw.polygon(points, fill=colour if rng.random() < 0.7 else None, outline=edge)
    stipple = rng.random() < 0.5
    for _ in range(rng.randint(60, 220) if stipple else rng.randint(0, 40)):
        r = size * rng.uniform(0, 0.2)
        angle = rng.uniform(0, 2 * math.pi)
        x, y = centre + r * math.cos(angle), centre + r * math.sin(angle)
        dot = max(1, size // rng.choice((40, 60)))
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=(60, 40, 20, 255))
    return image


def watermark(rng: random.Random, size: int) -> Image.Image:
    """Large pale letters, often turned: DRAFT, COPY, a company name."""
    face = font(max(10, size // 3), rng.choice(_FONTS))
    word = rng.choice(("DRAFT", "COPY", "MUSTER", "SAMPLE", "CONFIDENTIAL", "Improved"))
    image, draw = _sprite(size * 2, size // 2)
    grey = rng.randint(150, 200)
    draw.text((2, 2), word, font=face, fill=(grey, grey, grey, 255))
    return image.rotate(rng.choice((0, 0, 30, 45, -30)), resample=Image.Resampling.BICUBIC, expand=True)


def text_block(rng: random.Random, width: int) -> Image.Image:
    """Two to five printed lines, some ruled off, as in a form or a table without its grid."""
    lines = [text_line(rng, rng.randint(10, 16)) for _ in range(rng.randint(2, 5))]
    gap = rng.randint(2, 8)
    height = sum(line.height + gap for line in lines)
    image, draw = _sprite(max(width, max(line.width for line in lines)), height)
    y = 0
    for line in lines:
        image.alpha_composite(line, (0, y))
        y += line.height + gap
        if rng.random() < 0.3:
            draw.line([(0, y - gap // 2), (image.width - 1, y - gap // 2)], fill=(0, 0, 0, 255), width=1)
    return image


def partly(rng: random.Random, sprite: Image.Image) -> Image.Image:
    """A sprite cut as by the page edge: about half of it."""
    w, h = sprite.size
    side = rng.choice(("top", "bottom", "left", "right"))
    cut = rng.uniform(0.35, 0.65)
    box = {
        "top": (0, round(h * cut), w, h),
        "bottom": (0, 0, w, round(h * cut)),
        "left": (round(w * cut), 0, w, h),
        "right": (0, 0, round(w * cut), h),
    }[side]
    return sprite.crop(box)


SIGNATURE_NEGATIVES: dict[str, Callable[[random.Random, int], Image.Image]] = {
    "text": lambda rng, size: text_line(rng, max(8, size // 5)),
    "heading": lambda rng, size: text_line(rng, max(14, size // 3)),
    "cjk": lambda rng, size: cjk_line(rng, max(9, size // 6)),
    "organic_logo": organic_logo,
    "watermark": watermark,
    "text_block": text_block,
    "stamp": stamp,
    "table": table,
    "formula": structure_formula,
    "barcode": barcode,
}
"""Printed clutter for the signature classifier, by kind: each draws one sprite about ``size`` wide."""
