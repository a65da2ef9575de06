"""SageMaker training job of the vision model: the CreateTrainingJob request (checked against botocore's
service model), the CLI dry run, the launcher and the script-mode entry point."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from msds.adapters.aws.sagemaker_training import SageMakerTrainingLauncher
from msds.cli.main import main
from msds.errors import ServiceThrottled
from msds.vision.sagemaker import train_entry
from msds.vision.sagemaker.training_job import (
    CHECKPOINT_LOCAL_PATH,
    DATA_PLAN,
    ENTRY_POINT,
    InvalidBucket,
    InvalidRoleArn,
    InvalidStoppingCondition,
    MissingRoleArn,
    TrainingJobSpec,
    build_training_job_request,
    data_plan,
    default_job_name,
)

ROLE = "arn:aws:iam::123456789012:role/msds-sagemaker-training"
BUCKET = "msds-vision-artefacts"
JOB_ARN = "arn:aws:sagemaker:eu-west-1:123456789012:training-job/msds-vision-s7-20250601-120000"


@pytest.fixture(autouse=True)
def offline_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fake credentials and no shared config: nothing here may reach AWS or read the user's profile."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def spec(**changes: Any) -> TrainingJobSpec:
    values: dict[str, Any] = {
        "role_arn": ROLE,
        "bucket": BUCKET,
        "job_name": "msds-vision-s7-test",
        "seed": 7,
    }
    values.update(changes)
    return TrainingJobSpec(**values)


def sagemaker_client() -> Any:
    return boto3.client("sagemaker", region_name="eu-west-1")


def test_the_request_is_a_valid_create_training_job_call_for_botocore() -> None:
    # Given the request for the default training set-up
    request = build_training_job_request(spec())
    client = sagemaker_client()
    # When it is sent through a stubbed client, which validates it against the service model
    with Stubber(client) as stubber:
        stubber.add_response("create_training_job", {"TrainingJobArn": JOB_ARN}, expected_params=request)
        response = client.create_training_job(**request)
        stubber.assert_no_pending_responses()
    # Then botocore accepts its shape and the stubbed job is created
    assert response["TrainingJobArn"] == JOB_ARN


def test_pipe_input_on_several_instances_is_also_a_valid_request() -> None:
    # Given a Pipe-mode request over three instances
    request = build_training_job_request(spec(input_mode="Pipe", instance_count=3))
    client = sagemaker_client()
    # When it is sent through a stubbed client
    with Stubber(client) as stubber:
        stubber.add_response("create_training_job", {"TrainingJobArn": JOB_ARN}, expected_params=request)
        client.create_training_job(**request)
    # Then the channel streams through a pipe and each instance reads its own shard
    channel = request["InputDataConfig"][0]
    assert channel["InputMode"] == "Pipe"
    assert request["ResourceConfig"]["InstanceCount"] == 3


def test_the_job_uses_managed_spot_training_with_checkpoints_in_s3() -> None:
    # Given the default request
    request = build_training_job_request(spec())
    # When its spot and checkpoint settings are read
    stopping = request["StoppingCondition"]
    checkpoints = request["CheckpointConfig"]
    # Then spot training is on, may wait at least as long as it runs, and checkpoints sync to the bucket
    assert request["EnableManagedSpotTraining"] is True
    assert stopping["MaxWaitTimeInSeconds"] >= stopping["MaxRuntimeInSeconds"] > 0
    assert checkpoints["LocalPath"] == CHECKPOINT_LOCAL_PATH == "/opt/ml/checkpoints"
    assert checkpoints["S3Uri"] == f"s3://{BUCKET}/msds/vision/checkpoints/msds-vision-s7-test/"


def test_the_train_channel_is_read_with_fast_file_and_sharded_by_s3_key() -> None:
    # Given the default request
    request = build_training_job_request(spec())
    # When its one input channel is read
    (channel,) = request["InputDataConfig"]
    source = channel["DataSource"]["S3DataSource"]
    # Then it is a FastFile channel of the data prefix, sharded by key
    assert channel["ChannelName"] == "train"
    assert channel["InputMode"] == request["AlgorithmSpecification"]["TrainingInputMode"] == "FastFile"
    assert source["S3DataDistributionType"] == "ShardedByS3Key"
    assert source["S3Uri"] == f"s3://{BUCKET}/msds/vision/data/train/"
    assert request["OutputDataConfig"]["S3OutputPath"] == f"s3://{BUCKET}/msds/vision/output/"


def test_hyperparameters_carry_the_seed_and_the_script_mode_entry_point_json_encoded() -> None:
    # Given a request for seed 11
    request = build_training_job_request(spec(seed=11, hyperparameters={"quick": True}))
    # When the hyperparameters are decoded as the training toolkit decodes them
    decoded = {name: json.loads(value) for name, value in request["HyperParameters"].items()}
    # Then the seed, the entry point and its source archive are there, and the tags repeat the seed
    assert decoded["seed"] == 11
    assert decoded["workers"] == 2
    assert decoded["quick"] is True
    assert decoded["sagemaker_program"] == ENTRY_POINT
    assert decoded["sagemaker_submit_directory"] == (
        f"s3://{BUCKET}/msds/vision/source/msds-vision-s7-test/sourcedir.tar.gz"
    )
    assert {"Key": "seed", "Value": "11"} in request["Tags"]
    assert {"Key": "project", "Value": "msds"} in request["Tags"]


@pytest.mark.parametrize("role_arn", [None, "", "  "])
def test_a_missing_role_arn_is_a_named_error(role_arn: str | None) -> None:
    # Given a job without an execution role
    job = spec(role_arn=role_arn)
    # When the request is built
    # Then it fails with the named error
    with pytest.raises(MissingRoleArn, match="role ARN is required"):
        build_training_job_request(job)


def test_a_role_arn_that_is_not_an_iam_role_is_a_named_error() -> None:
    # Given a user ARN where a role is expected
    job = spec(role_arn="arn:aws:iam::123456789012:user/alice")
    # When the request is built
    # Then it fails with the named error
    with pytest.raises(InvalidRoleArn):
        build_training_job_request(job)


def test_a_wait_shorter_than_the_runtime_is_refused_for_spot_training() -> None:
    # Given a job that would wait less than it runs
    job = spec(max_runtime_seconds=3600, max_wait_seconds=1800)
    # When the request is built
    # Then the stopping condition is refused by name
    with pytest.raises(InvalidStoppingCondition, match="at least"):
        build_training_job_request(job)


def test_a_bucket_name_s3_would_refuse_is_a_named_error() -> None:
    # Given an upper-case bucket name
    job = spec(bucket="My_Bucket")
    # When the request is built
    # Then it fails with the named error
    with pytest.raises(InvalidBucket):
        build_training_job_request(job)


def test_the_default_job_name_is_one_sagemaker_accepts() -> None:
    # Given the default name for seed 7 at a fixed time
    name = default_job_name(7, datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
    request = build_training_job_request(spec(job_name=name))
    client = sagemaker_client()
    # When the request is validated by a stubbed client
    with Stubber(client) as stubber:
        stubber.add_response("create_training_job", {"TrainingJobArn": JOB_ARN}, expected_params=request)
        client.create_training_job(**request)
    # Then the name is readable and valid
    assert name == "msds-vision-s7-20250601-120000"


def test_the_dry_run_prints_the_request_and_calls_no_aws_service(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given boto3 that fails the test if any client is made
    def no_client(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dry run made an AWS client")

    monkeypatch.setattr(boto3, "client", no_client)
    monkeypatch.setattr(boto3.session.Session, "client", no_client)
    # When the CLI dry run is asked for a job
    argv = ["vision", "training-job", "--dry-run", "--role-arn", ROLE, "--bucket", BUCKET, "--seed", "7"]
    argv += ["--job-name", "msds-vision-s7-test"]
    code = main(argv)
    # Then it prints the very request the builder makes, as JSON
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(build_training_job_request(spec())))


def test_the_dry_run_without_a_role_arn_reports_the_named_error(capsys: pytest.CaptureFixture[str]) -> None:
    # Given no --role-arn
    argv = ["vision", "training-job", "--dry-run", "--bucket", BUCKET]
    # When the CLI dry run is asked for a job
    code = main(argv)
    # Then it exits with an error that names the missing role, and prints no request
    captured = capsys.readouterr()
    assert code == 1
    assert "missing_role_arn" in captured.err
    assert captured.out == ""


def test_the_launcher_uploads_source_and_data_plan_then_creates_the_job() -> None:
    # Given a request, its source archive and stubbed S3 and SageMaker clients
    job = spec()
    request = build_training_job_request(job)
    s3, sagemaker = boto3.client("s3", region_name="eu-west-1"), sagemaker_client()
    with Stubber(s3) as s3_stub, Stubber(sagemaker) as sagemaker_stub:
        common = {"Bucket": BUCKET, "ServerSideEncryption": "aws:kms"}
        s3_stub.add_response(
            "put_object",
            {},
            {
                **common,
                "Key": "msds/vision/source/msds-vision-s7-test/sourcedir.tar.gz",
                "Body": b"archive",
                "ContentType": "application/gzip",
            },
        )
        s3_stub.add_response(
            "put_object",
            {},
            {
                **common,
                "Key": f"msds/vision/data/train/{DATA_PLAN}",
                "Body": json.dumps(data_plan(job)).encode(),
                "ContentType": "application/json",
            },
        )
        sagemaker_stub.add_response(
            "create_training_job", {"TrainingJobArn": JOB_ARN}, expected_params=request
        )
        # When the job is launched
        arn = SageMakerTrainingLauncher(sagemaker, s3).launch(request, b"archive", data_plan(job))
        # Then both objects were uploaded where the request points, and the job was created
        s3_stub.assert_no_pending_responses()
        sagemaker_stub.assert_no_pending_responses()
    assert arn == JOB_ARN


def test_a_throttled_launch_is_the_named_retryable_error() -> None:
    # Given SageMaker answering CreateTrainingJob with a throttling error
    job = spec()
    request = build_training_job_request(job)
    s3, sagemaker = boto3.client("s3", region_name="eu-west-1"), sagemaker_client()
    with Stubber(s3) as s3_stub, Stubber(sagemaker) as sagemaker_stub:
        s3_stub.add_response("put_object", {})
        s3_stub.add_response("put_object", {})
        sagemaker_stub.add_client_error("create_training_job", "ThrottlingException", http_status_code=400)
        # When the job is launched
        # Then the launcher raises the product's retryable error
        with pytest.raises(ServiceThrottled, match="CreateTrainingJob"):
            SageMakerTrainingLauncher(sagemaker, s3).launch(request, b"archive", data_plan(job))


def finished_model(folder: Path, seed: int) -> None:
    folder.mkdir(parents=True)
    (folder / "pictograms.onnx").write_bytes(b"onnx-p")
    (folder / "signatures.onnx").write_bytes(b"onnx-s")
    metadata = {
        "training": {
            "settings": {"seed": seed},
            "heldout_pages": {
                "pictograms": {"precision": 0.99, "recall": 0.98},
                "signatures": {"precision": 1.0},
            },
        }
    }
    (folder / "vision_model.json").write_text(json.dumps(metadata), encoding="utf-8")


def test_a_restarted_spot_job_reuses_the_finished_model_in_its_checkpoints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a checkpoint folder that already holds a finished model for seed 7
    checkpoints, model_dir = tmp_path / "checkpoints", tmp_path / "model"
    finished_model(checkpoints / "model", 7)
    # When the entry point runs again (as after a spot interruption)
    argv = ["--seed", "7", "--checkpoint-dir", str(checkpoints), "--model-dir", str(model_dir)]
    code = train_entry.main(argv)
    # Then it does not train, copies the model out, and prints the held-out figures for the metrics
    out = capsys.readouterr().out
    assert code == 0
    assert (model_dir / "pictograms.onnx").read_bytes() == b"onnx-p"
    assert "resuming" in out
    assert "heldout_pictogram_precision=0.99" in out
    assert "heldout_signature_precision=1.0" in out


def test_a_finished_model_for_another_seed_is_not_reused(tmp_path: Path) -> None:
    # Given a checkpointed model trained with seed 3
    finished_model(tmp_path / "model", 3)
    # When it is checked for seed 7
    # Then it does not count as finished
    assert not train_entry.finished(tmp_path / "model", 7)
    assert train_entry.finished(tmp_path / "model", 3)


def test_a_data_plan_for_another_seed_is_a_named_error(tmp_path: Path) -> None:
    # Given a train channel whose data plan was made for seed 3
    (tmp_path / train_entry.DATA_PLAN).write_text(json.dumps(data_plan(spec(seed=3))), encoding="utf-8")
    # When the entry point checks it for seed 7
    # Then it refuses by name
    with pytest.raises(train_entry.DataPlanMismatch):
        train_entry.check_data_plan(tmp_path, 7)
    assert train_entry.DATA_PLAN == DATA_PLAN
