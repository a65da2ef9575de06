"""Compliance pages of finished products: the products with their traceability, the sheets to request per
supplier and this quarter's alerts; one product with the sheet behind each component (set by hand where the
match is wrong), its classification proposal with the trail, and its label in any catalog language."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from models.products import LinkOverrideRequest
from msds.errors import InvalidRequest
from msds.services.products.label import label_languages
from msds.web.api_products import MAX_IMPORT_BYTES, products_of
from msds.web.auth import Authenticated, page_user
from msds.web.rendering import render
from msds.web.views import pictogram_names

router = APIRouter(include_in_schema=False)
User = Annotated[Authenticated, Depends(page_user)]


@router.get("/products")
def products_page(request: Request, user: User, imported: str | None = None) -> HTMLResponse:
    return _products_page(request, user, imported=imported)


def _products_page(
    request: Request,
    user: Authenticated,
    *,
    imported: str | None = None,
    problem: InvalidRequest | None = None,
) -> HTMLResponse:
    report = products_of(request).traceability(user.caller)
    return render(
        request,
        "products.html",
        user,
        {"report": report, "imported": imported, "problem": problem},
        status=HTTPStatus.BAD_REQUEST if problem else HTTPStatus.OK,
    )


@router.post("/products/import")
async def import_page(request: Request, user: User) -> Response:
    form = await request.form()
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidRequest("choose a CSV or JSON file to import", [("file", "missing")])
        data = await upload.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise InvalidRequest("the file is too large", [("file", f"more than {MAX_IMPORT_BYTES} bytes")])
        file_format = "json" if upload.filename.lower().endswith(".json") else "csv"
        result = products_of(request).import_file(user.caller, data, file_format)
    except InvalidRequest as error:
        return _products_page(request, user, problem=error)
    counts = f"{len(result.created)}:{len(result.updated)}:{len(result.unchanged)}"
    return RedirectResponse(f"/products?imported={counts}", status_code=HTTPStatus.SEE_OTHER)


@router.get("/products/{product_id}")
def product_page(request: Request, user: User, product_id: str, saved: str | None = None) -> HTMLResponse:
    return _product_page(request, user, product_id, saved=saved)


def _product_page(
    request: Request,
    user: Authenticated,
    product_id: str,
    *,
    saved: str | None = None,
    problem: InvalidRequest | None = None,
) -> HTMLResponse:
    service = products_of(request)
    view = service.view(user.caller, product_id)
    trace = service.traceability(user.caller, product_id).products[0]
    classification = service.classify(user.caller, product_id)
    return render(
        request,
        "product.html",
        user,
        {
            "view": view,
            "trace": trace,
            "lines": {line.line_no: line for line in trace.lines},
            "links": {link.line_no: link for link in view.links},
            "proposal": classification.proposal,
            "languages": label_languages(),
            "pictogram_names": pictogram_names(),
            "saved": saved,
            "problem": problem,
        },
        status=HTTPStatus.BAD_REQUEST if problem else HTTPStatus.OK,
    )


@router.post("/products/{product_id}/lines/{line_no}/sheet")
async def set_sheet(request: Request, user: User, product_id: str, line_no: int) -> Response:
    form = await request.form()
    choice = str(form.get("choice", ""))
    document_id = str(form.get("document_id", "")).strip().lower() or None
    note = str(form.get("note", "")).strip() or None
    try:
        try:
            body = LinkOverrideRequest(
                document_id=document_id if choice == "document" else None,
                no_sheet=choice == "none",
                clear=choice == "clear",
                note=note,
            )
        except ValidationError as error:
            raise InvalidRequest(
                "choose a sheet by its document id (64 hex digits), no sheet, or automatic matching",
                [("choice", problem["msg"]) for problem in error.errors()],
            ) from error
        products_of(request).set_link(user.caller, product_id, line_no, body)
    except InvalidRequest as error:
        return _product_page(request, user, product_id, problem=error)
    return RedirectResponse(f"/products/{product_id}?saved={line_no}", status_code=HTTPStatus.SEE_OTHER)
