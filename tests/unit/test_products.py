"""Finished products over the local repositories: import, sheet links, traceability, access."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from models.document import DocumentEntry, DocumentStatus
from models.products import LineStatus, LinkOverrideRequest, SheetPolicy
from models.record import Component, Extracted, SdsRecord
from msds.adapters.local.sqlite_products import SqliteProductRepository
from msds.adapters.local.sqlite_repository import SqliteDocumentRepository
from msds.errors import AccessDenied, BomLineNotFound, InvalidBillOfMaterials, ProductNotFound
from msds.services.api_access import Caller, Group
from msds.services.products.importing import read_products
from msds.services.products.service import ProductService
from msds.services.products.traceability import quarter_of

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
STAFF = Caller(subject="anna", groups=frozenset({Group.COMPLIANCE}))
REVIEWER = Caller(subject="rita", groups=frozenset({Group.REVIEWER}))
SUPPLIER = Caller(subject="sam", groups=frozenset({Group.SUPPLIER}), supplier_id="acme")

CSV = """product_id,product_name,line_no,supplier,supplier_id,material_name,supplier_product_code,cas,\
concentration
P1,Glass cleaner,1,ACME Chemicals GmbH,acme,Isopropanol 99,IPA-99,67-63-0,10 - 20 %
P1,Glass cleaner,2,Blue River Ltd,,Surfactant BR-7,BR-7,,1 %
P1,Glass cleaner,3,Nobody SA,,Fragrance X,,,0.2 %
"""


def sheet(
    repository: SqliteDocumentRepository,
    number: int,
    *,
    supplier: str,
    product: str,
    revised: str,
    cas: tuple[str, ...] = (),
    status: DocumentStatus = DocumentStatus.ACCEPTED,
    superseded_by: str | None = None,
) -> str:
    document_id = f"{number:064x}"
    record = SdsRecord(
        document_id=document_id,
        product_name=Extracted[str](value=product, confidence=0.9),
        supplier_name=Extracted[str](value=supplier, confidence=0.9),
        revision_date=Extracted[str](value=revised, confidence=0.9),
        components=[Component(cas=c, cas_check_ok=True) for c in cas],
    )
    repository.insert_if_absent(
        DocumentEntry(
            document_id=document_id,
            file_name=f"{product}.pdf",
            size_bytes=1,
            status=status,
            received_at=NOW,
            updated_at=NOW,
            superseded_by=superseded_by,
        )
    )
    repository.save_record(record)
    return document_id


@pytest.fixture
def documents(tmp_path: Path) -> SqliteDocumentRepository:
    return SqliteDocumentRepository(tmp_path / "state.sqlite3")


@pytest.fixture
def service(tmp_path: Path, documents: SqliteDocumentRepository) -> ProductService:
    return ProductService(SqliteProductRepository(tmp_path / "products.sqlite3"), documents, lambda: NOW)


def test_a_csv_bill_of_materials_is_read_into_products_with_concentration_ranges() -> None:
    # Given a CSV export with three components of one product
    # When it is read
    products = read_products(CSV, "csv")
    # Then the product has its lines, with ranges read as bounds in %
    assert [p.product_id for p in products] == ["P1"]
    lines = products[0].components
    assert [(c.line_no, c.supplier_id, c.cas) for c in lines] == [
        (1, "acme", "67-63-0"),
        (2, None, None),
        (3, None, None),
    ]
    assert (lines[0].concentration.low, lines[0].concentration.high) == (10.0, 20.0)


def test_a_bad_import_names_every_problem_and_stores_nothing(service: ProductService) -> None:
    # Given rows with an unreadable concentration, a wrong CAS number and a missing supplier
    bad = CSV + "P2,Degreaser,1,,,Solvent,,12-34-5,lots\nP2,Degreaser,2,ACME,,Base,,not-a-cas,5 %\n"
    # When it is imported
    with pytest.raises(InvalidBillOfMaterials) as raised:
        service.import_file(STAFF, bad, "csv")
    # Then each problem has its row and column, and no product was stored
    locations = [location for location, _ in raised.value.problems]
    assert "row 5, supplier" in locations and "row 5, concentration" in locations
    assert service.all(STAFF) == []


def test_lines_are_linked_to_the_current_sheet_of_their_supplier_and_product(
    service: ProductService, documents: SqliteDocumentRepository
) -> None:
    # Given two revisions of the isopropanol sheet, another supplier's isopropanol and the surfactant sheet
    new = sheet(
        documents,
        2,
        supplier="ACME Chemicals",
        product="Isopropanol 99 %",
        revised="2024-01-01",
        cas=("67-63-0",),
    )
    sheet(
        documents,
        1,
        supplier="ACME Chemicals",
        product="Isopropanol 99 %",
        revised="2018-01-01",
        cas=("67-63-0",),
        status=DocumentStatus.SUPERSEDED,
        superseded_by=new,
    )
    sheet(
        documents, 3, supplier="Other Corp", product="Isopropanol 99", revised="2024-05-01", cas=("67-63-0",)
    )
    surfactant = sheet(
        documents, 4, supplier="Blue River Limited", product="BR-7 Surfactant", revised="2021-01-01"
    )
    service.import_file(STAFF, CSV, "csv")
    # When the product is viewed
    links = service.view(STAFF, "P1").links
    # Then each line has its sheet: the latest revision, by supplier, code or name; the fragrance none
    assert [link.document_id for link in links] == [new, surfactant, None]
    assert links[0].confidence >= 0.75 and links[2].method.value == "none"


def test_traceability_flags_missing_old_and_in_review_sheets_by_the_policy(
    service: ProductService, documents: SqliteDocumentRepository
) -> None:
    # Given a current sheet, a 4.4-year-old one in review, and no sheet for the third line
    sheet(
        documents,
        2,
        supplier="ACME Chemicals",
        product="Isopropanol 99",
        revised="2024-01-01",
        cas=("67-63-0",),
    )
    sheet(
        documents,
        4,
        supplier="Blue River Ltd",
        product="Surfactant BR-7",
        revised="2021-01-01",
        status=DocumentStatus.NEEDS_REVIEW,
    )
    service.import_file(STAFF, CSV, "csv")
    # When the report is made with the default policy, and with a 4-year replace age
    default = service.traceability(STAFF, as_of=date(2025, 6, 1))
    strict = service.traceability(
        STAFF, as_of=date(2025, 6, 1), policy=SheetPolicy(check_after_years=2, replace_after_years=4)
    )
    # Then the statuses follow the ages (in review outranks a check); the worst decides the product's
    assert [line.status for line in default.products[0].lines] == [
        LineStatus.CURRENT,
        LineStatus.IN_REVIEW,
        LineStatus.MISSING,
    ]
    assert default.products[0].lines[1].reasons == [
        "revised 2021-01-01: older than 3 years",
        "the sheet is needs review",
    ]
    assert [line.status for line in strict.products[0].lines] == [
        LineStatus.CURRENT,
        LineStatus.REPLACE,
        LineStatus.MISSING,
    ]
    assert default.products[0].status is LineStatus.MISSING
    assert [g.supplier for g in default.suppliers] == ["Nobody SA"]  # a sheet in review is not asked again


def test_a_person_can_set_or_refuse_a_sheet_and_go_back_to_matching(
    service: ProductService, documents: SqliteDocumentRepository
) -> None:
    # Given the product and a sheet the matcher would not pick for the fragrance
    other = sheet(documents, 9, supplier="Parfums du Sud", product="Lavender oil", revised="2024-01-01")
    service.import_file(STAFF, CSV, "csv")
    # When a person links it, then records that line 2 has no sheet, then clears line 3
    set_link = service.set_link(
        STAFF, "P1", 3, LinkOverrideRequest(document_id=other, note="same oil, new name")
    )
    refused = service.set_link(STAFF, "P1", 2, LinkOverrideRequest(no_sheet=True))
    cleared = service.set_link(STAFF, "P1", 3, LinkOverrideRequest(clear=True))
    # Then the overrides win with full confidence and say who set them; clearing matches again
    assert (set_link.document_id, set_link.method.value, set_link.reasons[0]) == (
        other,
        "override",
        "set by anna",
    )
    assert (refused.document_id, refused.method.value) == (None, "override")
    assert (cleared.document_id, cleared.method.value) == (None, "none")
    with pytest.raises(BomLineNotFound):
        service.set_link(STAFF, "P1", 7, LinkOverrideRequest(clear=True))


def test_only_compliance_changes_products_reviewers_read_and_suppliers_see_only_their_requests(
    service: ProductService,
) -> None:
    # Given the imported product
    service.import_file(STAFF, CSV, "csv")
    # When reviewers and suppliers use the service
    # Then reviewers read but do not change; suppliers get no product, only their own requests
    assert [p.product_id for p in service.all(REVIEWER)] == ["P1"]
    with pytest.raises(AccessDenied):
        service.import_file(REVIEWER, CSV, "csv")
    with pytest.raises(AccessDenied):
        service.get(SUPPLIER, "P1")
    mine = service.requests_for(SUPPLIER, as_of=date(2025, 6, 1))
    assert [(g.supplier_id, [r.material_name for r in g.requests], g.requests[0].products) for g in mine] == [
        ("acme", ["Isopropanol 99"], [])
    ]
    with pytest.raises(ProductNotFound):
        service.get(STAFF, "P9")


def test_quarters_run_from_the_first_to_the_last_day_of_their_three_months() -> None:
    # Given dates in each quarter
    # When their quarters are computed
    # Then they are calendar quarters
    assert quarter_of(date(2025, 2, 14)) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_of(date(2025, 6, 1)) == (date(2025, 4, 1), date(2025, 6, 30))
    assert quarter_of(date(2025, 12, 31)) == (date(2025, 10, 1), date(2025, 12, 31))
