"""``msds products ...``: finished products, the supplier sheets behind them, traceability, classification
proposals and label elements, for compliance staff on the local host."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from models.products import LinkOverrideRequest, SheetPolicy, TraceabilityReport
from msds.composition import local_product_service
from msds.errors import InvalidRequest
from msds.services.api_access import Caller, Group
from msds.settings import Settings

SettingsOf = Callable[[argparse.Namespace], Settings]
# The command line acts for the person at the keyboard, as compliance staff.
LOCAL_CALLER = Caller(subject="local-cli", groups=frozenset({Group.COMPLIANCE}))


def register(commands: Any, settings_of: SettingsOf) -> None:
    """Add ``products`` and its sub-commands to the ``msds`` parsers."""
    products = commands.add_parser(
        "products", help="finished products: BOMs, sheets, traceability, proposals"
    )
    sub = products.add_subparsers(dest="products_command", required=True)

    importing = sub.add_parser("import", help="import products and their components from CSV or JSON")
    importing.add_argument("file")
    importing.add_argument("--format", choices=("csv", "json"), help="default: from the file name")
    importing.set_defaults(handler=lambda a: cmd_import(a, settings_of(a)))

    listing = sub.add_parser("list", help="the products")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=lambda a: cmd_list(a, settings_of(a)))

    show = sub.add_parser("show", help="a product with the sheet behind each component")
    show.add_argument("product_id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=lambda a: cmd_show(a, settings_of(a)))

    link = sub.add_parser(
        "link", help="set a component's sheet by hand, record that none exists, or clear it"
    )
    link.add_argument("product_id")
    link.add_argument("line_no", type=int)
    choice = link.add_mutually_exclusive_group(required=True)
    choice.add_argument("--document", help="the sheet's document id (SHA-256)")
    choice.add_argument("--none", action="store_true", help="no sheet exists for this component")
    choice.add_argument("--clear", action="store_true", help="match automatically again")
    link.add_argument("--note")
    link.set_defaults(handler=lambda a: cmd_link(a, settings_of(a)))

    for name, text in (
        ("trace", "traceability: per product, the state of each component's sheet"),
        ("requests", "per supplier, the sheets to request"),
        ("expiring", "sheets that reach their check or replace age this quarter"),
    ):
        command = sub.add_parser(name, help=text)
        if name == "trace":
            command.add_argument("product_id", nargs="?")
        command.add_argument("--as-of", type=date.fromisoformat, help="date of the report (default: today)")
        command.add_argument("--check-years", type=int, help="check sheets older than this (default 3)")
        command.add_argument("--replace-years", type=int, help="replace sheets older than this (default 5)")
        command.add_argument("--json", action="store_true")
        command.set_defaults(handler=lambda a, name=name: cmd_trace(a, settings_of(a), name))

    classify = sub.add_parser("classify", help="the product's classification proposal with its trail")
    classify.add_argument("product_id")
    classify.add_argument("--json", action="store_true")
    classify.set_defaults(handler=lambda a: cmd_classify(a, settings_of(a)))

    label = sub.add_parser("label", help="the proposal's label elements in one of the 24 catalog languages")
    label.add_argument("product_id")
    label.add_argument("--language", default="en", help="ISO 639-1 code of a catalog language (default en)")
    label.add_argument("--pdf", help="also write the label as a PDF to this file")
    label.add_argument("--json", action="store_true")
    label.set_defaults(handler=lambda a: cmd_label(a, settings_of(a)))


def _echo(message: str) -> None:
    print(message, file=sys.stderr)


def _dump(model: BaseModel | Sequence[BaseModel]) -> None:
    if isinstance(model, BaseModel):
        print(model.model_dump_json(indent=2))
    else:
        print(json.dumps([item.model_dump(mode="json") for item in model], ensure_ascii=False, indent=2))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Left-aligned columns, two spaces apart."""
    cells = [[("" if value is None else str(value)) for value in row] for row in rows]
    widths = [
        max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h)) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return lines


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise InvalidRequest(f"{path}: no such file", [("file", "not found")])
    file_format = args.format or ("json" if path.suffix.lower() == ".json" else "csv")
    try:
        result = local_product_service(settings).import_file(LOCAL_CALLER, path.read_bytes(), file_format)
    except InvalidRequest as error:
        for location, message in error.problems:
            _echo(f"  {location}: {message}")
        raise
    _echo(
        f"imported {len(result.created)} new, {len(result.updated)} changed, "
        f"{len(result.unchanged)} unchanged product(s) from {path}"
    )
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    products = local_product_service(settings).all(LOCAL_CALLER)
    if args.json:
        _dump(products)
        return 0
    print(
        "\n".join(
            table(
                ["product", "name", "components"],
                [(p.product_id, p.name, len(p.components)) for p in products],
            )
        )
    )
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    view = local_product_service(settings).view(LOCAL_CALLER, args.product_id)
    if args.json:
        _dump(view)
        return 0
    print(f"{view.product.product_id}  {view.product.name}  ({view.product.facts.physical_state.value})")
    links = {link.line_no: link for link in view.links}
    rows = []
    for line in view.product.components:
        link = links[line.line_no]
        rows.append(
            (
                line.line_no,
                line.supplier,
                line.material_name,
                line.supplier_product_code,
                line.cas,
                line.concentration.printed,
                link.document_id[:12] if link.document_id else "-",
                f"{link.method.value} {link.confidence:.2f}",
            )
        )
    headers = ["line", "supplier", "material", "code", "CAS", "concentration", "sheet", "link"]
    print("\n".join(table(headers, rows)))
    return 0


def cmd_link(args: argparse.Namespace, settings: Settings) -> int:
    request = LinkOverrideRequest(
        document_id=args.document, no_sheet=args.none, clear=args.clear, note=args.note
    )
    link = local_product_service(settings).set_link(LOCAL_CALLER, args.product_id, args.line_no, request)
    target = link.document_id or "no sheet"
    _echo(f"{args.product_id} line {args.line_no}: {target} ({link.method.value}, {link.confidence:.2f})")
    return 0


def _policy(args: argparse.Namespace, settings: Settings) -> SheetPolicy:
    return SheetPolicy(
        check_after_years=args.check_years or settings.sheet_check_after_years,
        replace_after_years=args.replace_years or settings.sheet_replace_after_years,
    )


def cmd_trace(args: argparse.Namespace, settings: Settings, view: str) -> int:
    service = local_product_service(settings)
    product_id = getattr(args, "product_id", None)
    found = service.traceability(LOCAL_CALLER, product_id, args.as_of, _policy(args, settings))
    if args.json:
        if view == "requests":
            _dump(found.suppliers)
        elif view == "expiring":
            _dump(found.expiring)
        else:
            _dump(found)
        return 0
    print("\n".join(render_report(found, view)))
    return 0


def render_report(found: TraceabilityReport, view: str) -> list[str]:
    """The report as text: ``trace`` (products), ``requests`` (per supplier) or ``expiring`` (alerts)."""
    policy = found.policy
    head = (
        f"As of {found.as_of.isoformat()}: sheets checked after {policy.check_after_years} years, "
        f"replaced after {policy.replace_after_years}"
    )
    lines = [head]
    if view == "trace":
        for product in found.products:
            counts = ", ".join(f"{count} {status}" for status, count in product.counts.items())
            lines += ["", f"{product.product_id}  {product.name}: {product.status.value} ({counts})"]
            rows: list[tuple[object, ...]] = [
                (
                    line.line_no,
                    line.status.value,
                    line.supplier,
                    line.material_name,
                    line.document_id[:12] if line.document_id else "-",
                    line.revision_date.isoformat() if line.revision_date else "-",
                    "; ".join(line.reasons),
                )
                for line in product.lines
            ]
            lines += table(["line", "status", "supplier", "material", "sheet", "revised", "why"], rows)
    elif view == "requests":
        if not found.suppliers:
            lines.append("No sheet to request.")
        for group in found.suppliers:
            lines += ["", f"{group.supplier}" + (f" ({group.supplier_id})" if group.supplier_id else "")]
            rows = [
                (
                    request.reason.value,
                    request.material_name,
                    request.supplier_product_code,
                    request.revision_date.isoformat() if request.revision_date else "-",
                    ", ".join(request.products),
                )
                for request in group.requests
            ]
            lines += table(["reason", "material", "code", "revised", "products"], rows)
    else:
        start, end = found.quarter
        lines.append(f"Quarter {start.isoformat()} to {end.isoformat()}: {len(found.expiring)} alert(s)")
        rows = [
            (
                alert.due.isoformat(),
                alert.kind.value,
                alert.supplier,
                alert.material_name,
                alert.revision_date.isoformat(),
                alert.document_id[:12],
                ", ".join(alert.products),
            )
            for alert in found.expiring
        ]
        if rows:
            lines += table(["due", "kind", "supplier", "material", "revised", "sheet", "products"], rows)
    return lines


def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    found = local_product_service(settings).classify(LOCAL_CALLER, args.product_id)
    if args.json:
        _dump(found)
        return 0
    proposal = found.proposal
    lines = [
        f"{found.product_id}  {found.name}: classification PROPOSAL for expert sign-off "
        "(CLP Annex I mixture rules)",
        "Hazards: "
        + (", ".join(f"{h.category} ({h.h_code})" for h in proposal.hazards if h.on_label) or "none"),
        f"H-codes: {' '.join(proposal.h_codes) or '-'}",
        f"Pictograms: {' '.join(proposal.pictograms) or '-'}    Signal word: {proposal.signal_word or '-'}",
        f"P-codes (proposed): {' '.join(proposal.p_codes) or '-'}",
    ]
    for statement in proposal.supplemental:
        lines.append(f"Supplemental: {statement.code + ' ' if statement.code else ''}{statement.text_en}")
    if proposal.physical_hazards:
        listed = "; ".join(
            f"{p.ingredient} {p.concentration:g} %: {p.category} {p.h_code}"
            for p in proposal.physical_hazards
        )
        lines.append(f"Physical hazards of ingredients (decide from the mixture's own data): {listed}")
    lines += ["", "Trail"]
    for trail in proposal.trail:
        result = trail.result or trail.outcome.value
        figure = f" = {trail.figure:.4g}" if trail.figure is not None else ""
        lines.append(f"  [{trail.rule_id}] {trail.hazard_class}: {result}{figure} ({trail.reference})")
        if trail.formula:
            lines.append(f"      {trail.formula}")
        for term in trail.terms:
            detail = ", ".join(
                part
                for part in (
                    term.classification,
                    f"{term.value_label} {term.value:g}"
                    if term.value is not None and term.value_label
                    else None,
                    f"adds {term.contribution:.4g}" if term.contribution is not None else None,
                    term.note,
                )
                if part
            )
            lines.append(f"      - {term.ingredient} {term.concentration:.4g} %: {detail}")
        lines += [f"      note: {note}" for note in trail.notes]
    if proposal.warnings:
        lines += ["", "Warnings", *(f"  - {warning}" for warning in proposal.warnings)]
    print("\n".join(lines))
    return 0


def cmd_label(args: argparse.Namespace, settings: Settings) -> int:
    service = local_product_service(settings)
    label = service.label(LOCAL_CALLER, args.product_id, args.language)
    if args.pdf:
        target = Path(args.pdf)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(service.label_pdf(LOCAL_CALLER, args.product_id, args.language))
        _echo(f"wrote {target}")
    if args.json:
        _dump(label)
        return 0
    captions = label.captions
    lines = [
        f"{label.product_name} ({label.product_id}) [{label.language}]",
        label.notice,
        "",
        label.headings["section_2"],
    ]
    lines.append(label.headings["section_2_1"])
    lines += [f"  {item.text}" for item in label.classification] or [f"  {captions['not_classified']}"]
    lines.append(label.headings["section_2_2"])
    if label.pictograms:
        lines.append(f"  {captions['pictograms']}: {' '.join(label.pictograms)}")
    if label.signal_word:
        lines.append(f"  {captions['signal_word']}: {label.signal_word}")
    if label.contains:
        lines.append(f"  {captions['contains']}: {', '.join(label.contains)}")
    for caption, statements in (
        ("hazard_statements", label.hazard_statements),
        ("precautionary_statements", label.precautionary_statements),
        ("supplemental", label.supplemental),
    ):
        if statements:
            lines.append(f"  {captions[caption]}:")
            lines += [f"    {s.code + ' ' if s.code else ''}{s.text}" for s in statements]
    lines += ["", label.headings["section_3"], label.headings["section_3_2"]]
    headers = [captions[key] for key in ("col_name", "col_cas", "col_concentration", "col_classification")]
    rows = [(row.name, row.cas, row.concentration, row.classification) for row in label.composition]
    lines += table(headers, rows) if rows else [f"  {captions['not_classified']}"]
    print("\n".join(lines))
    return 0
