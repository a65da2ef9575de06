"""Reading finished products and their bills of materials from CSV or JSON.

CSV: one row per component, with a header. Columns (names are case-insensitive; aliases in brackets):
``product_id`` [product, product_code], ``product_name``, ``supplier``, ``material_name`` [material],
``concentration`` (as printed: "10-20 %", "≥ 5 – < 10 %", "15", "500 ppm") or ``low``/``high`` (+ ``unit``),
and optionally ``line_no``, ``supplier_id``, ``supplier_product_code`` [product_code_supplier, code], ``cas``,
``physical_state`` (solid, liquid or gas; one per product). JSON: ``{"products": [...]}`` or a list of
products in the shape of ``models.products.Product``; a component's concentration may be printed text.

An import is read whole before anything is stored: any bad row stops it, and every problem is named with
its row and column (``InvalidBillOfMaterials``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import ValidationError

from models.classification import MixtureFacts, PhysicalState
from models.composition import ConcentrationRange
from models.products import Product
from msds.domain.composition_text import parse_concentration
from msds.errors import InvalidBillOfMaterials

MAX_ROWS = 50_000
_ALIASES = {
    "product": "product_id",
    "product_code": "product_id",
    "product id": "product_id",
    "product name": "product_name",
    "material": "material_name",
    "material name": "material_name",
    "supplier product code": "supplier_product_code",
    "supplier_code": "supplier_product_code",
    "code": "supplier_product_code",
    "supplier id": "supplier_id",
    "cas_number": "cas",
    "cas no": "cas",
    "line": "line_no",
    "line no": "line_no",
    "state": "physical_state",
    "physical state": "physical_state",
}
_REQUIRED = ("product_id", "product_name", "supplier", "material_name")


def read_products(data: bytes | str, file_format: str) -> list[Product]:
    """The products of a CSV or JSON document; InvalidBillOfMaterials lists every problem found."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    if file_format == "csv":
        return _from_csv(text)
    if file_format == "json":
        return _from_json(text)
    raise InvalidBillOfMaterials(
        f"unknown format {file_format!r}: use csv or json", [("format", "csv or json")]
    )


def _column(name: str) -> str:
    key = " ".join(name.strip().lower().replace("-", " ").split())
    return _ALIASES.get(key, key.replace(" ", "_"))


def _from_csv(text: str) -> list[Product]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise InvalidBillOfMaterials("the CSV file is empty", [("file", "no header row")])
    header = [_column(name) for name in rows[0]]
    missing = [name for name in _REQUIRED if name not in header]
    if "concentration" not in header and "high" not in header and "low" not in header:
        missing.append("concentration")
    if missing:
        raise InvalidBillOfMaterials(
            f"the CSV header lacks {', '.join(missing)}",
            [("header", f"missing column {name}") for name in missing],
        )
    if len(rows) - 1 > MAX_ROWS:
        raise InvalidBillOfMaterials(f"more than {MAX_ROWS} rows", [("file", "too many rows")])
    problems: list[tuple[str, str]] = []
    grouped: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header)}
        where = f"row {number}"
        for name in _REQUIRED:
            if not row.get(name):
                problems.append((f"{where}, {name}", "empty"))
        concentration = _concentration(row, where, problems)
        product_id = row.get("product_id", "")
        product = grouped.setdefault(
            product_id,
            {"product_id": product_id, "name": row.get("product_name", ""), "components": [], "rows": []},
        )
        if row.get("product_name") and product["name"] != row["product_name"]:
            problems.append((f"{where}, product_name", f"differs from the first row of {product_id}"))
        state = row.get("physical_state")
        if state:
            try:
                product["facts"] = MixtureFacts(physical_state=PhysicalState(state.lower()))
            except ValueError:
                problems.append((f"{where}, physical_state", "solid, liquid or gas"))
        line_no = row.get("line_no") or str(len(product["components"]) + 1)
        if not line_no.isdigit():
            problems.append((f"{where}, line_no", "not a whole number"))
            line_no = "0"
        product["components"].append(
            {
                "line_no": int(line_no),
                "supplier": row.get("supplier", ""),
                "supplier_id": row.get("supplier_id") or None,
                "material_name": row.get("material_name", ""),
                "supplier_product_code": row.get("supplier_product_code") or None,
                "cas": row.get("cas") or None,
                "concentration": concentration,
            }
        )
        product["rows"].append(number)
    products = []
    for product_id, body in grouped.items():
        rows_of = body.pop("rows")
        if problems:
            continue
        try:
            products.append(Product.model_validate(body))
        except ValidationError as error:
            problems += _problems(error, f"product {product_id or '?'} (rows {rows_of[0]}-{rows_of[-1]})")
    if problems:
        raise InvalidBillOfMaterials(f"{len(problems)} problem(s) in the CSV file", problems)
    return products


def _concentration(row: dict[str, str], where: str, problems: list[tuple[str, str]]) -> dict[str, Any] | None:
    printed = row.get("concentration", "")
    unit = row.get("unit") or "%"
    if row.get("low") or row.get("high"):
        try:
            low = float(row["low"].replace(",", ".")) if row.get("low") else None
            high = float(row["high"].replace(",", ".")) if row.get("high") else None
        except ValueError:
            problems.append((f"{where}, low/high", "not a number"))
            return None
        return {"printed": printed or f"{low}-{high}", "low": low, "high": high, "unit": unit}
    value = parse_concentration(printed + ("" if "%" in printed or "ppm" in printed else f" {unit}"))
    if value is None:
        problems.append((f"{where}, concentration", f"cannot read {printed!r}"))
        return None
    return value.model_copy(update={"printed": printed}).model_dump()


def _from_json(text: str) -> list[Product]:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidBillOfMaterials(
            f"not JSON: {error.msg}", [(f"line {error.lineno} column {error.colno}", error.msg)]
        ) from error
    items = body.get("products") if isinstance(body, dict) else body
    if not isinstance(items, list) or not items:
        raise InvalidBillOfMaterials("expected a list of products", [("products", "a non-empty list")])
    problems: list[tuple[str, str]] = []
    products = []
    for number, item in enumerate(items):
        if isinstance(item, dict):
            for line in item.get("components") or []:
                if isinstance(line, dict) and isinstance(line.get("concentration"), str | int | float):
                    printed = str(line["concentration"])
                    parsed = parse_concentration(
                        printed if "%" in printed or "ppm" in printed else printed + " %"
                    )
                    line["concentration"] = (
                        parsed.model_copy(update={"printed": printed}).model_dump()
                        if parsed
                        else {"printed": printed}
                    )
        try:
            products.append(Product.model_validate(item))
        except ValidationError as error:
            problems += _problems(error, f"products[{number}]")
    if problems:
        raise InvalidBillOfMaterials(f"{len(problems)} problem(s) in the JSON document", problems)
    return products


def _problems(error: ValidationError, where: str) -> list[tuple[str, str]]:
    return [
        (f"{where}.{'.'.join(str(part) for part in problem['loc'])}", problem["msg"])
        for problem in error.errors()
    ]


def concentration_text(value: ConcentrationRange) -> str:
    return value.printed
