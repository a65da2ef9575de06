"""Benchmark of the read-text adapters on generated pages; prints seconds per OCR page and more.

    .venv/bin/python scripts/bench_ocr.py [--pages 3] [--dpi 300] [--languages en de]

OCR runs on one core (OMP_THREAD_LIMIT=1, set by the adapter) on typical and dense A4 pages, clean
renders and "scans" (skewed 1.5 degrees, noisy, slightly blurred), each language with English added.
Also timed: the text layer of a generated 10-page born-digital PDF, the text-quality check, and
language detection of a long document.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from pathlib import Path

import numpy as np
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from msds.adapters.local.deskew import rotate
from msds.adapters.local.lingua_detector import LinguaDetector
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.adapters.local.tesseract_ocr import TesseractOcr
from msds.domain.text_quality import assess_text_layer

PHRASES = {
    "en": [
        "SECTION 2: Hazards identification",
        "H225 Highly flammable liquid and vapour.",
        "H319 Causes serious eye irritation. H336 May cause drowsiness or dizziness.",
        "P210 Keep away from heat, hot surfaces, sparks, open flames and other ignition sources. No smoking.",
        "Acetone CAS No. 67-64-1 EC No. 200-662-2 concentration 60 - 100 %",
        "Flash point: -17 °C (closed cup) Boiling point: 56 °C Density: 0.79 g/cm3 at 20 °C",
        "Keep container tightly closed in a dry and well-ventilated place.",
    ],
    "de": [
        "ABSCHNITT 2: Mögliche Gefahren",
        "H225 Flüssigkeit und Dampf leicht entzündbar.",
        "H319 Verursacht schwere Augenreizung. H336 Kann Schläfrigkeit und Benommenheit verursachen.",
        "P210 Von Hitze, heißen Oberflächen, Funken, offenen Flammen fernhalten. Nicht rauchen.",
        "Aceton CAS-Nr. 67-64-1 EG-Nr. 200-662-2 Konzentration 60 - 100 %",
        "Flammpunkt: -17 °C (geschlossener Tiegel) Siedepunkt: 56 °C Dichte: 0,79 g/cm3 bei 20 °C",
        "Behälter dicht verschlossen an einem trockenen, gut belüfteten Ort aufbewahren.",
    ],
}


# Typical: 40 lines of 10 pt, about 2,700 characters (real sheets average 2,000-2,500 per page).
# Dense: 55 lines of 9.5 pt, about 3,800 characters.
LAYOUTS = {"typical": (40, 10.0), "dense": (55, 9.5)}


def generated_page(language: str, layout: str, dpi: int, seed: int, scanned: bool) -> Image.Image:
    lines, size = LAYOUTS[layout]
    rng = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(
        str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), round(size * dpi / 72)
    )
    step = round(size * 1.37 * dpi / 72)
    for row in range(lines):
        draw.text((round(0.7 * dpi), round(0.8 * dpi) + row * step), rng.choice(PHRASES[language]), font=font)
    if scanned:
        image, _ = rotate(image, 1.5)
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        noise = np.random.default_rng(seed).normal(0, 12, (image.height, image.width))
        image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8))
    image.info["dpi"] = (dpi, dpi)
    return image


def ten_page_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    rng = random.Random(1)
    for _ in range(10):
        pdf.setFont("Helvetica", 9)
        for row in range(60):
            pdf.drawString(50, 800 - row * 12.5, rng.choice(PHRASES["en"]))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def bench_ocr(pages: int, dpi: int, languages: list[str]) -> None:
    ocr = TesseractOcr()
    for language in languages:
        ocr.recognise(generated_page(language, "typical", dpi, 99, False), 1, [language])  # load the model
        for layout in LAYOUTS:
            for scanned in (False, True):
                images = [generated_page(language, layout, dpi, seed, scanned) for seed in range(pages)]
                wall, cpu, confidences = [], [], []
                for number, image in enumerate(images, start=1):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    page = ocr.recognise(image, number, [language])
                    wall.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
                    confidences.append(page.mean_confidence)
                kind = "scan " if scanned else "clean"
                print(
                    f"ocr {ocr.language_spec([language]):8} {layout:7} {kind} {dpi} dpi: "
                    f"{statistics.mean(wall):.2f} s/page "
                    f"(cpu {statistics.mean(cpu):.2f}, max {max(wall):.2f}), "
                    f"confidence {statistics.mean(confidences):.2f}"
                )
    ocr.close()


def bench_text_layer() -> None:
    data = ten_page_pdf()
    layer = PdfiumTextLayer()
    layer.read_pages(data)
    runs = []
    for _ in range(10):
        started = time.perf_counter()
        pages = layer.read_pages(data)
        runs.append(time.perf_counter() - started)
    words = sum(len(page.words) for page in pages)
    assess_text_layer(pages[0])  # load the letter statistics once
    started = time.perf_counter()
    for page in pages:
        assess_text_layer(page)
    quality = time.perf_counter() - started
    best, median = min(runs) * 1000, statistics.median(runs) * 1000
    print(f"text layer, 10 pages / {words} words: {best:.0f} ms (median {median:.0f})")
    print(f"text quality, 10 pages: {quality * 1000:.1f} ms")


def bench_language() -> None:
    detector = LinguaDetector()
    text = "\n".join(PHRASES["de"] * 300)
    started = time.perf_counter()
    detector.detect(text)
    cold = time.perf_counter() - started
    runs = []
    for language in ("en", "de", "en", "de"):
        document = "\n".join(PHRASES[language] * 300)
        started = time.perf_counter()
        detector.detect(document)
        runs.append(time.perf_counter() - started)
    print(
        f"language detection: {max(runs) * 1000:.1f} ms/document (first call, loading models: {cold:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--languages", nargs="+", default=["en", "de"])
    args = parser.parse_args()
    bench_text_layer()
    bench_language()
    bench_ocr(args.pages, args.dpi, args.languages)


if __name__ == "__main__":
    main()
