"""`msds cost`: the estimated monthly AWS bill of a workload, as a table or as JSON."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from pathlib import Path

from models.cost import CostEstimate, Deployment, PriceBook, UsageAssumptions
from msds.composition import local_repository
from msds.errors import InvalidCostInput
from msds.pipeline.steps import STEP_NAMES
from msds.services.cost_estimate import (
    assumed_units,
    deployment_and_assumptions,
    estimate_cost,
    workload_of,
)
from msds.services.metered_averages import record_averages
from msds.services.price_book import load_price_book
from msds.settings import Settings

UNCONFIRMED_MARK = "*"


def register(
    commands: argparse._SubParsersAction, settings: Callable[[argparse.Namespace], Settings]
) -> None:
    """Add the ``cost`` command; ``settings`` gives the settings of a parsed command line (its data dir)."""
    cost = commands.add_parser(
        "cost",
        help="estimate the monthly AWS bill of a workload (list prices of msds/data/aws_prices.json)",
        description=(
            "Estimate the monthly AWS bill of a workload. Per-document units are assumed from the shares "
            "given, or measured on the stored records of the data dir (--from-records)."
        ),
    )
    cost.add_argument("--documents-per-month", type=float, required=True, metavar="N")
    cost.add_argument("--pages-per-document", type=float, metavar="P")
    cost.add_argument("--scanned-share", type=float, metavar="S", help="share of pages without a text layer")
    cost.add_argument("--translated-share", type=float, metavar="T", help="share of documents with free text")
    cost.add_argument("--review-share", type=float, metavar="R", help="share of documents sent to review")
    cost.add_argument(
        "--from-records", action="store_true", help="take pages, shares and units from the stored records"
    )
    cost.add_argument("--prices", type=Path, metavar="FILE", help="a price file instead of the shipped one")
    cost.add_argument(
        "--assumptions",
        type=Path,
        metavar="FILE",
        help='JSON {"deployment": {...}, "assumptions": {...}} overriding models.cost defaults',
    )
    cost.add_argument("--vision-serverless", action="store_true", help="serverless vision inference")
    cost.add_argument(
        "--a2i", action="store_true", help="review tasks in Amazon A2I (opt-in; default: the product's queue)"
    )
    cost.add_argument("--json", action="store_true", help="print the estimate as JSON")
    cost.set_defaults(handler=lambda args: cmd_cost(args, settings(args)))


def cmd_cost(args: argparse.Namespace, settings: Settings) -> int:
    book = load_price_book(args.prices)
    deployment, assumptions = Deployment(), UsageAssumptions()
    if args.assumptions is not None:
        try:
            text = args.assumptions.read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidCostInput(f"the assumptions file cannot be read: {error}") from error
        deployment, assumptions = deployment_and_assumptions(text)
    if args.vision_serverless:
        deployment = deployment.model_copy(update={"vision_serverless": True})
    if args.a2i:
        deployment = deployment.model_copy(update={"a2i": True})
    if args.from_records:
        estimate = _from_records(args, settings, book, deployment, assumptions)
    else:
        if args.pages_per_document is None or args.scanned_share is None:
            raise InvalidCostInput("--pages-per-document and --scanned-share are needed (or --from-records)")
        workload = workload_of(
            documents_per_month=args.documents_per_month,
            pages_per_document=args.pages_per_document,
            scanned_share=args.scanned_share,
            translated_share=args.translated_share,
            review_share=args.review_share,
        )
        units = assumed_units(workload, assumptions)
        estimate = estimate_cost(workload, units, book, STEP_NAMES, deployment, assumptions)
    print(estimate.model_dump_json(indent=2) if args.json else format_estimate(estimate))
    return 0


def _from_records(
    args: argparse.Namespace,
    settings: Settings,
    book: PriceBook,
    deployment: Deployment,
    assumptions: UsageAssumptions,
) -> CostEstimate:
    given = [
        flag
        for flag, value in (
            ("--pages-per-document", args.pages_per_document),
            ("--scanned-share", args.scanned_share),
            ("--translated-share", args.translated_share),
            ("--review-share", args.review_share),
        )
        if value is not None
    ]
    if given:
        raise InvalidCostInput(
            f"--from-records measures pages and shares on the records; leave out {', '.join(given)}"
        )
    repository = local_repository(settings)
    records = (repository.get_record(entry.document_id) for entry in repository.list())
    averages = record_averages(record for record in records if record is not None)
    workload = workload_of(
        documents_per_month=args.documents_per_month,
        pages_per_document=averages.pages_per_document,
        scanned_share=averages.scanned_share,
        translated_share=averages.translated_share,
        review_share=averages.review_share,
    )
    return estimate_cost(workload, averages.units, book, STEP_NAMES, deployment, assumptions)


def format_estimate(estimate: CostEstimate) -> str:
    """The estimate as a plain-text table, service by service, with the saving of reading text layers."""
    lines = [*_summary(estimate), "", *_table(estimate), ""]
    lines += [f"  {service:<20} {total:>12,.2f}" for service, total in estimate.by_service().items()]
    lines += [f"  {'total':<20} {estimate.total_usd:>12,.2f} USD a month", "", *_saving(estimate)]
    if estimate.unconfirmed_prices:
        lines += [
            "",
            f"{UNCONFIRMED_MARK} price not confirmed against a stored copy of its source page "
            "(msds/data/aws_prices.json); check it there:",
            *textwrap.wrap(
                ", ".join(estimate.unconfirmed_prices), 106, initial_indent="  ", subsequent_indent="  "
            ),
        ]
    return "\n".join(lines)


def _summary(estimate: CostEstimate) -> list[str]:
    workload, units = estimate.workload, estimate.units
    source = "assumed" if units.source == "assumed" else f"measured on {units.documents_metered} records"
    return [
        f"Estimated monthly AWS bill, {estimate.region}, list prices read on {estimate.prices_read_on}",
        f"Workload: {_number(workload.documents_per_month)} documents a month, "
        f"{workload.pages_per_document:.1f} pages each, {workload.scanned_share:.0%} of pages scanned, "
        f"{workload.translated_share:.0%} with free text to translate, {workload.review_share:.0%} reviewed",
        f"Per document ({source}): {units.ocr_pages:.2f} OCR pages, "
        f"{units.translation_characters:,.0f} translation characters, "
        f"{units.comprehend_units:.0f} Comprehend units, {units.vision_invocations:.1f} vision invocations",
    ]


def _table(estimate: CostEstimate) -> list[str]:
    header = ("service", "item", "quantity", "unit", "unit price USD", "monthly USD", "")
    rows = [
        (
            line.service,
            line.item,
            _number(line.quantity),
            line.unit,
            f"{line.unit_price_usd:.10f}".rstrip("0").rstrip("."),
            f"{line.monthly_usd:,.2f}",
            "" if line.confirmed else UNCONFIRMED_MARK,
        )
        for line in estimate.lines
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    right_aligned = {2, 4, 5}

    def render(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[column]) if column in right_aligned else cell.ljust(widths[column])
            for column, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    return [render(header), *(render(row) for row in rows)]


def _saving(estimate: CostEstimate) -> list[str]:
    saving = estimate.text_layer_saving
    return [
        f"Reading text layers before OCR: {_number(saving.pages_per_month)} pages a month, "
        f"{_number(saving.ocr_pages_per_month)} sent to Textract, "
        f"{_number(saving.pages_kept_out_of_ocr)} kept out of OCR.",
        f"  every page to Textract {saving.every_page_to_textract_usd:,.2f} USD, "
        f"scanned pages only {saving.scanned_pages_only_usd:,.2f} USD: "
        f"saving {saving.monthly_saving_usd:,.2f} USD a month.",
    ]


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"
