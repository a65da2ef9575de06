"""``GET /search``: published records matching a free text and filters, one page at a time.

Compliance staff and reviewers search every record; a supplier finds only the sheets it sent. The query
string is read into models.search.SearchQuery (msds.services.search.QUERY_PARAMETERS); bad input answers 400.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from lambdas._api import api_handler, caller, ok
from lambdas._observability import count
from msds.composition_aws import aws_services
from msds.errors import ConfigurationError
from msds.services.search import check_may_search, query_from_parameters, search_as


def routes(app: APIGatewayHttpResolver) -> None:
    @app.get("/search")
    def search() -> dict[str, object]:
        who = caller(app)
        check_may_search(who)
        parameters = dict(app.current_event.query_string_parameters or {})
        query = query_from_parameters(parameters, today=datetime.now(UTC).date())
        index = aws_services().pipeline.search_index
        if index is None:
            raise ConfigurationError("no search domain is configured (MSDS_AWS_SEARCH_ENDPOINT)")
        results = search_as(who, query, index)
        count("Searches")
        return ok(results)


handler = api_handler(routes)
