"""Traceability: per product, the state of the supplier sheet behind each component; per supplier, the sheets
to request; and the sheets that reach their check or replace age within the quarter.

A line's status is the worst that applies (``models.products.LineStatus`` order): no sheet (missing), a
sheet a newer revision replaced (superseded), a sheet older than the replace age (replace), a match too
weak to trust without a person (uncertain_match), a sheet still in review (in_review), a sheet older than
the check age or without a revision date (check), else current. Ages count whole days from the revision
date (a year is 365.25 days).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.products import (
    ExpiryAlert,
    LineStatus,
    LineTrace,
    LinkMethod,
    Product,
    ProductTrace,
    SheetLink,
    SheetPolicy,
    SheetRequest,
    SupplierRequests,
    TraceabilityReport,
)
from msds.services.products.linking import CERTAIN
from msds.services.products.names import company
from msds.services.products.sheets import SheetIndex

_ORDER = list(LineStatus)
# Lines in these states need a (new) sheet from the supplier.
TO_REQUEST = (LineStatus.MISSING, LineStatus.SUPERSEDED, LineStatus.REPLACE, LineStatus.CHECK)


def worst(statuses: Sequence[LineStatus]) -> LineStatus:
    return min(statuses, key=_ORDER.index) if statuses else LineStatus.CURRENT


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def trace_product(
    product: Product, links: Sequence[SheetLink], index: SheetIndex, policy: SheetPolicy, as_of: date
) -> ProductTrace:
    by_line = {link.line_no: link for link in links}
    lines = [
        _trace_line(product, line.line_no, by_line.get(line.line_no), index, policy, as_of)
        for line in product.components
    ]
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.status.value] = counts.get(line.status.value, 0) + 1
    return ProductTrace(
        product_id=product.product_id,
        name=product.name,
        status=worst([line.status for line in lines]),
        lines=lines,
        counts=dict(sorted(counts.items(), key=lambda item: _ORDER.index(LineStatus(item[0])))),
    )


def _trace_line(
    product: Product,
    line_no: int,
    link: SheetLink | None,
    index: SheetIndex,
    policy: SheetPolicy,
    as_of: date,
) -> LineTrace:
    line = next(c for c in product.components if c.line_no == line_no)
    trace = LineTrace(
        line_no=line.line_no,
        supplier=line.supplier,
        material_name=line.material_name,
        supplier_product_code=line.supplier_product_code,
        cas=line.cas,
        concentration=line.concentration.printed,
        status=LineStatus.CURRENT,
        link_confidence=link.confidence if link else None,
        link_method=link.method if link else None,
    )
    sheet = index.get(link.document_id) if link and link.document_id else None
    if link is None or link.document_id is None or sheet is None:
        trace.status = LineStatus.MISSING
        if link is not None and link.method is LinkMethod.OVERRIDE and link.document_id is None:
            trace.reasons = ["recorded by hand: no sheet on file"]
        elif link is not None and link.document_id is not None:
            trace.reasons = [
                f"the linked document {link.document_id[:12]} is not on file (rejected or removed)"
            ]
        else:
            trace.reasons = ["no supplier sheet of this supplier and product on file"]
        return trace
    trace.document_id = sheet.document_id
    trace.sheet_product_name = sheet.product_name or None
    trace.sheet_supplier_name = sheet.supplier_name or None
    statuses: list[LineStatus] = []
    reasons: list[str] = []
    if sheet.superseded:
        current = index.current(sheet)
        statuses.append(LineStatus.SUPERSEDED)
        reasons.append(f"superseded by {current.document_id[:12]}" if current is not sheet else "superseded")
    revision = sheet.revision
    trace.revision_date = revision
    if revision is None:
        statuses.append(LineStatus.CHECK)
        reasons.append("the sheet gives no revision date")
    else:
        age = (as_of - revision).days / 365.25
        trace.age_years = round(age, 2)
        if as_of >= add_years(revision, policy.replace_after_years):
            statuses.append(LineStatus.REPLACE)
            reasons.append(f"revised {revision.isoformat()}: older than {policy.replace_after_years} years")
        elif as_of >= add_years(revision, policy.check_after_years):
            statuses.append(LineStatus.CHECK)
            reasons.append(f"revised {revision.isoformat()}: older than {policy.check_after_years} years")
    if link is not None and link.method is LinkMethod.MATCHED and link.confidence < CERTAIN:
        statuses.append(LineStatus.UNCERTAIN_MATCH)
        reasons.append(f"matched with confidence {link.confidence:.2f}: confirm or set the sheet by hand")
    if sheet.in_review:
        statuses.append(LineStatus.IN_REVIEW)
        reasons.append(f"the sheet is {sheet.entry.status.value.replace('_', ' ')}")
    trace.status = worst(statuses)
    trace.reasons = reasons
    return trace


def supplier_requests(products: Sequence[Product], traces: Sequence[ProductTrace]) -> list[SupplierRequests]:
    """The sheets to ask each supplier for, from the lines missing, superseded or too old."""
    by_supplier: dict[str, SupplierRequests] = {}
    requests: dict[tuple[str, str, str | None, str | None], SheetRequest] = {}
    for product, trace in zip(products, traces, strict=True):
        for line, traced in zip(product.components, trace.lines, strict=True):
            if traced.status not in TO_REQUEST:
                continue
            supplier_key = line.supplier_id or company(line.supplier)
            key = (
                supplier_key,
                line.material_name.casefold(),
                line.supplier_product_code,
                traced.document_id,
            )
            request = requests.get(key)
            if request is None:
                request = SheetRequest(
                    supplier=line.supplier,
                    supplier_id=line.supplier_id,
                    material_name=line.material_name,
                    supplier_product_code=line.supplier_product_code,
                    cas=line.cas,
                    reason=traced.status,
                    document_id=traced.document_id,
                    revision_date=traced.revision_date,
                )
                requests[key] = request
                group = by_supplier.setdefault(
                    supplier_key,
                    SupplierRequests(supplier=line.supplier, supplier_id=line.supplier_id, requests=[]),
                )
                group.requests.append(request)
            if product.product_id not in request.products:
                request.products.append(product.product_id)
    for group in by_supplier.values():
        group.requests.sort(key=lambda r: (_ORDER.index(r.reason), r.material_name.casefold()))
    return sorted(by_supplier.values(), key=lambda g: g.supplier.casefold())


def expiring(
    products: Sequence[Product], traces: Sequence[ProductTrace], policy: SheetPolicy, as_of: date
) -> tuple[list[ExpiryAlert], tuple[date, date]]:
    """Sheets behind some product whose check or replace date falls within the quarter of ``as_of``."""
    start, end = quarter_of(as_of)
    alerts: dict[tuple[str, LineStatus], ExpiryAlert] = {}
    for product, trace in zip(products, traces, strict=True):
        for line, traced in zip(product.components, trace.lines, strict=True):
            if traced.document_id is None or traced.revision_date is None:
                continue
            for kind, years in (
                (LineStatus.CHECK, policy.check_after_years),
                (LineStatus.REPLACE, policy.replace_after_years),
            ):
                due = add_years(traced.revision_date, years)
                if not start <= due <= end:
                    continue
                alert = alerts.setdefault(
                    (traced.document_id, kind),
                    ExpiryAlert(
                        document_id=traced.document_id,
                        supplier=line.supplier,
                        material_name=line.material_name,
                        revision_date=traced.revision_date,
                        due=due,
                        kind=kind,
                        products=[],
                    ),
                )
                if product.product_id not in alert.products:
                    alert.products.append(product.product_id)
    ordered = sorted(
        alerts.values(), key=lambda a: (a.due, a.supplier.casefold(), a.material_name.casefold())
    )
    return ordered, (start, end)


def report(
    products: Sequence[Product],
    links: Sequence[Sequence[SheetLink]],
    index: SheetIndex,
    policy: SheetPolicy,
    as_of: date,
) -> TraceabilityReport:
    traces = [trace_product(p, found, index, policy, as_of) for p, found in zip(products, links, strict=True)]
    alerts, quarter = expiring(products, traces, policy, as_of)
    return TraceabilityReport(
        as_of=as_of,
        policy=policy,
        products=traces,
        suppliers=supplier_requests(products, traces),
        expiring=alerts,
        quarter=quarter,
    )
