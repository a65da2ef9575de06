"""`msds cost`: a table or JSON for a described workload, an estimate from the records a local run metered,
and bad input refused with the error's code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.cost import CostEstimate
from msds.cli.main import main
from msds.composition import build_local_services
from msds.settings import Settings
from tests.helpers.synthetic import generate_set

pytestmark = pytest.mark.xdist_group("e2e_cost_cli")

WORKLOAD = ["--documents-per-month", "3000", "--pages-per-document", "5", "--scanned-share", "0.2"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_table_lists_every_service_the_total_and_the_text_layer_saving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Given a described workload
    # When the estimate is printed as a table
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "cost", *WORKLOAD)
    # Then every service has a line, the total is there, and so is the saving of reading text layers
    assert code == 0
    for service in ("Textract", "Translate", "Comprehend", "SageMaker", "Lambda", "Step Functions", "S3"):
        assert f"\n{service} " in out, service
    for service in ("DynamoDB", "OpenSearch", "Redshift Serverless", "KMS", "CloudWatch"):
        assert f"\n{service} " in out, service
    # ... but not Amazon A2I, an opt-in (--a2i prices it)
    assert "\nAugmented AI " not in out
    _, with_a2i, _ = run(capsys, "--data-dir", str(tmp_path), "cost", *WORKLOAD, "--a2i")
    assert "\nAugmented AI " in with_a2i
    assert "USD a month" in out
    assert "15,000 pages a month, 3,000 sent to Textract, 12,000 kept out of OCR" in out


def test_json_prints_the_estimate_model(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Given the same workload, with serverless vision inference
    # When the estimate is printed as JSON
    code, out, _ = run(
        capsys, "--data-dir", str(tmp_path), "cost", *WORKLOAD, "--vision-serverless", "--json"
    )
    # Then it reads back as the estimate, whose total is its lines, and the endpoint is priced serverless
    assert code == 0
    estimate = CostEstimate.model_validate_json(out)
    assert estimate.total_usd == pytest.approx(sum(line.monthly_usd for line in estimate.lines))
    assert json.loads(out)["total_usd"] == pytest.approx(estimate.total_usd)
    assert {line.price_key for line in estimate.lines if line.service == "SageMaker"} == {
        "sagemaker.serverless.compute",
        "sagemaker.serverless.data",
    }


def test_an_estimate_from_records_uses_the_units_a_local_run_metered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Given two generated sheets processed on the local host
    sheets = generate_set(tmp_path / "sheets", 2, 7, ("es", "de"))
    data_dir = tmp_path / "data"
    assert (
        main(["--data-dir", str(data_dir), "process", str(sheets.folder), "--quiet", "--workers", "1"]) == 0
    )
    capsys.readouterr()
    repository = build_local_services(Settings(data_dir=data_dir, workers=1)).repository
    records = [repository.get_record(entry.document_id) for entry in repository.list()]
    # When the month is estimated from the stored records
    code, out, _ = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "cost",
        "--documents-per-month",
        "100",
        "--from-records",
        "--json",
    )
    # Then the per-document units are the records' metered averages
    assert code == 0
    estimate = CostEstimate.model_validate_json(out)
    metered = [record.metering.total for record in records if record is not None]
    assert (estimate.units.source, estimate.units.documents_metered) == ("metered", 2)
    assert estimate.units.vision_invocations == pytest.approx(sum(t.vision_invocations for t in metered) / 2)
    assert estimate.units.comprehend_units == pytest.approx(sum(t.comprehend_units for t in metered) / 2)
    assert estimate.workload.pages_per_document == pytest.approx(
        sum(record.pages for record in records if record is not None) / 2
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (
            ["--documents-per-month", "-3", "--pages-per-document", "5", "--scanned-share", "0.2"],
            "invalid_cost_input",
        ),
        (
            ["--documents-per-month", "3", "--pages-per-document", "5", "--scanned-share", "1.2"],
            "invalid_cost_input",
        ),
        (["--documents-per-month", "3", "--scanned-share", "0.2"], "invalid_cost_input"),
        (["--documents-per-month", "3", "--from-records"], "no_metered_records"),
        (["--documents-per-month", "3", "--from-records", "--scanned-share", "0.5"], "invalid_cost_input"),
    ],
)
def test_bad_input_is_refused_with_the_code_of_its_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], code: str
) -> None:
    # Given an impossible or incomplete request (on an empty data dir)
    # When the cost command runs
    exit_code, out, err = run(capsys, "--data-dir", str(tmp_path), "cost", *argv)
    # Then it exits 1 naming the error, and prints no estimate
    assert exit_code == 1
    assert f"error ({code})" in err
    assert out == ""


def test_a_malformed_price_file_is_refused_with_its_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Given a price file whose price has no unit
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps(
            {
                "region": "us-east-1",
                "currency": "USD",
                "read_on": "2026-11-22",
                "prices": {
                    "translate.standard": {"usd": 15, "source": "https://aws.amazon.com/", "confirmed": True}
                },
            }
        ),
        encoding="utf-8",
    )
    # When the cost command reads it
    exit_code, _, err = run(capsys, "--data-dir", str(tmp_path), "cost", *WORKLOAD, "--prices", str(prices))
    # Then it exits 1 naming the invalid price file and the missing field
    assert exit_code == 1
    assert "error (invalid_price_file)" in err and "prices.translate.standard.unit" in err
