"""Finished products through the web app: the JSON API (import, sheet links, traceability, proposals,
labels) and the compliance pages, with the same access rules as the services."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from tests.web.support import Site, seed_document

CSV = (
    "product_id,product_name,supplier,supplier_id,material_name,cas,concentration\n"
    "P1,Glass cleaner,ACME Chemie GmbH,ACME,Aceton rein,67-64-1,60 %\n"
    "P1,Glass cleaner,Globex Fragrances,GLOBEX,Lavender oil,,1 %\n"
)


@pytest.fixture
def with_product(site: Site) -> Site:
    """A site with ACME's acetone sheet (revised 2023-05-01) and product P1 imported by compliance staff."""
    seed_document(site, "acetone", suppliers=["ACME"])
    carl = site.signed_in("carl")
    answer = carl.post("/api/products/import", files={"file": ("bom.csv", CSV.encode(), "text/csv")})
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == ["P1"]
    return site


def test_compliance_staff_import_products_and_see_the_sheet_behind_each_line(with_product: Site) -> None:
    # Given the imported product
    carl = with_product.signed_in("carl")
    # When the product and the report are read
    view = carl.get("/api/products/P1").json()
    report = carl.get("/api/traceability", params={"as_of": "2025-06-01"}).json()
    # Then the acetone line is linked to ACME's sheet and the lavender oil has none
    assert [link["method"] for link in view["links"]] == ["matched", "none"]
    statuses = [line["status"] for line in report["products"][0]["lines"]]
    assert statuses == ["current", "missing"]
    assert [group["supplier_id"] for group in report["suppliers"]] == ["GLOBEX"]


def test_a_supplier_sees_only_its_own_requests_and_no_product(with_product: Site) -> None:
    # Given the product, and the two suppliers signed in
    acme, globex = with_product.signed_in("acme"), with_product.signed_in("globex")
    # When they ask for their requests and for the product
    # Then Globex sees its missing sheet without the product, ACME nothing; neither reads a product
    globex_requests = globex.get("/api/traceability/requests").json()
    assert [(g["supplier_id"], [r["material_name"] for r in g["requests"]]) for g in globex_requests] == [
        ("GLOBEX", ["Lavender oil"])
    ]
    assert globex_requests[0]["requests"][0]["products"] == []
    assert acme.get("/api/traceability/requests").json() == []
    for path in ("/api/products", "/api/products/P1", "/api/traceability", "/api/products/P1/classification"):
        assert globex.get(path).status_code == 403
    assert with_product.client().get("/api/products").status_code == 401


def test_a_line_can_be_set_by_hand_and_an_unknown_product_is_404(with_product: Site) -> None:
    # Given the product
    carl = with_product.signed_in("carl")
    # When compliance records that line 2 has no sheet, and asks for an unknown product
    answer = carl.client.put(
        "/api/products/P1/lines/2/sheet",
        json={"no_sheet": True, "note": "supplier has no SDS"},
        headers={"X-CSRF-Token": carl.csrf},
    )
    # Then the line is an override by carl, and unknown ids answer 404 with a stable code
    assert answer.status_code == 200, answer.text
    assert (answer.json()["method"], answer.json()["reasons"][0]) == (
        "override",
        "set by carl: no sheet exists",
    )
    missing = carl.get("/api/products/P9")
    assert (missing.status_code, missing.json()["error"]) == (404, "product_not_found")
    bad = carl.client.put(
        "/api/products/P1/lines/2/sheet",
        json={"clear": True, "no_sheet": True},
        headers={"X-CSRF-Token": carl.csrf},
    )
    assert bad.status_code == 400


def test_the_proposal_and_its_label_come_as_json_and_pdf_in_a_catalog_language(with_product: Site) -> None:
    # Given the product (60 % of acetone: Eye Irrit. 2 and STOT SE 3 on its sheet)
    carl = with_product.signed_in("carl")
    # When its classification and German label are asked for
    proposal = carl.get("/api/products/P1/classification").json()["proposal"]
    label = carl.get("/api/products/P1/label", params={"language": "de"}).json()
    pdf = carl.get("/api/products/P1/label.pdf", params={"language": "de"})
    # Then the proposal carries H319, the label its official German text, and the PDF the same
    assert proposal["status"] == "proposal_for_expert_sign_off" and "H319" in proposal["h_codes"]
    h319 = next(s for s in label["hazard_statements"] if s["code"] == "H319")
    assert h319["text"] == "Verursacht schwere Augenreizung."
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    assert "Verursacht schwere Augenreizung." in document[0].get_textpage().get_text_range()
    assert carl.get("/api/products/P1/label", params={"language": "ja"}).status_code == 400


def test_the_products_pages_show_the_report_and_save_a_sheet_choice(with_product: Site) -> None:
    # Given the product
    carl = with_product.signed_in("carl")
    # When the list and the product page are opened, and line 2 is recorded as having no sheet
    listing = carl.get("/products")
    page = carl.get("/products/P1")
    saved = carl.post_form("/products/P1/lines/2/sheet", {"choice": "none"})
    # Then the pages show the missing sheet and the proposal, and the choice is saved
    assert listing.status_code == 200 and "Lavender oil" in listing.text and "Glass cleaner" in listing.text
    assert page.status_code == 200 and "Classification proposal" in page.text and "H319" in page.text
    assert saved.status_code == 303 and saved.headers["location"] == "/products/P1?saved=2"
    assert "recorded by hand: no sheet on file" in carl.get("/products/P1").text
    assert with_product.signed_in("globex").get("/products").status_code == 403


def test_a_host_without_products_answers_501_and_shows_no_products_link(site: Site) -> None:
    # Given a host where no finished-product store is set up
    products, site.host.products = site.host.products, None
    carl = site.signed_in("carl")
    # When compliance staff ask for the products and open the search page
    answer = carl.get("/api/products")
    page = carl.get("/search")
    # Then the API names the missing feature and the navigation does not offer it
    assert answer.status_code == 501 and answer.json()["error"] == "products_not_available"
    assert page.status_code == 200 and 'href="/products"' not in page.text
    # while the same host with products offers the link
    site.host.products = products
    assert 'href="/products"' in carl.get("/search").text
