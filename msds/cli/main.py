"""The `msds` command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from msds.cli.batch import (
    EXIT_DOCUMENTS_FAILED,
    BatchOptions,
    FileResult,
    exit_code,
    report_lines,
    run_batch,
    skipped_results,
    summarise,
)
from msds.cli.bench import run_benchmark
from msds.cli.cost import register as register_cost_command
from msds.cli.files import CHOSEN_SKIPS, InputFile, InputNotFound, Inputs, expand_paths, files_named_by_labels
from msds.cli.logs import logs_in_file
from msds.cli.products import register as register_product_commands
from msds.cli.publishing import register as register_publishing_commands
from msds.cli.repair import ensure_state
from msds.cli.repair import register as register_repair_command
from msds.cli.reprocess import register as register_reprocess_command
from msds.cli.warehouse import register as register_warehouse_commands
from msds.cli.web import register as register_web_commands
from msds.composition import build_local_services
from msds.errors import ConfigurationError, MsdsError, UnknownStep
from msds.evaluation import (
    EvaluationInputError,
    check_floors,
    evaluate,
    format_report,
    load_jsonl,
    select_split,
)
from msds.evaluation.floors import floors_for
from msds.evaluation.sets import evaluate_sets, load_sets
from msds.evaluation.side_by_side import format_sets
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import STEP_NAMES
from msds.services.export import LABEL_KEYS, csv_cell, record_to_row
from msds.services.review_labels import reviewed_labels
from msds.settings import Settings
from msds.vision.sagemaker.cli import register as register_vision_commands


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "data_dir", None):
        settings = settings.model_copy(update={"data_dir": Path(args.data_dir)})
    if getattr(args, "workers", None):
        settings = settings.model_copy(update={"workers": args.workers})
    return settings


def _echo(message: str) -> None:
    print(message, file=sys.stderr)


def _inputs(args: argparse.Namespace) -> Inputs:
    return expand_paths(args.paths, follow_symlinks=args.follow_symlinks, include_hidden=args.include_hidden)


def _batch(args: argparse.Namespace, settings: Settings, inputs: Inputs) -> list[FileResult]:
    ensure_state(settings, _echo)
    options = BatchOptions(
        retry_failed=args.retry_failed,
        follow_symlinks=args.follow_symlinks,
        rerun_from=getattr(args, "rerun_from", None),
    )
    with logs_in_file(settings.data_dir) as log:
        results = run_batch(
            inputs.files,
            settings,
            settings.workers,
            show_progress=not args.quiet,
            options=options,
            isolate=True,
        )
    if any((r.error or "").startswith("internal_error") for r in results):
        _echo(f"  internal errors are described in {log}")
    return results


def cmd_process(args: argparse.Namespace) -> int:
    settings = _settings(args)
    inputs = _inputs(args)
    _echo(f"processing {len(inputs.files)} files with {settings.workers} workers into {settings.data_dir}")
    results = _batch(args, settings, inputs)
    _write_report(args, results, inputs)
    summarise(results, _echo, inputs)
    return exit_code(results, inputs)


def _write_report(args: argparse.Namespace, results: list[FileResult], inputs: Inputs) -> None:
    if not args.report:
        return
    path = Path(args.report)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for line in report_lines(results, inputs):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def cmd_extract(args: argparse.Namespace) -> int:
    settings = _settings(args)
    inputs = _inputs(args) if args.paths else Inputs()
    if args.labels:
        labelled = files_named_by_labels(Path(args.labels), Path(args.root or "."))
        inputs.files += [InputFile.of(path) for path in labelled]
    if not inputs.files and not inputs.skipped:
        raise InputNotFound("nothing to extract: give files, folders or --labels")
    if args.rerun_from is not None and args.rerun_from not in STEP_NAMES[1:]:
        raise UnknownStep(f"no step {args.rerun_from!r}; steps: {', '.join(STEP_NAMES[1:])}")
    results = _batch(args, settings, inputs)
    lines = [result.row for result in results]
    _write_report(args, results, inputs)
    lines += [
        r.row
        for r, item in zip(skipped_results(inputs), inputs.skipped, strict=True)
        if item.reason not in CHOSEN_SKIPS
    ]
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    summarise(results, _echo, inputs)
    _echo(f"wrote {len(lines)} lines to {output}")
    # A failed document is a line with its error (scored as such); only unreadable inputs change the code.
    code = exit_code(results, inputs)
    return 0 if code == EXIT_DOCUMENTS_FAILED else code


def cmd_show(args: argparse.Namespace) -> int:
    settings = _settings(args)
    ensure_state(settings, _echo)
    services = build_local_services(settings)
    matches = [e for e in services.repository.list() if e.document_id.startswith(args.id)]
    if not matches:
        _echo(f"no document with id {args.id}")
        return 1
    if len(matches) > 1:
        _echo(f"{len(matches)} documents start with {args.id}; give more characters")
        return 1
    entry = matches[0]
    record = services.repository.get_record(entry.document_id)
    body = {
        "document": entry.model_dump(mode="json"),
        "record": record.model_dump(mode="json") if record else None,
    }
    print(json.dumps(body, ensure_ascii=False, indent=2))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    ensure_state(settings, _echo)
    services = build_local_services(settings)
    if args.format == "labels":
        return _export_labels(services, args.output)
    rows = []
    # In file-name order (then id): the same records export the same way whatever order workers took.
    entries = sorted(services.repository.list(), key=lambda entry: (entry.file_name, entry.document_id))
    for entry in entries:
        record = services.repository.get_record(entry.document_id)
        if record is None:
            continue
        row = record_to_row(record, Path(entry.file_name).stem)
        row["status"] = entry.status.value
        rows.append(row)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            _write_rows(rows, args.format, handle)
    else:
        _write_rows(rows, args.format, sys.stdout)
    _echo(f"exported {len(rows)} records")
    return 0


def _export_labels(services: PipelineServices, output: str | None) -> int:
    if services.review_tasks is None:
        raise ConfigurationError("this host has no review queue")
    lines = [
        json.dumps(row, ensure_ascii=False)
        for row in reviewed_labels(services.repository, services.review_tasks)
    ]
    text = "".join(line + "\n" for line in lines)
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    _echo(f"exported {len(lines)} reviewed sheets as labels")
    return 0


def _write_rows(rows: list[dict[str, Any]], output_format: str, handle: TextIO) -> None:
    if output_format == "jsonl":
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    columns = ["document_id", "status", *LABEL_KEYS, "needs_review", "review_reasons"]
    writer = csv.writer(handle)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])


def cmd_eval(args: argparse.Namespace) -> int:
    if args.sets:
        return _eval_sets(args)
    if not args.labels or not args.predictions:
        raise EvaluationInputError(
            "give LABELS and PREDICTIONS, or one or more --set NAME=LABELS:PREDICTIONS"
        )
    labels, predictions = load_jsonl(Path(args.labels)), load_jsonl(Path(args.predictions))
    if args.split:
        labels, predictions = select_split(labels, predictions, args.split)
    report = evaluate(labels, predictions)
    print(report.to_json() if args.json else format_report(report, verbose=args.verbose))
    if args.floors:
        failed = check_floors(report)
        for message in failed:
            _echo(f"FLOOR FAILED: {message}")
        if failed:
            return 2
        _echo("all floors met")
    return 0


def _eval_sets(args: argparse.Namespace) -> int:
    specs = list(args.sets)
    if args.labels and args.predictions:
        specs.insert(0, f"labels={args.labels}:{args.predictions}")
    results = evaluate_sets(load_sets(specs))
    if args.json:
        body = {
            result.name: {
                "report": result.report.model_dump(mode="json"),
                "reliability": {k: v.model_dump(mode="json") for k, v in result.reliability.items()},
            }
            for result in results
        }
        print(json.dumps(body, indent=2))
    else:
        print(format_sets(results, verbose=args.verbose), end="")
    if not args.floors:
        return 0
    gated = [name.strip() for name in args.floors_on.split(",") if name.strip()]
    by_name = {result.name: result for result in results}
    failed = [f"[{name}] not evaluated" for name in gated if name not in by_name]
    for name in gated:
        if name in by_name:
            floors = floors_for(name)
            failed += [f"[{name}] {message}" for message in check_floors(by_name[name].report, floors)]
    for message in failed:
        _echo(f"FLOOR FAILED: {message}")
    if failed:
        return 2
    _echo(f"all floors met on {', '.join(gated)}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    settings = _settings(args)
    files = [item.path for item in expand_paths(args.paths).files]
    run_benchmark(files, settings, settings.workers, _echo, runs=args.runs, as_json=args.json)
    return 0


def _batch_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="write one JSON line per input path: its outcome, status, error and document id",
    )
    parser.add_argument(
        "--retry-failed",
        action="store_true",
        help="process again documents that failed or were rejected (after raising a limit, say)",
    )
    parser.add_argument(
        "--follow-symlinks", action="store_true", help="follow symbolic links (not followed by default)"
    )
    parser.add_argument(
        "--include-hidden",
        action="store_true",
        help="process dot-named files and folders (listed as skipped by default)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msds", description="Safety Data Sheet processing (local embedded host)"
    )
    parser.add_argument(
        "--data-dir", help="where documents and state live (default: $MSDS_DATA_DIR or .msds-data)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    process = commands.add_parser("process", help="process files and folders (resumable)")
    process.add_argument("paths", nargs="+")
    process.add_argument("--workers", type=int, help="parallel worker processes")
    process.add_argument("--quiet", action="store_true", help="no progress bar")
    _batch_flags(process)
    process.set_defaults(handler=cmd_process)

    extract = commands.add_parser(
        "extract", help="process files and write one label-format JSON line per input"
    )
    extract.add_argument("paths", nargs="*")
    extract.add_argument(
        "--labels", help="also extract every file this label file names (its pool_file or file_name)"
    )
    extract.add_argument("--root", help="the folder the label file's names are relative to (default: .)")
    extract.add_argument(
        "--rerun-from",
        metavar="STEP",
        help="run this step and the later ones again on documents already read (e.g. Extract)",
    )
    extract.add_argument("-o", "--output", required=True)
    extract.add_argument("--workers", type=int)
    extract.add_argument("--quiet", action="store_true")
    _batch_flags(extract)
    extract.set_defaults(handler=cmd_extract)

    show = commands.add_parser("show", help="print the stored record of a document (id or unique prefix)")
    show.add_argument("id")
    show.set_defaults(handler=cmd_show)

    export = commands.add_parser("export", help="export every record")
    export.add_argument(
        "--format",
        choices=("jsonl", "csv", "labels"),
        default="jsonl",
        help="records as JSON lines or CSV; labels: reviewed sheets in the corpus label format",
    )
    export.add_argument("-o", "--output")
    export.set_defaults(handler=cmd_export)

    evaluation = commands.add_parser("eval", help="score predictions against labels")
    evaluation.add_argument("labels", nargs="?")
    evaluation.add_argument("predictions", nargs="?")
    evaluation.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=LABELS[+MORE]:PREDICTIONS",
        help="score several sets side by side; labels with a 'split' key become one set per split",
    )
    evaluation.add_argument("--floors", action="store_true", help="exit 2 when an accuracy floor is not met")
    evaluation.add_argument(
        "--floors-on",
        default="dev,check",
        help="with --set: the sets the floors apply to (default: dev,check)",
    )
    evaluation.add_argument(
        "--verbose", action="store_true", help="list every mistake (never those of the check half)"
    )
    evaluation.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluation.add_argument(
        "--split", help="score only the labels of this half of a split set (their 'split' key: tuning, check)"
    )
    evaluation.set_defaults(handler=cmd_eval)
    bench = commands.add_parser("bench", help="measure throughput, OCR speed and memory on a fresh data dir")
    bench.add_argument("paths", nargs="+")
    bench.add_argument("--workers", type=int)
    bench.add_argument(
        "--runs", type=int, default=1, help="time each group this many times (medians reported)"
    )
    bench.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    bench.set_defaults(handler=cmd_bench)
    register_publishing_commands(commands, _settings)
    register_cost_command(commands, _settings)
    register_repair_command(commands, _settings)
    register_reprocess_command(commands, _settings)
    register_product_commands(commands, _settings)
    register_warehouse_commands(commands, _settings)
    register_web_commands(commands, _settings)
    register_vision_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (MsdsError, EvaluationInputError) as error:
        _echo(f"error ({error.code}): {error.message}")
        return 1
    except KeyboardInterrupt:
        _echo("interrupted: finished documents are kept; run the same command again to resume")
        return 130


if __name__ == "__main__":
    sys.exit(main())
