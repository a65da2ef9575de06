"""JSON API: the caller, documents (list, status, record, CSV, original, page images, history), uploads and
search. Each route reads the request, calls a service and returns its model."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile

from models.api import (
    DocumentListQuery,
    DocumentPage,
    DocumentRecordView,
    DocumentView,
    Me,
    PresignedUpload,
    RevisionHistory,
    UploadRequest,
)
from models.search import SearchResults
from msds.domain.plain_words import status_text
from msds.errors import ConfigurationError, DocumentNotFound, UploadRejected
from msds.pipeline.uploads import receive_upload
from msds.ports import SearchIndex
from msds.services.api_access import document_record, visible_entry
from msds.services.document_views import (
    document_view,
    original_file,
    page_image,
    record_csv,
    revision_history,
    visible_documents,
)
from msds.services.search import check_may_search, export_results, search_as
from msds.services.search_export import ExportFormat
from msds.services.upload_policy import presign_upload
from msds.web.auth import Authenticated, api_user, host_of
from msds.web.host import WebHost
from msds.web.search_parameters import search_query

router = APIRouter(prefix="/api", tags=["documents"])
User = Annotated[Authenticated, Depends(api_user)]
UPLOAD_FIELD = "file"
# Parameters of the export route itself, and the paging the export ignores (it writes every hit).
EXPORT_ONLY_PARAMETERS = frozenset({"format", "page", "page_size"})


@router.get("/me", summary="The signed-in caller")
def me(user: User) -> Me:
    caller = user.caller
    return Me(
        subject=caller.subject,
        name=caller.display_name,
        groups=sorted(group.value for group in caller.groups),
        supplier_id=caller.supplier_id,
    )


@router.get("/documents", summary="Documents the caller may see, newest first")
def documents(request: Request, user: User, query: Annotated[DocumentListQuery, Query()]) -> DocumentPage:
    repository = host_of(request).services.repository
    return visible_documents(
        user.caller, repository, status=query.status, limit=query.limit, next_token=query.next_token
    )


@router.get("/documents/{document_id}", summary="Where a document is in the pipeline")
def document(request: Request, user: User, document_id: str) -> DocumentView:
    entry = visible_entry(user.caller, host_of(request).services.repository, document_id)
    return document_view(entry, user.caller)


@router.get("/documents/{document_id}/record", summary="The document's record (every field with evidence)")
def record(request: Request, user: User, document_id: str) -> DocumentRecordView:
    return document_record(user.caller, host_of(request).services.repository, document_id)


@router.get(
    "/documents/{document_id}/record.csv",
    summary="The document's record as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def record_as_csv(request: Request, user: User, document_id: str) -> Response:
    body = record_csv(user.caller, host_of(request).services.repository, document_id)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{document_id[:12]}-record.csv"'},
    )


@router.get(
    "/documents/{document_id}/original",
    summary="The file as it was received (on AWS: a redirect to a short-lived link to it)",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        303: {"description": "a link to the file"},
    },
)
def original(request: Request, user: User, document_id: str) -> Response:
    host = host_of(request)
    services = host.services
    if host.original_links is not None:
        entry = visible_entry(user.caller, services.repository, document_id)
        if entry.size_bytes:  # the file itself, from the host's store (a short-lived link)
            return RedirectResponse(host.original_links.url(entry), status_code=HTTPStatus.SEE_OTHER)
    entry, data = original_file(user.caller, services.repository, services.store, document_id)
    media_type = entry.media_type.value if entry.media_type else "application/octet-stream"
    name = entry.file_name.encode("ascii", "replace").decode("ascii").replace('"', "_")
    return Response(
        data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get(
    "/documents/{document_id}/pages/{page}.png",
    summary="A page of the document rendered as PNG",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def page(request: Request, user: User, document_id: str, page: int) -> Response:
    services = host_of(request).services
    png = page_image(user.caller, services.repository, services.store, services.renderer, document_id, page)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id}/history", summary="Every revision of the product, and the reviews")
def history(request: Request, user: User, document_id: str) -> RevisionHistory:
    host = host_of(request)
    return revision_history(user.caller, host.services.repository, host.review_tasks, document_id)


@router.post("/uploads", summary="A signed form to upload one file", status_code=HTTPStatus.CREATED)
def new_upload(request: Request, user: User, body: UploadRequest) -> PresignedUpload:
    host = host_of(request)
    return presign_upload(user.caller, body, host.services.settings, host.uploads, now=host.services.now)


@router.post(
    "/uploads/direct",
    summary="The local host's upload target (the form /api/uploads signed, and the file)",
    status_code=HTTPStatus.CREATED,
)
async def direct_upload(request: Request) -> DocumentView:
    host = host_of(request)
    if host.direct_uploads is None:
        raise DocumentNotFound("this host takes uploads in its document store, not here")
    form = await request.form()
    upload = form.get(UPLOAD_FIELD)
    if not isinstance(upload, UploadFile):
        raise UploadRejected("the form has no file field 'file'", [("form.file", "missing")])
    fields = {name: value for name, value in form.items() if name != UPLOAD_FIELD and isinstance(value, str)}
    plan = host.direct_uploads.verify(fields, host.services.now())
    data = await upload.read(plan.max_bytes + 1)
    if len(data) > plan.max_bytes:
        raise UploadRejected(
            f"the file is larger than the {plan.max_bytes:,} bytes the form allows",
            [("form.file", "too large")],
        )
    received = receive_upload(data, plan, host.services)
    if received.to_process and host.processor is not None:
        host.processor.submit(received.entry.document_id)
    entry = host.services.repository.get(received.entry.document_id) or received.entry
    # The form's sender sees the document's status, not the other suppliers who may have sent it too.
    return DocumentView.of(
        entry, with_suppliers=False, status_text=status_text(entry.status, entry.error_code)
    )


@router.get("/search", summary="Search the published records (with facet counts over every hit)")
def search(request: Request, user: User) -> SearchResults:
    host = host_of(request)
    check_may_search(user.caller)  # who may not search is refused before the query string is read
    return search_as(user.caller, search_query(request, host.services.now()), _index(host))


@router.get(
    "/search/export",
    summary="Every hit of a search as CSV or JSON (format=csv|json; the other parameters as /api/search)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export(request: Request, user: User, format: ExportFormat = "csv") -> StreamingResponse:
    host = host_of(request)
    check_may_search(user.caller)
    query = search_query(request, host.services.now(), ignore=EXPORT_ONLY_PARAMETERS)
    result = export_results(user.caller, query, _index(host), format)
    stamp = host.services.now().strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        result,
        media_type=result.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="sds-search-{stamp}.{format}"',
            "X-Total-Hits": str(result.total),
            "X-Truncated": "true" if result.truncated else "false",
        },
    )


def _index(host: WebHost) -> SearchIndex:
    if host.services.search_index is None:
        raise ConfigurationError("this host has no search index")
    return host.services.search_index
