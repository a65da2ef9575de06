"""``msds repair``: check every stored original and checkpoint, rebuild the state database from them, and
publish every record again; and the check ``process`` and ``extract`` make before they start."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from msds.adapters.local import state_database
from msds.adapters.local.file_store import FolderDocumentStore
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.composition import (
    ANALYTICS_FILE,
    SEARCH_INDEX_FOLDER,
    build_local_services,
    local_inspector,
    local_repository_path,
    local_store,
)
from msds.errors import PublishFailed
from msds.pipeline.runner import ENTRY_ARTIFACT
from msds.pipeline.services import STATE_ARTIFACT
from msds.services.publish import PublishTargets, publishable
from msds.services.receive import utc_now
from msds.services.review_tasks import reopen_missing_tasks
from msds.services.state_repair import Finding, RepairReport, check_store, rebuild_state
from msds.settings import Settings

PUBLISH_BATCH = 500
EXIT_NOT_RECOVERED = 3
SettingsOf = Callable[[argparse.Namespace], Settings]
Echo = Callable[[str], None]


def register(commands: Any, settings_of: SettingsOf) -> None:
    repair = commands.add_parser(
        "repair",
        help="check stored originals and checkpoints; rebuild the state database from them",
        description=(
            "Checks that every stored original matches its id and every checkpoint can be read, rebuilds "
            "the state database from them (rows the old database can still give are kept), lists what "
            "cannot be recovered and publishes every record again. Safe to interrupt and run again. "
            "Run it while no batch is running on the data dir."
        ),
    )
    repair.add_argument("--check", action="store_true", help="only check and report; change nothing")
    repair.set_defaults(handler=lambda args: cmd_repair(args, settings_of(args)))


def cmd_repair(args: argparse.Namespace, settings: Settings) -> int:
    echo = _echo
    if args.check:
        findings = check_only(settings, echo)
        return EXIT_NOT_RECOVERED if any(not f.recovered for f in findings) else 0
    report = repair(settings, echo)
    return EXIT_NOT_RECOVERED if report.unrecoverable else 0


def check_only(settings: Settings, echo: Echo) -> list[Finding]:
    store = local_store(settings)
    ids, findings = check_store(store, fix=False)
    path = local_repository_path(settings)
    problem = state_database.integrity_problem(path) or state_database.health(path, _stored(store, ids))
    echo(f"{len(ids)} stored documents checked")
    echo(f"state database {path}: {problem or 'whole'}")
    _list_findings(findings, echo)
    return findings


def ensure_state(settings: Settings, echo: Echo) -> None:
    """Before a batch: a damaged, emptied or incomplete state database is rebuilt (what ``msds repair``
    does); one that cannot be rebuilt stops the batch with StateDamaged."""
    store = local_store(settings)
    path = local_repository_path(settings)
    reason = state_database.health(path, _stored(store, store.document_ids()))
    if reason is None:
        return
    echo(
        f"the state database {path} needs repair: {reason}; "
        "rebuilding it from the stored originals and checkpoints"
    )
    repair(settings, echo)


def repair(settings: Settings, echo: Echo) -> RepairReport:
    path = local_repository_path(settings)
    store = local_store(settings)
    kept_entries, kept_records, complete = state_database.salvage(path)
    damaged = not complete or state_database.integrity_problem(path) is not None
    rebuilt_path = path.with_name(path.name + ".rebuild")
    state_database.remove(rebuilt_path)
    target = SqliteDocumentRepository(rebuilt_path)
    try:
        report = rebuild_state(
            store,
            target,
            kept_entries=kept_entries,
            kept_records=kept_records,
            inspector=local_inspector(settings),
            settings=settings,
            now=utc_now,
        )
    finally:
        target.close()
    carried, lost = state_database.carry_over(path, rebuilt_path)
    state_database.settle_file(rebuilt_path)
    old = state_database.replace(path, rebuilt_path, keep_old=damaged)
    echo(
        f"state database rebuilt: {report.documents} documents ({report.kept} kept from the old database, "
        f"{report.rebuilt} rebuilt from the store)"
        + (f"; the damaged file is kept as {old}" if old is not None else "")
    )
    if carried:
        echo(f"  kept from the old database: {', '.join(carried)}")
    if lost:
        echo(f"  read only in part from the damaged database (the rest is lost): {', '.join(lost)}")
    if report.statuses:
        echo("  " + ", ".join(f"{n} {status}" for status, n in sorted(report.statuses.items())))
    _list_findings(report.findings, echo)
    published = republish(settings, echo)
    echo(f"published {published} records again")
    services = build_local_services(settings)
    if services.review_tasks is not None:
        reopened = reopen_missing_tasks(services.repository, services.review_tasks, services.now())
        if reopened:
            echo(f"review tasks opened again: {reopened} (sheets waiting for review had none)")
    return report


def republish(settings: Settings, echo: Echo) -> int:
    """Publish every publishable record again (the index and the tables may have missed some); a search
    index or analytics file that cannot be written is set aside and filled anew."""
    services = build_local_services(settings)
    publications = list(publishable(services.repository))
    targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
    try:
        for start in range(0, len(publications), PUBLISH_BATCH):
            targets.publish_all(publications[start : start + PUBLISH_BATCH])
    except PublishFailed as error:
        echo(f"the search index or the analytics file cannot be written ({error.message}); making them anew")
        _set_aside_published(settings)
        services = build_local_services(settings)
        targets = PublishTargets(search_index=services.search_index, analytics=services.analytics)
        for start in range(0, len(publications), PUBLISH_BATCH):
            targets.publish_all(publications[start : start + PUBLISH_BATCH])
    return len(publications)


def _set_aside_published(settings: Settings) -> None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (SEARCH_INDEX_FOLDER, ANALYTICS_FILE):
        path = settings.data_dir / name
        if path.exists():
            os.replace(path, path.with_name(f"{name}.damaged-{stamp}"))


def _stored(store: FolderDocumentStore, ids: list[str]) -> dict[str, bool]:
    return {
        document_id: store.has_artifact(document_id, ENTRY_ARTIFACT)
        or store.has_artifact(document_id, STATE_ARTIFACT)
        for document_id in ids
    }


def _list_findings(findings: list[Finding], echo: Echo) -> None:
    lost = [f for f in findings if not f.recovered]
    mended = [f for f in findings if f.recovered]
    if mended:
        echo(f"  {len(mended)} mended:")
        for finding in mended:
            echo(f"    {finding.document_id[:16]}  {finding.problem.value}: {finding.message}")
    if lost:
        echo(f"  {len(lost)} cannot be recovered:")
        for finding in lost:
            echo(f"    {finding.document_id[:16]}  {finding.problem.value}: {finding.message}")
    if not findings:
        echo("  every stored original and checkpoint is intact")


def _echo(message: str) -> None:
    print(message, file=sys.stderr)
