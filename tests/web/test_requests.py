"""Malformed query parameters and forged requests: each answered 400 or 403 with a stable code naming what
was wrong, never a server error."""

from __future__ import annotations

import pytest

from tests.web.support import Site, seed_document


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/api/documents?limit=0", "query.limit"),
        ("/api/documents?limit=abc", "query.limit"),
        ("/api/documents?status=lost", "query.status"),
        ("/api/documents?next_token=%%%", "query.next_token"),
        ("/api/documents?next_token=bm90IGEgdG9rZW4", "query.next_token"),
        ("/api/reviews?limit=1000", "query.limit"),
        ("/api/reviews?next_token=garbage", "query.next_token"),
        ("/api/search?h_code=XYZ", "query.h_code"),
        ("/api/search?cas=12-34", "query.cas"),
        ("/api/search?pictogram=GHS10", "query.pictogram"),
        ("/api/search?signal_word=Maybe", "query.signal_word"),
        ("/api/search?language=english", "query.language"),
        ("/api/search?page=0", "query.page"),
        ("/api/search?page_size=5000", "query.page_size"),
        ("/api/search?status=processing", "query.status"),
        ("/api/search?colour=red", "query.colour"),
    ],
)
def test_a_malformed_query_parameter_is_400_naming_it(site: Site, path: str, location: str) -> None:
    # Given a compliance user signed in
    carl = site.signed_in("carl")
    # When a route is called with a malformed parameter
    answer = carl.get(path)
    # Then the answer is 400 naming the parameter
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error"] == "invalid_request"
    assert location in [problem["location"] for problem in body["problems"]]


@pytest.mark.parametrize(("page", "status"), [(0, 400), (3, 400), (-1, 400), (1, 200)])
def test_a_page_image_outside_the_document_is_400(site: Site, page: int, status: int) -> None:
    # Given a two-page sheet
    doc_id = seed_document(site, "pages", suppliers=["ACME"])
    # When a page image is asked for
    answer = site.signed_in("carl").get(f"/api/documents/{doc_id}/pages/{page}.png")
    # Then only pages 1..2 exist
    assert answer.status_code == status
    if status == 200:
        assert answer.headers["content-type"] == "image/png"
        assert answer.content.startswith(b"\x89PNG")


def test_a_document_id_that_is_not_a_sha256_is_400(site: Site) -> None:
    # Given a compliance user
    carl = site.signed_in("carl")
    # When a document is asked for by something that is not a document id
    answer = carl.get("/api/documents/not-an-id")
    # Then the answer names the path parameter
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["location"] == "path.document_id"


def test_a_body_that_is_not_json_is_400(site: Site) -> None:
    # Given a supplier
    acme = site.signed_in("acme")
    # When it posts a body that is not JSON
    answer = acme.post("/api/uploads", content=b"{not json", headers={"Content-Type": "application/json"})
    # Then the answer is 400 invalid_request
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def test_an_unknown_api_route_is_a_json_404_and_a_wrong_method_a_json_405(site: Site) -> None:
    # Given a compliance user
    carl = site.signed_in("carl")
    # When an unknown route and a wrong method are called
    missing = carl.get("/api/nothing-here")
    wrong = carl.client.delete("/api/documents")
    # Then both answer in JSON with a stable code
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")


# -- forged requests (CSRF) ---------------------------------------------------------------------------------


def test_a_script_request_without_the_sessions_token_is_refused(site: Site) -> None:
    # Given a signed-in supplier
    acme = site.signed_in("acme")
    body = {"file_name": "a.pdf", "content_type": "application/pdf"}
    # When a request that changes something comes without, or with another, anti-forgery token
    without = acme.client.post("/api/uploads", json=body)
    forged = acme.client.post("/api/uploads", json=body, headers={"X-CSRF-Token": "forged"})
    # Then both are refused with csrf_rejected, and the same request with the token passes
    assert (without.status_code, without.json()["error"]) == (403, "csrf_rejected")
    assert (forged.status_code, forged.json()["error"]) == (403, "csrf_rejected")
    assert acme.post("/api/uploads", json=body).status_code == 201


def test_a_page_form_without_the_sessions_token_is_refused(site: Site) -> None:
    # Given a sheet waiting for review and a signed-in reviewer
    doc_id = seed_document(site, "csrf-review", suppliers=["ACME"], needs_review=True)
    rita = site.signed_in("rita")
    # When the claim form is posted without the token, with a wrong one, and with the right one
    without = rita.client.post(f"/reviews/{doc_id}/claim", data={})
    forged = rita.client.post(f"/reviews/{doc_id}/claim", data={"csrf_token": "forged"})
    right = rita.post_form(f"/reviews/{doc_id}/claim")
    # Then only the right one claims the task
    assert without.status_code == forged.status_code == 403
    assert "csrf_rejected" in without.text
    assert right.status_code == 303
    assert site.host.review_tasks.get(doc_id).claimed_by == "rita"  # type: ignore[union-attr]


def test_signing_out_needs_the_token_too(site: Site) -> None:
    # Given a signed-in supplier
    acme = site.signed_in("acme")
    # When a forged sign-out arrives
    answer = acme.client.post("/logout", data={})
    # Then it is refused and the session goes on
    assert answer.status_code == 403
    assert acme.get("/api/me").status_code == 200


def test_a_sign_in_form_without_its_own_token_is_refused(site: Site) -> None:
    # Given a browser that never loaded the sign-in page (a forged sign-in)
    client = site.client()
    # When it posts a user name and password
    answer = client.post("/login", data={"user_name": "acme", "password": "correct horse battery"})
    # Then the sign-in is refused and no session is made
    assert answer.status_code == 403
    assert client.get("/api/me").status_code == 401


def test_an_api_token_needs_no_anti_forgery_token(site: Site) -> None:
    # Given an API token (no cookie: nothing a forged page could borrow)
    from msds.composition_web import local_accounts

    token = local_accounts(site.host.services.settings).issue_token("acme", "erp", site.clock())
    # When it asks for an upload form
    answer = site.client().post(
        "/api/uploads",
        json={"file_name": "a.pdf", "content_type": "application/pdf"},
        headers={"Authorization": f"Bearer {token}"},
    )
    # Then it gets one
    assert answer.status_code == 201


def test_after_sign_in_the_browser_goes_only_to_a_path_of_this_site(site: Site) -> None:
    # Given a sign-in that asks to go on to another site afterwards
    client = site.client()
    token = client.get("/login").text.split('name="login_token" value="')[1].split('"')[0]
    # When the user signs in
    answer = client.post(
        "/login",
        data={
            "user_name": "acme",
            "password": "correct horse battery",
            "login_token": token,
            "next": "//evil.example/steal",
        },
    )
    # Then it goes to this site's start page instead
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
