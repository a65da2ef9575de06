"""The document page: every field with its confidence and the place on the rendered page it was read from,
statements in English beside the original, findings, revision history and the original file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from models.record import SdsRecord
from models.text import DocumentText
from msds.errors import StepFailed
from msds.services.api_access import visible_entry
from msds.services.document_views import document_view, revision_history
from msds.web.auth import Authenticated, host_of, page_user
from msds.web.host import WebHost
from msds.web.rendering import render
from msds.web.views import FIELD_LABELS, Mark, PageFrame, RecordView, pictogram_names, record_view

router = APIRouter(include_in_schema=False)
User = Annotated[Authenticated, Depends(page_user)]
Focus = Annotated[str | None, Query(max_length=80)]


@dataclass(frozen=True)
class Viewer:
    """One page of the document with the evidence boxes on it; the focused field's boxes stand out."""

    document_id: str
    page: PageFrame
    pages: int
    marks: list[Mark]
    focused: list[Mark]
    focus: str | None
    focus_label: str | None


@router.get("/documents/{document_id}")
def document_page(
    request: Request, user: User, document_id: str, focus: Focus = None, page: int | None = None
) -> HTMLResponse:
    host = host_of(request)
    entry = visible_entry(user.caller, host.services.repository, document_id)
    record, view = record_and_view(host, entry.document_id)
    context = {
        "document": document_view(entry, user.caller),
        "record": record,
        "view": view,
        "viewer": viewer_of(entry.document_id, view, entry.pages or 0, focus, page),
        "history": revision_history(user.caller, host.services.repository, host.review_tasks, document_id),
        "free_text": sorted(record.free_text.items()) if record else [],
        "pictogram_names": pictogram_names(),
    }
    return render(request, "document.html", user, context)


@router.get("/documents/{document_id}/viewer")
def viewer_fragment(
    request: Request, user: User, document_id: str, focus: Focus = None, page: int | None = None
) -> HTMLResponse:
    """The page viewer alone, for a field's "show on page" link."""
    host = host_of(request)
    entry = visible_entry(user.caller, host.services.repository, document_id)
    _, view = record_and_view(host, entry.document_id)
    viewer = viewer_of(entry.document_id, view, entry.pages or 0, focus, page)
    return render(request, "viewer.html", user, {"viewer": viewer})


def viewer_of(
    document_id: str, view: RecordView | None, pages: int, focus: str | None, page: int | None
) -> Viewer | None:
    """The viewer for a focused field (its first evidence page) or a page number; None without pages."""
    if view is None or pages < 1:
        return None
    marks_by_key = view.marks()
    focused = list(marks_by_key.get(focus or "", ()))
    number = page if page is not None and 1 <= page <= pages else (focused[0].page if focused else 1)
    frame = view.pages.get(number) or PageFrame(number, 595.0, 842.0)
    on_page = [
        mark
        for marks in marks_by_key.values()
        for mark in marks
        if mark.page == number and mark.x is not None
    ]
    return Viewer(
        document_id=document_id,
        page=frame,
        pages=pages,
        marks=on_page,
        focused=[mark for mark in focused if mark.page == number],
        focus=focus if focused else None,
        focus_label=_label(focus) if focused else None,
    )


def _label(focus: str | None) -> str | None:
    if focus is None:
        return None
    kind, _, code = focus.partition(":")
    if code:
        return {
            "h": "hazard statement",
            "p": "precautionary statement",
            "pic": "pictogram",
            "c": "component",
        }.get(kind, kind) + f" {code}"
    return FIELD_LABELS.get(focus, focus)


def _text(host: WebHost, document_id: str) -> DocumentText | None:
    try:
        return host.services.load_text(document_id)
    except StepFailed:  # not read yet (or rejected): no page frames, boxes are drawn on A4
        return None


def record_and_view(host: WebHost, document_id: str) -> tuple[SdsRecord | None, RecordView | None]:
    record = host.services.repository.get_record(document_id)
    if record is None:
        return None, None
    return record, record_view(record, _text(host, document_id), host.services.catalog)
