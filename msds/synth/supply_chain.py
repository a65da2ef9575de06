"""A generated supply chain: finished products, their bills of materials and the suppliers' sheets behind
them (msds.synth sheets), with what a correct traceability report must say about it.

The chain is planned, not random: each raw material's sheet has a state on the report date (current, due
for a check, due for replacement, still in review, replaced by a newer revision), one component has no
sheet at all, and two sheets reach their check or replace date within the report's quarter. ``expected``
states what the traceability report must contain; the classification proposals follow from what the
sheets print (``section_3_rows``) by the CLP mixture rules.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from msds.synth.chemicals import chemical_by_key
from msds.synth.documents import DocumentSpec, sample_document
from msds.synth.labels import section_3_rows
from msds.synth.layouts import render_document
from msds.synth.products import Component, Product, mixture_product, substance_product
from msds.synth.suppliers import Supplier

AS_OF = date(2025, 6, 1)


@dataclass(frozen=True)
class ChainSheet:
    """One supplier sheet of the chain and the state it must have on the report date."""

    key: str
    spec: DocumentSpec
    expected: str  # current / check / replace / in_review / superseded

    @property
    def file_name(self) -> str:
        return f"{self.key}_{self.spec.language}.pdf"


@dataclass(frozen=True)
class ChainLine:
    line_no: int
    sheet: str | None  # the ChainSheet key; None: no sheet exists
    supplier: Supplier
    supplier_id: str | None
    material_name: str
    supplier_product_code: str | None
    cas: str | None
    concentration: str


@dataclass(frozen=True)
class ChainProduct:
    product_id: str
    name: str
    state: str
    lines: tuple[ChainLine, ...]


@dataclass(frozen=True)
class SupplyChain:
    as_of: date
    sheets: tuple[ChainSheet, ...]
    products: tuple[ChainProduct, ...]

    def sheet(self, key: str) -> ChainSheet:
        return next(sheet for sheet in self.sheets if sheet.key == key)


def _supplier(name: str, country: str, language: str, seed: int) -> Supplier:
    base = sample_document(random.Random(f"chain-supplier:{seed}"), "s", language, "a", "pdf").supplier
    return dataclasses.replace(base, name=name, country=country)


def _spec(
    seed: int, key: str, language: str, layout: str, product: Product, supplier: Supplier, revised: date
) -> DocumentSpec:
    rng = random.Random(f"chain-sheet:{seed}:{key}")
    spec = sample_document(rng, key, language, layout, "pdf")
    return dataclasses.replace(
        spec,
        product=product,
        supplier=supplier,
        revision_date=revised,
        print_date=None,
        page_breaks=(),
        has_signature=False,
        pictogram_source="both" if product.pictograms else None,
    )


def build_supply_chain(seed: int = 7) -> SupplyChain:
    """The planned chain (deterministic for a seed): six suppliers, seven sheets, three products."""
    rng = random.Random(f"chain:{seed}")
    nordwerk = _supplier("Nordwerk Chemie GmbH", "DE", "de", 1)
    riverside = _supplier("Riverside Solvents Ltd", "GB", "en", 2)
    levante = _supplier("Química del Levante S.L.", "ES", "es", 3)
    atlantico = _supplier("Atlântico Químicos, Lda.", "PT", "pt", 4)
    provence = _supplier("Aroma Provence SAS", "FR", "fr", 5)

    acetone = substance_product(rng, "acetone", "de")
    methanol = dataclasses.replace(substance_product(rng, "methanol", "es"), signal_word=None)
    soda = substance_product(rng, "sodium_hydroxide", "en")
    limonene = substance_product(rng, "limonene", "fr")
    acid = substance_product(rng, "phosphoric_acid", "en")
    degreaser = mixture_product(
        rng,
        "Heptasol 200 Degreaser",
        (
            Component(chemical_by_key("n_heptane"), 62.0, True),
            Component(chemical_by_key("isopropanol"), 30.0, True),
            Component(chemical_by_key("butoxyethanol"), 8.0, True),
        ),
        "degreaser",
        "cleaner",
        "liquid",
    )
    sheets = (
        ChainSheet(
            "rm1_acetone", _spec(seed, "rm1", "de", "a", acetone, nordwerk, date(2024, 2, 10)), "current"
        ),
        ChainSheet(
            "rm2_degreaser", _spec(seed, "rm2", "en", "b", degreaser, riverside, date(2021, 9, 15)), "check"
        ),
        # Printed without its signal word: the sheet must wait for a reviewer.
        ChainSheet(
            "rm3_methanol", _spec(seed, "rm3", "es", "a", methanol, levante, date(2023, 11, 20)), "in_review"
        ),
        # Replaced within the quarter of the report (2020-05-10 + 5 years).
        ChainSheet("rm4_soda", _spec(seed, "rm4", "en", "a", soda, atlantico, date(2020, 5, 10)), "replace"),
        # Due for a check within the quarter (2022-06-20 + 3 years), current on the report date.
        ChainSheet(
            "rm5_limonene", _spec(seed, "rm5", "fr", "a", limonene, nordwerk, date(2022, 6, 20)), "current"
        ),
        ChainSheet(
            "rm6_acid_2016", _spec(seed, "rm6", "en", "a", acid, riverside, date(2016, 5, 10)), "superseded"
        ),
        ChainSheet(
            "rm6_acid_2024", _spec(seed, "rm6", "en", "a", acid, riverside, date(2024, 1, 15)), "current"
        ),
    )
    specs = {sheet.key: sheet.spec for sheet in sheets}

    def line(
        number: int, key: str | None, supplier_id: str | None, concentration: str, **missing: str
    ) -> ChainLine:
        if key is None:
            return ChainLine(
                number, None, provence, supplier_id, missing["name"], missing.get("code"), None, concentration
            )
        spec = specs[key]
        product = spec.product
        cas = product.components[0].chemical.cas if product.is_substance else None
        return ChainLine(
            number, key, spec.supplier, supplier_id, product.name, product.product_code, cas, concentration
        )

    products = (
        ChainProduct(
            "SC-100",
            "Solvent Cleaner SC-100",
            "liquid",
            (
                line(1, "rm1_acetone", "nordwerk", "60 %"),
                line(2, "rm2_degreaser", None, "20 - 25 %"),
                line(3, "rm3_methanol", None, "5 %"),
                line(4, None, "aroma-provence", "2 %", name="Parfum Lavande 12", code="PL-12"),
            ),
        ),
        ChainProduct(
            "AD-20",
            "Alkaline Degreaser AD-20",
            "liquid",
            (
                line(1, "rm4_soda", None, "4 %"),
                line(2, "rm5_limonene", "nordwerk", "0.5 %"),
                line(3, "rm2_degreaser", None, "10 %"),
            ),
        ),
        ChainProduct(
            "DS-5",
            "Descaler DS-5",
            "liquid",
            (
                line(1, "rm6_acid_2024", None, "10 - 15 %"),
                line(2, "rm1_acetone", "nordwerk", "10 %"),
            ),
        ),
    )
    return SupplyChain(AS_OF, sheets, products)


def write_supply_chain(chain: SupplyChain, folder: Path) -> dict[str, Path]:
    """The sheets (PDF), the products (CSV and JSON) and what the report must say (expected.json)."""
    sheets = folder / "sheets"
    sheets.mkdir(parents=True, exist_ok=True)
    for sheet in chain.sheets:
        (sheets / sheet.file_name).write_bytes(render_document(sheet.spec).pdf)
    (folder / "products.csv").write_text(products_csv(chain), encoding="utf-8")
    (folder / "products.json").write_text(
        json.dumps(products_json(chain), ensure_ascii=False, indent=2), "utf-8"
    )
    (folder / "expected.json").write_text(json.dumps(expected(chain), ensure_ascii=False, indent=2), "utf-8")
    return {
        "sheets": sheets,
        "csv": folder / "products.csv",
        "json": folder / "products.json",
        "expected": folder / "expected.json",
    }


_COLUMNS = (
    "product_id",
    "product_name",
    "physical_state",
    "line_no",
    "supplier",
    "supplier_id",
    "material_name",
    "supplier_product_code",
    "cas",
    "concentration",
)


def products_csv(chain: SupplyChain) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for product in chain.products:
        for line in product.lines:
            writer.writerow(
                (
                    product.product_id,
                    product.name,
                    product.state,
                    line.line_no,
                    line.supplier.name,
                    line.supplier_id or "",
                    line.material_name,
                    line.supplier_product_code or "",
                    line.cas or "",
                    line.concentration,
                )
            )
    return out.getvalue()


def products_json(chain: SupplyChain) -> dict[str, Any]:
    return {
        "products": [
            {
                "product_id": product.product_id,
                "name": product.name,
                "facts": {"physical_state": product.state},
                "components": [
                    {
                        "line_no": line.line_no,
                        "supplier": line.supplier.name,
                        "supplier_id": line.supplier_id,
                        "material_name": line.material_name,
                        "supplier_product_code": line.supplier_product_code,
                        "cas": line.cas,
                        "concentration": line.concentration,
                    }
                    for line in product.lines
                ],
            }
            for product in chain.products
        ]
    }


def expected(chain: SupplyChain) -> dict[str, Any]:
    """What the traceability report must say on ``chain.as_of`` with the default policy (3 / 5 years)."""
    order = ["missing", "superseded", "replace", "uncertain_match", "in_review", "check", "current"]
    lines: dict[str, dict[str, str]] = {}
    status: dict[str, str] = {}
    for product in chain.products:
        found = {}
        for line in product.lines:
            found[str(line.line_no)] = "missing" if line.sheet is None else chain.sheet(line.sheet).expected
        lines[product.product_id] = found
        status[product.product_id] = min(found.values(), key=order.index)
    requests: dict[str, list[list[str]]] = {}
    for product in chain.products:
        for line in product.lines:
            state = lines[product.product_id][str(line.line_no)]
            if state in ("missing", "superseded", "replace", "check"):
                entry = requests.setdefault(line.supplier.name, [])
                if [line.material_name, state] not in entry:
                    entry.append([line.material_name, state])
    return {
        "as_of": chain.as_of.isoformat(),
        "lines": lines,
        "status": status,
        "requests": {supplier: sorted(items) for supplier, items in sorted(requests.items())},
        "expiring": [
            ["rm4_soda", "replace", "2025-05-10"],
            ["rm5_limonene", "check", "2025-06-20"],
        ],
        "sheets": {
            sheet.key: {"file": sheet.file_name, "expected": sheet.expected} for sheet in chain.sheets
        },
        "components": {sheet.key: section_3_rows(sheet.spec) for sheet in chain.sheets},
    }
