"""Compliance search through the web app: filters, facet counts, export of the whole result, and the page."""

from __future__ import annotations

import csv
import io

from tests.web.support import Site, seed_document


def test_a_result_set_exports_as_csv_and_json_with_every_hit(site: Site) -> None:
    # Given three sheets, two with H319
    for seed, codes in (("one", ("H225", "H319")), ("two", ("H319",)), ("three", ("H225",))):
        seed_document(site, seed, suppliers=["ACME"], product=f"Product {seed}", h_codes=codes)
    carl = site.signed_in("carl")
    # When the H319 result is exported as CSV and as JSON (with the page parameters of the search page)
    as_csv = carl.get("/api/search/export", params={"format": "csv", "h_code": "H319", "page": "2"})
    as_json = carl.get("/api/search/export", params={"format": "json", "h_code": "H319"})
    # Then both hold the two matching sheets, say the total, and are downloads
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert sorted(row["product_name"] for row in rows) == ["Product one", "Product two"]
    assert as_csv.headers["x-total-hits"] == "2" and as_csv.headers["x-truncated"] == "false"
    assert "attachment" in as_csv.headers["content-disposition"]
    body = as_json.json()
    assert (body["total"], body["exported"], body["truncated"]) == (2, 2, False)


def test_a_suppliers_export_and_facets_hold_only_its_own_sheets(site: Site) -> None:
    # Given a sheet from ACME and one from GLOBEX, both with H225
    seed_document(site, "acme-x", suppliers=["ACME"], product="Mine")
    seed_document(site, "globex-x", suppliers=["GLOBEX"], product="Theirs", h_codes=("H225", "H350"))
    acme = site.signed_in("acme")
    # When ACME exports and searches for H225
    exported = acme.get("/api/search/export", params={"format": "json", "h_code": "H225"}).json()
    facets = acme.get("/api/search", params={"h_code": "H225"}).json()["facets"]
    # Then neither the export nor a facet count shows anything of GLOBEX's sheet
    assert [hit["product_name"] for hit in exported["hits"]] == ["Mine"]
    assert "H350" not in {facet["value"] for facet in facets["h_codes"]}


def test_the_search_page_shows_facets_pictograms_and_the_stale_filter(site: Site) -> None:
    # Given a sheet revised in 2023 (the clock says 2025)
    seed_document(site, "stale", suppliers=["ACME"], product="Old sheet")
    carl = site.signed_in("carl")
    # When compliance searches for sheets older than one and than three years
    one = carl.get("/search", params={"older_than_years": "1"})
    three = carl.get("/search", params={"older_than_years": "3"})
    # Then the first finds it, with its pictogram icon and facet links; the second does not
    assert "Old sheet" in one.text and "/static/pictograms/GHS02.svg" in one.text
    assert "Refine" in one.text and "h_code=H225" in one.text
    assert "Old sheet" not in three.text and "0 sheets" in three.text


def test_a_bad_filter_on_the_search_page_is_shown_not_thrown(site: Site) -> None:
    # Given compliance staff
    carl = site.signed_in("carl")
    # When the page is asked for a malformed H-code
    page = carl.get("/search", params={"h_code": "nonsense"})
    # Then the page says what is wrong
    assert page.status_code == 200
    assert 'role="alert"' in page.text and "nonsense" in page.text
