"""The reviewer's pages: the queue (a possible missed hazard first, then the oldest), claiming and releasing a
task, and the split view: the page image with the evidence box beside each field that needs a look (flagged
fields first), where each field is confirmed or corrected and a wrong code removed."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from models.api import ReviewCorrections, ReviewTaskView
from models.review import REVIEWABLE_CODE_FIELDS, REVIEWABLE_VALUE_FIELDS
from msds.domain.review_priority import FIELD_ORDER
from msds.errors import InvalidRequest
from msds.pipeline.review import claim_period, submit_review
from msds.services.review_tasks import claim_task, open_task, queue_page, release_task
from msds.web.auth import Authenticated, host_of, page_user
from msds.web.pages_documents import record_and_view, viewer_of
from msds.web.rendering import render
from msds.web.views import FIELD_LABELS, pictogram_names

router = APIRouter(include_in_schema=False)
User = Annotated[Authenticated, Depends(page_user)]
QUEUE_PAGE_SIZE = 50
CODE_FIELD_KEYS = {"hazard_statements": "h", "precautionary_statements": "p", "pictograms": "pic"}


@router.get("/reviews")
def queue_page_view(request: Request, user: User, done: str | None = None) -> HTMLResponse:
    host = host_of(request)
    tasks, _ = queue_page(user.caller, host.review_tasks, limit=QUEUE_PAGE_SIZE, after=None)
    now = host.services.now()
    return render(
        request,
        "reviews.html",
        user,
        {
            "tasks": [ReviewTaskView.of(task, now) for task in tasks],
            "open_tasks": host.review_tasks.count_open(),
            "done": done,
            "me": user.caller.subject,
            "labels": FIELD_LABELS,
        },
    )


@router.post("/reviews/{document_id}/claim")
def claim(request: Request, user: User, document_id: str) -> Response:
    host = host_of(request)
    claim_task(user.caller, host.review_tasks, document_id, host.services.now(), claim_period(host.services))
    return RedirectResponse(f"/reviews/{document_id}", status_code=HTTPStatus.SEE_OTHER)


@router.post("/reviews/{document_id}/release")
def release(request: Request, user: User, document_id: str) -> Response:
    host = host_of(request)
    release_task(user.caller, host.review_tasks, document_id, host.services.now())
    return RedirectResponse("/reviews", status_code=HTTPStatus.SEE_OTHER)


@router.get("/reviews/{document_id}")
def review_page(request: Request, user: User, document_id: str) -> HTMLResponse:
    return _review_page(request, user, document_id)


@router.post("/reviews/{document_id}")
async def submit(request: Request, user: User, document_id: str) -> Response:
    host = host_of(request)
    form = await request.form()
    try:
        corrections = corrections_from_form(form)
        result = submit_review(
            user.caller,
            document_id,
            corrections,
            host.services,
            resume=host.resume_workflow,
            publish_later=host.publish_later,
        )
    except InvalidRequest as error:
        return _review_page(
            request, user, document_id, problems=error.problems, status=HTTPStatus.BAD_REQUEST
        )
    done = quote(f"{result.document_id}:{len(result.corrections)}")
    return RedirectResponse(f"/reviews?done={done}", status_code=HTTPStatus.SEE_OTHER)


def corrections_from_form(form: FormData) -> ReviewCorrections:
    """The review form as corrections: each value field as typed (empty keeps the machine's value), each code
    list as the codes left ticked plus the codes added, and the fields ticked as confirmed."""
    values: dict[str, Any] = {}
    for name in REVIEWABLE_VALUE_FIELDS:
        raw = form.get(name)
        if isinstance(raw, str) and raw.strip():
            values[name] = raw.strip()
    if "has_signature" in values:
        values["has_signature"] = values["has_signature"] in ("yes", "true", "on")
    for name in REVIEWABLE_CODE_FIELDS:
        if form.get(f"{name}__shown") is None:
            continue  # the form did not offer this list: keep it as it is
        kept = [str(code) for code in form.getlist(f"{name}__keep")]
        added = str(form.get(f"{name}__add") or "")
        values[name] = kept + [part for part in added.replace(",", " ").split() if part]
    values["confirmed_fields"] = [str(name) for name in form.getlist("confirmed")]
    try:
        return ReviewCorrections.model_validate(values)
    except ValidationError as error:
        problems = [
            (".".join(["form", *(str(part) for part in item["loc"])]), str(item["msg"]))
            for item in error.errors(include_url=False, include_input=False)
        ]
        raise InvalidRequest("; ".join(f"{w}: {m}" for w, m in problems), problems) from error


def _review_page(
    request: Request,
    user: Authenticated,
    document_id: str,
    *,
    problems: list[tuple[str, str]] | None = None,
    status: HTTPStatus = HTTPStatus.OK,
) -> HTMLResponse:
    host = host_of(request)
    task = open_task(user.caller, host.review_tasks, document_id)
    record, view = record_and_view(host, task.document_id)
    now = host.services.now()
    task_view = ReviewTaskView.of(task, now)
    flagged = list(task.fields)
    focus = _first_focus(flagged, view)
    entry = host.services.repository.get(task.document_id)
    pages = entry.pages if entry and entry.pages else 0
    return render(
        request,
        "review.html",
        user,
        {
            "task": task_view,
            "record": record,
            "view": view,
            "viewer": viewer_of(task.document_id, view, pages, focus, None),
            "mine": task_view.claimed_by == user.caller.subject,
            "flagged": flagged,
            "ordered_fields": [*flagged, *(name for name in FIELD_ORDER if name not in flagged)],
            "claim_minutes": host.services.settings.review_claim_minutes,
            "statements": {
                f"{field}:{row.code}": row
                for field, rows in (
                    ("hazard_statements", view.hazards if view else []),
                    ("precautionary_statements", view.precautions if view else []),
                )
                for row in rows
            },
            "code_keys": CODE_FIELD_KEYS,
            "labels": FIELD_LABELS,
            "pictogram_names": pictogram_names(),
            "problems": problems or [],
        },
        status=status,
    )


def _first_focus(flagged: list[str], view: Any) -> str | None:
    if view is None:
        return None
    marks = view.marks()
    for name in flagged:
        if marks.get(name):
            return name
        prefix = CODE_FIELD_KEYS.get(name)
        if prefix:
            key = next((key for key in marks if key.startswith(prefix + ":") and marks[key]), None)
            if key:
                return key
    return next((key for key, found in marks.items() if found), None)
