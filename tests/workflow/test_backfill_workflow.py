"""The synthesised backfill state machine on moto's Step Functions interpreter: a Distributed Map over an S3
prefix starts one document execution per sheet and waits only until that sheet is published (or rejected,
or failed), not for a human review."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from models.review import ReviewTaskState
from tests.helpers.synthetic import backfill_sheets, build_once
from tests.workflow.deployment import BACKFILL_MACHINE, RESULTS_BUCKET, Deployment

SHEETS, IN_REVIEW = 50, 10


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bool]:
    folder = build_once(tmp_path_factory, "backfill-sheets", lambda f: None)
    return backfill_sheets(folder / "sheets", SHEETS, IN_REVIEW)


def test_a_backfill_of_50_sheets_finishes_while_the_10_in_review_still_wait_for_a_reviewer(
    deployment: Deployment, sheets: dict[Path, bool]
) -> None:
    # Given 50 historical sheets under a backfill prefix, 10 of which need a reviewer's look
    for path in sheets:
        deployment.upload(path.read_bytes(), f"backfill/batch-1/{path.name}")
    assert sum(sheets.values()) == IN_REVIEW

    # When the synthesised backfill state machine runs over that prefix
    sfn = deployment.sfn
    started = sfn.start_execution(
        stateMachineArn=deployment.machines[BACKFILL_MACHINE],
        input=json.dumps({"prefix": "backfill/batch-1/"}),
    )
    backfill = deployment.wait_for_end(started["executionArn"], timeout=600)

    # Then the backfill succeeded, with one document execution per sheet
    assert backfill["status"] == "SUCCEEDED", backfill
    executions = sfn.list_executions(stateMachineArn=deployment.document_machine, maxResults=1000)[
        "executions"
    ]
    assert len(executions) == SHEETS
    # ... 40 of them ended, and the 10 sheets in review still wait in HumanReview, each task holding its token
    statuses = Counter(execution["status"] for execution in executions)
    assert statuses == {"SUCCEEDED": SHEETS - IN_REVIEW, "RUNNING": IN_REVIEW}
    waiting = [e["executionArn"] for e in executions if e["status"] == "RUNNING"]
    assert all(deployment.states_entered(arn)[-1] == "HumanReview" for arn in waiting)
    tasks = deployment.aws.pipeline.review_tasks
    assert tasks is not None
    repository = deployment.aws.pipeline.repository
    expected = {repository_id(path): review for path, review in sheets.items()}
    in_review = {doc_id for doc_id, review in expected.items() if review}
    for doc_id in in_review:
        task = tasks.get(doc_id)
        assert task is not None and task.state == ReviewTaskState.OPEN and task.task_token
    # ... every sheet is stored, findable with its status, and in the analytics tables
    for doc_id, review in expected.items():
        entry = repository.get(doc_id)
        assert entry is not None and entry.status.value == ("needs_review" if review else "accepted")
        assert deployment.search_statuses(doc_id) == [entry.status.value]
    (count,) = deployment.analytics("SELECT count(*) FROM sds_documents")[0]
    assert count == SHEETS
    # ... and the Map's result manifest is in the results bucket, named in the backfill's output
    output = json.loads(backfill["output"])
    manifest_key = output["map"]["ResultWriterDetails"]["Key"]
    assert manifest_key.startswith("backfill-results/") and manifest_key.endswith("/manifest.json")
    manifest = json.loads(deployment.s3.get_object(Bucket=RESULTS_BUCKET, Key=manifest_key)["Body"].read())
    assert manifest["ResultFiles"]["FAILED"] == [] and ":mapRun:msds-dev-backfill/" in manifest["MapRunArn"]
    # (moto's interpreter writes the manifest only, not the SUCCEEDED_n.json files Step Functions adds with
    # each item's output: the items' outcomes are checked above, where the sheets' workflows left them)


def repository_id(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
