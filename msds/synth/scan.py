"""Make scanned-looking variants of a PDF: rasterise, skew, blur, add noise, then save image-only files."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter, ImageOps
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas


def scan_document(pdf: bytes, output: str, seed: int, dpi: int = 200) -> tuple[bytes, int]:
    """Return (file bytes, page count) for output "scan_pdf", "scan_tiff", "scan_png" or "scan_jpeg"."""
    rng = np.random.default_rng(seed)
    first_only = output in ("scan_png", "scan_jpeg")
    colour = output != "scan_tiff" and rng.random() < 0.35
    pages = [degrade(page, rng) for page in rasterise(pdf, dpi, first_only, colour)]
    if output == "scan_pdf":
        return image_pdf(pages, dpi, rng), len(pages)
    if output == "scan_tiff":
        return multipage_tiff(pages, dpi), len(pages)
    buffer = io.BytesIO()
    if output == "scan_png":
        ImageOps.posterize(pages[0], 3 if pages[0].mode == "L" else 4).save(
            buffer, format="PNG", dpi=(dpi, dpi)
        )
    elif output == "scan_jpeg":
        pages[0].save(buffer, format="JPEG", quality=int(rng.integers(45, 80)), dpi=(dpi, dpi))
    else:
        raise ValueError(f"unknown scan output {output!r}")
    return buffer.getvalue(), 1


def rasterise(pdf: bytes, dpi: int, first_only: bool = False, colour: bool = False) -> list[Image.Image]:
    """Render the PDF pages to greyscale (or RGB) images."""
    document = pdfium.PdfDocument(pdf)
    try:
        count = 1 if first_only else len(document)
        images = []
        for index in range(count):
            bitmap = document[index].render(scale=dpi / 72, grayscale=not colour)
            images.append(bitmap.to_pil().convert("RGB" if colour else "L"))
        return images
    finally:
        document.close()


def degrade(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Skew by up to ±3°, shift contrast, add noise, specks and an edge shadow, then blur slightly."""
    angle = float(rng.uniform(0.4, 3.0)) * (1 if rng.random() < 0.5 else -1)
    fill = 255 if image.mode == "L" else (255, 255, 255)
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels * float(rng.uniform(0.85, 0.98)) + float(rng.uniform(0, 18))
    height, width = pixels.shape[:2]
    noise = rng.normal(0.0, float(rng.uniform(2.0, 6.0)), (height, width)).astype(np.float32)
    pixels += noise if pixels.ndim == 2 else noise[:, :, None]
    specks = int(width * height * 2e-5)
    ys = rng.integers(0, height, specks)
    xs = rng.integers(0, width, specks)
    pixels[ys, xs] = rng.uniform(0, 90, specks) if pixels.ndim == 2 else rng.uniform(0, 90, specks)[:, None]
    band = int(width * float(rng.uniform(0.01, 0.04)))
    if band > 0:
        shade = np.linspace(float(rng.uniform(60, 120)), 0, band, dtype=np.float32)
        shade = shade if pixels.ndim == 2 else shade[:, None]
        if rng.random() < 0.5:
            pixels[:, :band] -= shade
        else:
            pixels[:, width - band :] -= shade[::-1]
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode=image.mode)
    return noisy.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.4, 0.9))))


def image_pdf(pages: list[Image.Image], dpi: int, rng: np.random.Generator) -> bytes:
    """An image-only PDF (JPEG pages, no text layer)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for page in pages:
        width_pt, height_pt = page.width * 72 / dpi, page.height * 72 / dpi
        canvas.setPageSize((width_pt, height_pt))
        jpeg = io.BytesIO()
        page.save(jpeg, format="JPEG", quality=int(rng.integers(30, 55)))
        jpeg.seek(0)
        canvas.drawImage(ImageReader(jpeg), 0, 0, width=width_pt, height=height_pt)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def multipage_tiff(pages: list[Image.Image], dpi: int) -> bytes:
    """A bilevel multi-page TIFF (CCITT G4), like a fax or office scanner."""
    bilevel = [
        page.convert("L").point(lambda value: 255 if value > 150 else 0).convert("1") for page in pages
    ]
    buffer = io.BytesIO()
    bilevel[0].save(
        buffer, format="TIFF", save_all=True, append_images=bilevel[1:], compression="group4", dpi=(dpi, dpi)
    )
    return buffer.getvalue()
