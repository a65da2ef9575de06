"""The generated sheets the browser tests upload."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from pathlib import Path

from msds.synth.documents import DocumentSpec, sample_document
from msds.synth.layouts import render_document


@dataclass(frozen=True)
class Sheet:
    path: Path
    product: str
    cas: str
    h_codes: tuple[str, ...]


def write_sheet(
    folder: Path, seed: str, language: str, *, without_pictograms: bool = False, product: str | None = None
) -> Sheet:
    """A born-digital sheet; ``without_pictograms``: its H-codes imply pictograms that are not printed, a
    possible missed hazard the pipeline must send to review; ``product``: the product's name."""
    spec: DocumentSpec = sample_document(random.Random(seed), seed, language, "a", "pdf")
    if without_pictograms:
        spec = dataclasses.replace(spec, pictogram_source=None)
    if product is not None:
        spec = dataclasses.replace(spec, product=dataclasses.replace(spec.product, name=product))
    path = folder / f"{seed}.pdf"
    path.write_bytes(render_document(spec).pdf)
    return Sheet(
        path, spec.product.name, spec.product.components[0].chemical.cas, tuple(spec.product.h_codes)
    )
