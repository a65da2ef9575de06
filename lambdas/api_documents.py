"""``GET /documents/{document_id}`` (status) and ``GET /documents/{document_id}/record`` (the record).

Suppliers see only the documents they sent; another supplier's id answers 404 like an unknown one.
Compliance staff and reviewers see every document.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from lambdas._api import api_handler, caller, ok
from msds.composition_aws import aws_services
from msds.services.api_access import document_record, document_status


def routes(app: APIGatewayHttpResolver) -> None:
    @app.get("/documents/<document_id>")
    def status(document_id: str) -> dict[str, object]:
        return ok(document_status(caller(app), aws_services().pipeline.repository, document_id))

    @app.get("/documents/<document_id>/record")
    def record(document_id: str) -> dict[str, object]:
        return ok(document_record(caller(app), aws_services().pipeline.repository, document_id))


handler = api_handler(routes)
