"""Custom resource: the Amazon Translate custom terminology built from the project's glossary.

The CSV (msds.adapters.aws.amazon_translate.terminology_file: official CLP/GHS wordings, section titles,
signal words, pictogram names) is built at synth and shipped as an S3 asset; this step imports it under the
given name (OVERWRITE, multi-directional). A changed glossary is a changed asset, hence an update that imports
it again. Deleting the stack deletes the terminology.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError


def on_event(event: dict[str, Any], context: Any, translate: Any = None, s3: Any = None) -> dict[str, Any]:
    props = event["ResourceProperties"]
    name = props["Name"]
    translate = translate or boto3.client("translate")
    if event["RequestType"] == "Delete":
        try:
            translate.delete_terminology(Name=event.get("PhysicalResourceId", name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise
        return {"PhysicalResourceId": event.get("PhysicalResourceId", name)}
    s3 = s3 or boto3.client("s3")
    data = s3.get_object(Bucket=props["Bucket"], Key=props["Key"])["Body"].read()
    arguments: dict[str, Any] = {
        "Name": name,
        "MergeStrategy": "OVERWRITE",
        "Description": props.get("Description", "msds glossary"),
        "TerminologyData": {"File": data, "Format": "CSV", "Directionality": "MULTI"},
    }
    if props.get("KmsKeyArn"):
        arguments["EncryptionKey"] = {"Type": "KMS", "Id": props["KmsKeyArn"]}
    response = translate.import_terminology(**arguments)
    return {"PhysicalResourceId": name, "Data": {"Arn": response["TerminologyProperties"]["Arn"]}}
