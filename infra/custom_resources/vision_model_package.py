"""Custom resource: the vision model package, copied from its CDK asset to a key SageMaker accepts.

CDK uploads a file asset as ``<hash>.gz`` (the last suffix only), while SageMaker's ``ModelDataUrl`` must name
a gzip'd tar archive with the ``.tar.gz`` suffix. This step copies the asset to
``s3://<Bucket>/<Prefix><hash>/model.tar.gz`` (encrypted with the given key) and returns that URL. The key
carries the asset's hash, so a changed model is a new object and an update; the objects are kept (the
results bucket is retained, a package is half a megabyte, and a rollback may still need the previous one).
"""

from __future__ import annotations

from typing import Any

import boto3

PACKAGE_NAME = "model.tar.gz"


def on_event(event: dict[str, Any], context: Any, s3: Any = None) -> dict[str, Any]:
    props = event["ResourceProperties"]
    key = f"{props['Prefix']}{props['AssetHash']}/{PACKAGE_NAME}"
    url = f"s3://{props['Bucket']}/{key}"
    if event["RequestType"] == "Delete":
        return {"PhysicalResourceId": event.get("PhysicalResourceId", url)}
    s3 = s3 or boto3.client("s3")
    arguments: dict[str, Any] = {
        "Bucket": props["Bucket"],
        "Key": key,
        "CopySource": {"Bucket": props["SourceBucket"], "Key": props["SourceKey"]},
        "ContentType": "application/gzip",
        "MetadataDirective": "REPLACE",
    }
    if props.get("KmsKeyArn"):
        arguments.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=props["KmsKeyArn"])
    s3.copy_object(**arguments)
    return {"PhysicalResourceId": url, "Data": {"ModelDataUrl": url}}
