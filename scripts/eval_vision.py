"""Evaluate the vision model on the real corpus: image-only pictogram precision/recall/F1 on the labelled
dev set, signature detections, and a contact sheet of every pictogram detection on pool files.

Usage:
    .venv/bin/python scripts/eval_vision.py [--dev ../shared/corpus/dev] [--pages 4]
        [--text-predictions out/dev.jsonl] [--pool ../shared/corpus/pool --pool-count 100]
        [--sheet out/vision_contact_sheet.png]

Labels' ``pictograms`` are the Section 2 label's GHS pictograms. Detections on pages 1..--pages count
(Section 2 is on page 1-3 of nearly every sheet). With --text-predictions (the ``msds extract`` output),
the union of image and text pictograms is scored as well. The project's tests never read the corpus.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from models.text import DocumentText
from msds.adapters.local.pdfium_renderer import PdfiumRenderer
from msds.adapters.local.pdfium_text_layer import PdfiumTextLayer
from msds.domain.text_quality import assess_text_layer
from msds.errors import MsdsError
from msds.services.document_lines import flatten
from msds.services.segment import segment_lines
from msds.vision.detector import VisionModel
from msds.vision.processing import RENDER_DPI

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared" / "corpus"
_THUMB = 96


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    misses: int = 0
    documents: int = 0

    def add(self, found: set[str], wanted: set[str]) -> None:
        self.true_positives += len(found & wanted)
        self.false_positives += len(found - wanted)
        self.misses += len(wanted - found)
        self.documents += 1

    def line(self, name: str) -> str:
        p = self.true_positives / max(1, self.true_positives + self.false_positives)
        r = self.true_positives / max(1, self.true_positives + self.misses)
        f1 = 2 * p * r / max(1e-9, p + r)
        return (
            f"{name:<24} docs {self.documents:>3}  TP {self.true_positives:>3}"
            f"  FP {self.false_positives:>3}  FN {self.misses:>3}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}"
        )


@dataclass
class DocumentResult:
    doc_id: str
    found: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    signatures: list[tuple[int, float]] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None


def detect_document(
    model: VisionModel, renderer: PdfiumRenderer, path: Path, pages: int | None, signatures: bool
) -> tuple[DocumentResult, list[tuple[int, Image.Image, list]]]:
    result = DocumentResult(path.stem)
    rendered: list[tuple[int, Image.Image, list]] = []
    started = time.perf_counter()
    try:
        data = path.read_bytes()
        count = renderer.page_count(data)
        for page in range(1, min(count, pages or count) + 1):
            image = renderer.render(data, page, RENDER_DPI)
            detections = model.detect_pictograms(image)
            for d in detections:
                result.found.setdefault(d.code, []).append((page, d.score))
            if signatures:
                result.signatures.extend((page, s.score) for s in model.detect_signatures(image))
            rendered.append((page, image, detections))
            result.pages += 1
    except (MsdsError, OSError, IndexError) as error:
        result.error = f"{type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    return result, rendered


def section2_regions(data: bytes) -> dict[int, tuple[float, float]] | None:
    """Per page, the vertical extent (in points) of Section 2, from the PDF's text layer and the project's
    own segmentation, as the pipeline can do; None when there is no usable text layer or no Section 2."""
    try:
        layer = PdfiumTextLayer().read_pages(data)
    except MsdsError:
        return None
    pages = tuple(page for page in layer if assess_text_layer(page).usable)
    if not pages:
        return None
    lines = flatten(DocumentText(document_id="eval", pages=pages))
    span = segment_lines(lines).get(2)
    if span is None:
        return None
    regions: dict[int, tuple[float, float]] = {}
    for line in lines[span.first_line : span.end_line]:
        top, bottom = regions.get(line.page, (line.box.y0, line.box.y1))
        regions[line.page] = (min(top, line.box.y0), max(bottom, line.box.y1))
    following = lines[span.end_line] if span.end_line < len(lines) else None
    for page, (top, _bottom) in list(regions.items()):
        # Pictograms sit beside or below the last label line: Section 2 ends where Section 3 begins.
        end = following.box.y0 if following is not None and following.page == page else float("inf")
        regions[page] = (top if page == lines[span.first_line].page else 0.0, end)
    return regions


def _inside_regions(page: int, box: tuple[float, ...], regions: dict[int, tuple[float, float]]) -> bool:
    if page not in regions:
        return False
    top, bottom = regions[page]
    centre = (box[1] + box[3]) / 2 * 72.0 / RENDER_DPI
    return top - 20 <= centre <= bottom


def evaluate_dev(
    model: VisionModel, dev: Path, pages: int, text_predictions: Path | None, section2: bool = False
) -> None:
    renderer = PdfiumRenderer()
    labels = [
        json.loads(line) for line in (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    text = _text_pictograms(text_predictions) if text_predictions else None
    tallies: dict[str, Tally] = defaultdict(Tally)
    combined: dict[str, Tally] = defaultdict(Tally)
    signature_pages = signature_docs = 0
    total_pages = total_seconds = 0.0
    problems: list[str] = []
    files = {path.stem: path for path in (dev / "files").iterdir() if path.is_file()}
    for label in labels:
        path = files.get(label["id"], dev / "files" / label["file_name"])
        result, rendered = detect_document(model, renderer, path, pages, signatures=False)
        regions = section2_regions(path.read_bytes()) if section2 and path.suffix.lower() == ".pdf" else None
        if regions is not None:
            result.found = {}
            for page, _, detections in rendered:
                for d in detections:
                    if _inside_regions(page, tuple(d.box), regions):
                        result.found.setdefault(d.code, []).append((page, d.score))
        total_pages += result.pages
        total_seconds += result.seconds
        found = set(result.found)
        wanted = set(label.get("pictograms") or [])
        groups = ("all", f"language={label['language']}", f"scanned={label['scanned']}")
        for group in groups:
            tallies[group].add(found, wanted)
        if text is not None:
            union = found | text.get(label["id"], set())
            for group in groups:
                combined[group].add(union, wanted)
        if result.error:
            problems.append(f"  {label['id']}: ERROR {result.error}")
        for code in sorted(wanted - found):
            problems.append(f"  {label['id']}: MISSED {code} (source {label.get('pictograms_source')})")
        for code in sorted(found - wanted):
            where = ", ".join(f"p{p} {s:.2f}" for p, s in result.found[code])
            problems.append(f"  {label['id']}: FALSE {code} ({where})")
        sig, _ = detect_document(model, renderer, path, None, signatures=True)
        signature_pages += len({p for p, _ in sig.signatures})
        if sig.signatures:
            signature_docs += 1
            wanted_signature = label.get("has_signature")
            problems.append(
                f"  {label['id']}: signature detections on pages {sorted({p for p, _ in sig.signatures})} "
                f"(labelled has_signature={wanted_signature})"
            )
    scope = "inside Section 2 (text layer + segmentation) where found" if section2 else f"pages 1-{pages}"
    print(f"Pictograms, image detection only, {scope}, at {RENDER_DPI} dpi ({dev}):")
    for group in sorted(tallies, key=lambda g: (g != "all", g)):
        print("  " + tallies[group].line(group))
    if text is not None:
        print("Pictograms, image detections and text (msds extract) combined:")
        for group in sorted(combined, key=lambda g: (g != "all", g)):
            print("  " + combined[group].line(group))
    labelled = sum(1 for label in labels if label.get("has_signature"))
    print(
        f"Signatures: labelled on {labelled} documents; detected on {signature_docs} documents, "
        f"{signature_pages} pages"
    )
    print(f"Mean seconds per page (render + pictograms): {total_seconds / max(1, total_pages):.3f}")
    print("Misses and false alarms:")
    print("\n".join(problems) or "  none")


def _text_pictograms(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["id"]] = {str(c) for c in record.get("pictograms") or []}
    return out


def survey_pool(model: VisionModel, pool: Path, count: int, max_pages: int, sheet: Path) -> None:
    """Every pictogram detection on `count` pool files (all pages up to max_pages), on a contact sheet;
    signature detections on a second sheet beside it."""
    renderer = PdfiumRenderer()
    files = sorted(
        p for p in pool.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".png", ".jpg", ".tif")
    )
    step = max(1, len(files) // max(1, count))
    chosen = files[::step][:count]
    crops: list[tuple[Image.Image, str]] = []
    signature_crops: list[tuple[Image.Image, str]] = []
    rows = []
    pages = 0
    seconds = 0.0
    for path in chosen:
        result, rendered = detect_document(model, renderer, path, max_pages, signatures=False)
        for page, image, _ in rendered:
            for found in model.detect_signatures(image):
                crop = image.crop((found.box.x0, found.box.y0, found.box.x1, found.box.y1))
                signature_crops.append((crop, f"{found.score:.2f} {path.stem[:9]} p{page}"))
        pages += result.pages
        seconds += result.seconds
        for page, image, detections in rendered:
            for d in detections:
                x0, y0, x1, y1 = d.box
                pad = 0.1 * max(x1 - x0, y1 - y0)
                crop = image.crop((int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad)))
                crops.append((crop, f"{d.code} {d.score:.2f} {path.stem[:9]} p{page}"))
                rows.append([path.relative_to(pool).as_posix(), page, d.code, f"{d.score:.3f}", *d.box])
        if result.error:
            print(f"  {path.name}: {result.error}")
    sheet.parent.mkdir(parents=True, exist_ok=True)
    _contact_sheet(crops).save(sheet)
    signature_sheet = sheet.with_name(sheet.stem + "_signatures.png")
    _contact_sheet(signature_crops, columns=8).save(signature_sheet)
    with sheet.with_suffix(".csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "page", "code", "score", "x0", "y0", "x1", "y1"])
        writer.writerows(rows)
    by_code: dict[str, int] = defaultdict(int)
    for row in rows:
        by_code[str(row[2])] += 1
    print(
        f"Pool: {len(chosen)} files, {pages} pages, {len(rows)} pictogram detections "
        f"({dict(sorted(by_code.items()))}), {seconds / max(1, pages):.3f} s per page; contact sheet {sheet}"
    )
    print(f"Pool: {len(signature_crops)} signature detections; contact sheet {signature_sheet}")


def _contact_sheet(crops: list[tuple[Image.Image, str]], columns: int = 14) -> Image.Image:
    cell_w, cell_h = _THUMB + 40, _THUMB + 14
    rows = max(1, -(-len(crops) // columns))
    sheet = Image.new("RGB", (columns * cell_w, rows * cell_h), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (crop, caption) in enumerate(crops):
        x, y = (i % columns) * cell_w, (i // columns) * cell_h
        factor = _THUMB / max(crop.width, crop.height, 1)
        thumb = crop.resize((max(1, round(crop.width * factor)), max(1, round(crop.height * factor))))
        sheet.paste(thumb, (x + 2, y + 2))
        draw.text((x + 2, y + _THUMB + 2), caption[: cell_w // 6], fill=(200, 0, 0))
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=SHARED / "dev")
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--text-predictions", type=Path)
    parser.add_argument("--pool", type=Path, default=SHARED / "pool")
    parser.add_argument("--pool-count", type=int, default=100)
    parser.add_argument("--pool-pages", type=int, default=12)
    parser.add_argument("--sheet", type=Path, default=REPO_ROOT / "out" / "vision_contact_sheet.png")
    parser.add_argument("--skip-dev", action="store_true")
    parser.add_argument(
        "--section2", action="store_true", help="count only detections inside Section 2, as the pipeline can"
    )
    parser.add_argument("--model", type=Path, help="artefacts folder (default: msds/data/vision)")
    args = parser.parse_args(argv)
    model = VisionModel(args.model)
    if not args.skip_dev and args.dev.is_dir():
        evaluate_dev(model, args.dev, args.pages, args.text_predictions, args.section2)
    if args.pool_count and args.pool.is_dir():
        survey_pool(model, args.pool, args.pool_count, args.pool_pages, args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
