"""The web app (pages and JSON API) behind the HTTP API's ``$default`` route: ``msds.web.app.create_app`` on
the AWS host, served through Mangum. The app authenticates every request itself (a hosted sign-in session
cookie, or a Cognito token as ``Authorization: Bearer``). Built on a container's first request, not at import.
"""

from __future__ import annotations

import threading
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from mangum import Mangum

from lambdas._observability import count, observed
from msds.composition_aws_web import aws_web
from msds.web.app import create_app
from msds.web.host import WebHost

_served: tuple[WebHost, Mangum] | None = None
_lock = threading.Lock()


def _adapter() -> Mangum:
    global _served
    host = aws_web()
    with _lock:
        if _served is None or _served[0] is not host:
            _served = (host, Mangum(create_app(host), lifespan="off"))
        return _served[1]


@observed
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    response: dict[str, Any] = _adapter()(event, context)
    count("WebRequests")
    if int(response.get("statusCode", 200)) >= 500:
        count("WebErrors")
    return response
