"""Loading the warehouse, importing watch lists and running the ready queries, for compliance staff.

``load`` rebuilds every table from the stored records and the finished products as of a date (the products'
traceability and classification proposals included), replacing their rows in one transaction: loading twice
leaves the same rows. Watch lists (CAS numbers to look for, e.g. the REACH candidate list) are kept by loads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from msds.domain.catalog import StatementCatalog, default_catalog
from msds.domain.identifiers import cas_check_digit_ok, find_cas_numbers
from msds.errors import InvalidWatchList, UnknownQuery
from msds.ports import DocumentRepository, Warehouse
from msds.services.api_access import Caller, Group, require_group
from msds.services.products.classification import classify_product
from msds.services.products.linking import link_product
from msds.services.products.service import ProductService
from msds.services.products.sheets import SheetIndex
from msds.services.products.traceability import trace_product
from msds.services.warehouse.dialect import QUERIES, parameters
from msds.services.warehouse.rows import ProductState, warehouse_rows

STAFF = frozenset({Group.COMPLIANCE, Group.ADMIN})
MAX_WATCH_LIST = 100_000


class WarehouseService:
    def __init__(
        self,
        documents: DocumentRepository,
        products: ProductService,
        warehouse: Warehouse,
        now: Callable[[], datetime],
        catalog: StatementCatalog | None = None,
    ) -> None:
        self._documents = documents
        self._products = products
        self._warehouse = warehouse
        self._now = now
        self._catalog = catalog or default_catalog()

    def load(self, caller: Caller, as_of: date | None = None) -> dict[str, int]:
        """Rebuild every table from the current state; return the rows per table."""
        require_group(caller, STAFF)
        day = as_of or self._now().date()
        index = SheetIndex(self._documents)
        documents = [(sheet.entry, sheet.record) for sheet in index.all() if sheet.record is not None]
        overrides = self._products.overrides(caller)
        states = []
        for product in self._products.all(caller):
            links = link_product(product, index, overrides)
            states.append(
                ProductState(
                    product=product,
                    links=links,
                    trace=trace_product(product, links, index, self._products.policy, day),
                    classification=classify_product(product, links, index),
                )
            )
        tables = warehouse_rows(documents, states, self._catalog, day)
        self._warehouse.create()
        self._warehouse.replace(tables)
        return self._warehouse.counts()

    def import_watch_list(self, caller: Caller, data: bytes | str, list_name: str) -> int:
        """Replace the watch list ``list_name`` with the CAS numbers of a CSV file; return how many."""
        require_group(caller, STAFF)
        rows = read_watch_list(data, list_name)
        self._warehouse.create()
        self._warehouse.replace_watch_list(list_name, rows)
        return len(rows)

    def query(
        self,
        caller: Caller,
        name: str,
        as_of: date | None = None,
        check_years: int | None = None,
        replace_years: int | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of a ready query: hazard_inventory, product_hazards, expiring_this_quarter,
        watch_list_products."""
        require_group(caller, STAFF)
        if name not in QUERIES:
            raise UnknownQuery(f"no query {name!r}", [("query", "one of " + ", ".join(QUERIES))])
        policy = self._products.policy
        values = {
            "as_of": (as_of or self._now().date()).isoformat(),
            "check_years": check_years or policy.check_after_years,
            "replace_years": replace_years or policy.replace_after_years,
        }
        self._warehouse.create()
        return self._warehouse.run(name, {key: values[key] for key in parameters(name)})


def read_watch_list(data: bytes | str, list_name: str) -> list[dict[str, Any]]:
    """CAS numbers from a CSV file: the column whose header names CAS (and a name column, if any), or the
    CAS numbers found on each line of a file without such a header (ECHA's candidate-list export works)."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    if not list_name.strip():
        raise InvalidWatchList("a watch list needs a name", [("list_name", "empty")])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise InvalidWatchList("the watch list is empty", [("file", "no rows")])
    header = [cell.strip().lower() for cell in rows[0]]
    cas_column = next((i for i, name in enumerate(header) if "cas" in name), None)
    name_column = next((i for i, name in enumerate(header) if "name" in name or "substance" in name), None)
    found: dict[str, str | None] = {}
    problems: list[tuple[str, str]] = []
    body = rows[1:] if cas_column is not None else rows
    for number, row in enumerate(body, start=2 if cas_column is not None else 1):
        cells = [row[cas_column]] if cas_column is not None and cas_column < len(row) else row
        matches = [m for cell in cells for m in find_cas_numbers(cell)]
        for match in matches:
            if not cas_check_digit_ok(match.value):
                problems.append((f"row {number}", f"{match.value}: wrong check digit"))
                continue
            name = row[name_column].strip() if name_column is not None and name_column < len(row) else None
            found.setdefault(match.value, name or None)
    if problems:
        raise InvalidWatchList(f"{len(problems)} CAS number(s) with a wrong check digit", problems)
    if not found:
        raise InvalidWatchList("no CAS number in the watch list", [("file", "no CAS number found")])
    if len(found) > MAX_WATCH_LIST:
        raise InvalidWatchList("the watch list is too long", [("file", f"more than {MAX_WATCH_LIST}")])
    return [
        {"list_name": list_name, "cas": cas, "substance_name": name} for cas, name in sorted(found.items())
    ]
