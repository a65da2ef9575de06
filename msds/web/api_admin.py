"""JSON API of the administrators: run a document's pipeline again."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request

from models.api import ReprocessRequest, ReprocessStarted
from msds.errors import ConfigurationError
from msds.services.api_access import Group, check_document_id, require_group
from msds.web.auth import Authenticated, api_user, host_of

router = APIRouter(prefix="/api/admin", tags=["administration"])
User = Annotated[Authenticated, Depends(api_user)]
ADMINS = frozenset({Group.ADMIN})


@router.post(
    "/documents/{document_id}/reprocess",
    summary="Run a document again from its first unfinished step, or from_step (administrators)",
    status_code=HTTPStatus.ACCEPTED,
)
def reprocess(
    request: Request,
    user: User,
    document_id: str,
    body: Annotated[ReprocessRequest | None, Body()] = None,
) -> ReprocessStarted:
    """Records the document's next attempt and starts it (on AWS: an execution named after the attempt);
    answers at once with the attempt. 409 while the document is being processed or when it was rejected."""
    require_group(user.caller, ADMINS)
    check_document_id(document_id)
    host = host_of(request)
    if host.reprocessor is None:
        raise ConfigurationError("this host cannot reprocess documents")
    wanted = body or ReprocessRequest()
    return host.reprocessor.start(document_id, from_step=wanted.from_step, attempt=wanted.attempt)
