"""Amazon Translate's custom terminology, from the project's own glossary (a deploy step).

The glossary is the one msds.adapters.aws.amazon_translate builds from the statement catalog; it is written
at synth into an S3 asset and imported by custom_resources/translate_terminology.py under ``name``, which
the functions receive as MSDS_AWS_TERMINOLOGY_NAME.
"""

from __future__ import annotations

import hashlib
import importlib
import tempfile
from pathlib import Path

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct

from infra.constructs.custom_resource import PythonCustomResource
from infra.nag import S3_READ_GRANT_ACTIONS, suppress

GLOSSARY_MODULE = "msds.adapters.aws.amazon_translate"


def glossary_csv() -> bytes | None:
    """The terminology file, or None while the AWS translator adapter does not exist yet."""
    try:
        module = importlib.import_module(GLOSSARY_MODULE)
    except ModuleNotFoundError as error:
        if error.name != GLOSSARY_MODULE:
            raise
        return None
    from msds.domain.catalog import StatementCatalog

    data: bytes = module.terminology_file(StatementCatalog())
    return data


class Terminology(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, name: str, key: kms.IKey, data: bytes) -> None:
        super().__init__(scope, construct_id)
        folder = Path(tempfile.mkdtemp(prefix="msds-terminology-"))
        path = folder / f"glossary-{hashlib.sha256(data).hexdigest()[:12]}.csv"
        path.write_bytes(data)
        asset = s3_assets.Asset(self, "Glossary", path=str(path))
        stack = Stack.of(self)
        deployer = iam.Role(
            self,
            "Importer",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="msds deploy step: import the Amazon Translate custom terminology",
        )
        asset.grant_read(deployer)
        suppress(
            deployer,
            "AwsSolutions-IAM5",
            "Reading the glossary asset: CDK's S3 read action groups on the CDK asset bucket (object "
            "keys are "
            "content hashes, known only at synth).",
            applies_to=[
                *S3_READ_GRANT_ACTIONS,
                "regex:/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>\\/\\*$/g",
            ],
        )
        deployer.add_to_policy(
            iam.PolicyStatement(
                actions=[
                    "translate:ImportTerminology",
                    "translate:DeleteTerminology",
                    "translate:GetTerminology",
                ],
                resources=[stack.format_arn(service="translate", resource="terminology", resource_name=name)],
            )
        )
        key.grant(deployer, "kms:DescribeKey", "kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt")
        self.name = name
        self.resource = PythonCustomResource(
            self,
            "Import",
            module="translate_terminology",
            resource_type="Custom::TranslateTerminology",
            key=key,
            role=deployer,
            properties={
                "Name": name,
                "Bucket": asset.s3_bucket_name,
                "Key": asset.s3_object_key,
                "KmsKeyArn": key.key_arn,
                "Description": "Official CLP/GHS wordings, SDS section titles, signal words, pictogram names",
            },
        )
