"""`msds reprocess`: run documents again from their first unfinished step (or from a named step), on the local
embedded host or, with ``--aws``, as new executions of the deployed document state machine."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from models.document import DocumentEntry, DocumentStatus
from msds.cli.batch import EXIT_DOCUMENTS_FAILED, BatchOptions, run_batch
from msds.cli.files import InputFile
from msds.cli.logs import logs_in_file
from msds.cli.repair import ensure_state
from msds.composition import build_local_services, local_store
from msds.errors import DocumentBusy, DocumentNotFound, InvalidRequest, NotReprocessable
from msds.pipeline.reprocess import BUSY, ReprocessPlan, give_back, plan_reprocess
from msds.pipeline.runner import check_rerun_step
from msds.pipeline.services import PipelineServices
from msds.pipeline.steps import STEP_NAMES
from msds.ports import DocumentRepository
from msds.settings import Settings

SettingsOf = Callable[[argparse.Namespace], Settings]
DESCRIPTION = (
    "Runs documents again, each as a new attempt (its number is recorded on the document): from the first "
    "step not yet done (a failed step and the ones after it; all done: Publish), or from --from STEP (that "
    "step and every later one again, on what the earlier steps stored). Give document ids (or unique "
    "prefixes), or --failed for every failed document. A document being processed, or whose file was "
    "rejected, is refused by name. Locally the attempts run here, in worker processes with the usual limits; "
    "with --aws each attempt is an execution of the deployed document state machine, "
    "sds-<document id>-a<attempt>, started and not waited for (MSDS_AWS_STATE_MACHINE_ARN, "
    "MSDS_AWS_STATE_TABLE and MSDS_AWS_DOCUMENT_BUCKET name the deployment: the stack's outputs)."
)
EPILOG = (
    "exit codes: 0 every attempt was started (--aws) or ended with the document processed; 4 some documents "
    "failed again; 1 a named error stopped the command before anything was started (an unknown document or "
    "step, a document being processed or rejected, nothing to reprocess)."
)


def register(commands: Any, settings_of: SettingsOf) -> None:
    reprocess = commands.add_parser(
        "reprocess",
        help="run failed or chosen documents again from their first unfinished step (or --from STEP)",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    reprocess.add_argument("ids", nargs="*", metavar="ID", help="document ids, or unique prefixes of them")
    reprocess.add_argument("--failed", action="store_true", help="every document whose last attempt failed")
    reprocess.add_argument(
        "--from",
        dest="from_step",
        metavar="STEP",
        help=f"run this step and every later one again; one of {', '.join(STEP_NAMES[1:])}",
    )
    reprocess.add_argument(
        "--aws", action="store_true", help="start executions on the deployed AWS host (MSDS_AWS_* settings)"
    )
    reprocess.add_argument("--workers", type=int, help="parallel worker processes (local host)")
    reprocess.add_argument("--quiet", action="store_true", help="no progress bar")
    reprocess.set_defaults(handler=lambda args: cmd_reprocess(args, settings_of(args)))


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    if args.from_step is not None:
        check_rerun_step(args.from_step)
    if not args.ids and not args.failed:
        raise InvalidRequest("nothing to reprocess: give document ids, or --failed")
    if args.aws:
        return _on_aws(args)
    return _here(args, settings)


def chosen(repository: DocumentRepository, ids: list[str], failed: bool) -> list[DocumentEntry]:
    """The documents named (full ids or unique prefixes; DocumentNotFound naming each one that matches
    none or several), then with ``failed`` every failed one, each once."""
    entries = repository.list()
    found: dict[str, DocumentEntry] = {}
    problems = []
    for wanted in ids:
        matches = [e for e in entries if e.document_id.startswith(wanted.lower())]
        if len(matches) == 1:
            found.setdefault(matches[0].document_id, matches[0])
        elif matches:
            problems.append(f"{wanted}: {len(matches)} documents start with it; give more characters")
        else:
            problems.append(f"{wanted}: no such document")
    if problems:
        raise DocumentNotFound("; ".join(problems))
    if failed:
        for entry in repository.list(DocumentStatus.FAILED):
            found.setdefault(entry.document_id, entry)
    return list(found.values())


def _here(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers:
        settings = settings.model_copy(update={"workers": args.workers})
    ensure_state(settings, _echo)
    services = build_local_services(settings)
    entries = chosen(services.repository, args.ids, args.failed)
    if not entries:
        _echo("no failed documents to reprocess")
        return 0
    refuse_early(entries)
    plans = _plan_all(entries, services, args.from_step)
    store = local_store(settings)
    files = [InputFile(store.original_path(p.document_id), p.file_name) for p in plans]
    _echo(f"reprocessing {len(plans)} documents with {settings.workers} workers in {settings.data_dir}")
    with logs_in_file(settings.data_dir) as log:
        try:
            results = run_batch(
                files,
                settings,
                settings.workers,
                show_progress=not args.quiet,
                options=BatchOptions(),
                isolate=True,
            )
        except KeyboardInterrupt:
            # What finished is kept; an attempt cut short gives its document back (its status and error as
            # before, the steps it did checkpointed), so the same command can be run again.
            for plan in plans:
                give_back(plan, services)
            raise
    failed = 0
    for plan, result in zip(plans, results, strict=True):
        entry = services.repository.get(plan.document_id)
        status = entry.status.value if entry is not None else result.status
        failed += status == DocumentStatus.FAILED.value
        error = f" ({result.error})" if result.error else ""
        _echo(
            f"  {plan.document_id[:12]} {plan.file_name}: attempt {plan.attempt} from {plan.start_from}: "
            f"{status}{error}"
        )
    if any((r.error or "").startswith("internal_error") for r in results):
        _echo(f"  internal errors are described in {log}")
    _echo(f"{len(plans)} documents reprocessed, {failed} failed again")
    return EXIT_DOCUMENTS_FAILED if failed else 0


def refuse_early(entries: list[DocumentEntry]) -> None:
    """Refuse the whole command, by name, before any attempt starts: documents being processed (DocumentBusy)
    or rejected (NotReprocessable) among those chosen."""
    busy = [e for e in entries if e.status in BUSY]
    if busy:
        raise DocumentBusy(
            f"{_names(busy)} {'is' if len(busy) == 1 else 'are'} being processed; reprocess once that ends "
            "(locally, `msds process` resumes a document an interrupted run left processing)"
        )
    rejected = [e for e in entries if e.status == DocumentStatus.REJECTED]
    if rejected:
        raise NotReprocessable(
            f"{_names(rejected)} {'was' if len(rejected) == 1 else 'were'} rejected: the file itself was "
            "refused (locally `msds process --retry-failed FILE` checks it again after a limit was raised)"
        )


def _names(entries: list[DocumentEntry]) -> str:
    return ", ".join(f"{e.document_id[:12]} ({e.file_name})" for e in entries)


def _plan_all(
    entries: list[DocumentEntry], services: PipelineServices, from_step: str | None
) -> list[ReprocessPlan]:
    """Record an attempt for every document, or for none: a refusal gives back those already recorded."""
    plans: list[ReprocessPlan] = []
    try:
        for entry in entries:
            plans.append(plan_reprocess(entry.document_id, services, from_step=from_step))
    except Exception:
        for done in plans:
            give_back(done, services)
        raise
    return plans


def _on_aws(args: argparse.Namespace) -> int:
    # Only this path touches AWS: the AWS composition (and boto3) is imported here.
    from msds.adapters.aws.workflow import reprocess
    from msds.composition_aws import AwsSettings, build_aws_admin

    aws = build_aws_admin(AwsSettings.from_env())
    entries = chosen(aws.pipeline.repository, args.ids, args.failed)
    if not entries:
        _echo("no failed documents to reprocess")
        return 0
    refuse_early(entries)
    machine = aws.starter.state_machine_arn if aws.starter is not None else "?"
    _echo(f"starting {len(entries)} reprocess attempts of {machine}")
    for number, entry in enumerate(entries, start=1):
        started = reprocess(entry.document_id, aws, from_step=args.from_step)
        what = "started" if started.started else "already started"
        _echo(
            f"  [{number}/{len(entries)}] {entry.document_id[:12]} {entry.file_name}: attempt "
            f"{started.attempt} from {started.start_from}: {what} ({started.execution_name})"
        )
    return 0


def _echo(message: str) -> None:
    print(message, file=sys.stderr)
