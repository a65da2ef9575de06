"""Search on the AWS host (the app's /api/search and the search page over the OpenSearch adapter): staff
search every published record, a supplier only the sheets it sent; the query string is validated into the
search query (400 naming each bad parameter)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from tests.aws.cognito_fake import COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA
from tests.aws.opensearch_fake import searching_opensearch
from tests.aws.support import RECORDED
from tests.aws.web_host import Answer, AwsSite
from tests.helpers.publications import acetone, ethanol, sulfuric_acid

EVERYTHING = ["Aceton rein", "Ethanol absolut", "Schwefelsäure 96 %"]


@pytest.fixture
def published(aws_site: AwsSite) -> AwsSite:
    """Three published sheets: two sent by acme, one by beta."""
    index = OpenSearchIndexer(searching_opensearch(), "sds-records")
    index.publish_all(
        [
            acetone(supplier_ids=("acme",)),
            ethanol(supplier_ids=("beta",)),
            sulfuric_acid(supplier_ids=("acme",)),
        ]
    )
    aws_site.aws.pipeline.search_index = index
    return aws_site


def search(site: AwsSite, claims: dict[str, Any] | None, *query: tuple[str, str]) -> Answer:
    return site.call("GET", "/api/search", claims=claims, query=list(query))


def products(answer: Answer) -> list[str]:
    assert answer.status == 200, answer.text
    return sorted(hit["product_name"] for hit in answer.json()["hits"])


def test_compliance_staff_and_reviewers_search_every_sheet(published: AwsSite) -> None:
    # Given three published sheets from two suppliers
    # When a compliance officer and a reviewer search without filters
    officer, reviewer = search(published, COMPLIANCE), search(published, REVIEWER)
    # Then both see every sheet
    assert products(officer) == products(reviewer) == EVERYTHING
    assert officer.json()["total"] == 3


def test_a_supplier_finds_only_the_sheets_it_sent_and_the_query_says_so(published: AwsSite) -> None:
    # Given three published sheets, two of them sent by acme
    RECORDED.clear()
    # When acme searches everything, and for the CAS number of beta's sheet
    everything = search(published, SUPPLIER_ACME)
    betas = search(published, SUPPLIER_ACME, ("cas", "64-17-5"))
    # Then acme sees its own two sheets and nothing of beta's, because each query filters by acme's account
    assert products(everything) == ["Aceton rein", "Schwefelsäure 96 %"]
    nothing = betas.json()
    assert (nothing["total"], nothing["hits"]) == (0, [])
    assert everything.json()["facets"]["supplier_name"] == [{"value": "ACME Chemie GmbH", "count": 2}]
    bodies = [json.loads(body) for method, url, body in RECORDED if url.endswith("/_search")]
    assert bodies and all(
        {"term": {"supplier_ids": "acme"}} in body["query"]["bool"]["filter"] for body in bodies
    )


def test_the_query_string_filters_and_pages_the_hits(published: AwsSite) -> None:
    # Given three published sheets
    # When an officer searches by text, by two codes (repeated, as the search form sends them), one per page
    by_text = search(published, COMPLIANCE, ("q", "nordic"))
    by_codes = search(published, COMPLIANCE, ("h_code", "h225"), ("h_code", "H336"))
    second_page = search(published, COMPLIANCE, ("page", "2"), ("page_size", "1"))
    # Then each answer is the matching page, with the hit's identity, dates and codes
    assert products(by_text) == ["Ethanol absolut"]
    assert products(by_codes) == ["Aceton rein"]
    page = second_page.json()
    assert (page["total"], page["page"], page["page_size"]) == (3, 2, 1)
    (hit,) = page["hits"]
    assert hit["product_name"] == "Aceton rein" and hit["revision_date"] == "2023-05-01"
    assert hit["status"] == "accepted" and hit["document_id"] == "a" * 64


def test_the_p_code_stale_sheet_and_sort_parameters_and_the_facets_come_through(published: AwsSite) -> None:
    # Given three published sheets (revised 2023, 2024 and undated)
    # When an officer asks by P code, for sheets older than a year oldest first, and for the facets
    by_p_code = search(published, COMPLIANCE, ("p_code", "P301+P330+P331"))
    stale = search(published, COMPLIANCE, ("older_than_years", "1"), ("sort", "oldest")).json()
    # Then each answer is the matching page, in its order, with the facet counts of all hits
    assert products(by_p_code) == ["Schwefelsäure 96 %"]
    assert [hit["product_name"] for hit in stale["hits"]] == [
        "Aceton rein",
        "Ethanol absolut",
        "Schwefelsäure 96 %",
    ]
    assert stale["facets"]["pictograms"] == [
        {"value": "GHS02", "count": 2},
        {"value": "GHS07", "count": 2},
        {"value": "GHS05", "count": 1},
    ]


def test_a_bad_query_string_is_a_400_naming_each_parameter(published: AwsSite) -> None:
    # Given an officer
    # When the query has a code that is not one, a page that is not a number, and an unknown parameter
    invalid = search(
        published,
        COMPLIANCE,
        ("h_code", "X1"),
        ("page", "first"),
        ("sort", "date"),
        ("older_than_years", "-1"),
    )
    unknown = search(published, COMPLIANCE, ("colour", "red"))
    # Then both are 400s whose problems name the parameters
    assert invalid.status == unknown.status == 400
    assert invalid.json()["error"] == "invalid_request"
    named = {p["location"] for p in invalid.json()["problems"]}
    assert named == {"query.h_code", "query.page", "query.sort", "query.older_than_years"}
    assert "query.colour" in [p["location"] for p in unknown.json()["problems"]]


def test_who_may_not_search_is_refused_before_the_query_is_read(published: AwsSite) -> None:
    # Given a request without a signed-in user, a user in no group, and a supplier asking for beta's sheets
    nobody = {"sub": "7f7f7f7f-no-group"}
    # When each searches (the first two with a query string that is not valid either)
    anonymous = search(published, None, ("h_code", "X1"))
    no_group = search(published, nobody, ("h_code", "X1"))
    other_supplier = search(published, SUPPLIER_ACME, ("supplier_id", "beta"))
    # Then the answers are 401, 403 and 403, and beta's own search still works
    assert [r.status for r in (anonymous, no_group, other_supplier)] == [401, 403, 403]
    assert other_supplier.json()["error"] == "access_denied"
    assert products(search(published, SUPPLIER_BETA, ("supplier_id", "beta"))) == ["Ethanol absolut"]


def test_the_search_page_and_its_export_work_through_the_gateway(published: AwsSite) -> None:
    # Given a compliance officer signed in through the hosted sign-in
    browser = published.browser().sign_in(COMPLIANCE)
    # When the search page is opened with a filter, and the result is exported as CSV
    page = browser.get("/search", query=[("h_code", "H314")])
    export = browser.get("/api/search/export", query=[("format", "csv")])
    # Then the page lists the matching sheet, and the export has every sheet
    assert page.status == 200 and "Schwefelsäure 96 %" in page.text and "Aceton rein" not in page.text
    assert export.status == 200 and export.headers["x-total-hits"] == "3"
    assert len(export.text.strip().splitlines()) == 4
