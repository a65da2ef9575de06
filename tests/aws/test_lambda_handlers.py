"""The Lambda handlers: one per state, thin, no I/O at import, services built once from the environment at
call time; and the dependency rule (only AWS adapters import boto3, only lambdas/ imports Powertools)."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from models.document import DocumentEntry, DocumentStatus, MediaType
from msds.adapters.aws.stepfunctions import WorkflowStarter
from msds.adapters.aws.workflow import error_code_of
from msds.composition_aws import AwsSettings, aws_services, reset_aws_services
from msds.errors import ConfigurationError, InvalidEvent
from msds.pipeline.steps import STEP_NAMES
from msds.settings import Settings
from tests.aws.support import (
    BUCKET,
    TABLE,
    client,
    lambda_context,
    make_bucket,
    make_table,
    object_created_event,
)

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = lambda_context()
CALLBACKS = ("start_workflow", "textract_callback", "start_review", "review_callback", "record_failure")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_state_has_a_handler_module_named_after_it() -> None:
    # Given the pipeline's state names and the workflow's other functions
    modules = [snake(name) for name in STEP_NAMES] + list(CALLBACKS)
    # When their handler modules are imported
    handlers = {
        name: getattr(importlib.import_module(f"lambdas.{name}"), "handler", None) for name in modules
    }
    # Then each module has a callable handler, and the step modules follow the state names
    assert all(callable(h) for h in handlers.values()), [n for n, h in handlers.items() if not callable(h)]
    assert snake("DetectPictogramsAndSignatures") == "detect_pictograms_and_signatures"
    assert set(modules) <= {path.stem for path in (ROOT / "lambdas").glob("*.py")}


def test_importing_the_handlers_reads_no_environment_and_touches_no_service() -> None:
    # Given a Python with no AWS or product environment at all
    modules = [f"lambdas.{snake(name)}" for name in STEP_NAMES] + [f"lambdas.{name}" for name in CALLBACKS]
    code = (
        "import importlib, os, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import msds.composition_aws as c, lambdas._observability as o\n"
        "assert c._services is None and o._tools is None\n"
    )
    # When every handler module is imported
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    # Then it succeeds, and no services or Powertools objects were built
    assert completed.returncode == 0, completed.stderr


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_aws_adapters_import_boto3_and_only_handlers_import_powertools() -> None:
    # Given every module of the library, the models and the handlers
    files = [*ROOT.joinpath("msds").rglob("*.py"), *ROOT.joinpath("models").rglob("*.py")]
    # When their imports are read
    boto = {p.relative_to(ROOT).as_posix() for p in files if _imports(p) & {"boto3", "botocore"}}
    powertools = {
        p.relative_to(ROOT).as_posix()
        for p in [*files, *ROOT.joinpath("lambdas").rglob("*.py")]
        if "aws_lambda_powertools" in _imports(p)
    }
    # Then boto3/botocore appear only under msds/adapters/aws, and Powertools only under lambdas/
    assert all(path.startswith("msds/adapters/aws/") for path in boto), boto
    assert all(path.startswith("lambdas/") for path in powertools), powertools


@pytest.fixture
def host(aws_credentials: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with mock_aws():
        s3 = client("s3")
        make_bucket(s3)
        make_table(client("dynamodb"))
        monkeypatch.setenv("MSDS_AWS_DOCUMENT_BUCKET", BUCKET)
        monkeypatch.setenv("MSDS_AWS_STATE_TABLE", TABLE)
        monkeypatch.setenv("MSDS_AWS_OCR", "local")
        monkeypatch.setenv("MSDS_AWS_LANGUAGE_DETECTOR", "local")
        monkeypatch.setenv("MSDS_TRANSLATOR", "catalog-only")
        reset_aws_services()
        try:
            yield s3
        finally:
            reset_aws_services()


def test_services_are_built_once_per_container_from_the_environment_at_call_time(
    host: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the environment of a deployment
    monkeypatch.setenv("MSDS_MAX_PAGES", "7")
    # When the services are asked for twice
    first, second = aws_services(), aws_services()
    # Then they are the same object, configured from the environment read at that moment
    assert first is second
    assert first.pipeline.settings.max_pages == 7
    assert first.documents.bucket == BUCKET
    assert first.textract is None and first.pipeline.translator is None


@pytest.mark.parametrize(
    ("choice", "engine"),
    [("amazon", "AmazonTranslator"), ("apertium", "MeteredTranslator"), ("catalog-only", "NoneType")],
)
def test_the_translator_setting_chooses_the_free_text_engine_of_the_aws_host(
    host: Any, monkeypatch: pytest.MonkeyPatch, choice: str, engine: str
) -> None:
    # Given a deployment whose product settings name a translation engine
    monkeypatch.setenv("MSDS_TRANSLATOR", choice)
    # When the services are built
    services = aws_services().pipeline
    # Then the Translate step gets that engine (none for catalog-only)
    assert services.settings.translator == choice
    assert type(services.translator).__name__ == engine


def test_every_aws_setting_has_its_environment_variable() -> None:
    # Given the AWS settings model
    names = AwsSettings.environment_names()
    # When settings are read from a mapping using those names
    settings = AwsSettings.from_env(
        {
            "MSDS_AWS_DOCUMENT_BUCKET": "b",
            "MSDS_AWS_STATE_TABLE": "t",
            "MSDS_AWS_TEXTRACT_FEATURES": "layout,tables",
        }
    )
    # Then each field maps to MSDS_AWS_<NAME>, lists are comma separated, and none clashes with Settings
    assert len(names) == len(AwsSettings.model_fields) and all(n.startswith("MSDS_AWS_") for n in names)
    assert settings.textract_features == ("LAYOUT", "TABLES")
    assert not set(names) & set(Settings.environment_names())


def test_missing_or_incomplete_aws_settings_are_a_configuration_error() -> None:
    # Given an environment without the table, and one asking for Textract without its topic
    # When the services' settings are read
    # Then a ConfigurationError names the problem
    with pytest.raises(ConfigurationError, match="state_table"):
        AwsSettings.from_env({"MSDS_AWS_DOCUMENT_BUCKET": "b"})
    from msds.composition_aws import build_aws_services

    with pytest.raises(ConfigurationError, match="TEXTRACT_TOPIC_ARN"):
        build_aws_services(
            Settings(), AwsSettings(document_bucket="b", state_table="t"), session=_NoClients()
        )


class _NoClients:
    region_name = "eu-west-1"

    def client(self, name: str, config: Any = None) -> Any:
        return object()

    def get_credentials(self) -> None:
        return None


def test_an_event_of_the_wrong_shape_is_a_named_error(host: Any) -> None:
    # Given a step handler
    from lambdas import segment

    # When it gets an event without a document id
    # Then InvalidEvent (not retried) names the model it expected
    with pytest.raises(InvalidEvent, match="StepRequest"):
        segment.handler({"file_name": "x.pdf"}, CONTEXT)


def test_a_step_cannot_run_before_the_steps_it_needs(host: Any) -> None:
    # Given a received document
    from lambdas import extract, receive

    host.put_object(Bucket=BUCKET, Key="uploads/s/a.pdf", Body=_tiny_pdf())
    received = receive.handler({"bucket": BUCKET, "key": "uploads/s/a.pdf"}, CONTEXT)
    # When Extract is invoked before ReadText and the others
    # Then it refuses, naming what is missing
    from msds.errors import StepFailed

    with pytest.raises(StepFailed, match="ReadText, DetectLanguage, Segment"):
        extract.handler(received, CONTEXT)


def test_a_rejected_upload_is_recorded_and_flagged_for_the_state_machine(host: Any) -> None:
    # Given an upload that is not a supported file
    from lambdas import receive

    host.put_object(Bucket=BUCKET, Key="uploads/s/notes.txt", Body=b"just some text")
    # When Receive runs
    result = receive.handler({"bucket": BUCKET, "key": "uploads/s/notes.txt"}, CONTEXT)
    # Then the output says rejected, with the named reason, and the bytes are kept
    assert (result["rejected"], result["status"], result["error_code"]) == (
        True,
        "rejected",
        "unsupported_type",
    )
    assert aws_services().documents.get_original(result["document_id"]) == b"just some text"


def test_the_catch_path_records_the_error_the_state_machine_caught(host: Any) -> None:
    # Given a document in processing, and the error Step Functions caught from a Lambda task
    from lambdas import record_failure

    entry = DocumentEntry(
        document_id="c" * 64,
        file_name="c.pdf",
        media_type=MediaType.PDF,
        size_bytes=1,
        pages=1,
        status=DocumentStatus.PROCESSING,
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    aws_services().pipeline.repository.insert_if_absent(entry)
    cause = json.dumps(
        {"errorMessage": "textract:GetDocumentAnalysis failed", "errorType": "ServiceUnavailable"}
    )
    event = {
        "document_id": entry.document_id,
        "file_name": "c.pdf",
        "step": "ReadText",
        "error": {"Error": "ServiceUnavailable", "Cause": cause},
    }
    # When the catch path's handler runs
    result = record_failure.handler(event, CONTEXT)
    # Then the entry is failed with the error's code and message
    stored = aws_services().pipeline.repository.get(entry.document_id)
    assert stored is not None and stored.status == DocumentStatus.FAILED
    assert (stored.error_code, stored.error_message) == (
        "service_unavailable",
        "ReadText: textract:GetDocumentAnalysis failed",
    )
    assert result["error_code"] == "service_unavailable"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ServiceThrottled", "service_throttled"),
        ("States.Timeout", "timeout"),
        ("KeyError", "internal_error"),
    ],
)
def test_caught_error_names_map_to_product_codes(name: str, code: str) -> None:
    # Given an error name as Step Functions reports it
    # When its product code is looked up
    # Then it is the named error's code, a States code, or internal_error
    assert error_code_of(name) == code


def test_a_duplicate_upload_event_starts_nothing(host: Any, stubbed: Any) -> None:
    # Given an uploaded file and Step Functions refusing a second execution of the same name
    from lambdas import start_workflow

    host.put_object(Bucket=BUCKET, Key="uploads/s/a.pdf", Body=b"%PDF-1.4 bytes")
    sfn = stubbed("stepfunctions")
    sfn.stubber.add_client_error("start_execution", "ExecutionAlreadyExists", "exists", 400)
    aws_services().starter = WorkflowStarter(
        sfn.client, "arn:aws:states:eu-west-1:123456789012:stateMachine:m"
    )
    # When the Object Created event is delivered again
    result = start_workflow.handler(object_created_event(BUCKET, "uploads/s/a.pdf"), CONTEXT)
    # Then nothing was started, and the answer says why
    assert (result["started"], result["reason"]) == (False, "already started")


def test_objects_outside_the_upload_prefix_start_nothing(host: Any, stubbed: Any) -> None:
    # Given an artifact written by the pipeline itself into the same bucket
    from lambdas import start_workflow

    aws_services().starter = WorkflowStarter(
        stubbed("stepfunctions").client, "arn:aws:states:x:1:stateMachine:m"
    )
    # When its Object Created event arrives
    result = start_workflow.handler(object_created_event(BUCKET, "artifacts/abc/text.json"), CONTEXT)
    # Then it is not a new document
    assert (result["started"], result["reason"]) == (False, "not an upload")


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "SECTION 1: Identification")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
