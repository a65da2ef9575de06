"""`cdk deploy` with no parameter gives a working system: no synth warning, the vision model shipped as an
asset, the layer built by the deploy (test_layer_bundling.py), names a retry cannot collide with."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Match

from infra.config import InfraConfig, InvalidContext
from infra.vision_package import build_synth_model_package
from tests.infra.conftest import Synthesized
from tests.infra.test_config import vision_template

# Properties that name a resource physically (CloudFormation otherwise generates the name).
_NAME_SUFFIX = "Name"
_NOT_PHYSICAL_NAMES = frozenset(
    {"DbName", "DBName", "AttributeName", "IndexName", "PolicyName", "MetricName"}
)


def test_the_default_synth_has_no_warning_and_no_error(synthesized: Synthesized) -> None:
    # Given the stack synthesised as `cdk synth` does it with cdk.json's context and nothing else (cdk-nag on)
    # When its annotations are read
    problems = [
        f"{m['level']} {m['id']}: {m['text'][:200]}"
        for m in synthesized.messages
        if m["level"].upper() in ("WARNING", "ERROR")
    ]

    # Then there is none: no parameter to set, no placeholder, no finding
    assert problems == []


def test_the_default_configuration_asks_for_nothing_more() -> None:
    # Given the configuration with no context at all
    config = InfraConfig.from_mapping({})

    # When it is asked what a deployment still has to set
    warnings = config.deploy_warnings()

    # Then nothing (reviews go to the product's own queue, the model and layer come with the deploy)
    assert warnings == [] and config.a2i is False


def test_the_vision_model_ships_as_an_asset_copied_to_a_key_sagemaker_accepts(
    synthesized: Synthesized,
) -> None:
    # Given the default stack
    # When its SageMaker model and the deploy step that places its package are read
    model = synthesized.one("AWS::SageMaker::Model")
    (copy_id,) = synthesized.resources("Custom::VisionModelPackage")
    copy = synthesized.template["Resources"][copy_id]["Properties"]

    # Then the model reads the package the step copied from the CDK asset bucket (<hash>.gz) under the results
    # bucket's vision-model/ prefix as .../model.tar.gz, not a location to fill in by hand
    assert model["PrimaryContainer"]["ModelDataUrl"] == {"Fn::GetAtt": [copy_id, "ModelDataUrl"]}
    assert "cdk-" in copy["SourceBucket"]["Fn::Sub"] and copy["SourceKey"].endswith(".gz")
    assert copy["Prefix"] == "vision-model/" and copy["AssetHash"] in copy["SourceKey"]


def test_the_shipped_model_package_is_the_same_bytes_on_every_synth() -> None:
    # Given two synths' model packages, built from the artefacts the project ships
    first = build_synth_model_package()
    second = build_synth_model_package()

    # When they are compared and opened
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(first.read_bytes()))) as archive:
        names = archive.getnames()

    # Then they are identical (same asset hash: nothing uploaded or replaced again), with model and handler
    assert first != second and first.read_bytes() == second.read_bytes()
    assert "pictograms.onnx" in names and "code/inference.py" in names


def test_an_explicit_model_url_wins_over_the_shipped_model() -> None:
    # Given a model package already in S3
    url = "s3://my-models/vision/model.tar.gz"

    # When the endpoint is built with its URL
    template, _ = vision_template(vision_model_data_url=url)

    # Then the model uses it, and no package is made or copied
    template.has_resource_properties(
        "AWS::SageMaker::Model", {"PrimaryContainer": Match.object_like({"ModelDataUrl": url})}
    )
    template.resource_count_is("Custom::VisionModelPackage", 0)


def test_a_model_package_file_of_ones_own_is_uploaded_as_an_asset(tmp_path: Path) -> None:
    # Given a model package file of one's own
    package = tmp_path / "model.tar.gz"
    package.write_bytes(build_synth_model_package().read_bytes())

    # When the endpoint is built with it
    template, _ = vision_template(vision_model_package=str(package))

    # Then it is the package the deploy step copies for the model
    copies = template.find_resources("Custom::VisionModelPackage")
    assert len(copies) == 1
    model = next(iter(template.find_resources("AWS::SageMaker::Model").values()))["Properties"]
    assert model["PrimaryContainer"]["ModelDataUrl"] == {"Fn::GetAtt": [next(iter(copies)), "ModelDataUrl"]}


def test_resources_that_outlive_a_rolled_back_deploy_have_generated_names(template: dict[str, Any]) -> None:
    # Given the resources CloudFormation keeps when their stack is deleted or rolled back
    retained = {
        name: resource
        for name, resource in template["Resources"].items()
        if resource.get("DeletionPolicy") == "Retain"
    }

    # When their name properties are read
    fixed = [
        f"{name}.{prop} = {value!r}"
        for name, resource in retained.items()
        for prop, value in resource.get("Properties", {}).items()
        if prop.endswith(_NAME_SUFFIX) and prop not in _NOT_PHYSICAL_NAMES and isinstance(value, str)
    ]

    # Then none is a literal (a second deploy would collide with it), and Redshift's carry the stack's id
    assert fixed == []
    namespace = next(r for r in retained.values() if r["Type"] == "AWS::RedshiftServerless::Namespace")
    assert "AWS::StackId" in str(namespace["Properties"]["NamespaceName"])
    workgroup = next(
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::RedshiftServerless::Workgroup"
    )
    assert "AWS::StackId" in str(workgroup["WorkgroupName"])


def test_a_model_package_file_that_does_not_exist_is_refused_by_name(tmp_path: Path) -> None:
    # Given a model package path with no file
    missing = tmp_path / "missing.tar.gz"

    # When the endpoint is built with it
    with pytest.raises(InvalidContext) as refused:
        vision_template(vision_model_package=str(missing))

    # Then the synth stops, naming the key (a typo must not deploy the shipped model silently)
    assert "msds:vision_model_package" in str(refused.value)
