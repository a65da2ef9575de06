"""Write README's performance table from the JSON of `msds bench --json` (what `make bench-table` runs).

    .venv/bin/msds bench ../shared/corpus/pool/en --workers 2 --runs 3 --json > out/bench.json
    .venv/bin/python scripts/bench_table.py out/bench.json [README.md]

The table goes between the markers ``<!-- bench-table:start -->`` and ``<!-- bench-table:end -->``; the rest
of the file is left as it is. Nothing is typed by hand: rerun both commands on the machine to quote.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

START = "<!-- bench-table:start -->"
END = "<!-- bench-table:end -->"
TITLES = {"born_digital": "born-digital", "needs_ocr": "needing OCR"}


def table(report: dict[str, Any]) -> str:
    """The Markdown table (and the line saying where and when it was measured) for a bench report."""
    settings = report["settings"]
    machine = report["machine"]
    lines = [
        f"Measured {report['measured_at']} with `msds bench {' '.join(report.get('folders', []))} "
        f"--workers {settings['workers']}` ({machine['cpus']} CPUs, {machine['processor']}, "
        f"Python {machine['python']}; medians of {_runs(report)} runs).",
        "",
        "| files | documents | pages | documents/s | pages/s | s per OCR page | peak MB per worker "
        "| load average |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, group in report["groups"].items():
        median = group["median"]
        loads = [run[moment][0] for run in group["runs"] for moment in ("load_before", "load_after")]
        lines.append(
            "| {title} | {documents} | {pages} | {dps} | {pps} | {ocr} | {peak} | {load} |".format(
                title=TITLES.get(name, name),
                documents=group["documents"],
                pages=group["pages"],
                dps=_number(median["documents_per_second"], 2),
                pps=_number(median["pages_per_second"], 1),
                ocr=_number(median["seconds_per_ocr_page"], 2),
                peak=_number(median["peak_rss_mb_per_worker"], 0),
                load=f"{min(loads):.1f}-{max(loads):.1f}",
            )
        )
    return "\n".join(lines)


def _runs(report: dict[str, Any]) -> int:
    return max((len(group["runs"]) for group in report["groups"].values()), default=0)


def _number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def replace_table(text: str, new_table: str) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"the README has no {START} ... {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{new_table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench_json", help="output of `msds bench --json` ('-' for standard input)")
    parser.add_argument("readme", nargs="?", default="README.md")
    args = parser.parse_args(argv)
    raw = sys.stdin.read() if args.bench_json == "-" else Path(args.bench_json).read_text(encoding="utf-8")
    readme = Path(args.readme)
    text = replace_table(readme.read_text(encoding="utf-8"), table(json.loads(raw)))
    readme.write_text(text, encoding="utf-8")
    print(f"performance table written to {readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
