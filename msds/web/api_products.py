"""JSON API of finished products: import bills of materials, the sheet behind each component (set by hand
where needed), traceability with per-supplier requests and this quarter's alerts, classification proposals
and label elements in the catalog languages (JSON or PDF). Each route calls msds.services.products."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from models.labels import ProductLabel
from models.products import (
    ExpiryAlert,
    ImportResult,
    LinkOverrideRequest,
    Product,
    ProductClassification,
    ProductsImportRequest,
    ProductView,
    SheetLink,
    SheetPolicy,
    SupplierRequests,
    TraceabilityReport,
)
from msds.errors import InvalidRequest, ProductsNotAvailable
from msds.services.products.service import ProductService
from msds.web.auth import Authenticated, api_user, host_of

router = APIRouter(prefix="/api", tags=["products"])
User = Annotated[Authenticated, Depends(api_user)]
IMPORT_FIELD = "file"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
Language = Annotated[
    str, Query(min_length=2, max_length=8, description="ISO 639-1 code of a catalog language")
]
AsOf = Annotated[date | None, Query(description="Date of the report (default: today)")]


def products_of(request: Request) -> ProductService:
    products = host_of(request).products
    if products is None:
        raise ProductsNotAvailable("finished products are not set up on this host")
    return products


@router.get("/products", summary="The finished products and their bills of materials")
def list_products(request: Request, user: User) -> list[Product]:
    return products_of(request).all(user.caller)


@router.post("/products", summary="Add or replace products (JSON); all are stored, or none")
def save_products(request: Request, user: User, body: ProductsImportRequest) -> ImportResult:
    return products_of(request).save(user.caller, body.products)


@router.post("/products/import", summary="Import products from a CSV or JSON file (form field 'file')")
async def import_products(request: Request, user: User) -> ImportResult:
    form = await request.form()
    upload = form.get(IMPORT_FIELD)
    if not isinstance(upload, UploadFile):
        raise InvalidRequest("send the file as the form field 'file'", [("form.file", "missing")])
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidRequest("the file is too large", [("form.file", f"more than {MAX_IMPORT_BYTES} bytes")])
    name = (upload.filename or "").lower()
    file_format = "json" if name.endswith(".json") or (upload.content_type or "").endswith("json") else "csv"
    return products_of(request).import_file(user.caller, data, file_format)


@router.get("/products/{product_id}", summary="A product with the sheet behind each component")
def product(request: Request, user: User, product_id: str) -> ProductView:
    return products_of(request).view(user.caller, product_id)


@router.delete("/products/{product_id}", summary="Remove a product and its sheet choices", status_code=204)
def delete_product(request: Request, user: User, product_id: str) -> Response:
    products_of(request).delete(user.caller, product_id)
    return Response(status_code=204)


@router.put(
    "/products/{product_id}/lines/{line_no}/sheet",
    summary="Set a component's sheet by hand, record that none exists, or clear the choice",
)
def set_sheet(
    request: Request, user: User, product_id: str, line_no: int, body: LinkOverrideRequest
) -> SheetLink:
    return products_of(request).set_link(user.caller, product_id, line_no, body)


@router.get("/products/{product_id}/traceability", summary="One product's traceability report")
def product_traceability(
    request: Request,
    user: User,
    product_id: str,
    as_of: AsOf = None,
    check_years: Annotated[int | None, Query(ge=1, le=20)] = None,
    replace_years: Annotated[int | None, Query(ge=1, le=30)] = None,
) -> TraceabilityReport:
    service = products_of(request)
    return service.traceability(user.caller, product_id, as_of, _policy(service, check_years, replace_years))


@router.get(
    "/traceability", summary="Every product, the sheets to request per supplier, this quarter's alerts"
)
def traceability(
    request: Request,
    user: User,
    as_of: AsOf = None,
    check_years: Annotated[int | None, Query(ge=1, le=20)] = None,
    replace_years: Annotated[int | None, Query(ge=1, le=30)] = None,
) -> TraceabilityReport:
    service = products_of(request)
    return service.traceability(user.caller, None, as_of, _policy(service, check_years, replace_years))


@router.get(
    "/traceability/requests",
    summary="The sheets to request per supplier (a supplier sees only those asked of it)",
)
def requests(request: Request, user: User, as_of: AsOf = None) -> list[SupplierRequests]:
    return products_of(request).requests_for(user.caller, as_of)


@router.get("/traceability/expiring", summary="Sheets that reach their check or replace age this quarter")
def expiring(request: Request, user: User, as_of: AsOf = None) -> list[ExpiryAlert]:
    return products_of(request).expiring(user.caller, as_of)


@router.get(
    "/products/{product_id}/classification",
    summary="The product's classification proposal by the CLP mixture rules, with its trail",
)
def classification(request: Request, user: User, product_id: str) -> ProductClassification:
    return products_of(request).classify(user.caller, product_id)


@router.get("/products/{product_id}/label", summary="The proposal's label elements in a catalog language")
def label(request: Request, user: User, product_id: str, language: Language = "en") -> ProductLabel:
    return products_of(request).label(user.caller, product_id, language)


@router.get(
    "/products/{product_id}/label.pdf",
    summary="The proposal's label elements as a PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def label_pdf(request: Request, user: User, product_id: str, language: Language = "en") -> Response:
    data = products_of(request).label_pdf(user.caller, product_id, language)
    name = f"{product_id}-label-{language}.pdf".replace("/", "_")
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


def _policy(service: ProductService, check: int | None, replace: int | None) -> SheetPolicy | None:
    if check is None and replace is None:
        return None
    policy = service.policy
    try:
        return SheetPolicy(
            check_after_years=check or policy.check_after_years,
            replace_after_years=replace or policy.replace_after_years,
        )
    except ValueError as error:
        raise InvalidRequest(
            str(error), [("query.replace_years", "must not be below check_years")]
        ) from error
