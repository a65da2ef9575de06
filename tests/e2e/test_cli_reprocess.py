"""`msds reprocess` on the local host (generated sheets, worker processes) and against an AWS deployment on
moto (`--aws`: an execution per attempt): the attempt recorded, the step it starts from, progress and
outcome per document, the named errors and the exit codes its help documents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from models.document import DocumentStatus
from msds.cli.main import build_parser
from msds.composition import build_local_services
from msds.pipeline.runner import forget_steps_from, mark_failed
from msds.settings import Settings
from tests.aws.support import BUCKET, ROLE_ARN, TABLE, aws_credentials, client, make_bucket, make_table
from tests.helpers.cli import cli
from tests.helpers.synthetic import GeneratedSet, generate_set

pytestmark = pytest.mark.xdist_group("e2e_cli")
__all__ = ["aws_credentials"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSet:
    return generate_set(tmp_path_factory.mktemp("reprocess_generated"), 2, seed=11, languages=("en", "de"))


def processed(data_dir: Path, generated: GeneratedSet) -> list[str]:
    """The generated sheets processed; their document ids."""
    assert cli(data_dir, "process", "--quiet", *map(str, generated.paths)) == 0
    services = build_local_services(Settings(data_dir=data_dir))
    return sorted(entry.document_id for entry in services.repository.list())


def fail_in_extract(data_dir: Path, document_id: str) -> None:
    """The sheet as a failure in Extract leaves it: checkpoints up to Segment, the entry failed."""
    services = build_local_services(Settings(data_dir=data_dir))
    entry = services.repository.get(document_id)
    assert entry is not None
    forget_steps_from(entry, services, "Extract")
    mark_failed(entry, services, "internal_error", "Extract: RuntimeError: boom")


def test_reprocess_failed_runs_each_failed_sheet_again_from_its_failed_step(
    tmp_path: Path, generated: GeneratedSet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two processed sheets, one of which failed in Extract
    data_dir = tmp_path / "data"
    failed, fine = processed(data_dir, generated)
    fail_in_extract(data_dir, failed)
    capsys.readouterr()

    # When every failed sheet is reprocessed
    code = cli(data_dir, "reprocess", "--failed", "--quiet")

    # Then the failed one ran again from Extract as attempt 1 and is processed; the other was left alone
    assert code == 0
    err = capsys.readouterr().err
    assert f"{failed[:12]}" in err and "attempt 1 from Extract" in err and fine[:12] not in err
    services = build_local_services(Settings(data_dir=data_dir))
    entry, other = services.repository.get(failed), services.repository.get(fine)
    assert entry is not None and other is not None
    assert entry.status in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
    assert (entry.attempt, entry.error_code, other.attempt) == (1, None, 0)


def test_reprocess_from_a_named_step_reruns_a_finished_sheet_by_id_prefix(
    tmp_path: Path, generated: GeneratedSet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two processed sheets
    data_dir = tmp_path / "data"
    first, _ = processed(data_dir, generated)
    capsys.readouterr()

    # When the first is reprocessed from Translate, named by a prefix of its id
    code = cli(data_dir, "reprocess", first[:10], "--from", "Translate", "--quiet")

    # Then it ran Translate and every later step again as attempt 1, and ended as it did before
    assert code == 0
    assert "attempt 1 from Translate" in capsys.readouterr().err
    services = build_local_services(Settings(data_dir=data_dir))
    entry = services.repository.get(first)
    assert entry is not None and entry.attempt == 1
    assert entry.status in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)


def test_reprocess_names_unknown_documents_and_steps_and_exits_1(
    tmp_path: Path, generated: GeneratedSet, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a data dir with processed sheets
    data_dir = tmp_path / "data"
    first, _ = processed(data_dir, generated)
    capsys.readouterr()

    # When an unknown id, an unknown step, or nothing at all is asked for
    unknown = cli(data_dir, "reprocess", "ffff0000")
    unknown_err = capsys.readouterr().err
    bad_step = cli(data_dir, "reprocess", first, "--from", "Receive")
    bad_step_err = capsys.readouterr().err
    nothing = cli(data_dir, "reprocess")
    nothing_err = capsys.readouterr().err

    # Then each exits 1 with its named error, and the sheet was not touched
    assert (unknown, bad_step, nothing) == (1, 1, 1)
    assert "error (document_not_found): ffff0000: no such document" in unknown_err
    assert "error (unknown_step)" in bad_step_err
    assert "error (invalid_request)" in nothing_err
    entry = build_local_services(Settings(data_dir=data_dir)).repository.get(first)
    assert entry is not None and entry.attempt == 0


def test_reprocess_with_no_failed_documents_says_so_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an empty data dir
    # When every failed document is reprocessed
    code = cli(tmp_path / "data", "reprocess", "--failed")
    # Then there is nothing to do, said so
    assert code == 0
    assert "no failed documents to reprocess" in capsys.readouterr().err


def test_the_help_of_reprocess_names_its_options_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    # Given the command line
    # When reprocess's help is printed
    with pytest.raises(SystemExit):
        build_parser().parse_args(["reprocess", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    # Then it names every option and the exit codes
    for option in ("--failed", "--from STEP", "--aws", "--workers", "--quiet"):
        assert option in text
    assert "exit codes: 0" in text and "4 some documents failed again" in text and "1 a named error" in text


@pytest.fixture
def deployed(aws_credentials: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The deployment's document table, bucket and a state machine on moto, named by the environment;
    yields the state machine's ARN."""
    with mock_aws():
        make_bucket(client("s3"))
        make_table(client("dynamodb"))
        definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 60, "End": True}}}
        arn = client("stepfunctions").create_state_machine(
            name="msds-test-document", definition=json.dumps(definition), roleArn=ROLE_ARN
        )["stateMachineArn"]
        for name, value in {
            "MSDS_AWS_DOCUMENT_BUCKET": BUCKET,
            "MSDS_AWS_STATE_TABLE": TABLE,
            "MSDS_AWS_STATE_MACHINE_ARN": arn,
        }.items():
            monkeypatch.setenv(name, value)
        yield arn


def test_reprocess_aws_starts_one_execution_per_failed_document_attempt(
    deployed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a failed document in the deployment's state table
    from msds.composition_aws import AwsSettings, build_aws_admin
    from tests.aws.api_host import store_document

    aws = build_aws_admin(AwsSettings.from_env())
    document_id = "c0" * 32
    store_document(aws, document_id, status=DocumentStatus.FAILED, with_record=False)

    # When every failed document is reprocessed on AWS
    code = cli(tmp_path / "data", "reprocess", "--aws", "--failed")

    # Then attempt 1 was started as its own execution, and said so
    assert code == 0
    assert f"attempt 1 from ReadText: started (sds-{document_id}-a1)" in capsys.readouterr().err
    executions = client("stepfunctions").list_executions(stateMachineArn=deployed)["executions"]
    assert [execution["name"] for execution in executions] == [f"sds-{document_id}-a1"]
    entry = aws.pipeline.repository.get(document_id)
    assert entry is not None and entry.attempt == 1


def test_reprocess_interrupted_gives_its_sheets_back_and_can_be_run_again(
    tmp_path: Path, generated: GeneratedSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a sheet that failed in Extract, and a reprocess run that Ctrl-C stops before any sheet finishes
    data_dir = tmp_path / "data"
    failed, _ = processed(data_dir, generated)
    fail_in_extract(data_dir, failed)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("msds.cli.reprocess.run_batch", interrupted)
        stopped = cli(data_dir, "reprocess", "--failed", "--quiet")

    # When the same command is run again
    entry_between = build_local_services(Settings(data_dir=data_dir)).repository.get(failed)
    again = cli(data_dir, "reprocess", "--failed", "--quiet")

    # Then the interrupted run gave the sheet back as it was (failed, with its error), and the second run
    # reprocessed it as the next attempt
    assert stopped == 130
    assert entry_between is not None
    assert (entry_between.status, entry_between.error_code) == (DocumentStatus.FAILED, "internal_error")
    entry = build_local_services(Settings(data_dir=data_dir)).repository.get(failed)
    assert again == 0 and entry is not None
    assert entry.status in (DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW)
    assert entry.attempt == 2
