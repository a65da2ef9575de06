"""``msds bench-search``: search latency on the local host over many published records.

Builds ``--records`` varied publications from the synthetic data (msds.synth.search_records: products,
suppliers, chemicals and hazards in several languages), indexes them once into a temporary tantivy index in
batches, then runs a mix of the searches compliance staff make (free text in several languages, H code, CAS
number, pictogram, P code, supplier, stale sheets, sorted by date, deep pages, a supplier's own view, the
unfiltered landing page), every one with its facet counts over all hits, and prints p50/p95/max per kind
and overall, with the machine's load (the timings of a shared machine are indicative only).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from models.publication import Publication
from models.search import SearchQuery
from msds.adapters.local.tantivy_index import TantivySearchIndex
from msds.services.api_access import Caller, Group
from msds.services.search import search_as, years_before
from msds.synth.reference import LANGUAGES
from msds.synth.search_records import sample_publications

DEFAULT_RECORDS = 10_000
DEFAULT_QUERIES_PER_KIND = 100
INDEX_BATCH = 1_000
WARM_UP_QUERIES = 2
TARGET_P95_MS = 50.0
STALE_YEARS = 5
_WORD = re.compile(r"[^\W\d_]{4,}")
Echo = Callable[[str], None]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``bench-search`` command."""
    bench = commands.add_parser(
        "bench-search",
        help="search latency over many synthetic published records (temporary tantivy index)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_argument("--records", type=int, default=DEFAULT_RECORDS, help="how many records to index")
    bench.add_argument(
        "--queries", type=int, default=DEFAULT_QUERIES_PER_KIND, help="queries of each kind to time"
    )
    bench.add_argument("--seed", type=int, default=0, help="seed of the records and of the queries")
    bench.add_argument("--quiet", action="store_true", help="no progress bar")
    bench.set_defaults(handler=cmd_bench_search)


def cmd_bench_search(args: argparse.Namespace) -> int:
    if args.records < 1 or args.queries < 1:
        raise SystemExit("--records and --queries must be at least 1")
    run_search_benchmark(args.records, args.queries, args.seed, print, show_progress=not args.quiet)
    return 0


@dataclass
class Material:
    """Values that occur in the indexed records, to search for."""

    product_words: list[str] = field(default_factory=list)
    original_words: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    supplier_ids: list[str] = field(default_factory=list)
    h_codes: list[tuple[str, ...]] = field(default_factory=list)
    p_codes: list[str] = field(default_factory=list)
    cas_numbers: list[str] = field(default_factory=list)
    pictograms: list[str] = field(default_factory=list)

    def collect(self, publication: Publication, rng: random.Random) -> None:
        record = publication.record
        if record.product_name and record.product_name.value:
            self.product_words.extend(_WORD.findall(record.product_name.value))
        originals = _WORD.findall(" ".join(text.original for text in record.free_text.values()))
        self.original_words.extend(rng.sample(originals, k=min(2, len(originals))))
        if record.supplier_name and record.supplier_name.value:
            self.suppliers.append(record.supplier_name.value)
        self.supplier_ids.extend(publication.supplier_ids)
        if record.h_codes:
            self.h_codes.append(tuple(rng.sample(record.h_codes, k=min(2, len(record.h_codes)))))
        self.p_codes.extend(record.p_codes)
        self.cas_numbers.extend(record.cas_numbers)
        self.pictograms.extend(p.code for p in record.pictograms)


@dataclass
class Timings:
    milliseconds: list[float] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


def query_kinds(material: Material, records: int) -> dict[str, Callable[[random.Random], SearchQuery]]:
    """Each kind of search, drawing its values from what the index holds."""
    stale_before = years_before(datetime.now(UTC).date(), STALE_YEARS)
    deepest_page = max(1, min(records // 20, 500))
    return {
        "free text": lambda r: SearchQuery(text=r.choice(material.product_words)),
        "two words": lambda r: SearchQuery(
            text=f"{r.choice(material.product_words)} {r.choice(material.suppliers).split()[0]}"
        ),
        "original language": lambda r: SearchQuery(text=r.choice(material.original_words)),
        "H code": lambda r: SearchQuery(h_codes=r.choice(material.h_codes)),
        "CAS number": lambda r: SearchQuery(cas_numbers=(r.choice(material.cas_numbers),)),
        "pictogram": lambda r: SearchQuery(pictograms=(r.choice(material.pictograms),), signal_word="Danger"),
        "P code": lambda r: SearchQuery(p_codes=(r.choice(material.p_codes),)),
        "supplier": lambda r: SearchQuery(supplier=r.choice(material.suppliers)),
        "stale sheets": lambda r: SearchQuery(revised_before=stale_before, sort="oldest"),
        "by date": lambda r: SearchQuery(
            text=r.choice(material.product_words), h_codes=r.choice(material.h_codes)[:1], sort="newest"
        ),
        "deep page": lambda r: SearchQuery(page=r.randint(deepest_page // 2, deepest_page), page_size=20),
        "own sheets": lambda r: SearchQuery(supplier_id=r.choice(material.supplier_ids)),
        "everything": lambda r: SearchQuery(),
    }


def run_search_benchmark(
    records: int, queries_per_kind: int, seed: int, echo: Echo, *, show_progress: bool = True
) -> dict[str, Timings]:
    """Index ``records`` synthetic records and time ``queries_per_kind`` searches of every kind; print the
    figures through ``echo`` and return the timings by kind."""
    echo(
        f"search benchmark: {records:,} records ({', '.join(LANGUAGES)}), {os.cpu_count()} CPUs, "
        f"load {_load()} at the start"
    )
    rng = random.Random(f"msds-bench-search:{seed}")
    material = Material()
    staff = Caller(subject="bench", groups=frozenset({Group.COMPLIANCE}))
    with tempfile.TemporaryDirectory(prefix="msds-search-bench-") as scratch:
        index = TantivySearchIndex(Path(scratch) / "search")
        started = time.perf_counter()
        batches = _batches(sample_publications(records, seed), INDEX_BATCH)
        bar = tqdm(total=records, unit="record", disable=not show_progress, file=sys.stderr, desc="indexing")
        indexing = 0.0
        try:
            for batch in batches:
                for publication in batch:
                    material.collect(publication, rng)
                begun = time.perf_counter()
                bar.update(index.publish_all(batch))
                indexing += time.perf_counter() - begun
        finally:
            bar.close()
        elapsed = time.perf_counter() - started
        size = sum(path.stat().st_size for path in Path(scratch).rglob("*") if path.is_file())
        echo(
            f"records generated and indexed in {elapsed:.1f} s ({indexing:.1f} s of it indexing, "
            f"commits of {INDEX_BATCH:,}); index {size / 1e6:.1f} MB on disk, {index.count():,} documents"
        )
        kinds = query_kinds(material, records)
        for make in kinds.values():  # the first search of each kind opens files: not timed
            for _ in range(WARM_UP_QUERIES):
                search_as(staff, make(rng), index)
        timings = {name: Timings() for name in kinds}
        plan = [name for name in kinds for _ in range(queries_per_kind)]
        rng.shuffle(plan)
        for name in tqdm(plan, unit="query", disable=not show_progress, file=sys.stderr, desc="searching"):
            query = kinds[name](rng)
            begun = time.perf_counter()
            results = search_as(staff, query, index)
            timings[name].milliseconds.append((time.perf_counter() - begun) * 1000)
            timings[name].totals.append(results.total)
    report(timings, queries_per_kind, echo)
    return timings


def report(timings: dict[str, Timings], queries_per_kind: int, echo: Echo) -> None:
    searches = sum(len(t.milliseconds) for t in timings.values())
    echo(
        f"\n{searches:,} searches ({queries_per_kind} of each kind, in random order, after "
        f"{WARM_UP_QUERIES} untimed of each), 20 hits a page, facets over all hits"
    )
    echo(f"{'kind':<18} {'searches':>8} {'mean hits':>10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    everything: list[float] = []
    for name, timing in timings.items():
        everything.extend(timing.milliseconds)
        echo(_row(name, timing.milliseconds, statistics.fmean(timing.totals)))
    echo(_row("overall", everything, None))
    p95 = _percentile(everything, 95)
    verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
    echo(f"\ntarget p95 <= {TARGET_P95_MS:.0f} ms: {verdict} ({p95:.1f} ms); load {_load()} at the end")


def _row(name: str, milliseconds: list[float], mean_hits: float | None) -> str:
    hits = f"{mean_hits:10.0f}" if mean_hits is not None else " " * 10
    return (
        f"{name:<18} {len(milliseconds):>8} {hits} {statistics.median(milliseconds):8.1f} "
        f"{_percentile(milliseconds, 95):8.1f} {max(milliseconds):8.1f}"
    )


def _percentile(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _batches(publications: Iterable[Publication], size: int) -> Iterable[list[Publication]]:
    batch: list[Publication] = []
    for publication in publications:
        batch.append(publication)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"
