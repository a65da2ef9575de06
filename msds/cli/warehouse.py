"""``msds warehouse ...``: load the star schema (DuckDB file in the data dir), import watch lists, run the
ready queries."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from msds.cli.products import LOCAL_CALLER, table
from msds.composition import WAREHOUSE_FILE, local_warehouse_service
from msds.errors import InvalidRequest
from msds.services.warehouse.dialect import QUERIES
from msds.settings import Settings

SettingsOf = Callable[[argparse.Namespace], Settings]


def register(commands: Any, settings_of: SettingsOf) -> None:
    warehouse = commands.add_parser("warehouse", help="the star schema of sheets and products, ready queries")
    sub = warehouse.add_subparsers(dest="warehouse_command", required=True)
    load = sub.add_parser(
        "load", help="rebuild every table from the stored records and products (idempotent)"
    )
    load.add_argument(
        "--as-of", type=date.fromisoformat, help="date of the traceability snapshot (default today)"
    )
    load.set_defaults(handler=lambda a: cmd_load(a, settings_of(a)))
    watch = sub.add_parser(
        "watch-list", help="import a watch list of CAS numbers from CSV (replaces the list)"
    )
    watch.add_argument("file")
    watch.add_argument("--name", required=True, help="the list's name, e.g. svhc-candidates")
    watch.set_defaults(handler=lambda a: cmd_watch_list(a, settings_of(a)))
    query = sub.add_parser("query", help="run a ready query: " + ", ".join(QUERIES))
    query.add_argument("name", choices=QUERIES)
    query.add_argument("--as-of", type=date.fromisoformat, help="for expiring_this_quarter (default today)")
    query.add_argument("--check-years", type=int)
    query.add_argument("--replace-years", type=int)
    query.add_argument("--json", action="store_true")
    query.set_defaults(handler=lambda a: cmd_query(a, settings_of(a)))


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    counts = local_warehouse_service(settings).load(LOCAL_CALLER, args.as_of)
    print("\n".join(table(["table", "rows"], sorted(counts.items()))))
    print(f"loaded {settings.data_dir / WAREHOUSE_FILE}", file=sys.stderr)
    return 0


def cmd_watch_list(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise InvalidRequest(f"{path}: no such file", [("file", "not found")])
    try:
        count = local_warehouse_service(settings).import_watch_list(
            LOCAL_CALLER, path.read_bytes(), args.name
        )
    except InvalidRequest as error:
        for location, message in error.problems[:50]:
            print(f"  {location}: {message}", file=sys.stderr)
        raise
    print(f"watch list {args.name}: {count} CAS number(s)", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    rows = local_warehouse_service(settings).query(
        LOCAL_CALLER, args.name, args.as_of, args.check_years, args.replace_years
    )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print("no rows")
        return 0
    headers = list(rows[0])
    print("\n".join(table(headers, [[row[h] for h in headers] for row in rows])))
    return 0
