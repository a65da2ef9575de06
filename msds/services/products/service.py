"""The finished-product operations a route or a command calls, each for a caller.

Compliance staff (and administrators) manage products and see everything. Reviewers may read products and
their traceability.
A supplier sees only the sheets requested from it (never a product, its composition or other suppliers):
``requests_for(caller)``. Another product's id answers ``ProductNotFound`` exactly like an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from models.labels import ProductLabel
from models.products import (
    ExpiryAlert,
    ImportResult,
    LinkOverride,
    LinkOverrideRequest,
    Product,
    ProductClassification,
    ProductView,
    SheetLink,
    SheetPolicy,
    SupplierRequests,
    TraceabilityReport,
)
from msds.domain.catalog import StatementCatalog, default_catalog
from msds.errors import AccessDenied, BomLineNotFound, DocumentNotFound, ProductNotFound
from msds.ports import DocumentRepository, ProductRepository
from msds.services.api_access import Caller, Group, require_group
from msds.services.products.classification import classify_product
from msds.services.products.importing import read_products
from msds.services.products.label import product_label
from msds.services.products.label_pdf import label_pdf
from msds.services.products.linking import link_product
from msds.services.products.sheets import SheetIndex
from msds.services.products.traceability import report

MANAGE = frozenset({Group.COMPLIANCE, Group.ADMIN})
READ = frozenset({Group.COMPLIANCE, Group.REVIEWER, Group.ADMIN})


class ProductService:
    """Products, their sheets, traceability and classification proposals over the repositories."""

    def __init__(
        self,
        products: ProductRepository,
        documents: DocumentRepository,
        now: Callable[[], datetime],
        policy: SheetPolicy | None = None,
        catalog: StatementCatalog | None = None,
    ) -> None:
        self._products = products
        self._documents = documents
        self._now = now
        self._policy = policy or SheetPolicy()
        self._catalog = catalog or default_catalog()

    @property
    def policy(self) -> SheetPolicy:
        return self._policy

    # -- products ------------------------------------------------------------------------------------------

    def import_file(self, caller: Caller, data: bytes | str, file_format: str) -> ImportResult:
        """Read a CSV or JSON file of products and store them all, or none (InvalidBillOfMaterials)."""
        require_group(caller, MANAGE)
        return self.save(caller, read_products(data, file_format))

    def save(self, caller: Caller, products: list[Product]) -> ImportResult:
        require_group(caller, MANAGE)
        result = ImportResult()
        stamp = self._now()
        for product in products:
            outcome = self._products.put(product.model_copy(update={"updated_at": stamp}))
            getattr(result, outcome).append(product.product_id)
        return result

    def all(self, caller: Caller) -> list[Product]:
        require_group(caller, READ)
        return self._products.all()

    def get(self, caller: Caller, product_id: str) -> Product:
        require_group(caller, READ)
        product = self._products.get(product_id)
        if product is None:
            raise ProductNotFound(f"no product {product_id!r}")
        return product

    def overrides(self, caller: Caller) -> list[LinkOverride]:
        """Every sheet choice people made by hand."""
        require_group(caller, READ)
        return self._products.overrides()

    def delete(self, caller: Caller, product_id: str) -> None:
        require_group(caller, MANAGE)
        if not self._products.delete(product_id):
            raise ProductNotFound(f"no product {product_id!r}")

    def view(self, caller: Caller, product_id: str) -> ProductView:
        product = self.get(caller, product_id)
        index = SheetIndex(self._documents)
        return ProductView(
            product=product, links=link_product(product, index, self._products.overrides(product_id))
        )

    # -- sheet links ---------------------------------------------------------------------------------------

    def set_link(
        self, caller: Caller, product_id: str, line_no: int, request: LinkOverrideRequest
    ) -> SheetLink:
        """Set a line's sheet by hand (or record that none exists, or go back to matching)."""
        require_group(caller, MANAGE)
        product = self.get(caller, product_id)
        if not any(line.line_no == line_no for line in product.components):
            raise BomLineNotFound(f"product {product_id!r} has no line {line_no}")
        if request.clear:
            self._products.clear_override(product_id, line_no)
        else:
            if request.document_id is not None and self._documents.get(request.document_id) is None:
                raise DocumentNotFound(f"no document {request.document_id}")
            self._products.set_override(
                LinkOverride(
                    product_id=product_id,
                    line_no=line_no,
                    document_id=None if request.no_sheet else request.document_id,
                    set_by=caller.subject,
                    set_at=self._now(),
                    note=request.note,
                )
            )
        view = self.view(caller, product_id)
        return next(link for link in view.links if link.line_no == line_no)

    # -- traceability --------------------------------------------------------------------------------------

    def traceability(
        self,
        caller: Caller,
        product_id: str | None = None,
        as_of: date | None = None,
        policy: SheetPolicy | None = None,
    ) -> TraceabilityReport:
        """Every product (or one), per-supplier requests and this quarter's expiry alerts."""
        require_group(caller, READ)
        products = [self.get(caller, product_id)] if product_id else self._products.all()
        index = SheetIndex(self._documents)
        overrides = self._products.overrides()
        links = [link_product(product, index, overrides) for product in products]
        return report(products, links, index, policy or self._policy, as_of or self._now().date())

    def expiring(self, caller: Caller, as_of: date | None = None) -> list[ExpiryAlert]:
        return self.traceability(caller, as_of=as_of).expiring

    def requests_for(self, caller: Caller, as_of: date | None = None) -> list[SupplierRequests]:
        """Staff: the sheets to request from every supplier. A supplier: only those asked of it, without
        the products they are for."""
        if caller.is_staff:
            return self.traceability(caller, as_of=as_of).suppliers
        require_group(caller, {Group.SUPPLIER})
        if caller.supplier_id is None:
            raise AccessDenied("a supplier's token must carry its supplier id")
        staff = Caller(subject=caller.subject, groups=frozenset({Group.COMPLIANCE}))
        mine = [
            group
            for group in self.traceability(staff, as_of=as_of).suppliers
            if group.supplier_id == caller.supplier_id
        ]
        return [
            group.model_copy(
                update={
                    "requests": [request.model_copy(update={"products": []}) for request in group.requests]
                }
            )
            for group in mine
        ]

    # -- classification ------------------------------------------------------------------------------------

    def classify(self, caller: Caller, product_id: str) -> ProductClassification:
        """The product's classification proposal from its linked sheets (a proposal for expert sign-off)."""
        product = self.get(caller, product_id)
        index = SheetIndex(self._documents)
        links = link_product(product, index, self._products.overrides(product_id))
        return classify_product(product, links, index)

    def label(self, caller: Caller, product_id: str, language: str) -> ProductLabel:
        """The proposal's label elements and Section 3 table in one of the 24 catalog languages."""
        found = self.classify(caller, product_id)
        return product_label(found.product_id, found.name, found.proposal, language, self._catalog)

    def label_pdf(self, caller: Caller, product_id: str, language: str) -> bytes:
        return label_pdf(self.label(caller, product_id, language))
