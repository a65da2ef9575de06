"""The supplier portal: upload one or many files (drag and drop, progress per file), each file's status in
plain words as it moves through the pipeline, downloads of the record and the original."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from models.document import DocumentStatus
from msds.services.api_access import Group, require_group
from msds.services.document_views import visible_documents
from msds.services.upload_policy import UPLOADERS
from msds.web.auth import Authenticated, host_of, page_user
from msds.web.rendering import render

router = APIRouter(include_in_schema=False)
User = Annotated[Authenticated, Depends(page_user)]
PORTAL_PAGE_SIZE = 50
# Statuses the list keeps polling for.
IN_FLIGHT = frozenset({DocumentStatus.RECEIVED, DocumentStatus.PROCESSING})


@router.get("/portal")
def portal(request: Request, user: User, next_token: str | None = None) -> HTMLResponse:
    require_group(user.caller, UPLOADERS | {Group.ADMIN})
    return render(request, "portal.html", user, _documents(request, user, next_token))


@router.get("/portal/documents")
def portal_documents(request: Request, user: User, next_token: str | None = None) -> HTMLResponse:
    """The document list alone (the portal refreshes it while documents are being read)."""
    require_group(user.caller, UPLOADERS | {Group.ADMIN})
    return render(request, "portal_documents.html", user, _documents(request, user, next_token))


def _documents(request: Request, user: Authenticated, next_token: str | None) -> dict[str, object]:
    host = host_of(request)
    page = visible_documents(
        user.caller, host.services.repository, limit=PORTAL_PAGE_SIZE, next_token=next_token
    )
    return {
        "documents": page.items,
        "next_token": page.next_token,
        "in_flight": any(item.status in IN_FLIGHT for item in page.items),
        "max_mb": host.services.settings.max_file_bytes // (1024 * 1024),
        "is_staff": user.caller.is_staff,
    }
