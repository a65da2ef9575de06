"""``POST /documents/upload-url``: a presigned S3 POST into uploads/ for a supplier (as itself) or compliance.

The form allows one file of a declared type (PDF, PNG, JPEG, TIFF) up to the product's size limit, under the
sender's key prefix, with the sender in the object's metadata; the ingestion rule then starts the workflow.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from lambdas._api import api_handler, body, caller, ok
from lambdas._observability import count
from models.api import UploadRequest
from msds.composition_aws import aws_services
from msds.errors import ConfigurationError
from msds.services.upload_policy import presign_upload


def routes(app: APIGatewayHttpResolver) -> None:
    @app.post("/documents/upload-url")
    def upload_url() -> dict[str, object]:
        services = aws_services()
        if services.uploads is None:
            raise ConfigurationError("no upload signer is configured")
        request = body(app, UploadRequest)
        upload = presign_upload(caller(app), request, services.pipeline.settings, services.uploads)
        count("UploadsSigned")
        return ok(upload)


handler = api_handler(routes)
