"""The per-document choices: product, supplier, dates, layout and presentation options."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from msds.synth.chemicals import load_chemicals
from msds.synth.phrases import DATE_STYLES
from msds.synth.products import Product, sample_product
from msds.synth.suppliers import Supplier, sample_supplier

LAYOUTS = ("a", "b", "c", "d")
SCAN_OUTPUTS = ("scan_pdf", "scan_pdf", "scan_tiff", "scan_png", "scan_jpeg")


@dataclass(frozen=True)
class DocumentSpec:
    """Everything that decides how one synthetic SDS looks; the label is derived from it and the rendering."""

    doc_id: str
    seed: int
    language: str
    layout: str
    output: str
    product: Product
    supplier: Supplier
    revision_date: date
    print_date: date | None
    date_style: str
    version: str
    heading_style: str
    font_family: str
    font_size: float
    page_size: str
    combine_acute: bool
    p_joiner: str
    joined_separator: str
    euh_separate: bool
    pictogram_source: str | None
    pictogram_render: str
    pictogram_text_style: str
    flash_unit: str
    un_style: str
    has_signature: bool
    verbosity: int
    page_breaks: tuple[int, ...]
    revision_in_header: bool

    @property
    def first_page_only(self) -> bool:
        """PNG/JPEG scans hold only the first page of the document."""
        return self.output in ("scan_png", "scan_jpeg")

    @property
    def scanned(self) -> bool:
        return self.output.startswith("scan_")

    @property
    def extension(self) -> str:
        return {"pdf": "pdf", "scan_pdf": "pdf", "scan_tiff": "tif", "scan_png": "png", "scan_jpeg": "jpg"}[
            self.output
        ]


def sample_document(rng: random.Random, doc_id: str, language: str, layout: str, output: str) -> DocumentSpec:
    """Draw all presentation choices for one document."""
    product = sample_product(rng, load_chemicals(), language)
    supplier = sample_supplier(rng, language)
    revision = date(2014, 1, 1) + timedelta(days=rng.randint(0, 11 * 365))
    print_date = revision + timedelta(days=rng.randint(10, 900)) if rng.random() < 0.2 else None
    style = rng.choice(DATE_STYLES[language]) if rng.random() < 0.9 else "iso_slash"
    version = rng.choice(
        (
            f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
            str(rng.randint(1, 15)),
            f"{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}",
            f"{rng.randint(1, 30):02d}",
        )
    )
    if product.pictograms:
        source = rng.choices(("image", "both", "text"), weights=(0.65, 0.2, 0.15))[0]
    else:
        source = None
    heading_styles = {
        "a": ("prefix_colon",),
        "b": ("number_dot_upper", "number_dash", "prefix_colon", "prefix_plain"),
        "c": ("number_space", "number_dot"),
        "d": ("prefix_dash", "number_dot"),
    }[layout]
    fonts = {"a": ("sans",), "b": ("serif", "sans"), "c": ("sans", "mono"), "d": ("serif",)}[layout]
    return DocumentSpec(
        doc_id=doc_id,
        seed=rng.randint(0, 2**31 - 1),
        language=language,
        layout=layout,
        output=output,
        product=product,
        supplier=supplier,
        revision_date=revision,
        print_date=print_date,
        date_style=style,
        version=version,
        heading_style=rng.choice(heading_styles),
        font_family=rng.choice(fonts),
        font_size=rng.choice((8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0)),
        page_size="letter" if supplier.country == "US" else "a4",
        combine_acute=rng.random() < 0.5,
        p_joiner=rng.choice(("+", "+", " + ")),
        joined_separator=rng.choice(("-", ", ")),
        euh_separate=rng.random() < 0.5,
        pictogram_source=source,
        pictogram_render=rng.choice(("vector", "raster")),
        pictogram_text_style=rng.choice(("code", "name", "code_name")),
        flash_unit=rng.choices(("C", "F_C", "F"), weights=(0.7, 0.15, 0.15))[0],
        un_style=rng.choice(("UN1090", "UN 1090", "1090")),
        has_signature=rng.random() < 0.3,
        verbosity=rng.randint(1, 4),
        page_breaks=tuple(sorted(rng.sample(range(3, 17), rng.choice((0, 0, 1, 2, 3, 5, 7))))),
        revision_in_header=layout in ("a", "b") or rng.random() < 0.3,
    )
