"""The pages themselves: each renders for its users, text from a sheet is always inert, every answer carries
the security headers, and the API describes itself."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from msds.web import api_admin, api_documents, api_products, api_reviews
from msds.web.app import OPENAPI_PATH
from tests.web.support import Site, seed_document

SCRIPT = "<script>alert(1)</script>"


def test_a_product_named_like_a_script_is_shown_as_text_on_every_page(site: Site) -> None:
    # Given a sheet in review whose product is named like a script
    doc_id = seed_document(site, "xss", suppliers=["ACME"], needs_review=True, product=SCRIPT)
    carl, rita, acme = site.signed_in("carl"), site.signed_in("rita"), site.signed_in("acme")
    rita.post(f"/api/reviews/{doc_id}/claim")
    # When the pages that show the name are opened
    pages = [
        carl.get("/search", params={"q": "alert"}),
        carl.get(f"/documents/{doc_id}"),
        rita.get(f"/reviews/{doc_id}"),
        acme.get("/portal"),
    ]
    # Then the name is escaped everywhere and no page carries it as markup
    for page in pages:
        assert page.status_code == 200
        assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[1].text


@pytest.mark.parametrize("path", ["/login", "/api/docs", "/api/me", "/static/app.css"])
def test_every_answer_carries_the_security_headers(site: Site, path: str) -> None:
    # Given any page, API answer or static file
    answer = site.client().get(path)
    # Then the content security policy allows only the app's own scripts and no framing
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"


def test_the_session_cookie_is_secure_http_only_and_same_site(site: Site) -> None:
    # Given the sign-in page's token
    client = site.client()
    token = client.get("/login").text.split('name="login_token" value="')[1].split('"')[0]
    # When a user signs in
    answer = client.post(
        "/login", data={"user_name": "acme", "password": "correct horse battery", "login_token": token}
    )
    # Then the session cookie is host-only, Secure, HttpOnly and SameSite
    cookie = next(
        value for name, value in answer.headers.multi_items() if name == "set-cookie" and "session" in value
    )
    assert cookie.startswith("__Host-msds-session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_the_openapi_document_describes_every_api_route(site: Site) -> None:
    # Given the app's routes under /api
    app_routes = {
        (method, route.path)
        for router in (api_documents.router, api_reviews.router, api_products.router, api_admin.router)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert len(app_routes) > 15
    # When the OpenAPI document is read
    spec = site.client().get(OPENAPI_PATH).json()
    described = {(method.upper(), path) for path, methods in spec["paths"].items() for method in methods}
    # Then it describes each of them, and the docs page lists them
    assert app_routes == described
    docs = site.client().get("/api/docs").text
    assert all(path in docs for _, path in described)


def test_the_start_page_sends_each_user_to_their_part_of_the_app(site: Site) -> None:
    # Given one user of each role
    # When each opens the start page
    targets = {
        user: site.signed_in(user).get("/").headers["location"] for user in ("acme", "carl", "rita", "ada")
    }
    # Then suppliers upload, compliance and administrators search, reviewers review
    assert targets == {"acme": "/portal", "carl": "/search", "rita": "/reviews", "ada": "/search"}


def test_the_document_page_shows_each_field_with_its_confidence_and_the_evidence_box(site: Site) -> None:
    # Given a processed sheet
    doc_id = seed_document(site, "document-page", suppliers=["ACME"])
    carl = site.signed_in("carl")
    # When compliance opens it focused on the product name
    page = carl.get(f"/documents/{doc_id}", params={"focus": "product_name"})
    # Then the page shows the fields with confidences and outlines the product name on page 1's image
    assert page.status_code == 200
    assert "Product name" in page.text and "95 %" in page.text
    assert 'data-evidence-box x="70.0" y="78.0"' in page.text
    assert f"/api/documents/{doc_id}/pages/1.png" in page.text
