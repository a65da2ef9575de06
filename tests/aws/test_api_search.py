"""GET /search: staff search every published record, a supplier only the sheets it sent; the query string is
validated into the search query (400 naming each bad parameter)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambdas import api_search
from msds.adapters.aws.opensearch_indexer import OpenSearchIndexer
from tests.aws.api_events import COMPLIANCE, REVIEWER, SUPPLIER_ACME, SUPPLIER_BETA, http_event, json_body
from tests.aws.api_host import ApiHost
from tests.aws.opensearch_fake import searching_opensearch
from tests.aws.support import RECORDED, lambda_context
from tests.helpers.publications import acetone, ethanol, sulfuric_acid

CONTEXT = lambda_context()
EVERYTHING = ["Aceton rein", "Ethanol absolut", "Schwefelsäure 96 %"]


@pytest.fixture
def published(api_host: ApiHost) -> ApiHost:
    """Three published sheets: two sent by acme, one by beta."""
    index = OpenSearchIndexer(searching_opensearch(), "sds-records")
    index.publish_all(
        [
            acetone(supplier_ids=("acme",)),
            ethanol(supplier_ids=("beta",)),
            sulfuric_acid(supplier_ids=("acme",)),
        ]
    )
    api_host.aws.pipeline.search_index = index
    return api_host


def search(claims: dict[str, Any] | None, **query: str) -> dict[str, Any]:
    return api_search.handler(http_event("GET", "/search", claims, query=query or None), CONTEXT)


def products(response: dict[str, Any]) -> list[str]:
    assert response["statusCode"] == 200, response
    return sorted(hit["product_name"] for hit in json_body(response)["hits"])


def test_compliance_staff_and_reviewers_search_every_sheet(published: ApiHost) -> None:
    # Given three published sheets from two suppliers
    # When a compliance officer and a reviewer search without filters
    officer, reviewer = search(COMPLIANCE), search(REVIEWER)
    # Then both see every sheet
    assert products(officer) == products(reviewer) == EVERYTHING
    assert json_body(officer)["total"] == 3


def test_a_supplier_finds_only_the_sheets_it_sent_and_the_query_says_so(published: ApiHost) -> None:
    # Given three published sheets, two of them sent by acme
    RECORDED.clear()
    # When acme searches everything, and for the CAS number of beta's sheet
    everything = search(SUPPLIER_ACME)
    betas = search(SUPPLIER_ACME, cas="64-17-5")
    # Then acme sees its own two sheets and nothing of beta's, because each query filters by acme's account
    assert products(everything) == ["Aceton rein", "Schwefelsäure 96 %"]
    nothing = json_body(betas)
    assert (nothing["total"], nothing["hits"]) == (0, [])
    assert all(counts == [] for counts in nothing["facets"].values())
    assert json_body(everything)["facets"]["supplier_name"] == [{"value": "ACME Chemie GmbH", "count": 2}]
    bodies = [json.loads(body) for method, url, body in RECORDED if url.endswith("/_search")]
    assert len(bodies) == 2
    assert all({"term": {"supplier_ids": "acme"}} in body["query"]["bool"]["filter"] for body in bodies)


def test_the_query_string_filters_and_pages_the_hits(published: ApiHost) -> None:
    # Given three published sheets
    # When an officer searches by text, by two codes, and one per page
    by_text = search(COMPLIANCE, q="nordic")
    by_codes = search(COMPLIANCE, h_code="h225,H336")
    second_page = search(COMPLIANCE, page="2", page_size="1")
    # Then each answer is the matching page, with the hit's identity, dates and codes
    assert products(by_text) == ["Ethanol absolut"]
    assert products(by_codes) == ["Aceton rein"]
    page = json_body(second_page)
    assert (page["total"], page["page"], page["page_size"]) == (3, 2, 1)
    (hit,) = page["hits"]
    assert hit["product_name"] == "Aceton rein" and hit["revision_date"] == "2023-05-01"
    assert hit["status"] == "accepted" and hit["document_id"] == "a" * 64


def test_the_p_code_stale_sheet_and_sort_parameters_and_the_facets_come_through(published: ApiHost) -> None:
    # Given three published sheets (revised 2023, 2024 and undated)
    # When an officer asks by P code, for sheets older than a year oldest first, and for the facets
    by_p_code = search(COMPLIANCE, p_code="P301+P330+P331")
    stale = json_body(search(COMPLIANCE, older_than_years="1", sort="oldest"))
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
    assert stale["hits"][0]["p_codes"] == ["P210"] and "un_number" in stale["hits"][0]


def test_a_bad_query_string_is_a_400_naming_each_parameter(published: ApiHost) -> None:
    # Given an officer
    # When the query has a code that is not one, a page that is not a number, and an unknown parameter
    invalid = search(COMPLIANCE, h_code="H315,X1", page="first", sort="date", older_than_years="-1")
    unknown = search(COMPLIANCE, colour="red")
    # Then both are 400s whose problems name the parameters
    assert invalid["statusCode"] == unknown["statusCode"] == 400
    assert json_body(invalid)["error"] == "invalid_request"
    named = {p["location"] for p in json_body(invalid)["problems"]}
    assert named == {"query.h_code", "query.page", "query.sort", "query.older_than_years"}
    assert [p["location"] for p in json_body(unknown)["problems"]] == ["query.colour", "query"]


def test_who_may_not_search_is_refused_before_the_query_is_read(published: ApiHost) -> None:
    # Given a request without a signed-in user, a user in no group, and a supplier asking for beta's sheets
    nobody = {"sub": "7f7f7f7f-no-group"}
    # When each searches (the first two with a query string that is not valid either)
    anonymous = search(None, h_code="X1")
    no_group = search(nobody, h_code="X1")
    other_supplier = search(SUPPLIER_ACME, supplier_id="beta")
    # Then the answers are 401, 403 and 403, and beta's own search still works
    assert [r["statusCode"] for r in (anonymous, no_group, other_supplier)] == [401, 403, 403]
    assert json_body(other_supplier)["error"] == "access_denied"
    assert products(search(SUPPLIER_BETA, supplier_id="beta")) == ["Ethanol absolut"]
