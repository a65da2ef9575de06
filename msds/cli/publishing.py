"""``msds search`` (the local search index), ``msds publish`` (publish every stored record again) and
``msds bench-search`` (msds.cli.search_bench)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from tqdm import tqdm

from models.search import SearchQuery, SearchResults
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.cli.search_bench import register as register_search_bench
from msds.composition import build_local_services
from msds.errors import ConfigurationError, InvalidRequest
from msds.services.publish import PublishTargets, publishable
from msds.services.search import MAX_AGE_YEARS, years_before
from msds.settings import Settings

PUBLISH_BATCH = 200
SettingsOf = Callable[[argparse.Namespace], Settings]


def register(commands: Any, settings_of: SettingsOf) -> None:
    """Add ``search`` and ``publish`` to the ``msds`` sub-command parsers."""
    search = commands.add_parser("search", help="search the published records (local search index)")
    search.add_argument("text", nargs="?", default=None, help="words, codes or CAS numbers, all must match")
    search.add_argument("--h-code", action="append", default=[], help="hazard code the sheet must have")
    search.add_argument(
        "--p-code", action="append", default=[], help="P code (or combination) the sheet must have"
    )
    search.add_argument("--cas", action="append", default=[], help="CAS number the sheet must list")
    search.add_argument("--pictogram", action="append", default=[], help="GHS01..GHS09 the sheet must show")
    search.add_argument("--signal-word", choices=("Danger", "Warning"))
    search.add_argument("--supplier", help="words of the supplier's name")
    search.add_argument("--language", help="language of the sheet (ISO 639-1)")
    search.add_argument(
        "--status",
        action="append",
        default=[],
        choices=("accepted", "needs_review", "superseded"),
        help="only these statuses (default: accepted and needs_review)",
    )
    search.add_argument(
        "--older-than-years",
        type=int,
        metavar="N",
        help=f"only sheets revised more than N years ago (0..{MAX_AGE_YEARS}), or never dated",
    )
    search.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--page-size", type=int, default=20)
    search.add_argument("--facets", action="store_true", help="also print the facet counts of all hits")
    search.add_argument("--json", action="store_true", help="print the results (and facets) as JSON")
    search.set_defaults(handler=lambda args: cmd_search(args, settings_of(args)))

    publish = commands.add_parser(
        "publish", help="publish every stored record again to the search index and analytics (idempotent)"
    )
    publish.add_argument("--quiet", action="store_true", help="no progress bar")
    publish.set_defaults(handler=lambda args: cmd_publish(args, settings_of(args)))
    register_search_bench(commands)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.older_than_years is not None and not 0 <= args.older_than_years <= MAX_AGE_YEARS:
            raise ValueError(f"--older-than-years must be between 0 and {MAX_AGE_YEARS}")
        revised_before = (
            years_before(date.today(), args.older_than_years) if args.older_than_years is not None else None
        )
        query = SearchQuery(
            text=args.text,
            h_codes=tuple(args.h_code),
            p_codes=tuple(args.p_code),
            cas_numbers=tuple(args.cas),
            pictograms=tuple(args.pictogram),
            signal_word=args.signal_word,
            supplier=args.supplier,
            language=args.language,
            statuses=tuple(args.status),
            revised_before=revised_before,
            sort=args.sort,
            page=args.page,
            page_size=args.page_size,
            facets=args.facets or args.json,
        )
    except ValidationError as error:
        problems = [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in error.errors(include_url=False)]
        raise InvalidRequest("; ".join(f"{where}: {what}" for where, what in problems), problems) from error
    except ValueError as error:
        raise InvalidRequest(str(error), [("older_than_years", str(error))]) from error
    index = build_local_services(settings).search_index
    if index is None:
        raise ConfigurationError("the local host has no search index")
    results = index.search(query)
    if isinstance(index, TantivySearchIndex) and results.total == 0 and index.earlier_versions():
        print(
            "the search index was made anew for this version of msds: run `msds publish` to fill it",
            file=sys.stderr,
        )
    if args.json:
        print(results.model_dump_json(indent=2))
    else:
        print(format_results(results))
        if args.facets:
            print(format_facets(results))
    return 0


def format_facets(results: SearchResults) -> str:
    """One line per facet: each value with its count, the most frequent first."""
    lines = []
    for name, counts in results.facets.items():
        values = ", ".join(f"{count.value} ({count.count})" for count in counts) or "-"
        lines.append(f"{name}: {values}")
    return "\n".join(lines)


def format_results(results: SearchResults) -> str:
    """One line per hit: revision date, status, product, supplier, hazard codes, short id."""
    first = (results.page - 1) * results.page_size + 1
    last = first + len(results.hits) - 1
    lines = [f"{results.total} found" + (f", {first}-{last} shown" if results.hits else "")]
    for hit in results.hits:
        revised = hit.revision_date.isoformat() if hit.revision_date else "----------"
        codes = " ".join(hit.h_codes) or "-"
        lines.append(
            f"{revised}  {hit.status.value:<12}  {hit.product_name or '?'} ({hit.supplier_name or '?'})"
            f"  {codes}  {hit.document_id[:12]}"
        )
    return "\n".join(lines)


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    services = build_local_services(settings)
    targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
    publications = list(publishable(services.repository))
    bar = tqdm(
        total=len(publications), unit="record", disable=args.quiet, file=sys.stderr, dynamic_ncols=True
    )
    try:
        for start in range(0, len(publications), PUBLISH_BATCH):
            bar.update(targets.publish_all(publications[start : start + PUBLISH_BATCH]))
    finally:
        bar.close()
    statuses = Counter(p.status.value for p in publications)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "nothing to publish"
    print(f"published {len(publications)} records: {summary}", file=sys.stderr)
    return 0
