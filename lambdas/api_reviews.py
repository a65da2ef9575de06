"""The review queue for reviewers: ``GET /reviews`` (open reviews, oldest first, paged),
``GET /reviews/{document_id}`` (one sheet with its record) and ``POST /reviews/{document_id}`` (the
reviewer's corrections, merged as an A2I answer would be; the waiting workflow resumes).
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from lambdas._api import api_handler, body, caller, ok, query
from lambdas._observability import count, log_info
from models.api import ReviewCorrections, ReviewListQuery
from msds.adapters.aws.workflow import submit_review
from msds.composition_aws import aws_services
from msds.services.api_access import check_document_id
from msds.services.review_queue import open_review, open_reviews, review_answer


def routes(app: APIGatewayHttpResolver) -> None:
    @app.get("/reviews")
    def queue() -> dict[str, object]:
        wanted = query(app, ReviewListQuery)
        repository = aws_services().pipeline.repository
        return ok(open_reviews(caller(app), repository, limit=wanted.limit, next_token=wanted.next_token))

    @app.get("/reviews/<document_id>")
    def one(document_id: str) -> dict[str, object]:
        return ok(open_review(caller(app), aws_services().pipeline.repository, document_id))

    @app.post("/reviews/<document_id>")
    def submit(document_id: str) -> dict[str, object]:
        services = aws_services()
        pipeline = services.pipeline
        answer = review_answer(caller(app), body(app, ReviewCorrections), pipeline.catalog, pipeline.now)
        result = submit_review(check_document_id(document_id), answer, services)
        count("ReviewsSubmitted")
        count("ReviewCorrections", len(result.corrections))
        log_info("review submitted", document_id=document_id, resumed=result.workflow_resumed)
        return ok(result)


handler = api_handler(routes)
