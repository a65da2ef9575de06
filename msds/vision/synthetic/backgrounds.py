"""Page backgrounds rendered from the project's own SDS generator (without pictogram images or signatures,
so that everything on a composited page is known), and the generator's own signature drawings."""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from msds.synth.documents import LAYOUTS, sample_document
from msds.synth.layouts import render_document
from msds.synth.reference import LANGUAGES
from msds.synth.signature import SignatureDrawing


def background_pages(documents: int, seed: int, dpi: tuple[int, int] = (75, 130)) -> Iterator[Image.Image]:
    """RGB pages of `documents` generated sheets, each page at a random resolution within dpi."""
    for index in range(documents):
        rng = random.Random(f"msds-vision-background:{seed}:{index}")
        language = LANGUAGES[index % len(LANGUAGES)]
        spec = sample_document(rng, f"background_{index}", language, LAYOUTS[index % len(LAYOUTS)], "pdf")
        spec = dataclasses.replace(
            spec, pictogram_source="text" if spec.product.pictograms else None, has_signature=False
        )
        yield from render_pages(render_document(spec).pdf, rng, dpi)


def render_pages(pdf: bytes, rng: random.Random, dpi: tuple[int, int]) -> Iterator[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            bitmap = page.render(scale=rng.uniform(*dpi) / 72)
            yield bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
    finally:
        document.close()


def generator_signatures(seed: int, count: int, dpi: int = 100) -> list[Image.Image]:
    """The synthetic SDS generator's own signature drawings (msds.synth.signature), as RGBA sprites."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    cell_w, cell_h, columns, rows = 170.0, 50.0, 3, 15
    rng = random.Random(f"msds-vision-generator-signatures:{seed}")
    cells = []
    for i in range(count):
        if i and i % (columns * rows) == 0:
            canvas.showPage()
        slot = i % (columns * rows)
        x, y = 20 + (slot % columns) * (cell_w + 15), A4[1] - 30 - (slot // columns + 1) * (cell_h + 5)
        drawing = SignatureDrawing(rng.randrange(2**31))
        drawing.drawOn(canvas, x, y)
        cells.append((i // (columns * rows), x, y))
    canvas.showPage()
    canvas.save()
    pages = list(render_pages(buffer.getvalue(), random.Random(0), (dpi, dpi)))
    scale = dpi / 72
    sprites = []
    for page_index, x, y in cells:
        page = pages[page_index]
        top = (A4[1] - y - cell_h) * scale
        crop = page.crop(
            (round(x * scale), round(top), round((x + cell_w) * scale), round(top + cell_h * scale))
        )
        sprites.append(_ink_sprite(crop))
    return sprites


def _ink_sprite(image: Image.Image) -> Image.Image:
    """White paper made transparent, cropped to the ink."""
    grey = image.convert("L")
    alpha = grey.point(lambda v: 0 if v > 235 else min(255, (255 - v) * 3))
    sprite = image.convert("RGBA")
    sprite.putalpha(alpha)
    box = alpha.getbbox()
    return sprite.crop(box) if box else sprite
